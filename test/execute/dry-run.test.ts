import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { humanReporter } from '../../src/cli/output/human-reporter.js';
import type { Output } from '../../src/cli/output/output.js';
import type { RunEvent } from '../../src/execute/run-events.js';
import { build } from '../../src/mesh.js';
import { CapableDuckDB } from '../support/capable-duckdb.js';
import { mesh } from '../support/run-cli.js';
import { memoryDuckDB, updateProject, writeProject } from '../support/temp-project.js';

let adapter: CapableDuckDB | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
});

const AS_OF = '2024-01-02T12:00:00Z';
const ORDERS = readFileSync(new URL('../contracts/fixtures/orders.odcs.yaml', import.meta.url), 'utf8').replace('domain: checkout', 'domain: shop');

const PROJECT = {
  'mesh.yaml': 'name: shop\ntargets:\n  dev:\n    engine: duckdb\n',
  'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\nsources:\n  events:\n    duckdb: ingest.events\n',
  'domains/shop/seeds/statuses.csv': 'status,label\r\npaid,Paid\r\nplaced,Placed\r\nplaced,Placed\r\n',
  'domains/shop/cleaned/orders.sql':
    "select order_id, customer_id, order_total, timestamp '2024-01-02' as ordered_at, status\nfrom (values ('o1', 'c1', 10, 'paid'), ('o2', 'c2', 20, 'placed')) as t(order_id, customer_id, order_total, status)\n",
  'domains/shop/aggregate/totals.sql': '/*\nmaterialized: table\n*/\nselect status, sum(order_total) as total from {{ref "orders"}} join {{ref "statuses"}} using (status) group by status\n',
  'domains/shop/tests/no_negative_totals.sql': 'select * from {{ref "totals"}} where total < 0\n',
  'domains/shop/contracts/orders.odcs.yaml': ORDERS,
};

async function capable(dir: string): Promise<CapableDuckDB> {
  adapter ??= await CapableDuckDB.wrap(await memoryDuckDB(dir), { capabilities: { dryRun: true } });
  return adapter;
}

function captured(): { output: Output; out: string[] } {
  const out: string[] = [];
  return { output: { out: (l) => out.push(l), err: (l) => out.push(l) }, out };
}

