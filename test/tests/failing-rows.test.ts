/**
 * What a failing test tells: up to five of its failing rows with the total, the compiled SQL's path
 * (a file that exists), and with store_failures the table that keeps every failing row; in the
 * human output, `--log-format json` and run_results.json. Run through the CLI on the project's own
 * DuckDB file, which is then opened to read the audit tables.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { mesh } from '../support/run-cli.js';
import { build } from '../../src/mesh.js';
import { memoryDuckDB, writeProject } from '../support/temp-project.js';
import { PAYMENTS } from './payments-data.js';

let adapter: DuckDBAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
});

const lines = (...text: string[]): string => `${text.join('\n')}\n`;

const FILES: Record<string, string> = {
  'domains/shop/seeds/payments_raw.csv': PAYMENTS,
  'tests/generic/at_least.sql': lines('/*', 'params: [min]', '*/', 'select id, {{column}} as value, note', 'from {{model}}', 'where {{column}} < {{min}}'),
  'domains/shop/cleaned/payments.sql': lines(
    '/*',
    'tests:',
    '  - unique_combination: { columns: [order_id, line], store_failures: true }',
    '  - not_empty',
    'columns:',
    '  amount:',
    '    tests:',
    '      - at_least: { min: 1, store_failures: true }',
    '  note:',
    '    tests: [{ accepted_values: { values: [ok, dup], severity: warn } }]',
    '*/',
    'select * from {{ref "payments_raw"}}',
  ),
  // A singular test storing its failures from its header.
  'domains/shop/tests/big_payments.sql': lines('/*', 'store_failures: true', '*/', 'select id, amount from {{ref "payments"}} where amount > 100'),
};

async function openBuilt(dir: string): Promise<DuckDBAdapter> {
  adapter = await DuckDBAdapter.open({ path: join(dir, '.mesh/dev.duckdb'), fileSearchPath: dir, connections: 1 });
  return adapter;
}

