import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { EngineError, type Adapter, type AdapterCapabilities, type EngineFact, type ExecuteResult, type RowsResult, type RelationKind, type RelationName, type SchemaSpec, type SqlStatement, type LastModified, type SourceTable } from '../adapter.js';
import { absoluteFilePaths } from './absolute-file-paths.js';
import { Pool } from './connection-pool.js';
import { duckdbDialect } from './duckdb-dialect.js';
import { isGlob, isRemoteLocation } from '../../project/file-location.js';

export interface DuckDBAdapterOptions {
  /** Database file, or ':memory:'. */
  readonly path: string;
  /**
   * The project root: relative file paths in SQL (sources, seeds) are made absolute against it in
   * every statement run, so views stored in the file read from anywhere; also DuckDB's
   * file_search_path, for forms of reading a file that statements do not show.
   */
  readonly fileSearchPath: string;
  /** Connections used at once; DuckDB runs statements of different connections in parallel. */
  readonly connections: number;
}

/** The only importer of @duckdb/node-api. */
export class DuckDBAdapter implements Adapter {
  readonly dialect = duckdbDialect;
  /** DuckDB reads CSV files in SQL, has no dry run, and one process holds every schema. */
  readonly capabilities: AdapterCapabilities = { dryRun: false, loadsFiles: false, schemaAccess: false };
  readonly refusal = {
    code: 'MESH181' as const,
    hint: (): string => "the database at the target's path refused it: check that the file is one meshwork builds into and that nothing made by hand holds these names, then build again",
  };

