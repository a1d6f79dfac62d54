/**
 * The engines the conformance suite runs on, behind one small interface: DuckDB in memory, and
 * BigQuery through the real adapter and client against the local endpoint, whose analyzer is
 * Google's ZetaSQL (every statement the adapter sends is also checked; one it rejects fails its job).
 *
 * What each engine can show differs: DuckDB holds the data, so rows are counted; the BigQuery
 * endpoint does not evaluate queries, so it shows the warehouse's state (relations, kinds, columns,
 * views' queries, rows a load wrote) and the statements sent. A test asks `rows()` and gets
 * undefined where the engine cannot tell, and checks the statements instead.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import { BigQueryAdapter } from '../../src/adapters/bigquery/bigquery-adapter.js';
import { loadCredentials, type LoadedCredentials } from '../../src/adapters/bigquery/bigquery-credentials.js';
import { bigquerySettings } from '../../src/adapters/bigquery/bigquery-settings.js';
import type { Adapter } from '../../src/adapters/adapter.js';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { main } from '../../src/cli/main.js';
import { build, type BuildOptions, type BuildResult } from '../../src/mesh.js';
import { startBigQueryFake, type BigQueryFake } from '../support/bigquery-fake.js';
import type { QueryResult } from '../support/bigquery-fake.js';
import type { StatementAnalyzer } from '../support/statement-analyzer.js';
import { memoryDuckDB } from '../support/temp-project.js';
import { createZetaSqlAnalyzer } from '../support/zetasql.js';
import { BQ_LOCATION, BQ_PROJECT } from './conformance-project.js';

export const TOKEN = 'ya29.conformance-token-never-printed';
/** The fixed instant the contract's audits are measured at. */
const AS_OF = '2024-01-04T00:00:00Z';

export interface EngineUnderTest {
  readonly name: 'duckdb' | 'bigquery';
  /** The project's target for this engine. */
  readonly target: 'dev' | 'prod';
  /** The adapter (opened on the project's folder on first use). */
  adapter(dir: string): Promise<Adapter>;
  /** `mesh build` of the project through this engine's adapter. */
  build(dir: string, options?: Partial<BuildOptions>): Promise<BuildResult>;
  /** `mesh <args> --project dir --target <this engine's>` through the CLI, opening its own adapter (DuckDB: the target's file). */
  cli(dir: string, args: readonly string[]): Promise<{ code: number; out: string[]; err: string[] }>;
  /** The kind of `schema.name`, undefined when it does not exist. */
  kind(schema: string, name: string): Promise<'view' | 'table' | undefined>;
  /** The relations of a schema, by name, sorted. */
  relations(schema: string): Promise<string[]>;
  /** The column names of a relation, in order. */
  columns(schema: string, name: string): Promise<string[]>;
  /** The rows of a table or view, where the engine can tell (DuckDB); undefined on the endpoint. */
  rows(sql: string): Promise<Record<string, unknown>[] | undefined>;
  /** A seed's rows as they arrived (cells as text, null for an empty one), sorted. */
  seedRows(schema: string, name: string): Promise<(string | null)[][]>;
  /** The SQL a view reads (enough to see which relation it names). */
  viewSql(schema: string, name: string): Promise<string>;
  /** Statements sent since the last call, in order (BigQuery); undefined where the engine is called in-process. */
  sent(): string[] | undefined;
  /**
   * Data that breaks the contract's unique key. On DuckDB the data itself does; the endpoint does not
   * evaluate queries, so on BigQuery its answer to the unique audit's count is set as the data would make it.
   */
  duplicatesInCandidate(present: boolean): void;
  close(): Promise<void>;
}

export async function duckdbEngine(): Promise<EngineUnderTest> {
  let db: DuckDBAdapter | undefined;
  const open = async (dir: string): Promise<DuckDBAdapter> => (db ??= await memoryDuckDB(dir));
  const query = (sql: string): Promise<Record<string, unknown>[]> => db!.query(sql);
  return {
    name: 'duckdb',
    target: 'dev',
    adapter: open,
    build: async (dir, options = {}) => build({ projectDir: dir, target: 'dev', adapter: await open(dir), asOf: AS_OF, env: {}, ...options }),
    cli: (dir, args) => cli([...args, '--project', dir, '--target', 'dev'], {}),
    kind: async (schema, name) => {
      const found = await query(`select table_type from information_schema.tables where table_schema = '${schema}' and table_name = '${name}'`);
      return found.length === 0 ? undefined : found[0]!.table_type === 'VIEW' ? 'view' : 'table';
    },
    relations: async (schema) => (await query(`select table_name from information_schema.tables where table_schema = '${schema}' order by 1`)).map((r) => String(r.table_name)),
    columns: async (schema, name) =>
      (await query(`select column_name from information_schema.columns where table_schema = '${schema}' and table_name = '${name}' order by ordinal_position`)).map((r) => String(r.column_name)),
    rows: (sql) => query(sql),
    seedRows: async (schema, name) => sortRows((await query(`select * from ${schema}.${name}`)).map((r) => Object.values(r).map((v) => (v === null ? null : String(v))))),
    viewSql: async (schema, name) => String((await query(`select sql from duckdb_views() where schema_name = '${schema}' and view_name = '${name}'`))[0]?.sql ?? ''),
    sent: () => undefined,
    duplicatesInCandidate: () => undefined,
    close: async () => db?.close(),
  };
}

