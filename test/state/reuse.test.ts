import { readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import type { NodeResult, RunEvent } from '../../src/execute/run-events.js';
import { build, type BuildOptions } from '../../src/mesh.js';
import { memoryDuckDB, rows, updateProject, writeProject } from '../support/temp-project.js';

/**
 * A domain as a user writes it: a CSV source (duplicates, a null), a raw view, an ephemeral, a
 * table with a test, a seed, an incremental model, and an unrelated model; one file saved with
 * CRLF and one with a BOM.
 */
const PROJECT = {
  'domains/shop/domain.yaml': 'name: shop\r\nowner: team-shop\r\nsources:\r\n  feed:\r\n    duckdb: data/feed.csv\r\n',
  'domains/shop/data/feed.csv': 'id,amount,status\n1,2.5,paid\n1,2.5,paid\n2,,open\n3,4,paid\n',
  'domains/shop/seeds/statuses.csv': 'status,label\npaid,Paid\nopen,Open\n',
  'domains/shop/raw/orders.sql': '\uFEFF/*\ndescription: Orders as exported.\n*/\nselect * from {{source "feed"}}\n',
  'domains/shop/cleaned/orders_clean.sql': '/*\nmaterialized: ephemeral\n*/\nselect distinct id, amount, status from {{ref "orders"}}\n',
  'domains/shop/aggregate/totals.sql':
    '/*\r\nmaterialized: table\r\ncolumns:\r\n  status:\r\n    tests: [not_null, unique]\r\n*/\r\nselect o.status, s.label, sum(o.amount) as total\r\nfrom {{ref "orders_clean"}} as o\r\njoin {{ref "statuses"}} as s on s.status = o.status\r\ngroup by 1, 2\r\n',
  'domains/shop/aggregate/running.sql':
    '/*\nmaterialized: incremental\nunique_key: id\n*/\nselect id, max(amount) as amount from {{ref "orders"}}\n{{#if is_incremental}}where id >= (select coalesce(max(id), 0) from {{this}}){{/if}}\ngroup by id\n',
  'domains/shop/aggregate/other.sql': '/*\nmaterialized: table\n*/\nselect 1 as one\n',
};

const ALL = [
  'model.shop.orders',
  'model.shop.other',
  'model.shop.running',
  'model.shop.totals',
  'seed.shop.statuses',
  'test.shop.not_null_totals_status',
  'test.shop.unique_totals_status',
];

let adapter: DuckDBAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
});

async function buildIn(dir: string, options: Partial<BuildOptions> = {}): Promise<{ results: NodeResult[]; events: RunEvent[] }> {
  adapter ??= await memoryDuckDB(dir);
  const events: RunEvent[] = [];
  const result = await build({ projectDir: dir, adapter, onEvent: (e) => events.push(e), ...options });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { results: [...result.run!.results], events };
}

/** Which nodes ran (success or error) and which were reused, each sorted. */
function outcome(results: readonly NodeResult[]): { ran: string[]; reused: string[] } {
  return {
    ran: results.filter((r) => r.status === 'success' || r.status === 'error').map((r) => r.id).sort(),
    reused: results.filter((r) => r.status === 'reused').map((r) => r.id).sort(),
  };
}

/** Moves a file's modification time forward, as a later save does (the same second is not a change a stamp can see). */
function later(dir: string, path: string): void {
  const at = new Date(Date.now() + 60_000);
  utimesSync(join(dir, path), at, at);
}

