/**
 * End to end on real DuckDB: the jaffle_shop fixture (test/fixtures/dbt/jaffle_shop) is imported,
 * the imported project checks and builds, and every model's rows equal, as a multiset, the rows
 * of the SQL dbt compiles it to (test/fixtures/dbt/jaffle_shop_compiled), run on a separate DuckDB.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { mesh } from '../support/run-cli.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/dbt/', import.meta.url));
const DBT = join(FIXTURES, 'jaffle_shop');
const COMPILED = join(FIXTURES, 'jaffle_shop_compiled');

/** Each model, in dependency order, and the relation meshwork builds it into. */
const MODELS: readonly [string, string][] = [
  ['stg_customers', 'sales_raw'],
  ['stg_orders', 'sales_raw'],
  ['stg_payments', 'finance_raw'],
  ['stg_stores', 'sales_raw'],
  ['customers', 'sales_aggregate'],
  ['orders', 'sales_aggregate'],
  ['order_days', 'sales_aggregate'],
];

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The rows as sorted JSON lines: equal multisets give equal lists. */
function multiset(rows: readonly Record<string, unknown>[]): string[] {
  return rows.map((row) => JSON.stringify(row, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))).sort();
}

/** The seeds and the source as dbt-duckdb loads them, then each compiled model as a view. */
async function plainDuckDB(): Promise<DuckDBAdapter> {
  const db = await DuckDBAdapter.open({ path: ':memory:', fileSearchPath: DBT, connections: 1 });
  await db.query(`create table raw_customers as select * from read_csv('seeds/raw_customers.csv', header = true)`);
  await db.query(`create table raw_orders as select * from read_csv('seeds/raw_orders.csv', header = true)`);
  // dbt_project.yml gives raw_payments column_types: {amount: integer}.
  await db.query(`create table raw_payments as select * from read_csv('seeds/raw_payments.csv', header = true, types = {'amount': 'INTEGER'})`);
  await db.query(`create schema raw`);
  await db.query(`create table raw.raw_stores as select * from read_csv('data/raw_stores.csv', header = true)`);
  for (const [model] of MODELS) await db.query(`create view ${model} as ${readFileSync(join(COMPILED, `${model}.sql`), 'utf8')}`);
  return db;
}

describe('mesh import dbt on the jaffle_shop fixture', () => {
  it('imports, checks, builds, and each model gives the rows of the SQL dbt compiles it to', async () => {
    const base = mkdtempSync(join(tmpdir(), 'mesh-import-'));
    dirs.push(base);
    const out = join(base, 'jaffle_mesh');
    const imported = await mesh(['import', 'dbt', DBT, '--out', out]);
    expect(imported.err).toEqual([]);
    expect(imported.code).toBe(0);
    expect(imported.out).toEqual([expect.stringMatching(/^Imported 7 models, 3 seeds, 1 source, 19 tests, 0 unit tests, 1 contract, 1 macro, 1 generic test into .*jaffle_mesh\/; 6 constructs not converted: see .*import-report\.md$/)]);

    const check = await mesh(['check', '--project', out]);
    expect(check.err.filter((l) => / error /.test(l))).toEqual([]);
    expect(check.code).toBe(0);
    const build = await mesh(['build', '--project', out]);
    expect(build.err.filter((l) => / error /.test(l))).toEqual([]);
    expect(build.code).toBe(0);

    const plain = await plainDuckDB();
    const compare = async (): Promise<void> => {
      const built = await DuckDBAdapter.open({ path: join(out, '.mesh', 'dev.duckdb'), fileSearchPath: out, connections: 1 });
      try {
        for (const [model, schema] of MODELS) {
          const expected = multiset(await plain.query(`select * from ${model}`));
          expect(expected.length, model).toBeGreaterThan(0);
          expect(multiset(await built.query(`select * from "${schema}"."${model}"`)), model).toEqual(expected);
        }
        // The contract view publishes stg_payments to sales with the contracted types.
        expect(multiset(await built.query('select * from finance.stg_payments_v1'))).toEqual(
          multiset(await plain.query('select payment_id::bigint as payment_id, order_id::bigint as order_id, payment_method, amount from stg_payments')),
        );
      } finally {
        await built.close();
      }
    };
    try {
      await compare();
      // A second build runs order_days' {% if is_incremental() %} branch against {{ this }}: same rows.
      const again = await mesh(['build', '--project', out, '--force']);
      expect(again.code).toBe(0);
      expect(again.out.join('\n')).toMatch(/OK +incremental +sales_aggregate\.order_days/);
      await compare();
    } finally {
      await plain.close();
    }

    // The source's dbt freshness (warn after 12 hours, error after 1 day) measured on its copied data.
    const fresh = await mesh(['source', 'freshness', '--project', out, '--as-of', '2018-04-10T12:00:00Z']);
    expect(fresh.out.join('\n')).toMatch(/sales\.raw_stores +PASS +2018-04-10T06:00:00\.000Z +6h +warn 12 hours, error 1 day/);
    const stale = await mesh(['source', 'freshness', '--project', out, '--as-of', '2018-04-11T12:00:00Z']);
    expect([stale.code, stale.out.join('\n')]).toEqual([1, expect.stringMatching(/sales\.raw_stores +ERROR/)]);

    // The report lists what was not converted, at the dbt file and line.
    const report = readFileSync(join(out, 'import-report.md'), 'utf8');
    expect(report).toContain('### macros/get_payment_methods.sql\n\n- line 3: `{% set payment_methods_query %}`');
    expect(report).toContain('- line 8: `{% set results = run_query(payment_methods_query) %}`');
    expect(report).toContain('### models/marts/schema.yml\n\n- line 33: `- dbt_utils.accepted_range:`');
    expect(report).toContain('### dbt_project.yml\n\n- line 30: `+persist_docs:`');
  }, 90_000);
});
