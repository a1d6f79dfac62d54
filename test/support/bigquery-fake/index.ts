import type { BigQueryFakeOptions } from './fake-options.js';
import { BigQueryFakeServer } from './fake-server.js';

export type { BigQueryFakeOptions, JobTrouble, Rejection, RequestTrouble } from './fake-options.js';
export type { RecordedRequest, SentStatement } from './fake-server.js';
export type { QueryResult } from './query-results.js';
export type { FakeDataset, FakeRelation, AccessEntry } from './warehouse.js';
export type BigQueryFake = BigQueryFakeServer;

/**
 * BigQuery's REST API v2 on `127.0.0.1` (a free port) for the real `@google-cloud/bigquery`
 * client (`apiEndpoint: fake.url`): records every request and every statement sent, keeps datasets
 * and relations, and fails on cue (rate limits, backend errors, invalid SQL, jobs that hang).
 */
export async function startBigQueryFake(options: BigQueryFakeOptions = {}): Promise<BigQueryFake> {
  const server = new BigQueryFakeServer(options);
  await server.listen();
  return server;
}
