import type { NodeResult, RunEvent } from '../../execute/run-events.js';
import type { Output } from './output.js';

const WIDTH = 60;

/** dbt-like progress: one line per node as it finishes, then a summary with every failure. */
export function humanReporter(output: Output): (event: RunEvent) => void {
  const failures: NodeResult[] = [];
  return (event) => {
    switch (event.type) {
      case 'run_started':
        output.out(`Running ${event.total} node${event.total === 1 ? '' : 's'} on target '${event.target}' with ${event.threads} thread${event.threads === 1 ? '' : 's'}\n`);
        return;
      case 'node_started':
        return;
      case 'node_finished': {
        const r = event.result;
        if (r.status !== 'success' || r.warning) failures.push(r);
        const index = `${String(event.index).padStart(String(event.total).length)} of ${event.total}`;
        const status = r.status === 'success' ? (r.warning ? 'WARN' : 'OK') : r.status === 'error' ? 'ERROR' : 'SKIP';
        const what = `${r.action.padEnd(12)} ${r.label} `;
        output.out(`${index}  ${status.padEnd(5)} ${what.padEnd(WIDTH, '.')} ${detail(r)}`);
        return;
      }
      case 'run_finished': {
        const c = event.counts;
        output.out(`\nDone in ${(event.durationMs / 1000).toFixed(2)}s: ${c.success} OK, ${c.error} error, ${c.skipped} skipped, ${c.warn} warning${c.warn === 1 ? '' : 's'}.`);
        if (event.interrupted) {
          const unfinished = failures.filter((f) => f.skipReason === 'interrupted').length;
          output.out(`Interrupted by ${event.interrupted}: ${unfinished} node${unfinished === 1 ? '' : 's'} did not finish.`);
        }
        for (const r of failures.filter((f) => f.status !== 'skipped')) {
          const where = r.file ? `${r.file}${r.line ? `:${r.line}` : ''}: ` : '';
          output.out(`\n${r.status === 'error' ? 'Error' : 'Warning'} in ${r.id}\n  ${where}${(r.message ?? '').split('\n').join('\n  ')}`);
        }
        return;
      }
    }
  };
}

function detail(r: NodeResult): string {
  const time = `${(r.durationMs / 1000).toFixed(2)}s`;
  if (r.status === 'skipped') return `[${r.message?.replace(/^skipped: /, '') ?? 'skipped'}]`;
  if (r.status === 'error') return `[${r.failures !== undefined ? `${r.failures} failing` : 'failed'} in ${time}]`;
  if (r.kind === 'test') return `[${r.failures ? `${r.failures} failing, warn` : 'pass'} in ${time}]`;
  return `[${r.rowsAffected !== undefined ? `${r.rowsAffected.toLocaleString('en-US')} rows` : 'done'} in ${time}]`;
}
