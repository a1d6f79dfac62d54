import type { StatementAnalyzer } from '../statement-analyzer.js';
import type { QueryResult } from './query-results.js';

/** How the fake BigQuery answers; every hook is optional. */
export interface BigQueryFakeOptions {
  /** Google's analyzer (test/support/zetasql.ts): each statement is checked against the relations known, and CREATE … AS records its columns. */
  readonly analyzer?: StatementAnalyzer;
  /** Rows of a query that is not on INFORMATION_SCHEMA; undefined: one 0 for a count query, no rows otherwise. */
  readonly answer?: (sql: string) => QueryResult | undefined;
  /** Rows a CREATE TABLE … AS writes or a DML statement changes; undefined: the default (INSERT … VALUES tuples, the rows of the table read, else 0). */
  readonly rows?: (sql: string) => number | undefined;
  /** Bytes a statement processes (dry-run estimate and run statistics); undefined: a figure from the tables it reads. */
  readonly bytes?: (sql: string) => number | undefined;
  /** The access token requests must carry; absent: any bearer token. */
  readonly token?: string;
}

/** An HTTP failure for the next `times` requests that match (BigQuery's error body and status). */
export interface RequestTrouble {
  readonly times: number;
  /** 403 or 429 with rateLimitExceeded, 500/503 with backendError, … */
  readonly status: number;
  readonly reason: string;
  /** The connection is reset instead of answered (as a proxy or a stale keep-alive socket does): no status at all. */
  readonly reset?: boolean;
  readonly message?: string;
  /** By the request's method, path and route (`jobs.insert`, `datasets.patch`, …). */
  readonly match?: (request: { readonly method: string; readonly path: string; readonly route: string }) => boolean;
}

/** A job that ends DONE with this `errorResult` for the next `times` scripts that match. */
export interface JobTrouble {
  readonly times: number;
  readonly reason: string;
  readonly message?: string;
  readonly match?: (script: string) => boolean;
}

/** A statement BigQuery rejects: the job fails with `reason` (invalidQuery) and `<message> at [line:col]` relative to the script. */
export interface Rejection {
  readonly match: (statement: string) => boolean;
  readonly message: string;
  /** The position of the first occurrence of this text in the statement (over `line`/`column`). */
  readonly at?: string;
  /** 1-based, within the statement. */
  readonly line?: number;
  readonly column?: number;
  readonly reason?: string;
}
