import { describe, expect, it } from 'vitest';
import { bigqueryHarness, PROJECT, table, TOKEN } from './bigquery-harness.js';

const CONTEXT = { runId: '7f3c2a10-9d1e-4c2b-8a77-0b5e1f2d3c4b', node: 'model.shop.Orders', domain: 'shop', stage: 'cleaned' };

describe('BigQueryAdapter.execute: one script job per node', () => {
  it('sends all statements in one job, with labels, a mesh_ job id, the location and the settings', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['shop_cleaned'], settings: { maximumBytesBilled: 10_000_000_000, jobTimeoutSeconds: 600, priority: 'batch', labels: { Team: 'Data Platform', 'cost center': 'CC-42' } } });
    fake.state.putRelation({ projectId: PROJECT, datasetId: 'shop_cleaned', tableId: 'orders', kind: 'TABLE', columns: [{ name: 'id', type: 'INT64' }], numRows: 10 });
    const statements = [
      { sql: `CREATE OR REPLACE TEMP TABLE orders__new AS\nSELECT id FROM ${table('shop_cleaned', 'orders')}` },
      { sql: 'BEGIN TRANSACTION' },
      { sql: `DELETE FROM ${table('shop_cleaned', 'orders')} AS target\nWHERE EXISTS (SELECT 1 FROM orders__new AS source WHERE target.id = source.id)` },
      { sql: `INSERT INTO ${table('shop_cleaned', 'orders')} SELECT * FROM orders__new`, reportsRows: true },
      { sql: 'COMMIT TRANSACTION' },
      { sql: 'DROP TABLE orders__new' },
    ];
    await adapter.execute(statements, CONTEXT);

    const inserts = fake.requestsTo('jobs.insert');
    expect(inserts).toHaveLength(1);
    const body = inserts[0]!.body as { jobReference: { projectId: string; jobId: string; location: string }; configuration: Record<string, any> };
    expect(body.configuration.query.query).toBe(statements.map((s) => s.sql).join(';\n'));
    expect(body.configuration.query.useLegacySql).toBe(false);
    expect(body.configuration.query.priority).toBe('BATCH');
    expect(body.configuration.query.maximumBytesBilled).toBe('10000000000');
    expect(body.configuration.jobTimeoutMs).toBe('600000');
    expect(body.configuration.labels).toEqual({
      team: 'data_platform',
      cost_center: 'cc-42',
      mesh_tool: 'meshwork',
      mesh_run_id: '7f3c2a10-9d1e-4c2b-8a77-0b5e1f2d3c4b',
      mesh_domain: 'shop',
      mesh_stage: 'cleaned',
      mesh_node: 'model_shop_orders',
    });
    expect(body.jobReference.projectId).toBe(PROJECT);
    expect(body.jobReference.location).toBe('europe-west1');
    expect(body.jobReference.jobId).toMatch(/^mesh_7f3c2a10-9d1e-4c2b-8a77-0b5e1f2d3c4b_model_shop_Orders_[0-9a-f]{12}$/);
    // Every call about the job names its location (outside US/EU BigQuery finds the job only so).
    for (const r of fake.requests.filter((r) => r.route.startsWith('jobs.') && r.route !== 'jobs.insert' && r.route !== 'jobs.list')) expect(r.query.location).toBe('europe-west1');
    expect(fake.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    // The fake split the script as BigQuery would: six statements, all of one job.
    expect(fake.statements.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new Set(fake.statements.map((s) => s.jobId))).toEqual(new Set([body.jobReference.jobId]));
  });

  it('bills the execution project while the data stays in the target project', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['shop_cleaned'], settings: { executionProject: 'acme-billing' } });
    await adapter.execute([{ sql: `CREATE TABLE ${table('shop_cleaned', 't')} (id INT64)` }]);
    const insert = fake.requestsTo('jobs.insert')[0]!;
    expect(insert.path).toBe('/bigquery/v2/projects/acme-billing/jobs');
    expect(fake.state.relation(PROJECT, 'shop_cleaned', 't')?.columns).toEqual([{ name: 'id', type: 'INT64' }]);
  });

  it('reports the DML statement’s affected rows from its child job, and the cost of the script', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['shop_cleaned'], fake: { rows: (sql) => (/^INSERT/.test(sql) ? 42 : /^DELETE/.test(sql) ? 7 : undefined), bytes: (sql) => (/^(INSERT|DELETE)/.test(sql) ? 5_000_000 : 0) } });
    fake.state.putRelation({ projectId: PROJECT, datasetId: 'shop_cleaned', tableId: 'orders', kind: 'TABLE', columns: [{ name: 'id', type: 'INT64' }], numRows: 10 });
    const result = await adapter.execute(
      [
        { sql: 'BEGIN TRANSACTION' },
        { sql: `DELETE FROM ${table('shop_cleaned', 'orders')} WHERE id < 3` },
        { sql: `INSERT INTO ${table('shop_cleaned', 'orders')}\nSELECT 1 AS id`, reportsRows: true },
        { sql: 'COMMIT TRANSACTION' },
      ],
      CONTEXT,
    );
    expect(result.rowsAffected).toBe(42);
    expect(fake.requestsTo('jobs.list')[0]!.query.parentJobId).toBe((fake.requestsTo('jobs.insert')[0]!.body as { jobReference: { jobId: string } }).jobReference.jobId);
    // Two statements read 5 MB each: each is billed BigQuery's 10 MB minimum.
    expect(result.cost).toEqual({ bytesProcessed: 10_000_000, bytesBilled: 20 * 1024 * 1024, slotMs: expect.any(Number), cacheHit: false });
    expect(result.cost!.slotMs).toBeGreaterThan(0);
  });

  it('reports a CREATE TABLE AS statement’s rows from the table it made (BigQuery gives no DML count for it)', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['shop_cleaned'], fake: { rows: () => 1234 } });
    const result = await adapter.execute([{ sql: `DROP VIEW IF EXISTS ${table('shop_cleaned', 'orders')}` }, { sql: `CREATE OR REPLACE TABLE ${table('shop_cleaned', 'orders')} AS\nSELECT 1 AS id, 'a' AS name`, reportsRows: true }], CONTEXT);
    expect(result.rowsAffected).toBe(1234);
    expect(fake.requestsTo('tables.get').map((r) => r.path)).toEqual([`/bigquery/v2/projects/${PROJECT}/datasets/shop_cleaned/tables/orders`]);
    expect(fake.state.relation(PROJECT, 'shop_cleaned', 'orders')?.columns.map((c) => c.name)).toEqual(['id', 'name']);
  });

  it('runs a single statement as a plain query job and reads a DML count from the job itself', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['shop_cleaned'] });
    fake.state.putRelation({ projectId: PROJECT, datasetId: 'shop_cleaned', tableId: 'orders', kind: 'TABLE', columns: [{ name: 'id', type: 'INT64' }], numRows: 0 });
    const result = await adapter.execute([{ sql: `INSERT INTO ${table('shop_cleaned', 'orders')} (id) VALUES (1), (2), (3)`, reportsRows: true }]);
    expect(result.rowsAffected).toBe(3);
    expect(fake.requestsTo('jobs.list')).toHaveLength(0);
    expect(fake.state.relation(PROJECT, 'shop_cleaned', 'orders')?.numRows).toBe(3);
  });

  it('answers queryNumber and queryValues from the job’s results, INFORMATION_SCHEMA included', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['shop_cleaned'], fake: { answer: (sql) => (/failures/.test(sql) ? { fields: [{ name: 'failures', type: 'INT64' }], rows: [[5]] } : undefined) } });
    await adapter.execute([{ sql: `CREATE TABLE ${table('shop_cleaned', 'orders')} (id INT64, placed_at TIMESTAMP)` }]);
    expect(await adapter.queryNumber('SELECT count(*) AS failures FROM (SELECT 1) AS failing_rows')).toBe(5);
    const types = await adapter.queryValues(adapter.dialect.schemaColumnTypesSql(['shop_cleaned']));
    expect(types).toEqual(['shop_cleaned\torders\tid\tINT64', 'shop_cleaned\torders\tplaced_at\tTIMESTAMP']);
    expect(fake.requestsTo('jobs.getQueryResults').every((r) => r.query.location === 'europe-west1')).toBe(true);
  });
});
