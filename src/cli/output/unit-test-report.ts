import type { UnitTestResult } from '../../unit/run-unit-tests.js';
import type { Row } from '../../unit/unit-test-definition.js';
import type { Output } from './output.js';

/** One line per unit test, a row diff under each failure (a table on the expected columns: `-` missing, `+` unexpected), and a summary line. */
export function printUnitTests(results: readonly UnitTestResult[], output: Output, format: 'text' | 'json'): void {
  if (format === 'json') {
    for (const r of results) output.out(JSON.stringify({ type: 'unit_test', ...r }));
    return;
  }
  for (const r of results) {
    output.out(`${r.status.toUpperCase().padEnd(5)} ${r.name} (model ${r.model}) [${r.durationMs}ms]`);
    if (!r.diff || r.status === 'pass') continue;
    for (const column of r.diff.absentColumns) output.out(`  the model gives no column '${column}'`);
    for (const line of diffTable(r.diff.missing, r.diff.unexpected)) output.out(line);
  }
  const count = (status: UnitTestResult['status']): number => results.filter((r) => r.status === status).length;
  const errors = count('error');
  output.out(`Unit tests: ${count('pass')} passed, ${count('fail')} failed${errors ? `, ${errors} could not run` : ''} (${results.length} run).`);
}

/** Missing and unexpected rows under one header, each column as wide as its widest value, so that a changed value stands in its column. */
function diffTable(missing: readonly Row[], unexpected: readonly Row[]): string[] {
  const rows = [...missing.map((row) => ['-', row] as const), ...unexpected.map((row) => ['+', row] as const)];
  if (rows.length === 0) return [];
  const columns = [...new Set(rows.flatMap(([, row]) => Object.keys(row)))];
  const text = (v: Row[string] | undefined): string => (v === null || v === undefined ? 'null' : typeof v === 'string' ? v : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map(([, row]) => text(row[c]).length)));
  const line = (mark: string, cells: readonly string[]): string => `  ${mark} ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')}`.trimEnd();
  return [line(' ', columns), ...rows.map(([mark, row]) => line(mark, columns.map((c) => text(row[c]))))];
}