/**
 * BigQuery: a fresh endpoint per engine (per test), ZetaSQL as its analyzer. The endpoint follows
 * the rows of meshwork's published state only where written with VALUES; the state's MERGE is not
 * evaluated, so the endpoint answers `SELECT definition FROM …published_contracts` with the
 * definitions the build's own MERGE statements wrote: what one build publishes, the next reads.
 */
export async function bigqueryEngine(analyzer: StatementAnalyzer): Promise<EngineUnderTest & { readonly fake: BigQueryFake }> {
  let duplicates = false;
  let seen = 0;
  const answer = (sql: string): QueryResult | undefined => {
    if (/^\s*SELECT definition FROM .*published_contracts/is.test(sql)) return { fields: [{ name: 'definition', type: 'STRING' }], rows: publishedDefinitions(fake).map((d) => [d]) };
    if (duplicates && /__mesh_orders_v1__/.test(sql) && /GROUP BY `?order_id`? HAVING count\(\*\) > 1/i.test(sql)) return { fields: [{ name: 'f0_', type: 'INT64' }], rows: [[1]] };
    return undefined;
  };
  const fake = await startBigQueryFake({ token: TOKEN, analyzer, answer });
  const target = {
    name: 'prod',
    engine: 'bigquery' as const,
    threads: 4,
    project: BQ_PROJECT,
    location: BQ_LOCATION,
    bigquery: { method: 'oauth-token' as const, tokenEnv: 'MESH_BQ_TOKEN', apiEndpoint: fake.url, jobRetries: 0, priority: 'interactive' as const, labels: {}, projects: {}, roles: {} },
  };
  const credentials = (await loadCredentials(bigquerySettings(target), { MESH_BQ_TOKEN: TOKEN })) as LoadedCredentials;
  const adapter = new BigQueryAdapter({ target, credentials, retryDelayMs: 5, pollMs: 2 });
  const relation = (schema: string, name: string) => fake.state.relation(BQ_PROJECT, schema, name);
  return {
    name: 'bigquery',
    target: 'prod',
    fake,
    adapter: async () => adapter,
    build: (dir, options = {}) => build({ projectDir: dir, target: 'prod', adapter, asOf: AS_OF, env: {}, ...options }),
    cli: (dir, args) => cli([...args, '--project', dir, '--target', 'prod'], { MESH_BQ_TOKEN: TOKEN, BQ_ENDPOINT: fake.url }),
    kind: async (schema, name) => {
      const found = relation(schema, name);
      return found === undefined ? undefined : found.kind === 'VIEW' ? 'view' : 'table';
    },
    relations: async (schema) =>
      [...fake.state.relations.values()]
        .filter((r) => r.projectId === BQ_PROJECT && r.datasetId === schema)
        .map((r) => r.tableId)
        .sort(),
    columns: async (schema, name) => (relation(schema, name)?.columns ?? []).map((c) => c.name),
    rows: async () => undefined,
    // What the load job wrote from the CSV upload: the endpoint follows loaded rows.
    seedRows: async (schema, name) => sortRows(relation(schema, name)?.rows ?? []),
    viewSql: async (schema, name) => relation(schema, name)?.viewQuery ?? '',
    sent: () => {
      const statements = fake.statements.slice(seen).filter((s) => !s.dryRun);
      seen = fake.statements.length;
      return statements.map((s) => s.sql);
    },
    duplicatesInCandidate: (present) => {
      duplicates = present;
    },
    close: async () => {
      await adapter.close();
      await fake.close();
    },
  };
}

function sortRows(rows: (string | null)[][]): (string | null)[][] {
  return rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

async function cli(args: readonly string[], env: Record<string, string>): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(...l.split('\n')), err: (l) => err.push(...l.split('\n')) }, { env });
  return { code, out, err };
}

/** The `definition` literals of the MERGE statements into the published state, in the order they ran. */
function publishedDefinitions(fake: BigQueryFake): string[] {
  const found: string[] = [];
  for (const s of fake.statements) {
    if (s.dryRun || !/^\s*MERGE INTO .*published_contracts/s.test(s.sql)) continue;
    const literal = /'((?:[^'\\]|\\.)*)' AS definition/s.exec(s.sql);
    if (literal) found.push(literal[1]!.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c));
  }
  // One row per contract and major: the last publish wins, as the MERGE makes it.
  const byId = new Map<string, string>();
  for (const d of found) byId.set(`${(JSON.parse(d) as { id: string }).id}@${/"version":"(\d+)/.exec(d)?.[1] ?? ''}`, d);
  return [...byId.values()];
}

/**
 * `describe.each` over both engines: `body(engine)` declares the tests; `engine()` is a fresh engine
 * for the running test (closed after it). ZetaSQL starts once per file.
 */
export function describeOnEngines(title: string, body: (engine: () => EngineUnderTest) => void): void {
  describe.each(['duckdb', 'bigquery'] as const)(`${title} (%s)`, (name) => {
    let analyzer: StatementAnalyzer | undefined;
    let current: EngineUnderTest | undefined;
    beforeAll(async () => {
      if (name === 'bigquery') analyzer = await createZetaSqlAnalyzer();
    }, 60_000);
    afterAll(async () => {
      await analyzer?.close();
    });
    beforeEach(async () => {
      current = name === 'duckdb' ? await duckdbEngine() : await bigqueryEngine(analyzer!);
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });
    body(() => current!);
  });
}
