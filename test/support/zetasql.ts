/**
 * Google's ZetaSQL analyzer as a StatementAnalyzer: whether BigQuery would accept a statement, and
 * the columns its result has.
 *
 * The analyzer is `@fivetrandevelopers/zetasql` (a gRPC server binary and its protos), installed on
 * demand into the git-ignored `.zetasql/` by `scripts/ensure-zetasql.sh` (npm's `pretest`), never a
 * dependency. Its JavaScript client is a process-wide singleton and its `runServer` keeps the child
 * in module state, so each analyzer starts the package's binary itself on a free port and talks to
 * it with the package's own gRPC libraries and protos: test files running in parallel each get
 * their own server.
 *
 * Each statement is analyzed alone against a catalog of `tables`: a `project.dataset.table` name is
 * found however the statement groups it into identifiers (`` `p.d.t` ``, `` `p`.`d`.`t` ``,
 * `` `p.d`.t ``, and `d.t` in `defaultProject`), each dataset also has the `INFORMATION_SCHEMA.COLUMNS`
 * view BigQuery has, and bare names are the script's TEMP tables. The language is BigQuery's (see
 * `zetasql-features.ts`).
 *
 * What the analyzer cannot judge alone, said honestly: BigQuery scripting statements (`DECLARE`,
 * `SET` of a script variable, `IF`, loops, `BEGIN … END` blocks, `RAISE`, `RETURN`) are not
 * statements ZetaSQL's analyzer resolves. They are parsed with its script parser and the tables
 * they name must be known; a DECLARE's DEFAULT and a SET's value are analyzed as queries (the
 * DEFAULT as a CAST to the declared type), and each declared variable becomes a constant of its
 * type that later statements can read. Variables live until `close()` (the analyzer cannot see
 * where one script ends), so a statement reading a variable another script declared passes.
 * The bodies of IF, loops and blocks are only parsed. `BEGIN TRANSACTION`, `COMMIT` and
 * `ROLLBACK` are analyzed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { BIGQUERY_STATEMENTS, NOT_IN_BIGQUERY, RESERVED_KEYWORDS } from './zetasql-features.js';
import type { Analysis, KnownTables, StatementAnalyzer, TableColumn } from './statement-analyzer.js';
import { typeProto, typeText, type TypeProto } from './zetasql-types.js';

const PACKAGE = fileURLToPath(new URL('../../.zetasql/node_modules/@fivetrandevelopers/zetasql/', import.meta.url));

/** The columns of BigQuery's `<dataset>.INFORMATION_SCHEMA.COLUMNS`. */
const INFORMATION_SCHEMA_COLUMNS: readonly TableColumn[] = [
  ...['table_catalog', 'table_schema', 'table_name', 'column_name'].map((name) => ({ name, type: 'STRING' })),
  { name: 'ordinal_position', type: 'INT64' },
  ...['is_nullable', 'data_type', 'is_generated', 'generation_expression', 'is_stored', 'is_hidden', 'is_updatable', 'is_system_defined', 'is_partitioning_column'].map((name) => ({ name, type: 'STRING' })),
  { name: 'clustering_ordinal_position', type: 'INT64' },
  ...['collation_name', 'column_default', 'rounding_mode'].map((name) => ({ name, type: 'STRING' })),
];

/**
 * BigQuery's parameterized-type aliases, which ZetaSQL's PRODUCT_EXTERNAL mode does not know: INT,
 * SMALLINT, INTEGER, BIGINT, TINYINT and BYTEINT are INT64, DECIMAL is NUMERIC, BIGDECIMAL is
 * BIGNUMERIC (https://cloud.google.com/bigquery/docs/reference/standard-sql/data-types#integer_types,
 * #decimal_types). BigQuery accepts `CAST(x AS INTEGER)`; ZetaSQL does once the catalog names them.
 */
