import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { build } from '../../src/mesh.js';
import { memoryDuckDB, rows, updateProject, writeProject } from '../support/temp-project.js';

const PROJECT = {
  'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\nsources:\n  feed:\n    duckdb: data/feed.csv\n',
  'domains/shop/data/feed.csv': 'id,amount,status\n1,2.5,paid\n1,2.5,paid\n2,,open\n',
  'domains/shop/raw/orders.sql': 'select * from {{source "feed"}}\n',
  'domains/shop/cleaned/orders_clean.sql': '/*\nmaterialized: table\ncolumns:\n  id:\n    tests: [not_null]\n*/\nselect distinct id, amount, status from {{ref "orders"}}\n',
  'domains/shop/aggregate/totals.sql': '/*\nmaterialized: table\n*/\nselect status, sum(amount) as total from {{ref "orders_clean"}} group by status\n',
  'domains/shop/aggregate/other.sql': '/*\nmaterialized: table\n*/\nselect 1 as one\n',
};

let adapter: DuckDBAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
});

describe('mesh build --select state:modified+ --state <dir> on DuckDB', () => {
  it('builds the edited model and what reads it, against the manifest of the previous build', async () => {
    const dir = writeProject(PROJECT);
    adapter = await memoryDuckDB(dir);
    const first = await build({ projectDir: dir, adapter });
    expect(first.run?.success).toBe(true);
    expect(first.run!.results).toHaveLength(5);
    const state = join(dir, 'last-build');
    mkdirSync(state);
    cpSync(join(dir, 'target', 'manifest.json'), join(state, 'manifest.json'));

    updateProject(dir, { 'domains/shop/cleaned/orders_clean.sql': PROJECT['domains/shop/cleaned/orders_clean.sql'].replace('select distinct', 'select distinct on (id)') });
    const second = await build({ projectDir: dir, adapter, select: ['state:modified+'], state });
    expect(second.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(second.run!.results.map((r) => [r.id, r.status]).sort()).toEqual([
      ['model.shop.orders_clean', 'success'],
      ['model.shop.totals', 'success'],
      ['test.shop.not_null_orders_clean_id', 'success'],
    ]);
    // The duplicate export line is gone, once per id now.
    expect(await rows(adapter, 'select count(*)::int as n from shop_cleaned.orders_clean')).toEqual([{ n: 2 }]);

    // --state naming the project's own target/: read before this build overwrote it, so the edit is still news.
    updateProject(dir, { 'domains/shop/aggregate/other.sql': '/*\nmaterialized: table\n*/\nselect 2 as one\n' });
    const third = await build({ projectDir: dir, adapter, select: ['state:modified'], state: join(dir, 'target') });
    expect(third.run!.results.map((r) => r.id)).toEqual(['model.shop.other']);
    const fourth = await build({ projectDir: dir, adapter, select: ['state:modified'], state: join(dir, 'target') });
    expect(fourth.run!.results).toEqual([]);
    expect(fourth.diagnostics.map((d) => d.code)).toEqual(['MESH170']);
  });

  it('--state naming a folder without manifest.json is MESH247 before anything runs', async () => {
    const dir = writeProject(PROJECT);
    adapter = await memoryDuckDB(dir);
    const result = await build({ projectDir: dir, adapter, select: ['state:new'], state: join(dir, 'missing') });
    expect(result.run).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.file])).toEqual([['MESH247', 'missing/manifest.json']]);
  });
});