describe('mesh build --dry-run', () => {
  it('on a fresh warehouse creates nothing, and reports every node as not built yet rather than failed', async () => {
    const dir = writeProject(PROJECT, {});
    const db = await capable(dir);
    const schemasBefore = await db.inner.query('select schema_name from information_schema.schemata order by all');
    const events: RunEvent[] = [];
    const result = await build({ projectDir: dir, adapter: db, asOf: AS_OF, dryRun: true, onEvent: (e) => events.push(e) });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const run = result.run!;
    expect(run.dryRun).toBe(true);
    // Nothing to estimate against: the build's schemas do not exist yet. Not a failure.
    expect(run.results.map((r) => [r.id, r.status, r.skipReason])).toEqual(
      run.results.map((r) => [r.id, 'skipped', 'not_built']),
    );
    expect(run.success).toBe(true);
    expect(run.results.find((r) => r.id === 'seed.shop.statuses')!.message).toBe('skipped: its parents do not exist yet (shop_seeds is created by a real build)');
    // Every node was tried (a skipped parent does not stop its children), each as a dry run.
    const tried = db.calls.filter((c) => c.method === 'execute');
    expect(new Set(tried.map((c) => c.context?.node))).toEqual(new Set(run.results.map((r) => r.id)));
    expect(tried.every((c) => c.context?.dryRun === true)).toBe(true);
    expect(db.calls.some((c) => c.method === 'ensureSchemas')).toBe(false);
    expect(await db.inner.query('select schema_name from information_schema.schemata order by all')).toEqual(schemasBefore);
    expect(events.find((e) => e.type === 'run_started')).toMatchObject({ type: 'run_started', dryRun: true });
    // Its results are its own file; no run results, catalog or OpenLineage of a run that did not happen.
    const written = JSON.parse(readFileSync(join(dir, 'target/dry_run_results.json'), 'utf8')) as { dry_run: boolean; results: unknown[] };
    expect(written.dry_run).toBe(true);
    expect(written.results).toHaveLength(run.results.length);
    expect(existsSync(join(dir, 'target/run_results.json'))).toBe(false);
    expect(existsSync(join(dir, 'target/catalog.json'))).toBe(false);
    expect(existsSync(join(dir, 'target/openlineage'))).toBe(false);
    expect(result.openlineage).toBeUndefined();
  });

  it('after a build: estimates what exists, skips children of what does not exist yet, fails on real errors, and changes nothing', async () => {
    const dir = writeProject(PROJECT, {});
    const db = await capable(dir);
    const first = await build({ projectDir: dir, adapter: db, asOf: AS_OF });
    expect(first.run!.success).toBe(true);
    const runResults = readFileSync(join(dir, 'target/run_results.json'), 'utf8');
    const snapshot = async () => ({
      totals: await db.inner.query('select * from shop_aggregate.totals order by status'),
      state: await db.inner.query('select version, published_at from meshwork.published_contracts'),
      relations: await db.inner.query("select table_schema, table_name, table_type from information_schema.tables where table_schema like 'shop%' order by all"),
    });
    const before = await snapshot();

    updateProject(dir, {
      // A changed model: its new data must not reach the table.
      'domains/shop/aggregate/totals.sql': '/*\nmaterialized: table\n*/\nselect status, -1 as total from {{ref "orders"}} group by status\n',
      'domains/shop/cleaned/new_a.sql': '/*\nmaterialized: table\n*/\nselect order_id from {{ref "orders"}}\n',
      'domains/shop/aggregate/new_b.sql': 'select order_id from {{ref "new_a"}}\n',
      'domains/shop/aggregate/new_c.sql': 'select count(*) as n from {{ref "new_b"}}\n',
      'domains/shop/cleaned/events.sql': 'select * from {{source "events"}}\n',
      'domains/shop/cleaned/broken.sql': '-- a comment first\nselect order_id,\n  no_such_column\nfrom {{ref "orders"}}\n',
    });
    const { output, out } = captured();
    const result = await build({ projectDir: dir, adapter: db, asOf: AS_OF, dryRun: true, onEvent: humanReporter(output) });
    const run = result.run!;
    const byId = new Map(run.results.map((r) => [r.id, r]));
    for (const id of ['model.shop.totals', 'model.shop.new_a', 'test.shop.no_negative_totals']) {
      expect(byId.get(id), id).toMatchObject({ status: 'success' });
    }
    // What a real build would not run is not estimated either.
    for (const id of ['seed.shop.statuses', 'model.shop.orders', 'contract.shop.orders_v1']) expect(byId.get(id), id).toMatchObject({ status: 'reused' });
    expect(byId.get('model.shop.new_b')).toMatchObject({ status: 'skipped', skipReason: 'not_built', message: 'skipped: its parents do not exist yet (new_a is created by a real build)' });
    // Still estimated after its parent was skipped: it fails the same way, one level down.
    expect(byId.get('model.shop.new_c')).toMatchObject({ status: 'skipped', skipReason: 'not_built' });
    expect(db.calls.some((c) => c.context?.node === 'model.shop.new_c' && c.context.dryRun)).toBe(true);
    // A source that does not exist is no parent the build creates: a real error.
    expect(byId.get('model.shop.events')).toMatchObject({ status: 'error', file: 'domains/shop/cleaned/events.sql' });
    expect(byId.get('model.shop.broken')).toMatchObject({ status: 'error', file: 'domains/shop/cleaned/broken.sql', line: 3 });
    expect(run.success).toBe(false);

    expect(await snapshot()).toEqual(before);
    expect(readFileSync(join(dir, 'target/run_results.json'), 'utf8')).toBe(runResults);

    // The first line after any slow phase's (a loaded machine may take over 250 ms to compile).
    expect(out.find((l) => !/… \d+\.\ds$/.test(l))).toMatch(/^Dry-running 7 nodes on target 'dev' with \d+ threads? \(nothing is created or changed\)$/);
    expect(out.find((l) => l.includes('model.shop.new_b') || l.includes('shop_aggregate.new_b'))).toMatch(/SKIP .*\[its parents do not exist yet \(new_a is created by a real build\)\]/);
    expect(out.find((l) => l.includes('shop_aggregate.totals'))).toMatch(/OK .*\[estimated in \d+\.\d\ds\]$/);
    expect(out).toContain('2 nodes not estimated: their parents do not exist yet (a real build creates them first).');
    expect(out).toContain('Dry run: no estimate of bytes from this engine; nothing was created or changed.');
  });

  it('on an engine without a dry run is MESH180 at the target in mesh.yaml, and nothing runs', async () => {
    const dir = writeProject(PROJECT, {});
    const duckdb = await memoryDuckDB(dir);
    try {
      const result = await build({ projectDir: dir, adapter: duckdb, dryRun: true });
      expect(result.run).toBeUndefined();
      expect(result.diagnostics.map((d) => [d.code, d.severity, d.file, d.line])).toEqual([['MESH180', 'error', 'mesh.yaml', 3]]);
      expect(result.diagnostics[0]!.hint).toMatch(/BigQuery/);
      expect(await duckdb.query("select count(*)::int as n from information_schema.schemata where schema_name like 'shop%'")).toEqual([{ n: 0 }]);
    } finally {
      await duckdb.close();
    }
    const cli = await mesh(['build', '--dry-run', '--project', dir]);
    expect(cli.code).toBe(1);
    expect(cli.err.join('\n')).toMatch(/mesh\.yaml:3: error MESH180: target 'dev' runs on duckdb, which cannot dry-run statements/);
  });
});
