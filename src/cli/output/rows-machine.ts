import type { RowsResult } from '../../adapters/adapter.js';
import { cellText } from './rows-table.js';

/** One JSON object per row (JSON lines), keys in the columns' order, null as null. */
export function formatRowsJson(result: RowsResult): string[] {
  return result.rows.map((row) => JSON.stringify(Object.fromEntries(result.columns.map((c, i) => [c, row[i] ?? null]))));
}

/** RFC 4180 CSV with a header; null is an empty field, so it reads back as missing, not as the text NULL. */
export function formatRowsCsv(result: RowsResult): string[] {
  const field = (value: unknown): string => {
    if (value === null || value === undefined) return '';
    const text = cellText(value);
    return /[",\r\n]/.test(text) || text === '' ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [result.columns.map(field).join(','), ...result.rows.map((row) => result.columns.map((_, i) => field(row[i])).join(','))];
}
