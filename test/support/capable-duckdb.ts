import {
  EngineError,
  type Adapter,
  type AdapterCapabilities,
  type CallContext,
  type ExecuteResult,
  type RelationKind,
  type RelationName,
  type SchemaSpec,
  type SeedLoad,
  type SqlStatement,
} from '../../src/adapters/adapter.js';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';

/** One call the build made to the adapter, as received. */
export interface AdapterCall {
  readonly method: 'ensureSchemas' | 'execute' | 'load' | 'authorizeView' | 'grantRead';
  readonly context?: CallContext;
  readonly statements?: readonly string[];
  readonly schemas?: readonly string[];
}

export interface CapableOptions {
  readonly capabilities: Partial<AdapterCapabilities>;
  /** Report each call's cost: the CPU time the process spent on it (DuckDB runs in it), as slot milliseconds; DuckDB measures no bytes. */
  readonly cost?: boolean;
  /** The engine refuses this access call (as BigQuery does without bigquery.datasets.update). */
  readonly refuse?: 'authorizeView' | 'grantRead';
}

/** Where the access calls are recorded, in the DuckDB itself. */
export const ACCESS_SCHEMA = 'test_access';

/**
 * The real DuckDB adapter with the capabilities DuckDB lacks done for real in DuckDB, so the
 * build's paths for them run end to end without BigQuery:
 * - `loadsFiles`: `load` creates the seed's table with DuckDB's CSV reader, with the columns and types given;
 * - `dryRun`: `execute(…, { dryRun })` has DuckDB plan each statement (`EXPLAIN`) without running
 *   it, turning its "does not exist" into `detail.notFound`; it reports no bytes (DuckDB estimates
 *   none). Transaction control and DROP are not planned; statements that read a TEMP table an
 *   earlier statement creates cannot be planned alone (keep dry-run projects to views and tables);
 * - `schemaAccess`: authorizations and grants are rows of `test_access.authorized_views` and `test_access.grants`.
 * Every call is logged with its context.
 */
export class CapableDuckDB implements Adapter {
  readonly capabilities: AdapterCapabilities;
  readonly calls: AdapterCall[] = [];
  get refusal(): Adapter['refusal'] {
    return this.inner.refusal;
  }
  load?: (seed: SeedLoad, context?: CallContext) => Promise<ExecuteResult>;
  authorizeView?: (view: RelationName, reads: readonly string[]) => Promise<void>;
  grantRead?: (schema: string, principals: readonly string[]) => Promise<void>;

  /** Wraps a DuckDB adapter; the access tables are created first, so contract steps running side by side only insert. */
  static async wrap(inner: DuckDBAdapter, options: CapableOptions): Promise<CapableDuckDB> {
    const adapter = new CapableDuckDB(inner, options);
    if (adapter.capabilities.schemaAccess) await adapter.accessTables();
    return adapter;
  }

  private constructor(
    readonly inner: DuckDBAdapter,
    private readonly options: CapableOptions,
  ) {
    this.capabilities = { dryRun: false, loadsFiles: false, schemaAccess: false, ...options.capabilities };
    if (this.capabilities.loadsFiles) this.load = (seed, context) => this.loadSeed(seed, context);
    if (this.capabilities.schemaAccess) {
      this.authorizeView = (view, reads) => this.recordAccess('authorizeView', `INSERT INTO ${ACCESS_SCHEMA}.authorized_views SELECT ${this.text(view.schema)}, ${this.text(view.name)}, unnest([${reads.map((r) => this.text(r)).join(', ')}]::VARCHAR[])`);
      this.grantRead = (schema, principals) => this.recordAccess('grantRead', `INSERT INTO ${ACCESS_SCHEMA}.grants SELECT ${this.text(schema)}, unnest([${principals.map((p) => this.text(p)).join(', ')}]::VARCHAR[])`);
    }
  }

  get dialect(): DuckDBAdapter['dialect'] {
    return this.inner.dialect;
  }

  relations(schemas: readonly string[]): Promise<Map<string, RelationKind>> {
    return this.inner.relations(schemas);
  }

  columns(relations: readonly RelationName[]): Promise<Map<string, readonly string[]>> {
    return this.inner.columns(relations);
  }

  async ensureSchemas(schemas: readonly SchemaSpec[]): Promise<void> {
    this.calls.push({ method: 'ensureSchemas', schemas: schemas.map((s) => s.name) });
    await this.inner.ensureSchemas(schemas);
  }

