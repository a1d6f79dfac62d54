import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/adapters/adapter.js';
import { bigqueryHarness, PROJECT, table } from './bigquery-harness.js';

describe('BigQueryAdapter dry run', () => {
  it('dry-runs each statement that can be, returns the estimated bytes, and creates nothing', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['shop_cleaned'], fake: { bytes: (sql) => (/SELECT/.test(sql) ? 3_000_000 : 0) } });
    fake.state.putRelation({ projectId: PROJECT, datasetId: 'shop_cleaned', tableId: 'orders', kind: 'TABLE', columns: [{ name: 'id', type: 'INT64' }], numRows: 10 });
    const statements = [
      { sql: `CREATE OR REPLACE TEMP TABLE orders__new AS\nSELECT id FROM ${table('shop_cleaned', 'orders')}` },
      { sql: 'BEGIN TRANSACTION' },
      { sql: `DELETE FROM ${table('shop_cleaned', 'orders')} AS target WHERE EXISTS (SELECT 1 FROM orders__new AS source WHERE target.id = source.id)` },
      { sql: `INSERT INTO ${table('shop_cleaned', 'orders')} SELECT * FROM orders__new`, reportsRows: true },
      { sql: 'COMMIT TRANSACTION' },
      { sql: 'DROP TABLE orders__new' },
      { sql: `CREATE OR REPLACE TABLE ${table('shop_cleaned', 'summary')} AS\nSELECT count(*) AS n FROM ${table('shop_cleaned', 'orders')}`, reportsRows: true },
    ];
    const result = await adapter.execute(statements, { node: 'model.shop.orders', dryRun: true });
    const sent = fake.requestsTo('jobs.insert').map((r) => r.body as { configuration: { dryRun?: boolean; query: { query: string } } });
    // The temp table's query alone, and the CREATE TABLE AS: the rest needs the script around it.
    expect(sent.map((b) => b.configuration.query.query)).toEqual([`SELECT id FROM ${table('shop_cleaned', 'orders')}`, statements[6]!.sql]);
    expect(sent.every((b) => b.configuration.dryRun === true)).toBe(true);
    expect(result.cost).toEqual({ bytesProcessed: 6_000_000, cacheHit: false });
    expect(result.rowsAffected).toBeUndefined();
    expect(fake.state.relation(PROJECT, 'shop_cleaned', 'summary')).toBeUndefined();
    expect(fake.jobs.size).toBe(0);
    expect(fake.statements.every((s) => s.dryRun)).toBe(true);
  });

  it('estimates the query of a table replacing a view, since the DROP before it is not run', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['shop_cleaned'] });
    fake.state.putRelation({ projectId: PROJECT, datasetId: 'shop_cleaned', tableId: 'orders', kind: 'VIEW', columns: [{ name: 'id', type: 'INT64' }] });
    const create = `CREATE OR REPLACE TABLE ${table('shop_cleaned', 'orders')}\nPARTITION BY DATE_TRUNC(day, MONTH)\nOPTIONS (description = 'as of today')\nAS\nSELECT 1 AS id, CURRENT_DATE() AS day`;
    const result = await adapter.execute([{ sql: `DROP VIEW IF EXISTS ${table('shop_cleaned', 'orders')}` }, { sql: create, reportsRows: true }], { dryRun: true });
    expect(fake.requestsTo('jobs.insert').map((r) => (r.body as { configuration: { query: { query: string } } }).configuration.query.query)).toEqual(['SELECT 1 AS id, CURRENT_DATE() AS day']);
    expect(result.cost?.bytesProcessed).toBe(0);
    expect(fake.state.relation(PROJECT, 'shop_cleaned', 'orders')?.kind).toBe('VIEW');
  });

  it('reports a parent that does not exist yet as notFound, at the statement it stopped', async () => {
    const { adapter } = await bigqueryHarness({ datasets: ['shop_cleaned'] });
    const error = await adapter
      .execute([{ sql: `DROP VIEW IF EXISTS ${table('shop_cleaned', 'b')}` }, { sql: `CREATE OR REPLACE TABLE ${table('shop_cleaned', 'b')} AS\nSELECT * FROM ${table('shop_cleaned', 'a')}` }], { dryRun: true })
      .catch((e: unknown) => e as EngineError);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).statementIndex).toBe(1);
    expect((error as EngineError).detail.notFound).toBe('shop_cleaned.a');
  });

  it('places an invalid statement’s [line:col] within that statement', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['shop_cleaned'] });
    fake.reject({ match: (sql) => sql.includes('nope'), message: 'Unrecognized name: nope', line: 2, column: 8 });
    const error = (await adapter.execute([{ sql: 'BEGIN TRANSACTION' }, { sql: 'SELECT\n  1 AS nope' }], { dryRun: true }).catch((e: unknown) => e)) as EngineError;
    expect([error.message, error.statementIndex, error.line, error.column]).toEqual(['Unrecognized name: nope', 1, 2, 8]);
  });
});