const TYPE_ALIASES: readonly { name: string; type: TypeProto }[] = [
  ...['INT', 'SMALLINT', 'INTEGER', 'BIGINT', 'TINYINT', 'BYTEINT'].map((name) => ({ name, type: { typeKind: 'TYPE_INT64' } })),
  { name: 'DECIMAL', type: { typeKind: 'TYPE_NUMERIC' } },
  { name: 'BIGDECIMAL', type: { typeKind: 'TYPE_BIGNUMERIC' } },
];

/** Statements of BigQuery's procedural language, which the analyzer does not resolve (see above). */
const SCRIPT_ONLY = /^(DECLARE|SET(?!\s*@@)|IF|WHILE|LOOP|REPEAT|FOR|RAISE|RETURN|LEAVE|BREAK|CONTINUE|ITERATE|BEGIN(?!\s+(TRANSACTION|TRAN)\b)(?!\s*;?\s*$))\b/i;

interface GrpcError extends Error {
  code?: number;
  details?: string;
}
type Unary = (request: unknown, callback: (error: GrpcError | null, response: unknown) => void) => void;
interface ZetaSqlService {
  formatSql: Unary;
  getLanguageOptions: Unary;
  analyze: Unary;
  registerCatalog: Unary;
  unregisterCatalog: Unary;
  extractTableNamesFromStatement: Unary;
  close(): void;
}