describe('mesh build skips what did not change', () => {
  it('a second build with nothing changed reuses every node and runs no statement on the data', async () => {
    const dir = writeProject(PROJECT);
    expect(outcome((await buildIn(dir)).results)).toEqual({ ran: ALL, reused: [] });
    const recorded = await rows(adapter!, 'select node_id, relation from meshwork.node_state order by node_id');
    // The ephemeral model too: never built, but state: selectors compare it.
    expect(recorded.map((r) => r.node_id)).toEqual([...ALL.slice(0, 1), 'model.shop.orders_clean', ...ALL.slice(1)]);
    expect(recorded.find((r) => r.node_id === 'model.shop.totals')!.relation).toBe('"shop_aggregate"."totals"');

    // A change outside the warehouse's knowledge: a rebuilt table would lose it.
    await adapter!.query("insert into shop_aggregate.other values (2)");
    const { results, events } = await buildIn(dir);
    expect(outcome(results)).toEqual({ ran: [], reused: ALL });
    expect(results.every((r) => r.action === 'reused' && r.durationMs === 0)).toBe(true);
    expect(events.filter((e) => e.type === 'node_started')).toEqual([]);
    expect(events.find((e) => e.type === 'run_started')).toMatchObject({ total: 0, reused: ALL.length });
    expect(events.find((e) => e.type === 'run_finished')).toMatchObject({ counts: { success: 0, reused: ALL.length } });
    expect(await rows(adapter!, 'select one from shop_aggregate.other order by one')).toEqual([{ one: 1 }, { one: 2 }]);
    // run_results.json records them as reused.
    const written = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: { unique_id: string; status: string }[] };
    expect(new Set(written.results.map((r) => r.status))).toEqual(new Set(['reused']));
  });

  it('comments, re-indenting and line endings are not changes', async () => {
    const dir = writeProject(PROJECT);
    await buildIn(dir);
    updateProject(dir, {
      'domains/shop/aggregate/other.sql': '/*\r\nmaterialized: table\r\n*/\r\n-- the answer\r\nselect\r\n    1   as one\r\n',
      'domains/shop/raw/orders.sql': '/*\ndescription: Orders as exported.\n*/\nselect *\n  from {{source "feed"}} -- all of it\n',
    });
    expect(outcome((await buildIn(dir)).results)).toEqual({ ran: [], reused: ALL });
  });

  it('a SQL change rebuilds the node, its descendants and their tests, nothing else', async () => {
    const dir = writeProject(PROJECT);
    await buildIn(dir);
    // The ephemeral model is inlined into totals: totals and its tests run.
    updateProject(dir, { 'domains/shop/cleaned/orders_clean.sql': '/*\nmaterialized: ephemeral\n*/\nselect distinct id, amount, status from {{ref "orders"}} where amount > 3\n' });
    const { results } = await buildIn(dir);
    expect(outcome(results)).toEqual({
      ran: ['model.shop.totals', 'test.shop.not_null_totals_status', 'test.shop.unique_totals_status'],
      reused: ['model.shop.orders', 'model.shop.other', 'model.shop.running', 'seed.shop.statuses'],
    });
    expect(await rows(adapter!, 'select status, total from shop_aggregate.totals')).toEqual([{ status: 'paid', total: 4 }]);
  });

  it("a parent's change rebuilds what reads it; a config change rebuilds the node", async () => {
    const dir = writeProject(PROJECT);
    await buildIn(dir);
    updateProject(dir, { 'domains/shop/seeds/statuses.csv': 'status,label\npaid,Settled\nopen,Open\n' });
    expect(outcome((await buildIn(dir)).results).ran).toEqual(['model.shop.totals', 'seed.shop.statuses', 'test.shop.not_null_totals_status', 'test.shop.unique_totals_status']);
    expect(await rows(adapter!, "select label from shop_aggregate.totals where status = 'paid'")).toEqual([{ label: 'Settled' }]);

    // Only the materialization changes: a view replaces the table.
    updateProject(dir, { 'domains/shop/aggregate/other.sql': '/*\nmaterialized: view\n*/\nselect 1 as one\n' });
    expect(outcome((await buildIn(dir)).results).ran).toEqual(['model.shop.other']);
    expect(await rows(adapter!, "select table_type from information_schema.tables where table_name = 'other'")).toEqual([{ table_type: 'VIEW' }]);
  });

  it("a source file's change rebuilds what reads it, incremental models included; with the same stamp an incremental model is reused", async () => {
    const dir = writeProject(PROJECT);
    await buildIn(dir);
    expect(await rows(adapter!, 'select count(*)::int as n from shop_aggregate.running')).toEqual([{ n: 3 }]);
    updateProject(dir, { 'domains/shop/data/feed.csv': `${PROJECT['domains/shop/data/feed.csv']}4,9,open\n4,9,open\n` });
    later(dir, 'domains/shop/data/feed.csv');
    const { results } = await buildIn(dir);
    expect(outcome(results).ran).toEqual(['model.shop.orders', 'model.shop.running', 'model.shop.totals', 'test.shop.not_null_totals_status', 'test.shop.unique_totals_status']);
    expect(results.find((r) => r.id === 'model.shop.running')!.action).toBe('incremental');
    expect(await rows(adapter!, 'select count(*)::int as n from shop_aggregate.running')).toEqual([{ n: 4 }]);
    // Nothing new arrived: the incremental model is not run again.
    expect(outcome((await buildIn(dir)).results).ran).toEqual([]);
  });

  it('a description change records the new metadata without recomputing', async () => {
    const dir = writeProject(PROJECT);
    await buildIn(dir);
    const before = await rows(adapter!, "select data_fingerprint, metadata_fingerprint from meshwork.node_state where node_id = 'model.shop.orders'");
    updateProject(dir, { 'domains/shop/raw/orders.sql': '\uFEFF/*\ndescription: Orders as the shop exports them, duplicates and all.\ntags: [finance]\n*/\nselect * from {{source "feed"}}\n' });
    const { results } = await buildIn(dir);
    expect(outcome(results).ran).toEqual([]);
    expect(results.find((r) => r.id === 'model.shop.orders')).toMatchObject({ status: 'reused', action: 'metadata' });
    const after = await rows(adapter!, "select data_fingerprint, metadata_fingerprint from meshwork.node_state where node_id = 'model.shop.orders'");
    expect(after[0]!.data_fingerprint).toBe(before[0]!.data_fingerprint);
    expect(after[0]!.metadata_fingerprint).not.toBe(before[0]!.metadata_fingerprint);
    // Recorded: the next build finds nothing to do at all.
    expect((await buildIn(dir)).results.find((r) => r.id === 'model.shop.orders')!.action).toBe('reused');
  });

  it('a relation dropped by hand is built again, with the tests that read it', async () => {
    const dir = writeProject(PROJECT);
    await buildIn(dir);
    await adapter!.query('drop table shop_aggregate.totals');
    expect(outcome((await buildIn(dir)).results).ran).toEqual(['model.shop.totals', 'test.shop.not_null_totals_status', 'test.shop.unique_totals_status']);
  });

  it('a node that failed, and a test that found failing rows, run again next time', async () => {
    const dir = writeProject(PROJECT);
    await buildIn(dir);
    updateProject(dir, {
      'domains/shop/aggregate/other.sql': '/*\nmaterialized: table\n*/\nselect no_such_column from {{ref "orders"}}\n',
      // Duplicated statuses: the unique test fails (severity warn: the build goes on).
      'domains/shop/aggregate/totals.sql': PROJECT['domains/shop/aggregate/totals.sql'].replace('tests: [not_null, unique]', 'tests: [not_null, {unique: {severity: warn}}]').replace('group by 1, 2', 'group by 1, 2, o.id'),
    });
    const first = await buildIn(dir);
    expect(first.results.find((r) => r.id === 'model.shop.other')!.status).toBe('error');
    expect(first.results.find((r) => r.id === 'test.shop.unique_totals_status')).toMatchObject({ status: 'success', warning: true });
    const second = await buildIn(dir);
    expect(outcome(second.results).ran).toEqual(['model.shop.other', 'test.shop.unique_totals_status']);
  });

  it('--tests all runs every selected test; --force and --full-refresh build everything', async () => {
    const dir = writeProject(PROJECT);
    await buildIn(dir);
    expect(outcome((await buildIn(dir, { allTests: true })).results)).toEqual({
      ran: ['test.shop.not_null_totals_status', 'test.shop.unique_totals_status'],
      reused: ['model.shop.orders', 'model.shop.other', 'model.shop.running', 'model.shop.totals', 'seed.shop.statuses'],
    });
    const forced = await buildIn(dir, { force: true });
    expect(outcome(forced.results)).toEqual({ ran: ALL, reused: [] });
    // --force is not a full refresh: the incremental model adds to its table.
    expect(forced.results.find((r) => r.id === 'model.shop.running')!.action).toBe('incremental');
    expect(outcome((await buildIn(dir, { fullRefresh: true })).results)).toEqual({ ran: ALL, reused: [] });
    // mesh test (tests only) always runs the tests.
    expect(outcome((await buildIn(dir, { kinds: ['test'] })).results).ran).toEqual(['test.shop.not_null_totals_status', 'test.shop.unique_totals_status']);
  });
});