  /** How many times `interrupt` was called: a call that began before the last one is cancelled. */
  private interrupts = 0;
  /** Connections some call is using now, with the interrupt count when that call began. */
  private readonly busy = new Map<DuckDBConnection, number>();
  /** Repeats the interrupt while cancelled calls still run (see `interrupt`). */
  private repeat: NodeJS.Timeout | undefined;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly pool: Pool<DuckDBConnection>,
    /** The database file, and whether it was there before this adapter opened (and so created) it. */
    private readonly file: { readonly path: string; readonly existed: boolean },
    /** The project folder relative file paths are made absolute against (see absolute-file-paths.ts). */
    private readonly root: string,
  ) {}

  static async open(options: DuckDBAdapterOptions): Promise<DuckDBAdapter> {
    const existed = options.path === ':memory:' || existsSync(options.path);
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    const instance = await DuckDBInstance.create(options.path);
    const pool = new Pool(Math.max(1, options.connections), async () => {
      const connection = await instance.connect();
      await connection.run(`SET file_search_path = ${duckdbDialect.stringLiteral(options.fileSearchPath)}`);
      return connection;
    });
    return new DuckDBAdapter(instance, pool, { path: options.path, existed }, options.fileSearchPath);
  }

  /** `mesh debug`: the database file, DuckDB's version, and which of the project's schemas exist. */
  async describe(schemas: readonly string[]): Promise<readonly EngineFact[]> {
    const { path, existed } = this.file;
    const facts: EngineFact[] = [];
    if (path === ':memory:') facts.push({ check: 'database', ok: true, found: 'in memory (:memory:): nothing is kept after the command' });
    else if (!existed) facts.push({ check: 'database', ok: true, found: `${path}: did not exist, created empty now`, fix: 'mesh build fills it' });
    else facts.push({ check: 'database', ok: true, found: `${path} (${bytes(statSync(path).size)})` });
    const [version] = await this.use(async (c) => (await c.run('SELECT version()')).getRows());
    facts.push({ check: 'engine', ok: true, found: `DuckDB ${String(version?.[0] ?? 'unknown version')}` });
    const found = new Set<string>();
    if (schemas.length > 0) {
      const list = schemas.map((s) => this.dialect.stringLiteral(s)).join(', ');
      const rows = await this.use(async (c) => (await c.run(`SELECT DISTINCT schema_name FROM information_schema.schemata WHERE catalog_name = current_database() AND schema_name IN (${list})`)).getRows());
      for (const [name] of rows) found.add(String(name));
    }
    const missing = schemas.filter((s) => !found.has(s));
    facts.push({
      check: 'schemas',
      ok: true,
      found: `${found.size} of ${schemas.length} exist${found.size > 0 ? `: ${[...found].sort().join(', ')}` : ''}${missing.length > 0 ? `; not yet: ${missing.join(', ')}` : ''}`,
      ...(missing.length > 0 ? { fix: 'mesh build creates the missing ones' } : {}),
    });
    return facts;
  }

  // Only the target's own database: another one attached to read deferred parents (`--defer`) holds the same schema names.
  async relations(schemas: readonly string[]): Promise<Map<string, RelationKind>> {
    const found = new Map<string, RelationKind>();
    if (schemas.length === 0) return found;
    const list = schemas.map((s) => this.dialect.stringLiteral(s)).join(', ');
    const rows = await this.use(async (c) =>
      (await c.run(`SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema IN (${list})`)).getRows(),
    );
    for (const [schema, name, type] of rows) found.set(`${String(schema)}.${String(name)}`, type === 'VIEW' ? 'view' : 'table');
    return found;
  }

  async columns(relations: readonly RelationName[]): Promise<Map<string, readonly string[]>> {
    const found = new Map<string, string[]>();
    if (relations.length === 0) return found;
    const wanted = new Set(relations.map((r) => `${r.schema}.${r.name}`));
    const list = [...new Set(relations.map((r) => r.schema))].map((s) => this.dialect.stringLiteral(s)).join(', ');
    const rows = await this.use(async (c) =>
      (await c.run(`SELECT table_schema, table_name, column_name FROM information_schema.columns WHERE table_catalog = current_database() AND table_schema IN (${list}) ORDER BY table_schema, table_name, ordinal_position`)).getRows(),
    );
    for (const [schema, name, column] of rows) {
      const key = `${String(schema)}.${String(name)}`;
      if (!wanted.has(key)) continue;
      const columns = found.get(key) ?? [];
      columns.push(String(column));
      found.set(key, columns);
    }
    return found;
  }

  async ensureSchemas(schemas: readonly SchemaSpec[]): Promise<void> {
    await this.use(async (c) => {
      for (const schema of schemas) await c.run(`CREATE SCHEMA IF NOT EXISTS ${this.dialect.quoteIdentifier(schema.name)}`);
    });
  }

  execute(statements: readonly SqlStatement[]): Promise<ExecuteResult> {
    return this.use(async (c, cancelled) => {
      let inTransaction = false;
      let rowsAffected: number | undefined;
      for (const [index, statement] of statements.entries()) {
        let sql = statement.sql;
        const keyword = /^\s*(\w+)/.exec(statement.sql)?.[1]?.toUpperCase();
        try {
          if (cancelled()) throw new Error(INTERRUPTED);
          sql = absoluteFilePaths(statement.sql, this.root);
          const result = await c.run(sql);
          if (statement.reportsRows) {
            // CREATE TABLE AS reports its rows as a one-row "Count" result, DML through rowsChanged.
            const columns = result.columnNames();
            rowsAffected = columns.length === 1 && columns[0] === 'Count' ? Number((await result.getRows())[0]?.[0] ?? 0) : result.rowsChanged;
          }
        } catch (e) {
          // No repeated interrupt may reach the rollback.
          this.busy.delete(c);
          if (inTransaction) await c.run('ROLLBACK').catch(() => undefined);
          throw engineError(e, index, sql);
        }
        if (keyword === 'BEGIN') inTransaction = true;
        if (keyword === 'COMMIT' || keyword === 'ROLLBACK') inTransaction = false;
      }
      return rowsAffected === undefined ? {} : { rowsAffected };
    });
  }

  /**
   * Source freshness without `loaded_at`: a local file's modification time, the newest of the files
   * a glob matches (matched by DuckDB's own glob, as its readers match them). DuckDB records no
   * time for a table inside the database, and a remote file's is not read.
   */
  async lastModified(tables: readonly SourceTable[]): Promise<LastModified[]> {
    return Promise.all(tables.map((t) => this.fileModified(t.location)));
  }

  private async fileModified(location: string): Promise<LastModified> {
    if (isRemoteLocation(location)) return { unknown: `${location} is a remote file: its modification time is not read` };
    if (!/[/\\]/.test(location)) return { unknown: `${location} is a table in the DuckDB database, which records no modification time of a table` };
    const path = resolve(this.root, location);
    let files = [path];
    if (isGlob(path)) {
      try {
        files = (await this.use(async (c) => (await c.run(`SELECT file FROM glob(${this.dialect.stringLiteral(path)})`)).getRows())).map(([file]) => String(file));
      } catch (e) {
        return { unknown: `cannot list the files of ${location}: ${e instanceof Error ? e.message : String(e)}` };
      }
    }
    const times = files.flatMap((file) => {
      try {
        return [statSync(file).mtimeMs];
      } catch {
        return [];
      }
    });
    if (times.length === 0) return { unknown: isGlob(path) ? `no file matches ${location}` : `file ${location} does not exist` };
    return { at: Math.max(...times) / 1000 };
  }

  async queryNumber(query: string): Promise<number> {
    const sql = absoluteFilePaths(query, this.root);
    return this.use(async (c) => {
      try {
        const rows = await (await c.run(sql)).getRows();
        return Number(rows[0]?.[0] ?? 0);
      } catch (e) {
        throw engineError(e, 0, sql);
      }
    });
  }

  async queryValues(query: string): Promise<string[]> {
    const sql = absoluteFilePaths(query, this.root);
    return this.use(async (c) => {
      try {
        const rows = await (await c.run(sql)).getRowsJS();
        return rows.map((row) => String(row[0]));
      } catch (e) {
        throw engineError(e, 0, sql);
      }
    });
  }

  async queryRows(query: string, limit: number): Promise<RowsResult> {
    const sql = absoluteFilePaths(query, this.root);
    return this.use(async (c) => {
      try {
        const reader = await c.runAndReadUntil(sql, limit);
        const types = reader.columnTypes().map(String);
        const rows = reader.getRowsJson().slice(0, limit);
        return { columns: reader.columnNames(), rows: rows.map((row) => row.map((value, i) => jsonCell(value, types[i]))) };
      } catch (e) {
        throw engineError(e, 0, sql);
      }
    });
  }

  /** Rows as plain objects (BIGINT as number when it fits), for callers that read data back. */
  async query(sql: string): Promise<Record<string, unknown>[]> {
    return this.use(async (c) => {
      const objects = await (await c.run(absoluteFilePaths(sql, this.root))).getRowObjectsJS();
      return objects.map((row) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' && Number.isSafeInteger(Number(v)) ? Number(v) : v])),
      );
    });
  }

  interrupt(): void {
    this.interrupts++;
    for (const connection of this.busy.keys()) connection.interrupt();
    // DuckDB drops an interrupt that arrives before the statement has begun (the query then runs to
    // its end), so it is repeated until every cancelled call has ended.
    if (this.repeat) return;
    this.repeat = setInterval(() => {
      const stale = [...this.busy].filter(([, began]) => began < this.interrupts);
      for (const [connection] of stale) connection.interrupt();
      if (stale.length === 0) this.stopRepeating();
    }, 50);
    // The queries keep the process alive while they run; the timer alone must not.
    this.repeat.unref();
  }

  async close(): Promise<void> {
    this.stopRepeating();
    for (const connection of this.pool.drain()) connection.closeSync();
    this.instance.closeSync();
  }

  /** A call on one connection of the pool; `cancelled()` is true once `interrupt` was called after it began. */
  private use<R>(work: (connection: DuckDBConnection, cancelled: () => boolean) => Promise<R>): Promise<R> {
    const began = this.interrupts;
    const cancelled = (): boolean => this.interrupts > began;
    return this.pool.use(async (connection) => {
      // A call that waited for a connection while the build was interrupted does not start.
      if (cancelled()) throw new EngineError(INTERRUPTED, 0);
      this.busy.set(connection, began);
      try {
        return await work(connection, cancelled);
      } finally {
        this.busy.delete(connection);
      }
    });
  }

  private stopRepeating(): void {
    clearInterval(this.repeat);
    this.repeat = undefined;
  }
}