  async execute(statements: readonly SqlStatement[], context?: CallContext): Promise<ExecuteResult> {
    this.calls.push({ method: 'execute', ...(context ? { context } : {}), statements: statements.map((s) => s.sql) });
    if (context?.dryRun) {
      if (!this.capabilities.dryRun) throw new Error('a dry run on an adapter without capability dryRun');
      await this.plan(statements);
      return {};
    }
    return this.measured(() => this.inner.execute(statements));
  }

  queryNumber(sql: string): Promise<number> {
    return this.inner.queryNumber(sql);
  }

  queryRows(sql: string, limit: number): ReturnType<Adapter['queryRows']> {
    return this.inner.queryRows(sql, limit);
  }

  queryValues(sql: string): Promise<string[]> {
    return this.inner.queryValues(sql);
  }

  interrupt(): void {
    this.inner.interrupt();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** What was authorized and granted, from the DuckDB tables the access calls write. */
  async access(): Promise<{ authorized: Record<string, unknown>[]; grants: Record<string, unknown>[] }> {
    return {
      authorized: await this.inner.query(`SELECT view_schema, view_name, reads FROM ${ACCESS_SCHEMA}.authorized_views ORDER BY ALL`),
      grants: await this.inner.query(`SELECT schema_name, principal FROM ${ACCESS_SCHEMA}.grants ORDER BY ALL`),
    };
  }

  private async loadSeed(seed: SeedLoad, context: CallContext | undefined): Promise<ExecuteResult> {
    this.calls.push({ method: 'load', ...(context ? { context } : {}) });
    const columns = seed.columns.map((c) => `${this.text(c.name)}: ${this.text(c.type)}`).join(', ');
    const relation = this.dialect.relation(seed.schema, seed.name);
    const sql = `CREATE OR REPLACE TABLE ${relation} AS SELECT * FROM read_csv(${this.text(seed.file)}, header = true, delim = ',', quote = '"', escape = '"', columns = {${columns}})`;
    return this.measured(() => this.inner.execute([{ sql, reportsRows: true }]));
  }

  /** DuckDB plans each statement without running it; "does not exist" becomes `detail.notFound`. */
  private async plan(statements: readonly SqlStatement[]): Promise<void> {
    for (const [index, statement] of statements.entries()) {
      if (/^\s*(BEGIN|COMMIT|ROLLBACK|DROP)\b/i.test(statement.sql)) continue;
      try {
        await this.inner.query(`EXPLAIN ${statement.sql}`);
      } catch (e) {
        const message = (e as Error).message;
        const missing = /(?:Table|View|Schema) with name "?([^"\s!]+)"? does not exist/.exec(message)?.[1];
        // `EXPLAIN ` goes before the first line: the line DuckDB reports is the statement's.
        const line = /\bLINE (\d+):/.exec(message)?.[1];
        throw new EngineError(message.split('\n')[0]!, index, line ? Number(line) : undefined, undefined, missing ? { notFound: missing } : {});
      }
    }
  }

  private async measured(work: () => Promise<ExecuteResult>): Promise<ExecuteResult> {
    const before = process.cpuUsage();
    const result = await work();
    if (!this.options.cost) return result;
    const used = process.cpuUsage(before);
    return { ...result, cost: { slotMs: (used.user + used.system) / 1000 } };
  }

  private async recordAccess(method: 'authorizeView' | 'grantRead', sql: string): Promise<void> {
    this.calls.push({ method });
    if (this.options.refuse === method) throw new EngineError(`Access Denied: the caller does not have permission bigquery.datasets.update (${method})`, 0);
    await this.inner.execute([{ sql }]);
  }

  private async accessTables(): Promise<void> {
    await this.inner.execute([
      { sql: `CREATE SCHEMA IF NOT EXISTS ${ACCESS_SCHEMA}` },
      { sql: `CREATE TABLE IF NOT EXISTS ${ACCESS_SCHEMA}.authorized_views (view_schema VARCHAR, view_name VARCHAR, reads VARCHAR)` },
      { sql: `CREATE TABLE IF NOT EXISTS ${ACCESS_SCHEMA}.grants (schema_name VARCHAR, principal VARCHAR)` },
    ]);
  }

  private text(value: string): string {
    return this.dialect.stringLiteral(value);
  }
}
