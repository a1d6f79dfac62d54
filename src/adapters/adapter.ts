import type { Dialect } from './dialect.js';

/** One SQL statement of a plan step; `reportsRows` marks the one whose row count is the node's. */
export interface SqlStatement {
  readonly sql: string;
  readonly reportsRows?: boolean;
}

export type RelationKind = 'table' | 'view';

/**
 * A failure the engine reported. `message` is the engine's text without the position it gave
 * (`LINE 3: …`, `at [3:5]`): that position is `line` and `column` (1-based) within the statement
 * `statementIndex`, which the caller maps to the user's file.
 */
export class EngineError extends Error {
  constructor(
    message: string,
    readonly statementIndex: number,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/**
 * A connection to a warehouse: the only code that imports an engine's SDK. Runs SQL text that the
 * dialect wrote; knows nothing of models.
 */
export interface Adapter {
  readonly dialect: Dialect;
  /** Existing relations of these (engine) schemas: `schema.name` → kind. */
  relations(schemas: readonly string[]): Promise<Map<string, RelationKind>>;
  ensureSchemas(schemas: readonly string[]): Promise<void>;
  /**
   * Runs statements in order, in one session; throws EngineError on the first failure after
   * rolling back any open transaction. Returns the row count of the `reportsRows` statement.
   */
  execute(statements: readonly SqlStatement[]): Promise<{ rowsAffected?: number }>;
  /** Runs a query and returns its first column of the first row as a number. */
  queryNumber(sql: string): Promise<number>;
  /** Runs a query and returns its first column as text, one value per row (for sample keys in reports). */
  queryValues(sql: string): Promise<string[]>;
  /**
   * Cancels the calls in progress (a build stopped by SIGINT/SIGTERM): the statement each one runs
   * is cancelled in the engine, its open transaction rolled back, and it runs no further statement;
   * each fails with an EngineError. Calls made afterwards (cleanup) run normally.
   */
  interrupt(): void;
  close(): Promise<void>;
}
