import type { Row } from './unit-test-definition.js';

/** What the model gave against what the test expects, on the expected columns only. */
export interface RowDiff {
  /** Expected rows the model did not give (as many times as they are missing). */
  readonly missing: readonly Row[];
  /** Rows the model gave that were not expected. */
  readonly unexpected: readonly Row[];
  /** Expected columns the model's result does not have. */
  readonly absentColumns: readonly string[];
}

/**
 * Compares as multisets (a row expected twice must be given twice), or row by row when `ordered`.
 * Values are compared as text after normalising what engines print differently: numbers by value
 * (`10`, `10.0`, `10.000000000`), timestamps with `T` or a space.
 */
export function compareRows(expected: readonly Row[], actual: readonly Record<string, unknown>[], columns: readonly string[], ordered: boolean): RowDiff {
  const given = new Set(actual.length > 0 ? Object.keys(actual[0]!) : columns);
  const absentColumns = actual.length > 0 ? columns.filter((c) => !given.has(c)) : [];
  const projected = actual.map((row) => Object.fromEntries(columns.map((c) => [c, normalCell(row[c])])) as Row);
  const key = (row: Row): string => JSON.stringify(columns.map((c) => canonical(row[c] ?? null)));
  if (ordered) {
    const missing: Row[] = [];
    const unexpected: Row[] = [];
    for (let i = 0; i < Math.max(expected.length, projected.length); i++) {
      const want = expected[i];
      const got = projected[i];
      if (want && got && key(want) === key(got)) continue;
      if (want) missing.push(want);
      if (got) unexpected.push(got);
    }
    return { missing, unexpected, absentColumns };
  }
  const pending = new Map<string, Row[]>();
  for (const row of projected) pending.set(key(row), [...(pending.get(key(row)) ?? []), row]);
  const missing: Row[] = [];
  for (const row of expected) {
    const same = pending.get(key(row));
    if (same && same.length > 0) same.pop();
    else missing.push(row);
  }
  return { missing, unexpected: [...pending.values()].flat(), absentColumns };
}

/** A value read back from DuckDB as a cell (bigint, Date and objects as text). */
function normalCell(value: unknown): Row[string] {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  return JSON.stringify(value);
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/;

function canonical(cell: Row[string] | undefined): string | null {
  if (cell === null || cell === undefined) return null;
  const text = String(cell);
  if (NUMBER.test(text)) return String(Number(text));
  return text.replace(TIMESTAMP, '$1 $2');
}