/** Starts an analyzer server of its own; `close()` stops it. */
export async function createZetaSqlAnalyzer(): Promise<StatementAnalyzer> {
  if (!existsSync(`${PACKAGE}package.json`)) {
    throw new Error('the ZetaSQL analyzer is not installed: run `bash scripts/ensure-zetasql.sh` (npm test does it first)');
  }
  const require = createRequire(`${PACKAGE}package.json`);
  const grpc = require('@grpc/grpc-js') as {
    credentials: { createInsecure(): unknown };
    loadPackageDefinition(definition: unknown): { zetasql: { local_service: { ZetaSqlLocalService: new (address: string, credentials: unknown, options: object) => ZetaSqlService } } };
  };
  const loader = require('@grpc/proto-loader') as { loadSync(file: string, options: object): unknown };
  const definition = loader.loadSync('local_service.proto', { includeDirs: [`${PACKAGE}lib/zetasql/protos`], oneofs: true, enums: String, longs: String });
  // Every feature name of the analyzer's LanguageFeature enum, to check the feature lists against.
  const features = new Set(((definition as Record<string, { type?: { value?: { name: string }[] } }>)['zetasql.LanguageFeature']?.type?.value ?? []).map((v) => v.name));
  const Service = grpc.loadPackageDefinition(definition).zetasql.local_service.ZetaSqlLocalService;

  const { server, port } = await startServer();
  const size = 64 * 1024 * 1024;
  const service = new Service(`localhost:${port}`, grpc.credentials.createInsecure(), { 'grpc.max_send_message_length': size, 'grpc.max_receive_message_length': size });
  const call = <T>(method: keyof Omit<ZetaSqlService, 'close'>, request: unknown): Promise<T> =>
    new Promise((resolve, reject) => service[method](request, (error, response) => (error ? reject(error) : resolve(response as T))));
  const stop = (): void => {
    service.close();
    server.kill('SIGKILL');
  };
  process.once('exit', stop);

  try {
    await waitUntilServing(server, () => call('formatSql', { sql: 'SELECT 1' }));
    const maximum = await call<{ enabledLanguageFeatures: string[] }>('getLanguageOptions', { maximumFeatures: true });
    const unknown = NOT_IN_BIGQUERY.filter((f) => !features.has(f));
    if (unknown.length > 0) throw new Error(`features the analyzer does not know (fix zetasql-features.ts): ${unknown.join(', ')}`);
    const languageOptions = {
      productMode: 'PRODUCT_EXTERNAL',
      nameResolutionMode: 'NAME_RESOLUTION_DEFAULT',
      enabledLanguageFeatures: maximum.enabledLanguageFeatures.filter((f) => !NOT_IN_BIGQUERY.includes(f)),
      supportedStatementKinds: BIGQUERY_STATEMENTS,
      reservedKeywords: RESERVED_KEYWORDS,
    };
    const options = { languageOptions, errorMessageMode: 'ERROR_MESSAGE_ONE_LINE', defaultTimezone: 'UTC' };
    // Sending a catalog with each statement costs ~20 ms (the server loads every builtin function
    // each time) and registering one grows with its tables (~0.4 ms a spelling), so each statement
    // gets a catalog of just the tables it names, registered once per content (a few are kept:
    // a contract's audits all read its candidate).
    const registered = new Map<string, string>();
    const catalogId = async (tables: KnownTables, defaultProject: string, constants: ReadonlyMap<string, TypeProto>): Promise<string> => {
      const key = JSON.stringify([defaultProject, [...tables], [...constants]]);
      const known = registered.get(key);
      if (known !== undefined) return known;
      if (registered.size >= 16) {
        const [oldest, id] = registered.entries().next().value as [string, string];
        registered.delete(oldest);
        await call('unregisterCatalog', { registeredId: id });
      }
      const simpleCatalog = {
        ...catalog(tables, defaultProject),
        namedType: TYPE_ALIASES,
        constant: [...constants].map(([name, type]) => ({ namePath: [name], type, value: {} })),
        builtinFunctionOptions: { languageOptions },
      };
      const { registeredId } = await call<{ registeredId: string }>('registerCatalog', { simpleCatalog });
      registered.set(key, registeredId);
      return registeredId;
    };

    // Script variables DECLARE introduced, as catalog constants later statements can read.
    const variables = new Map<string, TypeProto>();
    const analyzeStatement = async (sql: string, tables: KnownTables, defaultProject: string): Promise<Analysis> => {
      const named = await call<{ tableName?: { tableNameSegment: string[] }[] }>('extractTableNamesFromStatement', { sqlStatement: sql, options: languageOptions });
      const needed = referenced(tables, (named.tableName ?? []).map((t) => t.tableNameSegment.join('.')), defaultProject);
      const id = await catalogId(needed, defaultProject, variables);
      const response = await call<{ resolvedStatement?: Record<string, unknown> }>('analyze', { options, registeredCatalogId: id, sqlStatement: sql });
      const columns = outputColumns(response.resolvedStatement);
      return columns ? { ok: true, columns } : { ok: true };
    };
    /** A script statement: parsed as a script; DECLARE's and SET's expressions analyzed as queries. */
    const analyzeScript = async (sql: string, tables: KnownTables, defaultProject: string): Promise<Analysis> => {
      const parsed = await call<{ tableName?: { tableNameSegment: string[] }[] }>('extractTableNamesFromStatement', { sqlStatement: sql, allowScript: true, options: languageOptions });
      const missing = (parsed.tableName ?? []).map((t) => t.tableNameSegment.join('.')).filter((name) => !knows(tables, name, defaultProject));
      if (missing.length > 0) return { ok: false, message: `Table not found: ${missing[0]}` };
      const text = withoutLeadingComments(sql).replace(/;\s*$/, '');
      const declare = /^DECLARE\s+([\w\s,]+?)(?:\s+((?:ARRAY|STRUCT|RANGE)\s*<.*?>|[A-Za-z]\w*(?:\s*\([\d\s,]*\))?))?(?:\s+DEFAULT\s+([\s\S]+))?$/i.exec(text);
      if (declare) {
        const [, names = '', type, value] = declare;
        if (!type && !value) return { ok: false, message: 'DECLARE needs a type or a DEFAULT value' };
        let declared = type ? typeProto(type) : undefined;
        if (value) {
          // The DEFAULT value is checked as a CAST to the declared type (BigQuery's coercion is stricter).
          const query = await analyzeStatement(`SELECT ${type ? `CAST((${value}) AS ${type})` : `(${value})`} AS value`, tables, defaultProject);
          if (!query.ok) return { ok: false, message: `DECLARE's DEFAULT: ${query.message}` };
          declared ??= typeProto(query.columns![0]!.type);
        }
        for (const name of names.split(',')) variables.set(name.trim().toLowerCase(), declared!);
        return { ok: true };
      }
      const set = /^SET\s+(\(?[\w\s,]+\)?)\s*=\s*([\s\S]+)$/i.exec(text);
      if (set) {
        const unknown = set[1]!.replace(/[()]/g, '').split(',').map((n) => n.trim()).find((n) => !variables.has(n.toLowerCase()));
        if (unknown) return { ok: false, message: `Unrecognized name: ${unknown}` };
        const query = await analyzeStatement(`SELECT ${set[2]} AS value`, tables, defaultProject);
        return query.ok ? { ok: true } : { ok: false, message: `SET's value: ${query.message}` };
      }
      return { ok: true };
    };

    return {
      async analyze(sql: string, tables: KnownTables, defaultProject: string): Promise<Analysis> {
        try {
          const script = SCRIPT_ONLY.test(withoutLeadingComments(sql));
          return await (script ? analyzeScript(sql, tables, defaultProject) : analyzeStatement(sql, tables, defaultProject));
        } catch (error) {
          if (error instanceof Error && error.message.startsWith('not a BigQuery type')) return { ok: false, message: error.message };
          return rejection(error as GrpcError);
        }
      },
      async close(): Promise<void> {
        process.removeListener('exit', stop);
        const exited = new Promise<void>((resolve) => (server.exitCode !== null || server.signalCode !== null ? resolve() : server.once('exit', () => resolve())));
        stop();
        await exited;
      },
    };
  } catch (error) {
    process.removeListener('exit', stop);
    stop();
    throw error;
  }
}

