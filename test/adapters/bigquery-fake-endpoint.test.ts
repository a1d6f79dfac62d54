import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/adapters/adapter.js';
import type { Analysis, KnownTables, StatementAnalyzer } from '../support/statement-analyzer.js';
import { bigqueryHarness, PROJECT, table, TOKEN } from './bigquery-harness.js';

/**
 * An analyzer that knows two rules, to test how the endpoint uses one (the real one is ZetaSQL):
 * a name it cannot find among the known tables is rejected at its position, and `SELECT a, b`
 * produces columns a and b typed from the table read.
 */
function ruleAnalyzer(seen: { sql: string; tables: string[] }[]): StatementAnalyzer {
  return {
    async analyze(sql: string, tables: KnownTables, defaultProject: string): Promise<Analysis> {
      seen.push({ sql, tables: [...tables.keys()] });
      expect(defaultProject).toBe(PROJECT);
      const lines = sql.split('\n');
      for (const [i, line] of lines.entries()) {
        const at = line.indexOf('missing_column');
        if (at >= 0) return { ok: false, message: 'Unrecognized name: missing_column', line: i + 1, column: at + 1 };
      }
      const from = /FROM\s+`?([\w.-]+)`?/i.exec(sql)?.[1];
      const read = from ? tables.get(from) : undefined;
      const select = /SELECT\s+([\w, ]+?)\s+FROM/i.exec(sql)?.[1];
      if (!select || !read) return { ok: true };
      return { ok: true, columns: select.split(',').map((name) => read.find((c) => c.name === name.trim()) ?? { name: name.trim(), type: 'STRING' }) };
    },
    async close() {},
  };
}

describe('the local BigQuery endpoint with an analyzer', () => {
  it('analyzes each statement in order against the known relations (TEMP tables by bare name) and records CREATE … AS columns', async () => {
    const seen: { sql: string; tables: string[] }[] = [];
    const { fake, adapter } = await bigqueryHarness({ datasets: ['shop_cleaned'], fake: { analyzer: ruleAnalyzer(seen) } });
    fake.state.putRelation({ projectId: PROJECT, datasetId: 'shop_cleaned', tableId: 'orders', kind: 'TABLE', columns: [{ name: 'id', type: 'INT64' }, { name: 'amount', type: 'NUMERIC' }] });
    await adapter.execute([
      { sql: `CREATE TEMP TABLE recent AS SELECT id, amount FROM ${table('shop_cleaned', 'orders')}` },
      { sql: `CREATE TABLE ${table('shop_cleaned', 'amounts')} AS SELECT amount FROM recent` },
    ]);
    expect(seen.map((s) => s.tables)).toEqual([[`${PROJECT}.shop_cleaned.orders`], [`${PROJECT}.shop_cleaned.orders`, 'recent']]);
    expect(fake.state.relation(PROJECT, 'shop_cleaned', 'amounts')?.columns).toEqual([{ name: 'amount', type: 'NUMERIC' }]);
  });

  it('fails the job with invalidQuery at the script position of the statement the analyzer rejects', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['shop_cleaned'], fake: { analyzer: ruleAnalyzer([]) } });
    const error = (await adapter
      .execute([{ sql: 'BEGIN TRANSACTION' }, { sql: 'SELECT\n  1 AS a,\n  missing_column' }, { sql: 'COMMIT TRANSACTION' }])
      .catch((e: unknown) => e)) as EngineError;
    const job = [...fake.jobs.values()].find((j) => !j.parentJobId)!;
    expect(job.errorResult).toEqual({ reason: 'invalidQuery', message: 'Unrecognized name: missing_column at [4:3]', location: 'query' });
    expect([error.statementIndex, error.line, error.column]).toEqual([1, 3, 3]);
    // Only the statement before it ran: one child job.
    expect(job.children).toHaveLength(1);
  });
});

describe('the local BigQuery endpoint', () => {
  it('finds a job outside the US and EU only with its location, as BigQuery does', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['shop_cleaned'] });
    await adapter.execute([{ sql: 'SELECT 1' }]);
    const jobId = (fake.requestsTo('jobs.insert')[0]!.body as { jobReference: { jobId: string } }).jobReference.jobId;
    const response = await fetch(`${fake.url}/bigquery/v2/projects/${PROJECT}/jobs/${jobId}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(404);
    const located = await fetch(`${fake.url}/bigquery/v2/projects/${PROJECT}/jobs/${jobId}?location=europe-west1`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(((await located.json()) as { status: { state: string } }).status.state).toBe('DONE');
  });

  it('answers a repeated query from its cache, with no bytes billed', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['shop_cleaned'] });
    fake.state.putRelation({ projectId: PROJECT, datasetId: 'shop_cleaned', tableId: 'orders', kind: 'TABLE', columns: [{ name: 'id', type: 'INT64' }], numRows: 1000 });
    const sql = `SELECT id FROM ${table('shop_cleaned', 'orders')}`;
    const first = await adapter.execute([{ sql }]);
    const second = await adapter.execute([{ sql }]);
    expect(first.cost).toMatchObject({ bytesProcessed: 16_000, bytesBilled: 10 * 1024 * 1024, cacheHit: false });
    expect(second.cost).toMatchObject({ bytesProcessed: 0, bytesBilled: 0, cacheHit: true });
  });

  it('answers the jobs.query fast path, which carries the location only when given', async () => {
    const { fake } = await bigqueryHarness({ datasets: ['shop_cleaned'] });
    const post = (body: unknown) =>
      fetch(`${fake.url}/bigquery/v2/projects/${PROJECT}/queries`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const missing = await post({ query: `SELECT count(*) AS n FROM ${table('shop_cleaned', 'orders')}`, useLegacySql: false });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(/^Not found: Dataset acme-data:shop_cleaned was not found in location US/);
    const located = await post({ query: 'SELECT count(*) AS n FROM UNNEST([1])', useLegacySql: false, location: 'europe-west1' });
    expect(await located.json()).toMatchObject({ kind: 'bigquery#queryResponse', jobComplete: true, schema: { fields: [{ name: 'n', type: 'INT64' }] }, rows: [{ f: [{ v: '0' }] }] });
  });

  it('follows the rows of a table made with a column list (the published state) through INSERT VALUES and DELETE', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['meshwork'] });
    const state = table('meshwork', 'published_contracts');
    await adapter.execute([{ sql: `CREATE TABLE IF NOT EXISTS ${state} (\n  contract_id STRING, domain STRING, product STRING, major INT64, version STRING,\n  definition STRING, published_at TIMESTAMP\n)` }]);
    const publish = (version: string) => [
      { sql: `DELETE FROM ${state} WHERE domain = 'shop' AND product = 'orders' AND major = 1` },
      { sql: `INSERT INTO ${state} VALUES (\n  'shop.orders', 'shop', 'orders', 1, '${version}',\n  '{"note":"it\\'s, (really)"}', CURRENT_TIMESTAMP()\n)`, reportsRows: true },
    ];
    expect((await adapter.execute(publish('1.0.0'))).rowsAffected).toBe(1);
    await adapter.execute(publish('1.1.0'));
    expect(await adapter.queryValues(`SELECT definition FROM ${state}`)).toEqual(['{"note":"it\'s, (really)"}']);
    expect(await adapter.queryValues(`SELECT version FROM ${state} WHERE product = 'orders'`)).toEqual(['1.1.0']);
    expect(fake.state.relation(PROJECT, 'meshwork', 'published_contracts')?.numRows).toBe(1);
  });
});