const INTERRUPTED = 'INTERRUPT Error: Interrupted!';

/**
 * DuckDB ends a message that has a position with the statement's line and a caret under the spot:
 * `\n\nLINE 3:   nope as b\n          ^`. That excerpt becomes a line and column, and leaves the text.
 */
function engineError(e: unknown, statementIndex: number, sql: string): EngineError {
  const message = (e as Error).message;
  const found = /\s*\bLINE (\d+): ([^\n]*)\n( *)\^[^\n]*/.exec(message);
  if (!found) return new EngineError(message, statementIndex);
  const line = Number(found[1]);
  const caret = found[3]!.length - `LINE ${found[1]}: `.length;
  const column = caretColumn(sql.split(/\r\n?|\n/)[line - 1], found[2]!, caret);
  return new EngineError(message.slice(0, found.index) + message.slice(found.index + found[0].length), statementIndex, line, column);
}

/** The 1-based column of the caret in the statement's line; DuckDB elides long lines with `...` on either side. */
function caretColumn(line: string | undefined, excerpt: string, caret: number): number | undefined {
  if (line === undefined) return undefined;
  const cutLeft = excerpt.startsWith('...') && !line.startsWith('...');
  let shown = cutLeft ? excerpt.slice(3) : excerpt;
  if (shown.endsWith('...') && !line.endsWith(shown)) shown = shown.slice(0, -3);
  const at = cutLeft ? line.indexOf(shown) : line.startsWith(shown) ? 0 : -1;
  const column = at + caret - (cutLeft ? 3 : 0);
  return at >= 0 && column >= 0 && column <= line.length ? column + 1 : undefined;
}

/** A file size as people read it. */
function bytes(size: number): string {
  if (size < 1024) return `${size} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = size / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * DuckDB's JSON form of a value, made flat for a table or CSV: nested values (lists, structs) as
 * JSON text; 64-bit and wider integers (sent as text so none is rounded) as numbers when exact.
 */
function jsonCell(value: unknown, type: string | undefined): unknown {
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'string' && type !== undefined && /^U?(BIG|HUGE)INT$/.test(type) && Number.isSafeInteger(Number(value))) return Number(value);
  return value;
}