describe('a failing test', () => {
  it('prints five of its eight failing rows, the total, the compiled SQL that exists, and the table keeping them', async () => {
    const dir = writeProject(FILES);
    const { code, out } = await mesh(['build', '--project', dir]);
    expect(code).toBe(1);
    const text = out.join('\n');
    const block = text.slice(text.indexOf('Error in test.shop.at_least_payments_amount'));
    const shown = block.split('\n').slice(0, 12);
    expect(shown).toEqual([
      'Error in test.shop.at_least_payments_amount',
      '  domains/shop/cleaned/payments.sql:8: 8 failing rows',
      '  failing rows (first 5 of 8):',
      expect.stringMatching(/^ {4}id +\| value +\| note$/),
      expect.stringMatching(/^ {4}-+-\+-+-\+-+$/),
      expect.stringMatching(/^ {4}\d+ +\| -?\d+ +\| (NULL|zero|x)$/),
      expect.stringMatching(/^ {4}\d+ +\| -?\d+ +\| (NULL|zero|x)$/),
      expect.stringMatching(/^ {4}\d+ +\| -?\d+ +\| (NULL|zero|x)$/),
      expect.stringMatching(/^ {4}\d+ +\| -?\d+ +\| (NULL|zero|x)$/),
      expect.stringMatching(/^ {4}\d+ +\| -?\d+ +\| (NULL|zero|x)$/),
      '  all failing rows stored in "shop_audit"."at_least_payments_amount"',
      '  compiled SQL: target/compiled/shop/tests/at_least_payments_amount.sql',
    ]);
    expect(shown.some((l) => l.endsWith('| NULL'))).toBe(true);
    // The compiled query is the one that ran: running it by hand finds the same rows.
    const compiled = join(dir, 'target/compiled/shop/tests/at_least_payments_amount.sql');
    expect(existsSync(compiled)).toBe(true);
    const db = await openBuilt(dir);
    expect(await db.query(`select count(*)::int as n from (${readFileSync(compiled, 'utf8')})`)).toEqual([{ n: 8 }]);
    // The audit table holds all eight, with the query's columns; NULLs stay NULL.
    const stored = await db.query('select id::int as id, value::int as value, note from shop_audit.at_least_payments_amount order by id');
    expect(stored.map((r) => r.id)).toEqual([2, 3, 5, 6, 7, 8, 9, 10]);
    expect(stored[0]).toEqual({ id: 2, value: -1, note: null });
    expect(stored[1]).toEqual({ id: 3, value: 0, note: 'zero' });
    // A passing test that stores its failures leaves an empty table, never an earlier run's rows.
    expect(await db.query('select count(*)::int as n from shop_audit.big_payments')).toEqual([{ n: 0 }]);
    expect(await db.query('select order_id::int as order_id, line::int as line, occurrences::int as occurrences from shop_audit.unique_combination_payments')).toEqual([
      { order_id: 2, line: 1, occurrences: 2 },
    ]);
    // Tests without store_failures write no table.
    expect(await db.query("select table_name from information_schema.tables where table_schema = 'shop_audit' order by 1")).toEqual([
      { table_name: 'at_least_payments_amount' },
      { table_name: 'big_payments' },
      { table_name: 'unique_combination_payments' },
    ]);
  });

  it('a warning prints its rows too, all of them when they are five or fewer', async () => {
    const dir = writeProject(FILES);
    const { out } = await mesh(['build', '--project', dir]);
    const text = out.join('\n');
    const block = text.slice(text.indexOf('Warning in test.shop.accepted_values_payments_note')).split('\n\n')[0]!.split('\n');
    // Empty notes are NULL, which `not in` does not select (as in dbt): zero, x and 'null order' fail.
    expect(block.slice(0, 3)).toEqual(['Warning in test.shop.accepted_values_payments_note', '  domains/shop/cleaned/payments.sql:10: 3 failing rows', '  failing rows (all 3):']);
    expect(block.slice(5, 8).map((l) => l.replace(/ +\| +/, '|').trim()).sort()).toEqual(['null order|1', 'x|1', 'zero|1']);
    expect(block.at(-1)).toBe('  compiled SQL: target/compiled/shop/tests/accepted_values_payments_note.sql');
  });

  it('--log-format json and run_results.json carry the rows, the total, the table and the compiled path', async () => {
    const dir = writeProject(FILES);
    const { out } = await mesh(['build', '--project', dir, '--log-format', 'json']);
    const events = out.map((l) => JSON.parse(l) as { type: string; result?: Record<string, unknown> });
    const finished = events.find((e) => e.type === 'node_finished' && e.result?.id === 'test.shop.at_least_payments_amount')!.result!;
    const rows = finished.failingRows as { columns: string[]; rows: unknown[][]; total: number };
    expect(rows.columns).toEqual(['id', 'value', 'note']);
    expect(rows.total).toBe(8);
    expect(rows.rows).toHaveLength(5);
    for (const row of rows.rows) expect(row[1] as number).toBeLessThan(1);
    expect(finished.storedFailures).toBe('"shop_audit"."at_least_payments_amount"');
    expect(finished.compiledFile).toBe('target/compiled/shop/tests/at_least_payments_amount.sql');

    const results = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')) as { results: Record<string, unknown>[] };
    const test = results.results.find((r) => r.unique_id === 'test.shop.at_least_payments_amount')!;
    expect(test.failing_rows).toEqual(rows);
    expect(test.stored_failures).toBe('"shop_audit"."at_least_payments_amount"');
    expect(test.compiled_path).toBe('target/compiled/shop/tests/at_least_payments_amount.sql');
    const passing = results.results.find((r) => r.unique_id === 'test.shop.not_empty_payments')!;
    expect(passing.failing_rows).toBeUndefined();
  });

  it('--store-failures keeps the rows of every test; long values are cut in the sample, whole in the table', async () => {
    const long = 'y'.repeat(500);
    const dir = writeProject({
      ...FILES,
      'domains/shop/seeds/payments_raw.csv': `id,order_id,line,amount,note\n1,1,1,-1,${long}\n`,
      'domains/shop/cleaned/payments.sql': lines('/*', 'columns:', '  amount:', '    tests: [{ at_least: { min: 0 } }]', '*/', 'select * from {{ref "payments_raw"}}'),
    });
    const { out } = await mesh(['build', '--project', dir, '--store-failures', '--log-format', 'json']);
    const finished = out.map((l) => JSON.parse(l) as { result?: Record<string, unknown> }).find((e) => e.result?.id === 'test.shop.at_least_payments_amount')!.result!;
    const note = (finished.failingRows as { rows: unknown[][] }).rows[0]![2] as string;
    expect(note.length).toBe(200);
    expect(note.endsWith('…')).toBe(true);
    const db = await openBuilt(dir);
    expect(await db.query('select length(note)::int as n from shop_audit.at_least_payments_amount')).toEqual([{ n: 500 }]);
  });

  it('a refused write of the failing rows fails the test, saying so, apart from the count', async () => {
    const dir = writeProject(FILES);
    adapter = await memoryDuckDB(dir);
    // A view where the audit table goes: DuckDB will not replace it with a table.
    await adapter.query('create schema shop_audit');
    await adapter.query('create view shop_audit.big_payments as select 1 as id');
    const result = await build({ projectDir: dir, adapter });
    const big = result.run!.results.find((r) => r.id === 'test.shop.big_payments')!;
    expect(big.status).toBe('error');
    expect(big.failures).toBe(0);
    expect(big.message).toMatch(/^0 failing rows; store_failures could not replace "shop_audit"."big_payments" with them: .*view/i);
    expect(big.file).toBe('domains/shop/tests/big_payments.sql');
  });

  it('a test the engine refuses names its compiled SQL, and the line of the use', async () => {
    const dir = writeProject({ ...FILES, 'tests/generic/at_least.sql': lines('/*', 'params: [min]', '*/', 'select * from {{model}} where amount_eur < {{min}}') });
    adapter = await memoryDuckDB(dir);
    const result = await build({ projectDir: dir, adapter });
    const test = result.run!.results.find((r) => r.id === 'test.shop.at_least_payments_amount')!;
    expect([test.status, test.file, test.line, test.compiledFile]).toEqual(['error', 'domains/shop/cleaned/payments.sql', 8, 'target/compiled/shop/tests/at_least_payments_amount.sql']);
    expect(test.message).toMatch(/amount_eur/);
  });
});