/** The package's binary for this machine, on a port nobody listens on. */
async function startServer(): Promise<{ server: ChildProcess; port: number }> {
  const binary = `${PACKAGE}lib/zetasql/remote_server${process.arch.startsWith('arm') ? '_arm' : ''}${process.platform === 'darwin' ? '' : '.so'}`;
  const port = await freePort();
  const server = spawn(binary, ['localhost', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  return { server, port };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

/** Polls until the server answers; fails with its output when it exits or does not answer within 30 s. */
async function waitUntilServing(server: ChildProcess, ping: () => Promise<unknown>): Promise<void> {
  let output = '';
  server.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2000)));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null || server.signalCode !== null) throw new Error(`the ZetaSQL analyzer server stopped (${server.exitCode ?? server.signalCode}): ${output}`);
    try {
      await ping();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`the ZetaSQL analyzer server did not answer within 30 s: ${(error as Error).message} ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** The analyzer's complaint (`… [at 3:14]`) as an Analysis; anything but a rejection is a harness bug. */
function rejection(error: GrpcError): Analysis {
  const INVALID_ARGUMENT = 3;
  const NOT_FOUND = 5;
  if (error.code !== INVALID_ARGUMENT && error.code !== NOT_FOUND) throw error;
  const text = error.details ?? error.message;
  const at = /\s*\[at (\d+):(\d+)\]\s*$/.exec(text);
  return at ? { ok: false, message: text.slice(0, at.index), line: Number(at[1]), column: Number(at[2]) } : { ok: false, message: text };
}

interface CatalogProto {
  name: string;
  table: { name: string; column: { name: string; type: TypeProto }[] }[];
  catalog: CatalogProto[];
}

/** Every way of writing a table's path as identifiers → nested catalogs ending in the table. */
function catalog(tables: KnownTables, defaultProject: string): CatalogProto {
  const root: CatalogProto = { name: '', table: [], catalog: [] };
  const add = (path: readonly string[], columns: readonly TableColumn[]): void => {
    let at = root;
    for (const name of path.slice(0, -1)) {
      let child = at.catalog.find((c) => c.name.toLowerCase() === name.toLowerCase());
      if (!child) at.catalog.push((child = { name, table: [], catalog: [] }));
      at = child;
    }
    const name = path[path.length - 1]!;
    if (at.table.some((t) => t.name.toLowerCase() === name.toLowerCase())) return;
    at.table.push({ name, column: columns.map((c) => ({ name: c.name, type: typeProto(c.type) })) });
  };
  const datasets = new Set<string>();
  const addAllSpellings = (segments: readonly string[], columns: readonly TableColumn[]): void => {
    for (const path of groupings(segments)) add(path, columns);
    if (segments.length > 2 && segments[0] === defaultProject) for (const path of groupings(segments.slice(1))) add(path, columns);
  };
  for (const [name, columns] of tables) {
    const segments = name.split('.');
    addAllSpellings(segments, columns);
    if (segments.length === 3) datasets.add(segments.slice(0, 2).join('.'));
  }
  for (const dataset of datasets) addAllSpellings([...dataset.split('.'), 'INFORMATION_SCHEMA', 'COLUMNS'], INFORMATION_SCHEMA_COLUMNS);
  return root;
}

/** `[a, b, c]` → `[[a, b, c]], [[a.b, c]], [[a, b.c]], [[a.b.c]]`: each split of the path into identifiers. */
function groupings(segments: readonly string[]): string[][] {
  if (segments.length <= 1) return [[...segments]];
  return groupings(segments.slice(1)).flatMap(([first, ...rest]) => [
    [segments[0]!, first!, ...rest],
    [`${segments[0]}.${first}`, ...rest],
  ]);
}

function knows(tables: KnownTables, name: string, defaultProject: string): boolean {
  return [...tables.keys()].some((key) => sameTable(key, name, defaultProject));
}

function sameTable(key: string, name: string, defaultProject: string): boolean {
  const wanted = name.toLowerCase();
  return key.toLowerCase() === wanted || key.toLowerCase() === `${defaultProject}.${wanted}`.toLowerCase();
}

/** The known tables among `names` (as the statement writes them), with the datasets whose INFORMATION_SCHEMA it reads. */
function referenced(tables: KnownTables, names: readonly string[], defaultProject: string): KnownTables {
  const needed = new Map<string, readonly TableColumn[]>();
  for (const name of names) {
    for (const [key, columns] of tables) if (sameTable(key, name, defaultProject)) needed.set(key, columns);
    // `<dataset>.INFORMATION_SCHEMA.COLUMNS` exists when the dataset has a table; the catalog adds the view.
    const schemaView = /^(.+)\.INFORMATION_SCHEMA\.COLUMNS$/i.exec(name);
    const inDataset = schemaView ? [...tables].find(([key]) => key.split('.').length === 3 && sameTable(key.split('.').slice(0, 2).join('.'), schemaView[1]!, defaultProject)) : undefined;
    if (inDataset) needed.set(inDataset[0], inDataset[1]);
  }
  return needed;
}

function withoutLeadingComments(sql: string): string {
  return sql.replace(/^(\s+|--[^\n]*\n?|#[^\n]*\n?|\/\*[\s\S]*?\*\/)*/, '');
}

type Node = Record<string, unknown>;

/**
 * The columns a statement produces: a CREATE TABLE's column definitions, a view's or a query's
 * output columns. Resolved nodes arrive wrapped in their base classes (`node` names the one set)
 * with their own base fields under `parent`.
 */
function outputColumns(statement: Node | undefined): TableColumn[] | undefined {
  let node = statement;
  while (node && typeof node.node === 'string') node = node[node.node] as Node | undefined;
  for (let level = node; level; level = level.parent as Node | undefined) {
    const definitions = level.columnDefinitionList as { name: string; type: TypeProto }[] | undefined;
    if (definitions && definitions.length > 0) return definitions.map((c) => ({ name: c.name, type: typeText(c.type) }));
  }
  for (let level = node; level; level = level.parent as Node | undefined) {
    const output = level.outputColumnList as { name: string; column: { type: TypeProto } }[] | undefined;
    if (output && output.length > 0) return output.map((c) => ({ name: c.name, type: typeText(c.column.type) }));
  }
  return undefined;
}
