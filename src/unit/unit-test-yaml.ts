import type { Cell, GivenKind, Row } from './unit-test-definition.js';

/** A given as `mesh test --unit --generate` writes it: inline rows, or a CSV file (an input with no row has only its header). */
export interface GivenText {
  readonly kind: Exclude<GivenKind, 'this'>;
  readonly name: string;
  readonly version?: number;
  readonly columns: readonly string[];
  readonly rows: readonly Row[];
  /** Relative to the test file; set when `rows` is empty. */
  readonly csv?: string;
}

/**
 * A unit test file's text: a comment saying where it came from, the model, each given and the
 * expected rows, one row a line as a flow mapping (`- {order_id: 1, name: "ann"}`), every column of
 * the row written (null too), so it reads as a table and is easy to edit.
 */
export function unitTestYaml(model: string, comment: readonly string[], givens: readonly GivenText[], expected: { columns: readonly string[]; rows: readonly Row[] }): string {
  const lines = [...comment.map((c) => `# ${c}`.trimEnd()), `model: ${scalar(model)}`, 'given:'];
  for (const g of givens) {
    lines.push(`  - ${g.kind}: ${scalar(g.name)}`);
    if (g.version !== undefined) lines.push(`    version: ${g.version}`);
    if (g.csv !== undefined) lines.push(`    csv: ${scalar(g.csv)}`);
    else lines.push('    rows:', ...g.rows.map((row) => `      - ${flowRow(g.columns, row)}`));
  }
  lines.push('expect:', expected.rows.length === 0 ? '  rows: []' : '  rows:', ...expected.rows.map((row) => `    - ${flowRow(expected.columns, row)}`));
  return `${lines.join('\n')}\n`;
}

export function flowRow(columns: readonly string[], row: Row): string {
  return `{${columns.map((c) => `${key(c)}: ${scalar(row[c] ?? null)}`).join(', ')}}`;
}

/** A plain key where YAML reads it back as the same text; quoted otherwise. */
function key(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !RESERVED.has(name.toLowerCase()) ? name : JSON.stringify(name);
}

/** Words YAML (1.2, as meshwork reads it) takes for another value than the text. */
const RESERVED = new Set(['true', 'false', 'null', '~']);

/** Text is always double-quoted (a JSON string is a YAML double-quoted scalar): `"01234"` stays text, `"null"` is not null. */
function scalar(cell: Cell): string {
  if (cell === null) return 'null';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : JSON.stringify(String(cell));
  if (typeof cell === 'boolean') return String(cell);
  return JSON.stringify(cell);
}

/** A value the engine returned as a cell of a given or expected row (a big integer as text, a nested value as its JSON). */
export function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

/** CSV text of a header only (an input with no row). */
export function headerCsv(columns: readonly string[]): string {
  return `${columns.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')}\n`;
}
