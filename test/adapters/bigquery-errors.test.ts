import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/adapters/adapter.js';
import { bigqueryHarness, PROJECT, table, TOKEN } from './bigquery-harness.js';

const failure = async (work: Promise<unknown>): Promise<EngineError> => {
  const outcome = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(outcome).toBeInstanceOf(EngineError);
  return outcome as EngineError;
};

describe('BigQueryAdapter errors', () => {
  it('maps an invalidQuery at [line:col] of the script to the statement and the line within it', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['shop_cleaned'] });
    fake.reject({ match: (sql) => sql.includes('nope'), message: 'Unrecognized name: nope; Did you mean note?', line: 3, column: 10 });
    const statements = [
      { sql: 'CREATE TEMP TABLE t AS\nSELECT 1 AS id' },
      { sql: `CREATE OR REPLACE TABLE ${table('shop_cleaned', 'orders')} AS\nSELECT\n  id, note, nope\nFROM t`, reportsRows: true },
    ];
    const error = await failure(adapter.execute(statements));
    // The fake placed it at [5:10] of the script: the second statement starts on line 3.
    const job = fake.jobs.get(`${PROJECT}:${(fake.requestsTo('jobs.insert')[0]!.body as { jobReference: { jobId: string } }).jobReference.jobId}`)!;
    expect(job.errorResult?.message).toBe('Unrecognized name: nope; Did you mean note? at [5:10]');
    expect(error.message).toBe('Unrecognized name: nope; Did you mean note?');
    expect(error.statementIndex).toBe(1);
    expect(error.line).toBe(3);
    expect(error.column).toBe(10);
    expect(fake.state.relation(PROJECT, 'shop_cleaned', 'orders')).toBeUndefined();
  });

  it('names the relation a notFound error is about', async () => {
    const { adapter } = await bigqueryHarness({ datasets: ['shop_cleaned'] });
    const error = await failure(adapter.execute([{ sql: `CREATE OR REPLACE TABLE ${table('shop_cleaned', 'orders')} AS\nSELECT * FROM ${table('shop_cleaned', 'customers')}` }]));
    expect(error.message).toBe(`Not found: Table ${PROJECT}:shop_cleaned.customers was not found in location europe-west1`);
    expect(error.detail.notFound).toBe('shop_cleaned.customers');
  });

  it('retries rate limits and backend errors (HTTP and job) with backoff, then succeeds', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['shop_cleaned'] });
    fake.failRequests({ times: 1, status: 429, reason: 'rateLimitExceeded', match: (r) => r.method === 'POST' && r.path.endsWith('/jobs') });
    fake.failRequests({ times: 1, status: 503, reason: 'backendError', match: (r) => r.method === 'GET' && /\/jobs\/[^/]+$/.test(r.path) });
    fake.failJobs({ times: 1, reason: 'backendError' });
    await adapter.execute([{ sql: `CREATE TABLE ${table('shop_cleaned', 't')} (id INT64)` }]);
    expect(fake.state.relation(PROJECT, 'shop_cleaned', 't')).toBeDefined();
    const inserts = fake.requestsTo('jobs.insert').map((r) => (r.body as { jobReference: { jobId: string } }).jobReference.jobId);
    // The rate-limited insert was made again under the same id; the failed job's rerun got a new one.
    expect(inserts).toHaveLength(3);
    expect(inserts[0]).toBe(inserts[1]);
    expect(inserts[2]).not.toBe(inserts[1]);
  });

  it('makes a request again when the connection drops before an answer (a stale keep-alive socket, a proxy reset)', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['shop_cleaned'] });
    fake.failRequests({ times: 1, status: 0, reason: 'reset', reset: true, match: (r) => r.route === 'tables.list' });
    fake.failRequests({ times: 1, status: 0, reason: 'reset', reset: true, match: (r) => r.route === 'jobs.insert' });
    await adapter.execute([{ sql: `CREATE TABLE ${table('shop_cleaned', 't')} (id INT64)` }]);
    expect(await adapter.relations(['shop_cleaned'])).toEqual(new Map([['shop_cleaned.t', 'table']]));
    expect(fake.requestsTo('tables.list')).toHaveLength(2);
    // The insert that got no answer was made again under its job id, and the job ran once.
    const inserts = fake.requestsTo('jobs.insert').map((r) => (r.body as { jobReference: { jobId: string } }).jobReference.jobId);
    expect(inserts).toHaveLength(2);
    expect(inserts[0]).toBe(inserts[1]);
  });

  it('gives up after job_retries with a message that says so', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['shop_cleaned'], settings: { jobRetries: 2 } });
    fake.failRequests({ times: 10, status: 403, reason: 'rateLimitExceeded', match: (r) => r.route === 'jobs.insert' });
    const error = await failure(adapter.execute([{ sql: 'SELECT 1' }]));
    expect(error.message).toMatch(/^BigQuery kept failing \(rateLimitExceeded\) after 3 attempts \(job_retries: 2\): Exceeded rate limits/);
    expect(fake.requestsTo('jobs.insert')).toHaveLength(3);
  });

  it('does not retry an error that is not transient', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['shop_cleaned'] });
    fake.reject({ match: () => true, message: 'Syntax error: Unexpected end of script', line: 1, column: 9 });
    await failure(adapter.execute([{ sql: 'SELECT 1' }]));
    expect(fake.requestsTo('jobs.insert')).toHaveLength(1);
  });

  it('fails a job that would bill more than maximum_bytes_billed, with BigQuery’s message, and does not retry it', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['shop_cleaned'], settings: { maximumBytesBilled: 1_000_000 }, fake: { bytes: () => 50_000_000 } });
    const error = await failure(adapter.execute([{ sql: `CREATE TABLE ${table('shop_cleaned', 'big')} AS SELECT 1 AS id` }]));
    expect(error.message).toBe('Query exceeded limit for bytes billed: 1000000. 50331648 or higher required.');
    expect(fake.requestsTo('jobs.insert')).toHaveLength(1);
    expect(fake.state.relation(PROJECT, 'shop_cleaned', 'big')).toBeUndefined();
  });

  it('cancels a job that runs past job_timeout_seconds and says so', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['shop_cleaned'], settings: { jobTimeoutSeconds: 0.3 } });
    fake.hang((script) => script.includes('slow'));
    const started = Date.now();
    const error = await failure(adapter.execute([{ sql: 'SELECT 1 AS slow' }]));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error.message).toMatch(/^BigQuery job mesh_query_[0-9a-f]+ ran longer than job_timeout_seconds \(0\.3 s\) and was cancelled$/);
    const cancels = fake.requestsTo('jobs.cancel');
    expect(cancels).toHaveLength(1);
    expect(cancels[0]!.path).toContain((fake.requestsTo('jobs.insert')[0]!.body as { jobReference: { jobId: string } }).jobReference.jobId);
    expect(cancels[0]!.query.location).toBe('europe-west1');
  });

  it('interrupt cancels every running job; later calls run normally', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['shop_cleaned'] });
    fake.hang((script) => script.includes('slow'));
    const one = failure(adapter.execute([{ sql: 'SELECT 1 AS slow' }], { node: 'model.shop.a' }));
    const two = failure(adapter.execute([{ sql: 'BEGIN TRANSACTION' }, { sql: 'SELECT 2 AS slow' }, { sql: 'COMMIT TRANSACTION' }], { node: 'model.shop.b' }));
    await new Promise((resolve) => setTimeout(resolve, 150));
    adapter.interrupt();
    const errors = await Promise.all([one, two]);
    for (const e of errors) expect(e.message).toMatch(/was cancelled: the build was interrupted/);
    const cancelled = new Set(fake.requestsTo('jobs.cancel').map((r) => r.path.split('/').at(-2)));
    const inserted = new Set(fake.requestsTo('jobs.insert').map((r) => (r.body as { jobReference: { jobId: string } }).jobReference.jobId));
    expect(cancelled).toEqual(inserted);
    expect([...fake.jobs.values()].filter((j) => j.cancelled)).toHaveLength(2);
    await adapter.execute([{ sql: `CREATE TABLE ${table('shop_cleaned', 'after')} (id INT64)` }]);
    expect(fake.state.relation(PROJECT, 'shop_cleaned', 'after')).toBeDefined();
  });

  it('never puts the access token in an error message', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['shop_cleaned'], fake: { token: 'another-token' } });
    const errors = [
      await failure(adapter.execute([{ sql: 'SELECT 1' }])),
      await failure(adapter.relations(['shop_cleaned'])),
      await failure(adapter.ensureSchemas([{ name: 'x' }])),
      await failure(adapter.queryNumber('SELECT 1')),
    ];
    for (const e of errors) {
      expect(e.message).toMatch(/invalid authentication credentials/);
      expect(`${e.message} ${e.stack ?? ''} ${JSON.stringify(e)}`).not.toContain(TOKEN);
    }
    expect(fake.requests[0]!.authorization).toBe(`Bearer ${TOKEN}`);
  });
});
