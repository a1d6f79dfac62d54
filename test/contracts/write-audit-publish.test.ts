import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { build } from '../../src/mesh.js';
import { memoryDuckDB, updateProject, writeProject } from '../support/temp-project.js';

/** The fixtures' data is from 2024-01-02: contract freshness SLAs are measured then. */
const AS_OF = '2024-01-02T12:00:00Z';

const ORDERS = readFileSync(new URL('./fixtures/orders.odcs.yaml', import.meta.url), 'utf8');
const BASE = {
  'mesh.yaml': 'name: shop\n',
  'domains/checkout/domain.yaml': 'name: checkout\nowner: team-checkout\n',
  'domains/checkout/contracts/orders.odcs.yaml': ORDERS,
};
/** The backing model over literal rows: (order_id, customer_id, order_total, status). */
const orders = (rows: [string | null, string, number, string][]) => ({
  'domains/checkout/cleaned/orders.sql': `select order_id, customer_id, order_total, timestamp '2024-01-02' as ordered_at, status\nfrom (values ${rows
    .map(([id, c, t, s]) => `(${id === null ? 'NULL' : `'${id}'`}, '${c}', ${t}, '${s}')`)
    .join(', ')}) as t(order_id, customer_id, order_total, status)`,
});

let adapter: DuckDBAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
});

async function buildIn(dir: string) {
  adapter ??= await memoryDuckDB(dir);
  const result = await build({ projectDir: dir, adapter, asOf: AS_OF });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result.run!.results.find((r) => r.id === 'contract.checkout.orders_v1')!;
}

describe('write-audit-publish of contract views', () => {
  it('publishes data that holds, keeps serving it when new data breaks the contract, and drops replaced data', async () => {
    const dir = writeProject({ ...BASE, ...orders([['o1', 'c1', 10, 'paid'], ['o2', 'c2', 20, 'placed']]) });
    expect(await buildIn(dir)).toMatchObject({ status: 'success', action: 'contract' });
    expect(await adapter!.query('select order_id from checkout.orders_v1 order by 1')).toEqual([{ order_id: 'o1' }, { order_id: 'o2' }]);
    // The published state, kept in the warehouse itself.
    const state = await adapter!.query('select contract_id, domain, product, major, version, definition, published_at from meshwork.published_contracts');
    expect(state.map(({ definition, published_at, ...row }) => ({ ...row, id: JSON.parse(String(definition)).id }))).toEqual([
      { contract_id: 'checkout-orders', domain: 'checkout', product: 'orders', major: 1, version: '1.2.0', id: 'checkout-orders' },
    ]);

    // Bad data: a missing key, a duplicate key, an unknown status and a negative total.
    updateProject(dir, orders([['o1', 'c1', 10, 'paid'], ['o1', 'c9', 5, 'paid'], [null, 'c3', 30, 'paid'], ['o4', 'c4', -1, 'lost']]));
    const failed = await buildIn(dir);
    expect(failed.status).toBe('error');
    expect(failed.message).toBe(
      [
        'contract audits failed; the public view still serves the last good data:',
        '  - required: order_id (line 36): 1 found, mustBe 0',
        '  - unique: order_id (line 36): 1 found, mustBe 0',
        '  - quality: sql on order_total (line 54): 1 found, mustBe 0',
        '  - quality: invalidValues on status (line 67): 1 found, mustBe 0; e.g. o4',
      ].join('\n'),
    );
    expect(await adapter!.query('select order_id from checkout.orders_v1 order by 1')).toEqual([{ order_id: 'o1' }, { order_id: 'o2' }]);
    // Nothing was published: the state still records the first publication.
    expect(await adapter!.query('select published_at from meshwork.published_contracts')).toEqual([{ published_at: state[0]!.published_at }]);
    // The internal model did change: only the public view is protected.
    expect(await adapter!.query('select count(*) as n from checkout_cleaned.orders')).toEqual([{ n: 4 }]);

    updateProject(dir, orders([['o3', 'c3', 30, 'paid']]));
    expect((await buildIn(dir)).status).toBe('success');
    expect(await adapter!.query('select order_id from checkout.orders_v1')).toEqual([{ order_id: 'o3' }]);
    // Candidates live in the domain's private schema: the public one holds only the contract view.
    const candidates = await adapter!.query("select table_name from information_schema.tables where table_schema = 'checkout_private' and table_type = 'BASE TABLE'");
    expect(candidates).toHaveLength(1);
    expect(String(candidates[0]!.table_name)).toMatch(/^__mesh_orders_v1__/);
    expect(await adapter!.query("select table_name, table_type from information_schema.tables where table_schema = 'checkout'")).toEqual([{ table_name: 'orders_v1', table_type: 'VIEW' }]);
    expect(await adapter!.query("select view_definition like '%checkout_private%' as reads_private from information_schema.views where table_schema = 'checkout' and table_name = 'orders_v1'")).toEqual([{ reads_private: true }]);
  });

  it('checks the column types the engine reports for the candidate, listing every column that differs', async () => {
    // A project's own candidate template that loses the contract's casts (order_total as text, no ordered_at).
    const override = [
      '{{#statement rows=true}}',
      'CREATE OR REPLACE TABLE {{candidate}} AS',
      'SELECT * EXCLUDE (ordered_at) REPLACE (CAST(order_total AS VARCHAR) AS order_total) FROM (',
      '{{sql}}',
      ')',
      '{{/statement}}',
    ].join('\n');
    const dir = writeProject({ ...BASE, ...orders([['o1', 'c1', 10, 'paid']]), 'templates/duckdb/materializations/contract_candidate.sql': override });
    const failed = await buildIn(dir);
    expect(failed.status).toBe('error');
    expect(failed.message!.split('\n')[1]).toBe('  - column types (line 26): order_total: expected DOUBLE, found VARCHAR; ordered_at: expected TIMESTAMP, found none');
    expect(failed.audits?.find((a) => a.name === 'column types')).toEqual({ name: 'column types', success: false, value: 2 });
    expect(await adapter!.query("select count(*) as n from information_schema.tables where table_schema = 'checkout' and table_name = 'orders_v1'")).toEqual([{ n: 0 }]);
  });

  it('a contract whose first build fails its audits publishes nothing', async () => {
    const dir = writeProject({ ...BASE, ...orders([[null, 'c1', 10, 'paid']]) });
    expect((await buildIn(dir)).status).toBe('error');
    expect(await adapter!.query("select count(*) as n from information_schema.tables where table_schema = 'checkout'")).toEqual([{ n: 0 }]);
    // The failed candidate was discarded from the private schema too.
    expect(await adapter!.query("select count(*) as n from information_schema.tables where table_schema = 'checkout_private'")).toEqual([{ n: 0 }]);
  });
});

