import type { QueryResult } from './query-results.js';
import type { ScriptRun, StatementRun } from './script-run.js';

export interface ErrorProto {
  readonly reason: string;
  readonly message: string;
  readonly location?: string;
}

/** A job the fake holds, with what jobs.get shows of it. */
export interface FakeJob {
  readonly projectId: string;
  readonly jobId: string;
  readonly location: string;
  readonly configuration: Record<string, unknown>;
  readonly parentJobId?: string;
  /** RUNNING until the first jobs.get (a job is never DONE on insert), or until cancelled when it hangs. */
  state: 'RUNNING' | 'DONE';
  hanging: boolean;
  cancelled: boolean;
  errorResult?: ErrorProto;
  statistics: Record<string, unknown>;
  children: FakeJob[];
  result?: QueryResult;
  readonly created: number;
}

const MIB = 1024 * 1024;

/** BigQuery bills at least 10 MB per query that reads data, in whole megabytes. */
export function billed(bytes: number): number {
  return bytes <= 0 ? 0 : Math.max(10 * MIB, Math.ceil(bytes / MIB) * MIB);
}

export function slotMs(bytes: number): number {
  return bytes <= 0 ? 3 : 40 + Math.floor(bytes / 65536);
}

/** Statistics of one statement: the job's own for a single statement, a child's in a script. */
export function statementStatistics(run: StatementRun, created: number): Record<string, unknown> {
  return {
    creationTime: String(created),
    startTime: String(created + 1),
    endTime: String(created + 2),
    totalBytesProcessed: String(run.bytes),
    totalSlotMs: String(slotMs(run.bytes)),
    query: {
      statementType: run.type,
      totalBytesProcessed: String(run.bytes),
      totalBytesBilled: String(run.cacheHit ? 0 : billed(run.bytes)),
      totalSlotMs: String(slotMs(run.bytes)),
      cacheHit: run.cacheHit,
      ...(run.affectedRows !== undefined ? { numDmlAffectedRows: String(run.affectedRows), dmlStats: { insertedRowCount: String(run.affectedRows) } } : {}),
      ...(run.ddlTarget ? { ddlTargetTable: run.ddlTarget } : {}),
      ...(run.ddlOperation ? { ddlOperationPerformed: run.ddlOperation } : {}),
      ...(run.result ? { schema: { fields: run.result.fields.map((f) => ({ name: f.name, type: f.type, mode: 'NULLABLE' })) } } : {}),
    },
  };
}

/** A script's parent statistics: its children summed. */
export function scriptStatistics(run: ScriptRun, created: number): Record<string, unknown> {
  const bytes = run.statements.reduce((sum, s) => sum + s.bytes, 0);
  const slots = run.statements.reduce((sum, s) => sum + slotMs(s.bytes), 0);
  const billedBytes = run.statements.reduce((sum, s) => sum + (s.cacheHit ? 0 : billed(s.bytes)), 0);
  return {
    creationTime: String(created),
    startTime: String(created + 1),
    endTime: String(created + 2),
    totalBytesProcessed: String(bytes),
    totalSlotMs: String(slots),
    numChildJobs: String(run.statements.length + (run.failure ? 1 : 0)),
    query: { statementType: 'SCRIPT', totalBytesProcessed: String(bytes), totalBytesBilled: String(billedBytes), totalSlotMs: String(slots), cacheHit: false },
  };
}

/** The Job resource as the REST API returns it. */
export function jobResource(job: FakeJob): Record<string, unknown> {
  const done = job.state === 'DONE';
  return {
    kind: 'bigquery#job',
    etag: `job-${job.jobId}`,
    id: `${job.projectId}:${job.location}.${job.jobId}`,
    selfLink: `/bigquery/v2/projects/${job.projectId}/jobs/${job.jobId}?location=${job.location}`,
    user_email: 'meshwork-ci@fake-project.iam.gserviceaccount.com',
    jobReference: { projectId: job.projectId, jobId: job.jobId, location: job.location },
    configuration: job.configuration,
    status: done ? { state: 'DONE', ...(job.errorResult ? { errorResult: job.errorResult, errors: [job.errorResult] } : {}) } : { state: 'RUNNING' },
    statistics: done ? job.statistics : { creationTime: String(job.created), startTime: String(job.created + 1) },
    ...(job.parentJobId ? { parentJobId: job.parentJobId } : {}),
  };
}

/** The `getQueryResults` answer of a DONE job that succeeded. */
export function queryResultsResource(job: FakeJob): Record<string, unknown> {
  const result = job.result;
  const query = (job.statistics.query ?? {}) as Record<string, unknown>;
  return {
    kind: 'bigquery#getQueryResultsResponse',
    etag: `results-${job.jobId}`,
    jobReference: { projectId: job.projectId, jobId: job.jobId, location: job.location },
    jobComplete: true,
    totalBytesProcessed: query.totalBytesProcessed ?? '0',
    cacheHit: query.cacheHit ?? false,
    ...(query.numDmlAffectedRows !== undefined ? { numDmlAffectedRows: query.numDmlAffectedRows } : {}),
    ...(result
      ? {
          schema: { fields: result.fields.map((f) => ({ name: f.name, type: f.type, mode: 'NULLABLE' })) },
          rows: result.rows.map((row) => ({ f: row.map((v) => ({ v: v === null ? null : String(v) })) })),
          totalRows: String(result.rows.length),
        }
      : { totalRows: '0' }),
  };
}

/** HTTP status BigQuery answers an error reason with. */
export function statusOf(reason: string): number {
  switch (reason) {
    case 'notFound':
      return 404;
    case 'duplicate':
      return 409;
    case 'rateLimitExceeded':
    case 'accessDenied':
    case 'quotaExceeded':
      return 403;
    case 'backendError':
      return 503;
    case 'internalError':
      return 500;
    case 'stopped':
      return 200;
    default:
      return 400;
  }
}

/** BigQuery's error body. */
export function errorBody(status: number, reason: string, message: string): Record<string, unknown> {
  return {
    error: {
      code: status,
      message,
      errors: [{ message, domain: 'global', reason }],
      status: status === 404 ? 'NOT_FOUND' : status === 409 ? 'ALREADY_EXISTS' : status === 403 || status === 429 ? 'PERMISSION_DENIED' : status >= 500 ? 'UNAVAILABLE' : 'INVALID_ARGUMENT',
    },
  };
}
