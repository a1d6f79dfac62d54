import type { BigQueryFakeOptions } from './fake-options.js';
import { BigQueryFakeServer } from './fake-server.js';

export type { BigQueryFakeOptions, JobTrouble, Rejection, RequestTrouble } from './fake-options.js';
export type { RecordedRequest, SentStatement } from './fake-server.js';
export type { FakeJob } from './fake-jobs.js';
export type { QueryResult } from './query-results.js';
export type { FakeDataset, FakeRelation, AccessEntry } from './warehouse.js';
export type BigQueryFake = BigQueryFakeServer;

/**
 * BigQuery's REST API v2 on `127.0.0.1` (a free port) for the real `@google-cloud/bigquery`
 * client (`apiEndpoint: fake.url`, an `oauth-token` target).
 *
 * - `requests`: every request (`route` such as `jobs.insert`, `path`, `query`, JSON `body`, an
 *   upload's `media`, `authorization`, `ifMatch`); `requestsTo(route)` filters them.
 * - `statements`: every statement of every query job, dry runs included, in order (`sql`, `jobId`,
 *   `projectId`, `dryRun`, `index` in its script), for checking them all with ZetaSQL.
 * - `state`: the warehouse (`Warehouse`): datasets (location, labels, description, access, etag)
 *   and relations (kind, columns, numRows, rows where followed); `addDataset`/`putRelation` set up
 *   an existing warehouse. `jobs`: the jobs by `project:jobId`, a script's child jobs included.
 * - Scripts are split with meshwork's splitter; CREATE [OR REPLACE] [TEMP] TABLE/VIEW, CREATE SCHEMA,
 *   DROP, INSERT/MERGE/DELETE/UPDATE change the state; backticked `project.dataset.table` names must
 *   exist in the job's location (else `notFound`); a script gets one child job per statement.
 * - Options: `analyzer` (each statement analyzed against the relations known, TEMP tables by bare
 *   name; a rejection fails the job with `invalidQuery … at [line:col]` of the script; CREATE … AS
 *   records its columns), `answer(sql)`, `rows(sql)`, `bytes(sql)`, `token`.
 * - Trouble on cue: `failRequests` (HTTP 403/429 rateLimitExceeded, 5xx backendError, 412 …),
 *   `failJobs` (a job DONE with errorResult), `reject` (invalid SQL at a position or at a text),
 *   `hang` (a job RUNNING until `jobs.cancel`). `maximumBytesBilled` is enforced.
 */
export async function startBigQueryFake(options: BigQueryFakeOptions = {}): Promise<BigQueryFake> {
  const server = new BigQueryFakeServer(options);
  await server.listen();
  return server;
}
