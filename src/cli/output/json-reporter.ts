import type { RunEvent } from '../../execute/run-events.js';
import type { Output } from './output.js';

/** `--log-format json`: the same events as the human output, one JSON object per line. */
export function jsonReporter(output: Output): (event: RunEvent) => void {
  return (event) => output.out(JSON.stringify({ ts: new Date().toISOString(), ...event }));
}
