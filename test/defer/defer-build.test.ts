/**
 * `mesh build --defer` on real DuckDB files: a "prod" target built in full into one file, a "dev"
 * target in another with nothing (or a little) built. The selected leaf reads its unselected
 * parents from prod's file, attached read-only, and its rows equal prod's.
 */
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/mesh.js';
import { mesh } from '../support/run-cli.js';
import { writeProject } from '../support/temp-project.js';

/** Two DuckDB targets; mesh.yaml saved with CRLF line ends, as a Windows editor leaves it. */
const MESH_YAML = ['name: defer_lab', 'targets:', '  dev:', '    engine: duckdb', '    path: .mesh/dev.duckdb', '  prod:', '    engine: duckdb', '    path: .mesh/prod.duckdb', 'default_target: dev', ''].join('\r\n');

export const PROJECT: Record<string, string> = {
  'mesh.yaml': MESH_YAML,
  'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\ndescription: orders\nsources:\n  orders_raw:\n    duckdb: data/orders.csv\n',
  // Duplicated rows and a null amount, as exports have them.
  'domains/shop/data/orders.csv': 'id,customer,amount\n1,ann,10\n1,ann,10\n2,bob,\n3,ann,5\n4,cy,7\n',
  'domains/shop/cleaned/orders.sql': '/*\nmaterialized: table\n*/\nselect distinct id, customer, amount from {{source "orders_raw"}}\n',
  // Ephemeral: inlined into its readers, so its parent (orders) is theirs.
  'domains/shop/cleaned/paid.sql': '/*\nmaterialized: ephemeral\n*/\nselect * from {{ref "orders"}} where amount is not null\n',
  'domains/shop/aggregate/summary.sql': [
    '/*',
    'materialized: table',
    '*/',
    '-- prod\'s "shop_cleaned"."orders" is read through paid',
    'select customer, sum(amount) as total, count(*) as n, \'"shop_cleaned"."orders"\' as note',
    'from {{ref "paid"}}',
    'group by customer',
    '',
  ].join('\n'),
};

const SUMMARY = 'select customer, total, n, note from shop_aggregate.summary order by customer';

/** Rows of a query on a DuckDB file, opened and closed again (the build's own connection is gone). */
async function query(file: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(sql);
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** A project with prod built in full, and prod's target/ kept as the state folder (the next compile rewrites target/). */
async function builtProd(files: Record<string, string> = {}): Promise<{ dir: string; state: string }> {
  const dir = writeProject({ ...PROJECT, ...files }, {});
  mkdirSync(join(dir, '.mesh'));
  const prod = await build({ projectDir: dir, target: 'prod' });
  expect(prod.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(prod.run?.success).toBe(true);
  const state = join(dir, 'prod-run');
  cpSync(join(dir, 'target'), state, { recursive: true });
  return { dir, state };
}

const ran = (result: Awaited<ReturnType<typeof build>>): string[] => result.run!.results.filter((r) => r.status !== 'skipped').map((r) => r.id);

describe('mesh build --defer (DuckDB files)', () => {
  it('builds only the selected leaf, reading its unbuilt parents from prod, with prod\'s rows', async () => {
    const { dir, state } = await builtProd();
    const deferred = await build({ projectDir: dir, select: ['summary'], defer: true, state });
    expect(deferred.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(deferred.run?.success).toBe(true);
    expect(ran(deferred)).toEqual(['model.shop.summary']);
    const devRows = await query(join(dir, '.mesh/dev.duckdb'), SUMMARY);
    expect(devRows).toEqual(await query(join(dir, '.mesh/prod.duckdb'), SUMMARY));
    expect(devRows).toEqual([
      { customer: 'ann', total: '15', n: '2', note: '"shop_cleaned"."orders"' },
      { customer: 'cy', total: '7', n: '1', note: '"shop_cleaned"."orders"' },
    ]);
    // Dev built nothing but the leaf: its parent stays prod's alone.
    expect(await query(join(dir, '.mesh/dev.duckdb'), "select table_name from information_schema.tables where table_catalog = current_database() order by 1")).toEqual([{ table_name: 'summary' }]);
  });

  it('fails without --defer: the parent is not built on dev', async () => {
    const { dir } = await builtProd();
    const plain = await build({ projectDir: dir, select: ['summary'] });
    expect(plain.run?.success).toBe(false);
    const summary = plain.run!.results.find((r) => r.id === 'model.shop.summary')!;
    expect(summary.status).toBe('error');
    expect(summary.message).toMatch(/orders/);
  });

  it('--defer-to prod names prod\'s relations without a manifest, through the CLI', async () => {
    const { dir } = await builtProd();
    const result = await mesh(['build', '--project', dir, '--select', 'summary', '--defer-to', 'prod']);
    expect(result.err.join('\n')).not.toMatch(/error/);
    expect(result.code).toBe(0);
    expect(await query(join(dir, '.mesh/dev.duckdb'), SUMMARY)).toEqual(await query(join(dir, '.mesh/prod.duckdb'), SUMMARY));
  });

  it('reads a parent this target has built from this target, unless --favor-state', async () => {
    const { dir, state } = await builtProd();
    // Dev's own orders: only ann's first order.
    const dev = await build({ projectDir: dir, select: ['orders'] });
    expect(dev.run?.success).toBe(true);
    const devDb = join(dir, '.mesh/dev.duckdb');
    const own = await query(devDb, 'select count(*) as n from shop_cleaned.orders');
    expect(own).toEqual([{ n: '4' }]);
    await (async () => {
      const instance = await DuckDBInstance.create(devDb);
      const c = await instance.connect();
      await c.run("delete from shop_cleaned.orders where customer <> 'ann' or id <> 1");
      c.closeSync();
      instance.closeSync();
    })();

    const preferDev = await build({ projectDir: dir, select: ['summary'], defer: true, state });
    expect(preferDev.run?.success).toBe(true);
    expect(await query(devDb, 'select customer, total, n from shop_aggregate.summary')).toEqual([{ customer: 'ann', total: '10', n: '1' }]);

    const favor = await build({ projectDir: dir, select: ['summary'], defer: true, state, favorState: true });
    expect(favor.run?.success).toBe(true);
    expect(await query(devDb, SUMMARY)).toEqual(await query(join(dir, '.mesh/prod.duckdb'), SUMMARY));
  });

  it('MESH251: a parent the state manifest does not know is read from this target, with a warning at the reference', async () => {
    const { dir, state } = await builtProd();
    // A model added since prod's run, and the leaf reads it.
    const files = {
      'domains/shop/cleaned/vip.sql': "select 'ann' as customer\n",
      'domains/shop/aggregate/summary.sql': `${PROJECT['domains/shop/aggregate/summary.sql']!.replace('group by customer\n', '')}where customer in (select customer from {{ref "vip"}})\ngroup by customer\n`,
    };
    const { writeFileSync } = await import('node:fs');
    for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
    const result = await build({ projectDir: dir, select: ['summary'], defer: true, state });
    const warned = result.diagnostics.filter((d) => d.code === 'MESH251');
    expect(warned).toMatchObject([{ severity: 'warning', file: 'domains/shop/aggregate/summary.sql', line: 7 }]);
    expect(warned[0]!.message).toContain('model.shop.vip');
    // vip was never built on dev: the leaf fails there, as the warning says.
    expect(result.run?.success).toBe(false);
  });
});
