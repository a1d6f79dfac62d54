import { EngineError } from '../adapter.js';
import { statementAt, type ScriptLayout } from './script-layout.js';

/**
 * Reasons BigQuery documents as worth retrying, and a connection dropped on the way (a stale
 * keep-alive socket, a proxy's reset): the request may not have arrived, so it is made again. A
 * refused connection is not among them: the endpoint is wrong or down, and waiting will not help.
 */
const TRANSIENT_REASONS = new Set(['rateLimitExceeded', 'backendError', 'internalError', 'jobRateLimitExceeded', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'EAI_AGAIN']);

/** A rate limit, a 5xx or a transient reason: the call may succeed if made again. */
export function isTransient(status: number | undefined, reason: string | undefined): boolean {
  if (reason !== undefined && TRANSIENT_REASONS.has(reason)) return true;
  return status === 429 || (status !== undefined && status >= 500 && status < 600);
}

/** A job or call that failed, with BigQuery's reason. */
export class JobFailure extends Error {
  constructor(
    message: string,
    readonly reason?: string,
    /** Known when the failure is a statement's own (dry runs are made one statement at a time). */
    readonly statementIndex?: number,
  ) {
    super(message);
    this.name = 'JobFailure';
  }
}

const POSITION = /\s*at \[(\d+):(\d+)\]/;

/**
 * BigQuery's failure → EngineError: the script's `[line:col]` becomes the statement and the
 * position within it (the message keeps no position); a `notFound` names the relation it missed.
 */
export function engineError(failure: JobFailure, layout: ScriptLayout | undefined): EngineError {
  const message = failure.message.replace(POSITION, '');
  const detail = failure.reason === 'notFound' ? notFoundDetail(failure.message) : {};
  const at = POSITION.exec(failure.message);
  if (at && layout) {
    const where = statementAt(layout, Number(at[1]), Number(at[2]));
    return new EngineError(message, failure.statementIndex ?? where.index, where.line, where.column, detail);
  }
  if (at) return new EngineError(message, failure.statementIndex ?? 0, Number(at[1]), Number(at[2]), detail);
  return new EngineError(message, failure.statementIndex ?? 0, undefined, undefined, detail);
}

/** `Not found: Table p:dataset.table …` → `dataset.table`; a missing dataset → `dataset`. */
function notFoundDetail(message: string): { notFound?: string } {
  const table = /Not found: (?:Table|View) (?:[^\s:]+:)?([\w-]+)\.([\w$-]+)/.exec(message);
  if (table) return { notFound: `${table[1]}.${table[2]}` };
  const dataset = /Not found: Dataset (?:[^\s:]+:)?([\w-]+)/.exec(message);
  return dataset ? { notFound: dataset[1]! } : {};
}
