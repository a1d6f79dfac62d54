import type { RowsResult } from '../../adapters/adapter.js';
import type { Palette } from './terminal-colors.js';
import { displayWidth, fitEnd, padTo } from './text-width.js';

/** Widest a column may be before its values are cut with `…`, so one long text does not hide the others. */
const MAX_COLUMN = 40;

/** A cell as a person reads it: NULL for null, nested values as JSON. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * Rows as an aligned table in `columns` terminal columns: a header, a rule, one line per row; line
 * breaks in values shown as `↵`. Columns share the width: each is cut to at most MAX_COLUMN, then
 * the widest are cut further until the line fits (never below the width of `…`).
 */
export function formatRowsTable(result: RowsResult, width: number, colors: Palette): string[] {
  const texts = result.rows.map((row) => result.columns.map((_, i) => cellText(row[i]).replace(/\r?\n/g, '↵')));
  const widths = result.columns.map((name, i) => Math.min(MAX_COLUMN, Math.max(displayWidth(name), ...texts.map((r) => displayWidth(r[i]!)))));
  const separators = 3 * Math.max(0, widths.length - 1);
  while (widths.reduce((a, b) => a + b, 0) + separators > width) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest]! <= 4) break;
    widths[widest]! -= 1;
  }
  const line = (cells: readonly string[], style: (cell: string, i: number) => string): string =>
    cells.map((cell, i) => style(padTo(fitEnd(cell, widths[i]!), widths[i]!), i)).join(' | ').trimEnd();
  return [
    line(result.columns, (c) => colors.bold(c)),
    widths.map((w) => '-'.repeat(w)).join('-+-'),
    // A real NULL is dimmed, so it stands apart from the text 'NULL' where there is colour.
    ...texts.map((row, r) => line(row, (c, i) => (result.rows[r]?.[i] === null ? colors.dim(c) : c))),
  ];
}
