import type { DiagnosticCode } from '../diagnostics/diagnostic.js';
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
    /** What the engine said about the kind of failure, where it says it. */
    readonly detail: EngineErrorDetail = {},
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

export interface EngineErrorDetail {
  /** The relation (`schema.name`) the statement reads and the engine could not find: in a dry run, a parent not built yet. */
  readonly notFound?: string;
}

/** What a call cost the warehouse, as the engine reports it; engines that do not bill leave it out. */
export interface QueryCost {
  readonly bytesProcessed?: number;
  readonly bytesBilled?: number;
  readonly slotMs?: number;
  /** Served from the engine's result cache. */
  readonly cacheHit?: boolean;
}

export interface ExecuteResult {
  readonly rowsAffected?: number;
  /** Summed over the call's statements (a dry run: the estimate). */
  readonly cost?: QueryCost;
}

/**
 * Who makes a call: the engine labels its jobs with it (BigQuery job labels and job ids) so a
 * warehouse admin can tell meshwork's work apart. Never changes what the SQL does.
 */
export interface CallContext {
  readonly runId?: string;
  readonly node?: string;
  readonly domain?: string;
  readonly stage?: string;
  /** Estimate instead of running (capability `dryRun`): nothing is created or changed. */
  readonly dryRun?: boolean;
}

/** What an engine can do beyond running SQL; the build branches on these, never on the engine's name. */
export interface AdapterCapabilities {
  /** `execute(…, { dryRun: true })` validates and estimates each statement without running it. */
  readonly dryRun: boolean;
  /** Seeds are loaded from their CSV file by the engine's loader (`load`) rather than written into SQL. */
  readonly loadsFiles: boolean;
  /**
   * Access is granted per schema and a view reads only what it is authorized on (BigQuery
   * authorized views): after a contract view is published, `authorizeView` and `grantRead` run.
   */
  readonly schemaAccess: boolean;
}

/** A schema the build writes to, with what the engine records about it where it can. */
export interface SchemaSpec {
  readonly name: string;
  readonly description?: string;
  /** The domain it belongs to; engines that place domains apart (BigQuery projects) use it. */
  readonly domain?: string;
}

/** A seed to load from its CSV file (capability `loadsFiles`). */
export interface SeedLoad {
  readonly schema: string;
  readonly name: string;
  /** Absolute path of the CSV file. */
  readonly file: string;
  /** Every column in header order, with the engine type it loads as. */
  readonly columns: readonly { readonly name: string; readonly type: string }[];
}

/** Rows read back for a person: column names in order, and each row's values in that order. */
export interface RowsResult {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

/** A relation by engine schema and name. */
export interface RelationName {
  readonly schema: string;
  readonly name: string;
}

/** A source table as the project declares it: its location text (`dataset.table`, or with the project first) and its domain. */
export interface SourceTable {
  readonly domain: string;
  readonly location: string;
}

/** A source's last change as the engine's metadata tells it (seconds since 1970), or why it cannot. */
export type LastModified = { readonly at: number } | { readonly unknown: string };

/** What `mesh debug` prints about a connection: what was checked, what was found (never a secret), and what to do when it is not fine. */
export interface EngineFact {
  readonly check: string;
  readonly ok: boolean;
  readonly found: string;
  readonly fix?: string;
}

/**
 * A connection to a warehouse: the only code that imports an engine's SDK. Runs SQL text that the
 * dialect wrote; knows nothing of models.
 */
export interface Adapter {
  readonly dialect: Dialect;
  readonly capabilities: AdapterCapabilities;
  /**
   * How a refusal of the warehouse outside any node (listing relations, creating schemas) is
   * reported: the code, and what to check given the engine's message.
   */
  readonly refusal: { readonly code: DiagnosticCode; hint(message: string): string };
  /** Existing relations of these (engine) schemas: `schema.name` → kind. */
  relations(schemas: readonly string[]): Promise<Map<string, RelationKind>>;
  /** Column names of existing relations (`schema.name` → columns in order); relations that do not exist are left out. */
  columns(relations: readonly RelationName[]): Promise<Map<string, readonly string[]>>;
  ensureSchemas(schemas: readonly SchemaSpec[]): Promise<void>;
  /**
   * Where the warehouse records when a table's data last changed (BigQuery's `lastModifiedTime`):
   * a stamp per source table, in the order asked; undefined where it cannot tell (a missing table,
   * a view, an external table, rows still in a streaming buffer). Engines whose sources are local
   * files leave it out (their stamps are the files').
   */
  sourceStamps?(tables: readonly SourceTable[]): Promise<(string | undefined)[]>;
  /**
   * When each source's data last changed, as the engine's metadata records it, in the order asked:
   * source freshness without a `loaded_at` column (dbt's metadata freshness). BigQuery: the
   * table's `lastModifiedTime` (tables.get, no job); DuckDB: a local file's modification time.
   * Where it cannot tell, why (a missing table, a view, a table inside the database file).
   */
  lastModified?(tables: readonly SourceTable[]): Promise<LastModified[]>;
  /**
   * Runs statements in order, in one session (one script job on BigQuery), so TEMP tables and
   * transactions span them; throws EngineError on the first failure after rolling back any open
   * transaction. Returns the row count of the `reportsRows` statement and what the call cost.
   */
  execute(statements: readonly SqlStatement[], context?: CallContext): Promise<ExecuteResult>;
  /** Capability `loadsFiles`: creates or replaces the seed's table from its CSV file. */
  load?(seed: SeedLoad, context?: CallContext): Promise<ExecuteResult>;
  /** Capability `schemaAccess`: lets `view` read the schemas `reads` (the private candidate's, a source's). */
  authorizeView?(view: RelationName, reads: readonly string[]): Promise<void>;
  /** Capability `schemaAccess`: grants these principals read access to the whole schema (a domain's public one). */
  grantRead?(schema: string, principals: readonly string[]): Promise<void>;
  /** Runs a query and returns its first column of the first row as a number. */
  queryNumber(sql: string): Promise<number>;
  /** Runs a query and returns its first column as text, one value per row (for sample keys in reports). */
  queryValues(sql: string): Promise<string[]>;
  /**
   * Runs a query and returns its column names and at most `limit` rows (`mesh show`). Values are
   * JSON-friendly: numbers, strings, booleans, null; nested values as JSON text.
   */
  queryRows(sql: string, limit: number): Promise<RowsResult>;
  /**
   * Cancels the calls in progress (a build stopped by SIGINT/SIGTERM): the statement each one runs
   * is cancelled in the engine, its open transaction rolled back, and it runs no further statement;
   * each fails with an EngineError. Calls made afterwards (cleanup) run normally.
   */
  interrupt(): void;
  /** `mesh debug`: checks the connection answers and reports what it found (engine version, file, project, location, datasets). */
  describe?(schemas: readonly string[]): Promise<readonly EngineFact[]>;
  close(): Promise<void>;
}
