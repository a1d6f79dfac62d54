import type { InterruptSignal } from './run-events.js';

/**
 * The signal that stopped a build, read from the AbortSignal the CLI aborts with the signal's name
 * as reason; an abort without a signal's name (the programmatic API) counts as SIGINT.
 */
export function interruptedBy(signal: AbortSignal | undefined): InterruptSignal | undefined {
  if (!signal?.aborted) return undefined;
  return signal.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
}
