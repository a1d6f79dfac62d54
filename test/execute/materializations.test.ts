import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { build } from '../../src/mesh.js';
import { memoryDuckDB, rows, updateProject, writeProject } from '../support/temp-project.js';

let adapter: DuckDBAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
});

async function buildIn(dir: string, extra: Parameters<typeof build>[0] extends infer O ? Partial<O> : never = {}) {
  adapter ??= await memoryDuckDB(dir);
  // Forced: these runs are about what each materialization does on a rerun, changed or not.
  const result = await build({ projectDir: dir, adapter, force: true, ...extra });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result.run!;
}

const statusOf = (run: Awaited<ReturnType<typeof buildIn>>) => Object.fromEntries(run.results.map((r) => [r.id, r.status]));

describe('materializations on DuckDB', () => {
  it('builds views and tables by stage default, and seeds as tables', async () => {
    const dir = writeProject({
      'domains/shop/seeds/prices.csv': 'sku,price\na,1.5\nb,2.5\n',
      'domains/shop/raw/items.sql': "select 'a' as sku, 3 as qty union all select 'b', 4",
      'domains/shop/aggregate/revenue.sql': 'select sum(i.qty * p.price) as revenue from {{ref "items"}} i join {{ref "prices"}} p using (sku)',
    });
    const run = await buildIn(dir);
    expect(run.success).toBe(true);
    const kinds = await rows(adapter!, "select table_schema || '.' || table_name as name, table_type from information_schema.tables where table_schema <> 'meshwork' order by 1");
    expect(kinds).toEqual([
      { name: 'shop_aggregate.revenue', table_type: 'BASE TABLE' },
      { name: 'shop_raw.items', table_type: 'VIEW' },
      { name: 'shop_seeds.prices', table_type: 'BASE TABLE' },
    ]);
    expect(await rows(adapter!, 'select revenue from shop_aggregate.revenue')).toEqual([{ revenue: 14.5 }]);
    expect(run.results.find((r) => r.id === 'seed.shop.prices')?.rowsAffected).toBe(2);
    expect(run.results.find((r) => r.id === 'model.shop.revenue')?.rowsAffected).toBe(1);
  });

  it('switches a relation between view and table when the materialization changes', async () => {
    const dir = writeProject({ 'domains/shop/cleaned/m.sql': 'select 1 as x' });
    await buildIn(dir);
    updateProject(dir, { 'domains/shop/cleaned/m.sql': '/* materialized: table */\nselect 2 as x' });
    expect((await buildIn(dir)).success).toBe(true);
    expect(await rows(adapter!, "select table_type from information_schema.tables where table_name = 'm'")).toEqual([{ table_type: 'BASE TABLE' }]);
    updateProject(dir, { 'domains/shop/cleaned/m.sql': 'select 3 as x' });
    expect((await buildIn(dir)).success).toBe(true);
    expect(await rows(adapter!, 'select x from shop_cleaned.m')).toEqual([{ x: 3 }]);
  });

  it('keeps the previous table when a rebuild fails', async () => {
    const dir = writeProject({ 'domains/shop/aggregate/t.sql': 'select range as id from range(5)' });
    await buildIn(dir);
    updateProject(dir, { 'domains/shop/aggregate/t.sql': "select range as id, cast('x' || range as integer) as broken from range(3)" });
    const run = await buildIn(dir);
    expect(run.success).toBe(false);
    expect(run.results[0]?.status).toBe('error');
    expect(await rows(adapter!, 'select count(*) as n from shop_aggregate.t')).toEqual([{ n: 5 }]);
  });

  it('keeps the previous view when a view replacing a table fails', async () => {
    const dir = writeProject({ 'domains/shop/aggregate/t.sql': 'select 1 as id' });
    await buildIn(dir);
    updateProject(dir, { 'domains/shop/aggregate/t.sql': '/* materialized: view */\nselect no_such_column from range(1)' });
    expect((await buildIn(dir)).success).toBe(false);
    expect(await rows(adapter!, "select table_type from information_schema.tables where table_name = 't'")).toEqual([{ table_type: 'BASE TABLE' }]);
    expect(await rows(adapter!, 'select id from shop_aggregate.t')).toEqual([{ id: 1 }]);
  });

  it('inlines ephemeral models as CTEs and builds nothing for them', async () => {
    const dir = writeProject({
      'domains/shop/raw/base.sql': 'select range as n from range(10)',
      'domains/shop/cleaned/evens.sql': '/* materialized: ephemeral */\nselect n from {{ref "base"}} where n % 2 = 0',
      'domains/shop/cleaned/big_evens.sql': '/* materialized: ephemeral */\nselect n from {{ref "evens"}} where n > 4',
      'domains/shop/aggregate/summary.sql': 'with c as (select count(*) as k from {{ref "big_evens"}}) select k, (select count(*) from {{ref "evens"}}) as e from c',
    });
    const run = await buildIn(dir);
    expect(run.results.map((r) => r.id)).toEqual(['model.shop.base', 'model.shop.summary']);
    expect(await rows(adapter!, 'select k, e from shop_aggregate.summary')).toEqual([{ k: 2, e: 5 }]);
  });
});

