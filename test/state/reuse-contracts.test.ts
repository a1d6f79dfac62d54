import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { build } from '../../src/mesh.js';
import { memoryDuckDB, updateProject, writeProject } from '../support/temp-project.js';

/** The fixtures' data is from 2024-01-02: contract freshness SLAs are measured then. */
const AS_OF = '2024-01-02T12:00:00Z';
const ORDERS = readFileSync(new URL('../contracts/fixtures/orders.odcs.yaml', import.meta.url), 'utf8');
const BASE = {
  'mesh.yaml': 'name: shop\n',
  'domains/checkout/domain.yaml': 'name: checkout\nowner: team-checkout\n',
  'domains/checkout/contracts/orders.odcs.yaml': ORDERS,
};
const orders = (rows: [string | null, string, number, string][]) => ({
  'domains/checkout/cleaned/orders.sql': `select order_id, customer_id, order_total, timestamp '2024-01-02' as ordered_at, status\nfrom (values ${rows
    .map(([id, c, t, s]) => `(${id === null ? 'NULL' : `'${id}'`}, '${c}', ${t}, '${s}')`)
    .join(', ')}) as t(order_id, customer_id, order_total, status)\n`,
});
const CONTRACT = 'contract.checkout.orders_v1';

let adapter: DuckDBAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
});

async function buildIn(dir: string) {
  adapter ??= await memoryDuckDB(dir);
  const result = await build({ projectDir: dir, adapter, asOf: AS_OF });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const events = readFileSync(join(dir, result.openlineage!.file), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { eventType: string; job: { name: string } });
  return { contract: result.run!.results.find((r) => r.id === CONTRACT)!, events };
}

const published = async () => adapter!.query('select version, published_at from meshwork.published_contracts');
const served = async () => adapter!.query('select order_id from checkout.orders_v1 order by 1');
const candidates = async () => adapter!.query("select table_name from information_schema.tables where table_schema = 'checkout_private' order by 1");

describe('contract views republish only when their candidate changed', () => {
  it('reuses an unchanged contract view, republishes new data, and never serves data that failed its audits', async () => {
    const dir = writeProject({ ...BASE, ...orders([['o1', 'c1', 10, 'paid'], ['o2', 'c2', 20, 'placed']]) });
    expect((await buildIn(dir)).contract).toMatchObject({ status: 'success', action: 'contract' });
    const first = { published: await published(), candidates: await candidates() };

    // Nothing changed: no candidate, no audit, no publish, no OpenLineage job event for it.
    const again = await buildIn(dir);
    expect(again.contract).toMatchObject({ status: 'reused', action: 'reused' });
    expect(await published()).toEqual(first.published);
    expect(await candidates()).toEqual(first.candidates);
    expect(again.events.map((e) => e.eventType)).toEqual(['START', 'COMPLETE']);
    expect(again.events.every((e) => !e.job.name.includes('orders'))).toBe(true);
    // The catalog keeps what the build that published it found (its audits), with status reused.
    const catalog = JSON.parse(readFileSync(join(dir, 'target', 'catalog.json'), 'utf8')) as { datasets: Record<string, { lastResult?: { status: string; audits?: unknown[] } }> };
    const reusedContract = Object.values(catalog.datasets).find((d) => d.lastResult?.status === 'reused' && (d.lastResult.audits?.length ?? 0) > 0);
    expect(reusedContract?.lastResult?.audits?.length).toBeGreaterThan(3);

    // New good data: published again.
    updateProject(dir, orders([['o3', 'c3', 30, 'paid']]));
    expect((await buildIn(dir)).contract.status).toBe('success');
    expect(await served()).toEqual([{ order_id: 'o3' }]);

    // Bad data: refused, and refused again on the next build with nothing changed (never taken as built).
    updateProject(dir, orders([['o1', 'c1', 10, 'paid'], ['o1', 'c9', 5, 'paid']]));
    expect((await buildIn(dir)).contract.status).toBe('error');
    expect(await served()).toEqual([{ order_id: 'o3' }]);
    expect((await buildIn(dir)).contract.status).toBe('error');
    expect(await served()).toEqual([{ order_id: 'o3' }]);
  });
});
