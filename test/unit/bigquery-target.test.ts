import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, generateUnitTest, runUnitTests } from '../../src/mesh.js';
import { bigqueryHarness, PROJECT, TOKEN } from '../adapters/bigquery-harness.js';
import type { QueryResult } from '../support/bigquery-fake/query-results.js';
import type { StatementAnalyzer, TableColumn } from '../support/statement-analyzer.js';
import { writeProject } from '../support/temp-project.js';
import { createZetaSqlAnalyzer } from '../support/zetasql.js';

/** A project built on BigQuery: a source table (with a DuckDB file for the local compile), a model, a seed, and the model under test. */
const FILES: Record<string, string> = {
  'mesh.yaml': ['name: shop_mesh', 'targets:', '  dev:', '    engine: duckdb', '  prod:', '    engine: bigquery', `    project: ${PROJECT}`, '    location: europe-west1', 'default_target: dev', ''].join('\r\n'),
  'domains/shop/domain.yaml': '\uFEFFname: shop\nowner: team-shop\nsources:\n  payments:\n    duckdb: data/payments.csv\n    bigquery: ingest.payments\n',
  'domains/shop/data/payments.csv': 'order_id,amount,paid_at\n9,1.25,2023-12-31 23:00:00\n',
  'domains/shop/seeds/customers.csv': 'customer_id,name\r\n7,ann\r\n',
  'domains/shop/cleaned/orders.sql': '/*\nmaterialized: table\n*/\nselect 1 as order_id, 7 as customer_id\n',
  'domains/shop/aggregate/totals.sql': [
    'select o.customer_id, c.name, sum(p.amount) as total, max(p.paid_at) as last_paid',
    'from {{ref "orders"}} as o',
    'join {{source "payments"}} as p on p.order_id = o.order_id',
    'left join {{ref "customers"}} as c on c.customer_id = o.customer_id',
    'group by 1, 2',
    '',
  ].join('\n'),
};

/** What the warehouse holds, as BigQuery's API returns it (a TIMESTAMP as microseconds, NUMERIC as text). */
const TABLES: Record<string, { columns: TableColumn[]; rows: (string | number | null)[][] }> = {
  [`${PROJECT}.shop_cleaned.orders`]: { columns: [{ name: 'order_id', type: 'INT64' }, { name: 'customer_id', type: 'INT64' }], rows: [[1, 7], [2, null]] },
  [`${PROJECT}.ingest.payments`]: {
    columns: [{ name: 'order_id', type: 'INT64' }, { name: 'amount', type: 'NUMERIC' }, { name: 'paid_at', type: 'TIMESTAMP' }],
    rows: [[1, '10.5', '1704103200000000'], [1, '10.5', '1704103200000000'], [2, null, null]],
  },
  [`${PROJECT}.shop_seeds.customers`]: { columns: [{ name: 'customer_id', type: 'INT64' }, { name: 'name', type: 'STRING' }], rows: [[7, 'ann']] },
};

describe('unit tests on a BigQuery target: --generate and mesh build', () => {
  let analyzer: StatementAnalyzer;
  beforeAll(async () => {
    analyzer = await createZetaSqlAnalyzer();
  });
  afterAll(async () => {
    await analyzer?.close();
  });

  it('reads each input through the adapter with a LIMIT in the query, in SQL BigQuery accepts; the test runs on DuckDB and passes', async () => {
    const answer = (sql: string): QueryResult | undefined => {
      const table = Object.keys(TABLES).find((name) => sql.includes(`\`${name}\``));
      const limit = Number(/limit (\d+)\s*$/i.exec(sql)?.[1] ?? Infinity);
      return table ? { fields: TABLES[table]!.columns, rows: TABLES[table]!.rows.slice(0, limit) } : undefined;
    };
    const { fake, adapter } = await bigqueryHarness({ fake: { analyzer, answer } });
    for (const [name, table] of Object.entries(TABLES)) {
      const [projectId, datasetId, tableId] = name.split('.') as [string, string, string];
      fake.state.addDataset({ projectId, datasetId, location: 'europe-west1' });
      fake.state.putRelation({ projectId, datasetId, tableId, kind: 'TABLE', columns: table.columns });
    }
    const dir = writeProject(FILES, {});
    const result = await generateUnitTest({ projectDir: dir, target: 'prod', model: 'totals', limit: 3, adapter, env: { MESH_BQ_TOKEN: TOKEN } });
    expect(result.diagnostics).toEqual([]);
    expect(result.file).toBe('domains/shop/tests/unit/totals.yaml');

    const sent = fake.statements.map((s) => s.sql);
    expect(sent).toEqual([
      `select * from \`${PROJECT}.ingest.payments\` limit 3`,
      `select * from \`${PROJECT}.shop_cleaned.orders\` limit 3`,
      `select * from \`${PROJECT}.shop_seeds.customers\` limit 3`,
    ]);
    const known = new Map(Object.entries(TABLES).map(([name, t]) => [name, t.columns]));
    for (const sql of sent) expect(await analyzer.analyze(sql, known, PROJECT), sql).toMatchObject({ ok: true });

    const text = readFileSync(join(dir, result.file!), 'utf8');
    expect(text).toContain("from target 'prod'");
    // The values as the engine returned them: NUMERIC as text (cast back to the source's type), a TIMESTAMP as an instant.
    expect(text).toContain('      - {order_id: 1, amount: "10.5", paid_at: "2024-01-01T10:00:00.000Z"}\n      - {order_id: 1, amount: "10.5", paid_at: "2024-01-01T10:00:00.000Z"}\n      - {order_id: 2, amount: null, paid_at: null}');
    expect(text).toContain('expect:\n  rows:\n    - {customer_id: 7, name: "ann", total: 21, last_paid: "2024-01-01 10:00:00"}\n');
    // The written test passes as written, run on DuckDB with no warehouse.
    const run = await runUnitTests({ projectDir: dir, target: 'prod' });
    expect(run.diagnostics).toEqual([]);
    expect(run.results.map((r) => r.status)).toEqual(['pass']);
  });

  it('mesh build on BigQuery runs the unit tests in memory first: a failing one keeps its model from the warehouse', async () => {
    const { fake, adapter } = await bigqueryHarness();
    const failing = ['model: totals', 'given:', '  - ref: orders', '    rows: [{order_id: 1, customer_id: 7}]', '  - source: payments', '    rows: [{order_id: 1, amount: 2}]', '  - ref: customers', '    rows: [{customer_id: 7, name: ann}]', 'expect:', '  rows: [{customer_id: 7, total: 3}]', ''].join('\n');
    const dir = writeProject({ ...FILES, 'domains/shop/tests/unit/totals.yaml': failing }, {});
    const result = await build({ projectDir: dir, target: 'prod', adapter, env: { MESH_BQ_TOKEN: TOKEN } });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const status = Object.fromEntries(result.run!.results.map((r) => [r.id, r.skipReason ?? r.status]));
    expect(status).toEqual({ 'unit_test.shop.totals': 'error', 'model.shop.orders': 'success', 'seed.shop.customers': 'success', 'model.shop.totals': 'unit_test_failed' });
    // Nothing of totals reached BigQuery; its inputs were built.
    expect(fake.statements.filter((s) => s.sql.includes('totals')).map((s) => s.sql.slice(0, 300))).toEqual([]);
    expect(fake.state.relation(PROJECT, 'shop_cleaned', 'orders')?.kind).toBe('TABLE');
  });
});
