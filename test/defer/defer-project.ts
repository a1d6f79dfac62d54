/** A project with a "prod" and a "dev" DuckDB file, prod built in full: what the --defer tests start from. */
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { expect } from 'vitest';
import { build } from '../../src/mesh.js';
import { writeProject } from '../support/temp-project.js';

/** Two DuckDB targets; mesh.yaml saved with CRLF line ends, as a Windows editor leaves it. */
export const MESH_YAML = ['name: defer_lab', 'targets:', '  dev:', '    engine: duckdb', '    path: .mesh/dev.duckdb', '  prod:', '    engine: duckdb', '    path: .mesh/prod.duckdb', 'default_target: dev', ''].join('\r\n');

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
    'columns:',
    '  customer:',
    '    tests: [not_null, { relationships: { to: orders, field: customer } }]',
    '*/',
    '-- prod\'s "shop_cleaned"."orders" is read through paid',
    'select customer, sum(amount) as total, count(*) as n, \'"shop_cleaned"."orders"\' as note',
    'from {{ref "paid"}}',
    'group by customer',
    '',
  ].join('\n'),
};

export const SUMMARY = 'select customer, total, n, note from shop_aggregate.summary order by customer';

/** Rows of a query on a DuckDB file, opened and closed again (the build's own connection is gone). */
export async function query(file: string, sql: string): Promise<Record<string, unknown>[]> {
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
export async function builtProd(files: Record<string, string> = {}): Promise<{ dir: string; state: string }> {
  const dir = writeProject({ ...PROJECT, ...files }, {});
  mkdirSync(join(dir, '.mesh'));
  const prod = await build({ projectDir: dir, target: 'prod' });
  expect(prod.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(prod.run?.success).toBe(true);
  const state = join(dir, 'prod-run');
  cpSync(join(dir, 'target'), state, { recursive: true });
  return { dir, state };
}