describe('incremental models', () => {
  const events = (n: number, value: string) => `select range as id, '${value}' as v, range as ts from range(${n})`;
  const model = (strategy: string, key = 'unique_key: id\n') =>
    `/*\nmaterialized: incremental\n${key}incremental_strategy: ${strategy}\n*/\nselect id, v, ts from {{ref "events"}}\n{{#if is_incremental}}where ts >= (select max(ts) from {{this}}){{/if}}`;

  it('merge: first build creates the table, re-runs update matched keys and insert new ones', async () => {
    const dir = writeProject({ 'domains/shop/raw/events.sql': events(3, 'a'), 'domains/shop/cleaned/inc.sql': model('merge') });
    let run = await buildIn(dir);
    expect(run.results.find((r) => r.id === 'model.shop.inc')).toMatchObject({ action: 'create', rowsAffected: 3 });
    updateProject(dir, { 'domains/shop/raw/events.sql': events(5, 'b') });
    run = await buildIn(dir);
    // Only ts >= 2 is selected: ids 2, 3, 4 → one update, two inserts.
    expect(run.results.find((r) => r.id === 'model.shop.inc')).toMatchObject({ action: 'incremental', rowsAffected: 3 });
    expect(await rows(adapter!, 'select id, v from shop_cleaned.inc order by id')).toEqual([
      { id: 0, v: 'a' },
      { id: 1, v: 'a' },
      { id: 2, v: 'b' },
      { id: 3, v: 'b' },
      { id: 4, v: 'b' },
    ]);
  });

  it('append: re-runs add rows without looking at keys', async () => {
    const dir = writeProject({ 'domains/shop/raw/events.sql': events(3, 'a'), 'domains/shop/cleaned/inc.sql': model('append', '') });
    await buildIn(dir);
    updateProject(dir, { 'domains/shop/raw/events.sql': events(4, 'b') });
    await buildIn(dir);
    expect(await rows(adapter!, 'select id, v from shop_cleaned.inc order by id, v')).toEqual([
      { id: 0, v: 'a' },
      { id: 1, v: 'a' },
      { id: 2, v: 'a' },
      { id: 2, v: 'b' },
      { id: 3, v: 'b' },
    ]);
  });

  it('delete+insert: replaces the rows of the keys it sees', async () => {
    const dir = writeProject({ 'domains/shop/raw/events.sql': events(3, 'a'), 'domains/shop/cleaned/inc.sql': model('delete+insert') });
    await buildIn(dir);
    updateProject(dir, { 'domains/shop/raw/events.sql': events(4, 'c') });
    const run = await buildIn(dir);
    expect(run.results.find((r) => r.id === 'model.shop.inc')).toMatchObject({ action: 'incremental', rowsAffected: 2 });
    expect(await rows(adapter!, 'select id, v from shop_cleaned.inc order by id')).toEqual([
      { id: 0, v: 'a' },
      { id: 1, v: 'a' },
      { id: 2, v: 'c' },
      { id: 3, v: 'c' },
    ]);
  });

  it('--full-refresh rebuilds from scratch', async () => {
    const dir = writeProject({ 'domains/shop/raw/events.sql': events(3, 'a'), 'domains/shop/cleaned/inc.sql': model('append', '') });
    await buildIn(dir);
    await buildIn(dir);
    expect(await rows(adapter!, 'select count(*) as n from shop_cleaned.inc')).toEqual([{ n: 4 }]);
    const run = await buildIn(dir, { fullRefresh: true });
    expect(run.results.find((r) => r.id === 'model.shop.inc')?.action).toBe('full_refresh');
    expect(await rows(adapter!, 'select count(*) as n from shop_cleaned.inc')).toEqual([{ n: 3 }]);
  });

  it('a failing incremental run leaves the table as it was', async () => {
    const dir = writeProject({ 'domains/shop/raw/events.sql': events(3, 'a'), 'domains/shop/cleaned/inc.sql': model('merge') });
    await buildIn(dir);
    updateProject(dir, { 'domains/shop/raw/events.sql': "select range as id, 'z' as v, range as ts, cast('bad' as integer) as boom from range(9)" });
    updateProject(dir, { 'domains/shop/cleaned/inc.sql': model('merge').replace('select id, v, ts', 'select id, v, ts, boom') });
    const run = await buildIn(dir);
    expect(statusOf(run)['model.shop.inc']).toBe('error');
    expect(await rows(adapter!, "select count(*) as n, count(*) filter (where v = 'a') as a from shop_cleaned.inc")).toEqual([{ n: 3, a: 3 }]);
  });
});
