import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Adapter } from '../../src/adapters/adapter.js';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import type { BuildResult } from '../../src/commands/build.js';
import { build } from '../../src/mesh.js';
import { memoryDuckDB, updateProject, writeProject } from '../support/temp-project.js';

/** The contract fixtures' data is from 2024-01-02: freshness SLAs are measured then. */
export const AS_OF = '2024-01-02T12:00:00Z';

export const ORDERS_CONTRACT = readFileSync(new URL('../contracts/fixtures/orders.odcs.yaml', import.meta.url), 'utf8');

/** Orders as the contract's backing model, over literal rows (order_id, customer_id, order_total, status). */
export const orders = (rows: [string | null, string, number, string][]): Record<string, string> => ({
  'domains/checkout/cleaned/orders.sql': `/* materialized: table */\r\nselect order_id, customer_id, order_total, timestamp '2024-01-02' as ordered_at, status\r\nfrom (values ${rows
    .map(([id, c, t, s]) => `(${id === null ? 'NULL' : `'${id}'`}, '${c}', ${t}, '${s}')`)
    .join(', ')}) as t(order_id, customer_id, order_total, status)\r\n`,
});

/**
 * A domain with a contract view over `cleaned.orders`, a table and a view reading orders, and a
 * branch (customers → customer_names) that reads nothing of orders. Files as editors save them:
 * CRLF, a BOM, a final newline; rows with duplicates and nulls.
 */
export const PROJECT: Record<string, string> = {
  'mesh.yaml': 'name: shop\n',
  'domains/checkout/domain.yaml': 'name: checkout\nowner: team-checkout\n',
  'domains/checkout/contracts/orders.odcs.yaml': ORDERS_CONTRACT,
  ...orders([['o1', 'c1', 10, 'paid'], ['o2', 'c2', 20, 'placed']]),
  'domains/checkout/raw/customers.sql': "\uFEFF/* materialized: table */\nselect * from (values ('c1', 'Ada'), ('c2', NULL), ('c2', NULL)) as t(customer_id, name)\n",
  'domains/checkout/aggregate/customer_names.sql': 'select distinct customer_id, coalesce(name, \'?\') as name from {{ref "customers"}}\n',
  'domains/checkout/aggregate/order_totals.sql': 'select customer_id, sum(order_total) as total from {{ref "orders"}} group by customer_id\n',
  'domains/checkout/aggregate/paid_orders.sql': "/* materialized: view */\nselect * from {{ref \"orders\"}} where status = 'paid'\n",
};

/**
 * Builds (the target, or an environment of it) and records what it built in its node-state table,
 * as the core build does once it records state: the nodes that ran successfully, with their
 * fingerprints. (Recording twice is harmless: the record is a MERGE.)
 */
export async function buildEnv(dir: string, adapter: Adapter, environment?: string, extra: { fullRefresh?: boolean; select?: string[] } = {}): Promise<BuildResult> {
  const result = await build({ projectDir: dir, adapter, asOf: AS_OF, ...(environment ? { environment } : {}), ...extra });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result;
}

/** `schema.name` → 'BASE TABLE' | 'VIEW' for every relation of these schemas. */
export async function relationsOf(adapter: DuckDBAdapter, schemas: string[]): Promise<Record<string, string>> {
  const found = await adapter.query(
    `select table_schema || '.' || table_name as name, table_type from information_schema.tables where table_schema in (${schemas.map((s) => `'${s}'`).join(', ')}) order by 1`,
  );
  return Object.fromEntries(found.map((r) => [String(r.name), String(r.table_type)]));
}

export const THREE = orders([['o1', 'c1', 10, 'paid'], ['o2', 'c2', 20, 'placed'], ['o3', 'c2', 5, 'paid']]);
export const CONTRACT = 'contract.checkout.orders_v1';

/** The target built, then the environment `feature` built after `files` changed (by default: a third order added). */
export async function targetThenEnvironment(files: Record<string, string> = THREE): Promise<{ dir: string; adapter: DuckDBAdapter }> {
  const dir = writeProject(PROJECT);
  const adapter = await memoryDuckDB(dir);
  await buildEnv(dir, adapter);
  updateProject(dir, files);
  await buildEnv(dir, adapter, 'feature');
  return { dir, adapter };
}
