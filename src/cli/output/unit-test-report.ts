import type { UnitTestResult } from '../../unit/run-unit-tests.js';
import type { Row } from '../../unit/unit-test-definition.js';
import type { Output } from './output.js';

/** One line per unit test, a row diff under each failure, and a summary line. */
export function printUnitTests(results: readonly UnitTestResult[], output: Output, format: 'text' | 'json'): void {
  if (format === 'json') {
    for (const r of results) output.out(JSON.stringify({ type: 'unit_test', ...r }));
    return;
  }
  for (const r of results) {
    output.out(`${r.status.toUpperCase().padEnd(5)} ${r.name} (model ${r.model}) [${r.durationMs}ms]`);
    if (!r.diff || r.status === 'pass') continue;
    for (const column of r.diff.absentColumns) output.out(`  the model gives no column '${column}'`);
    for (const row of r.diff.missing) output.out(`  - missing    ${showRow(row)}`);
    for (const row of r.diff.unexpected) output.out(`  + unexpected ${showRow(row)}`);
  }
  const count = (status: UnitTestResult['status']): number => results.filter((r) => r.status === status).length;
  const errors = count('error');
  output.out(`Unit tests: ${count('pass')} passed, ${count('fail')} failed${errors ? `, ${errors} could not run` : ''} (${results.length} run).`);
}

function showRow(row: Row): string {
  return `{${Object.entries(row).map(([k, v]) => `${k}: ${v === null ? 'null' : JSON.stringify(v)}`).join(', ')}}`;
}
