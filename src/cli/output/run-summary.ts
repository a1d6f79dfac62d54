import type { NodeResult, RunEvent } from '../../execute/run-events.js';
import { humanBytes } from './cost-text.js';
import { formatRowsTable } from './rows-table.js';
import { fitLabel, seconds, type LineLayout } from './node-line.js';
import type { Palette } from './terminal-colors.js';

type RunFinished = Extract<RunEvent, { type: 'run_finished' }>;

/** How many of the slowest nodes the summary names. */
export const SLOWEST = 5;

/**
 * The end of a build's output: the slowest nodes (when there are more than the list holds: a
 * shorter run's lines already show them all), every failure and warning with its file and line,
 * the counts, and a line for an interrupted run.
 */
export function summaryLines(event: RunFinished, results: readonly NodeResult[], total: number, layout: LineLayout, colors: Palette, dryRun = false): string[] {
  const lines: string[] = [''];
  const ran = results.filter((r) => r.status !== 'skipped' && r.status !== 'reused');
  if (ran.length > SLOWEST) {
    const slowest = [...ran].sort((a, b) => b.durationMs - a.durationMs).slice(0, SLOWEST);
    const width = Math.max(...slowest.map((r) => seconds(r.durationMs).length));
    lines.push(`Slowest ${SLOWEST} nodes:`);
    // No detail column here: the name has the rest of the line.
    const room = Math.max(layout.label, layout.columns - width - 17);
    for (const r of slowest) lines.push(`  ${seconds(r.durationMs).padStart(width)}  ${r.action.padEnd(12)} ${fitLabel(r, room)}`);
    lines.push('');
  }
  for (const r of results.filter((f) => f.status === 'error' || f.warning)) {
    const where = r.file ? `${r.file}${r.line ? `:${r.line}${r.column ? `:${r.column}` : ''}` : ''}: ` : '';
    const heading = r.status === 'error' ? colors.red(colors.bold('Error')) : colors.yellow(colors.bold('Warning'));
    lines.push(`${heading} in ${r.id}`, `  ${where}${(r.message ?? '').split('\n').join('\n  ')}`, ...failingTestLines(r, layout.columns, colors), '');
  }
  const c = event.counts;
  const count = (n: number, text: string, paint: (t: string) => string): string => (n > 0 ? paint(`${n} ${text}`) : `${n} ${text}`);
  lines.push(
    `Done in ${seconds(event.durationMs)}: ${count(c.success, 'OK', colors.green)}, ${count(c.error, `error${c.error === 1 ? '' : 's'}`, colors.red)}, ` +
      `${count(c.skipped, 'skipped', colors.yellow)}, ${count(c.warn, `warning${c.warn === 1 ? '' : 's'}`, colors.yellow)}` +
      (c.reused > 0 ? `, ${c.reused} reused.` : '.'),
  );
  const notBuilt = results.filter((r) => r.skipReason === 'not_built').length;
  if (notBuilt > 0) lines.push(`${notBuilt} node${notBuilt === 1 ? '' : 's'} not estimated: ${notBuilt === 1 ? 'its' : 'their'} parents do not exist yet (a real build creates them first).`);
  const cost = event.cost;
  if (dryRun) {
    const estimate = cost?.bytesProcessed !== undefined ? `an estimated ${humanBytes(cost.bytesProcessed)} would be processed` : 'no estimate of bytes from this engine';
    lines.push(`Dry run: ${estimate}; nothing was created or changed.`);
  } else if (cost?.bytesBilled !== undefined || cost?.bytesProcessed !== undefined) {
    const billed = cost.bytesBilled !== undefined ? `${humanBytes(cost.bytesBilled)} billed` : undefined;
    const processed = cost.bytesProcessed !== undefined ? `${humanBytes(cost.bytesProcessed)} processed` : undefined;
    lines.push(`Cost of the build: ${billed ?? processed}${billed && processed ? ` (${processed})` : ''}.`);
  }
  if (event.interrupted) {
    // Nodes skipped by the signal, and any the run never reported.
    const unfinished = results.filter((r) => r.skipReason === 'interrupted').length + Math.max(0, total - results.length);
    lines.push(colors.yellow(`Interrupted by ${event.interrupted}: ${unfinished} node${unfinished === 1 ? '' : 's'} did not finish.`));
  }
  return lines;
}

/** A failing test's rows (the first few, in a table), where its compiled SQL is, and the table that keeps them all. */
function failingTestLines(r: NodeResult, columns: number, colors: Palette): string[] {
  const lines: string[] = [];
  const sample = r.failingRows;
  if (sample && sample.rows.length > 0) {
    const shown = sample.rows.length < sample.total ? `first ${sample.rows.length} of ${sample.total}` : `all ${sample.total}`;
    lines.push(`  failing rows (${shown}):`, ...formatRowsTable(sample, columns - 4, colors).map((l) => `    ${l}`));
  }
  if (r.storedFailures) lines.push(`  all failing rows stored in ${r.storedFailures}`);
  if (r.compiledFile) lines.push(`  compiled SQL: ${r.compiledFile}`);
  return lines;
}
