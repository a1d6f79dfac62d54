import type { NodeResult } from '../../execute/run-events.js';
import { costText } from './cost-text.js';
import { DEFAULT_COLUMNS } from './output.js';
import type { Palette } from './terminal-colors.js';
import { fitMiddle, padTo } from './text-width.js';

/**
 * The columns of a run's node lines: `index of total`, status, action, name with a dot leader,
 * detail. The name column's width comes from the terminal's, so every detail starts at the same
 * column whatever the names; a longer name is shortened in the middle.
 */
export interface LineLayout {
  readonly total: number;
  readonly columns: number;
  /** Columns of the name and its dot leader. */
  readonly label: number;
}

const STATUS = 5; // ERROR, START
const ACTION = 12; // full_refresh
const DETAIL = 21; // [1,416 rows in 1.38s]; a longer detail runs on, it is the last column
const LABEL_MIN = 24;
const LABEL_MAX = 60;

export function lineLayout(total: number, columns: number = DEFAULT_COLUMNS): LineLayout {
  const digits = String(total).length;
  const fixed = 2 * digits + 4 + 2 + STATUS + 1 + ACTION + 1;
  return { total, columns, label: Math.max(LABEL_MIN, Math.min(LABEL_MAX, columns - fixed - 1 - DETAIL)) };
}

export type LineStatus = 'OK' | 'WARN' | 'ERROR' | 'SKIP' | 'START';

export interface LineNode {
  readonly id: string;
  readonly label: string;
  readonly action: string;
}

export function nodeLine(layout: LineLayout, index: number, status: LineStatus, node: LineNode, detail: string, colors: Palette): string {
  const position = `${String(index).padStart(String(layout.total).length)} of ${layout.total}`;
  const name = `${fitLabel(node, layout.label - 2)} `;
  const leader = padTo(name, layout.label, '.');
  return `${position}  ${statusColor(status, colors)(status.padEnd(STATUS))} ${node.action.padEnd(ACTION)} ${name}${colors.dim(leader.slice(name.length))} ${detail}`;
}

/** A node's label shortened to `width` columns, keeping its domain (the second part of its id). */
export function fitLabel(node: Pick<LineNode, 'id' | 'label'>, width: number): string {
  return fitMiddle(node.label, width, node.id.split('.')[1]);
}

export function statusOf(r: NodeResult): LineStatus {
  return r.status === 'success' ? (r.warning ? 'WARN' : 'OK') : r.status === 'error' ? 'ERROR' : 'SKIP';
}

export function statusColor(status: LineStatus, colors: Palette): (text: string) => string {
  return status === 'OK' ? colors.green : status === 'ERROR' ? colors.red : status === 'START' ? colors.cyan : colors.yellow;
}

export function seconds(ms: number, digits = 2): string {
  return `${(ms / 1000).toFixed(digits)}s`;
}

/**
 * What a finished node did: rows, test outcome or why it was skipped, and its time; then what it
 * cost where the engine says (a dry run: the estimate), after a `;`.
 */
export function resultDetail(r: NodeResult, dryRun = false): string {
  const detail = ranDetail(r, dryRun);
  const cost = r.status === 'skipped' ? '' : costText(r.cost, dryRun);
  return cost ? `${detail.slice(0, -1)}; ${cost}]` : detail;
}

function ranDetail(r: NodeResult, dryRun: boolean): string {
  const time = seconds(r.durationMs);
  // The full reason is in run_results.json and the summary's count; the line stays one line.
  if (r.skipReason === 'interrupted') return `[interrupted after ${seconds(r.durationMs)}]`;
  if (r.status === 'skipped') return `[${r.message?.replace(/^skipped: /, '') ?? 'skipped'}]`;
  if (r.status === 'error') return `[${r.failures !== undefined ? `${r.failures} failing` : 'failed'} in ${time}]`;
  // A dry run has no rows and no test outcome: the engine only validated and estimated the SQL.
  if (dryRun) return `[${r.message?.startsWith('dry run: ') ? 'not loaded in a dry run' : 'estimated'} in ${time}]`;
  if (r.kind === 'unit_test') return `[pass in ${time}]`;
  if (r.kind === 'test') return `[${r.failures ? `${r.failures} failing, warn` : 'pass'} in ${time}]`;
  const rows = r.rowsAffected === undefined ? 'done' : `${r.rowsAffected.toLocaleString('en-US')} row${r.rowsAffected === 1 ? '' : 's'}`;
  return `[${rows} in ${time}]`;
}