describe('breaking changes against the published state', () => {
  it('refuses a breaking change without a new major version, and publishes _v2 beside _v1 with one', async () => {
    const dir = writeProject({ ...BASE, ...orders([['o1', 'c1', 10, 'paid']]) });
    expect((await buildIn(dir)).status).toBe('success');

    // Drop the status column, as a minor version: breaking, so refused; the public view is untouched.
    const withoutStatus = ORDERS.replace(/      - name: status[\s\S]*?(?=slaProperties:)/, '').replace('version: 1.2.0', 'version: 1.3.0');
    updateProject(dir, { 'domains/checkout/contracts/orders.odcs.yaml': withoutStatus });
    const refused = await buildIn(dir);
    expect(refused.status).toBe('error');
    expect(refused.message).toContain('status');
    expect(refused.message).toContain('property-removed');
    expect(await adapter!.query('select * from checkout.orders_v1')).toHaveLength(1);
    expect(await adapter!.query("select version from meshwork.published_contracts")).toEqual([{ version: '1.2.0' }]);

    // The same change as a new major version: orders_v2 is published beside orders_v1, which keeps serving.
    updateProject(dir, { 'domains/checkout/contracts/orders.odcs.yaml': withoutStatus.replace('version: 1.3.0', 'version: 2.0.0') });
    const adapterRef = adapter!;
    const result = await build({ projectDir: dir, adapter: adapterRef, asOf: AS_OF });
    expect(result.run!.results.find((r) => r.id === 'contract.checkout.orders_v2')?.status).toBe('success');
    expect((await adapterRef.query('select column_name from (describe checkout.orders_v2)')).map((r) => r.column_name)).not.toContain('status');
    expect((await adapterRef.query('select column_name from (describe checkout.orders_v1)')).map((r) => r.column_name)).toContain('status');
    expect(await adapterRef.query('select major, version from meshwork.published_contracts order by major')).toEqual([
      { major: 1, version: '1.2.0' },
      { major: 2, version: '2.0.0' },
    ]);
  });
});
