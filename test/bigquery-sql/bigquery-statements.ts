/**
 * Every statement a BigQuery build sends, in the order it sends them, judged by the ZetaSQL
 * analyzer against the warehouse as it is at that point: the catalog starts with the sources (and
 * whatever existed before the build) and follows each CREATE and DROP the analyzer accepts, with
 * the columns the analyzer says a CREATE … AS makes.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { extname, join } from 'node:path';
import type { RelationKind } from '../../src/adapters/adapter.js';
import type { CompiledProject } from '../../src/compile/compiled-node.js';
import type { BuildPlan } from '../../src/plan/build-plan.js';
import type { StatementAnalyzer, TableColumn } from '../support/statement-analyzer.js';

export interface Relation {
  readonly kind: RelationKind;
  readonly columns: readonly TableColumn[];
}

/** The warehouse by `project.dataset.table`; a script's TEMP tables by their bare name. */
export type Warehouse = Map<string, Relation>;

export interface Rejection {
  readonly where: string;
  readonly sql: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

/** What BigQuery's capabilities make the plan look like (seeds loaded from files, authorized views). */
export const BIGQUERY_CAPABILITIES = { dryRun: true, loadsFiles: true, schemaAccess: true } as const;

/**
 * The project's sources as BigQuery tables, their columns described by DuckDB from the local
 * files. A nested object of a JSON lines file is a JSON column: raw events land with their payload
 * untouched (models read it with JSON_VALUE), which a STRUCT's fixed schema would not be.
 */
export async function sourceTables(compiled: CompiledProject, projectDir: string): Promise<Warehouse> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const tables: Warehouse = new Map();
  try {
    for (const source of compiled.project.domains.flatMap((d) => d.sources)) {
      const file = source.locations.duckdb;
      const table = compiled.dialect.sourceRelation(source);
      if (!file || !table) continue;
      const json = ['.json', '.jsonl', '.ndjson'].includes(extname(file).toLowerCase());
      const reader = json ? 'read_json_auto' : extname(file).toLowerCase() === '.parquet' ? 'read_parquet' : 'read_csv_auto';
      const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${reader}('${join(projectDir, file).replace(/'/g, "''")}')`);
      const columns = described.getRowObjects().map((row) => ({ name: String(row.column_name), type: bigqueryType(String(row.column_type), json) }));
      tables.set(unquote(table), { kind: 'table', columns });
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return tables;
}

/** A DuckDB column type → the BigQuery type a table loaded from the same data has. */
export function bigqueryType(duckdb: string, json: boolean): string {
  const type = duckdb.trim().toUpperCase();
  if (type.endsWith('[]')) return `ARRAY<${bigqueryType(duckdb.trim().slice(0, -2), json)}>`;
  if (type.startsWith('STRUCT(') || type.startsWith('MAP(')) return json ? 'JSON' : structType(duckdb.trim());
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(type);
  if (decimal) return Number(decimal[1]) - Number(decimal[2]) > 29 || Number(decimal[2]) > 9 ? 'BIGNUMERIC' : 'NUMERIC';
  const scalar: Record<string, string> = {
    VARCHAR: 'STRING', UUID: 'STRING', BLOB: 'BYTES', BOOLEAN: 'BOOL', DATE: 'DATE', TIME: 'TIME',
    // A file's timestamp without a zone is a point in time BigQuery's loader reads as UTC.
    TIMESTAMP: 'TIMESTAMP',
    'TIMESTAMP WITH TIME ZONE': 'TIMESTAMP', BIGINT: 'INT64', INTEGER: 'INT64', SMALLINT: 'INT64', TINYINT: 'INT64',
    UBIGINT: 'INT64', UINTEGER: 'INT64', USMALLINT: 'INT64', UTINYINT: 'INT64', HUGEINT: 'BIGNUMERIC', DOUBLE: 'FLOAT64', FLOAT: 'FLOAT64',
    JSON: 'JSON', INTERVAL: 'INTERVAL',
  };
  const mapped = scalar[type];
  if (!mapped) throw new Error(`no BigQuery type for DuckDB's ${duckdb}`);
  return mapped;
}

function structType(duckdb: string): string {
  const inner = duckdb.slice(duckdb.indexOf('(') + 1, -1);
  const fields: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= inner.length; i++) {
    const c = inner[i];
    if (c === '(') depth++;
    if (c === ')') depth--;
    if ((c === ',' && depth === 0) || i === inner.length) {
      const field = inner.slice(start, i).trim();
      const [, name = '', type = ''] = /^("(?:[^"]|"")*"|\S+)\s+(.*)$/.exec(field) ?? [];
      const plain = name.replace(/^"|"$/g, '').replace(/""/g, '"');
      fields.push(`${/^[A-Za-z_]\w*$/.test(plain) ? plain : `\`${plain}\``} ${bigqueryType(type, false)}`);
      start = i + 1;
    }
  }
  return `STRUCT<${fields.join(', ')}>`;
}

/** `` `p.d.t` `` or `` `p`.`d`.t `` → `p.d.t`; a two-part name is in `project`. */
export function tableKey(name: string, project: string): string {
  const key = unquote(name);
  return key.split('.').length === 2 ? `${project}.${key}` : key;
}

function unquote(name: string): string {
  return name.replace(/`/g, '');
}

const CREATES = /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(TEMP\s+|TEMPORARY\s+)?(TABLE|VIEW|MATERIALIZED\s+VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?((?:`[^`]+`|[\w-]+)(?:\.(?:`[^`]+`|[\w-]+))*)/i;
const DROPS = /^\s*DROP\s+(?:TABLE|VIEW|MATERIALIZED\s+VIEW)\s+(?:IF\s+EXISTS\s+)?((?:`[^`]+`|[\w-]+)(?:\.(?:`[^`]+`|[\w-]+))*)/i;

/** Analyzes a plan's statements in the order a build runs them, following what each one creates and drops. */
export async function analyzePlan(analyzer: StatementAnalyzer, plan: BuildPlan, warehouse: Warehouse, project: string): Promise<{ rejected: Rejection[]; analyzed: number }> {
  const rejected: Rejection[] = [];
  let analyzed = 0;
  const run = async (where: string, sql: string, apply = true): Promise<void> => {
    analyzed++;
    const tables = new Map([...warehouse].map(([name, relation]) => [name, relation.columns]));
    const result = await analyzer.analyze(sql, tables, project);
    if (!result.ok) {
      rejected.push({ where, sql, message: result.message, ...(result.line ? { line: result.line } : {}), ...(result.column ? { column: result.column } : {}) });
      return;
    }
    if (!apply) return;
    const created = CREATES.exec(sql);
    if (created && result.columns) {
      const kind: RelationKind = /VIEW/i.test(created[2]!) ? 'view' : 'table';
      warehouse.set(created[1] ? unquote(created[3]!) : tableKey(created[3]!, project), { kind, columns: result.columns });
    }
    const dropped = DROPS.exec(sql);
    if (dropped) warehouse.delete(dropped[1]!.includes('.') ? tableKey(dropped[1]!, project) : unquote(dropped[1]!));
  };
  for (const [i, s] of plan.setup.entries()) await run(`setup [${i}]`, s.sql);
  for (const step of plan.steps) {
    if (step.refused) continue;
    if (step.load) warehouse.set(`${project}.${step.load.schema}.${step.load.name}`, { kind: 'table', columns: step.load.columns });
    for (const [i, s] of step.statements.entries()) await run(`${step.id} (${step.action}) [${i}]`, s.sql);
    if (step.failureCountSql) await run(`${step.id} (failure count)`, step.failureCountSql);
    if (step.failingRowsSql) await run(`${step.id} (failing rows)`, step.failingRowsSql);
    for (const [i, s] of (step.storeFailures?.statements ?? []).entries()) await run(`${step.id} (store failures) [${i}]`, s.sql);
    for (const audit of step.audits ?? []) {
      if (audit.types) await run(`${step.id} audit '${audit.name}' (type check)`, audit.types.sql);
      if (audit.valueSql) await run(`${step.id} audit '${audit.name}'`, audit.valueSql);
      if (audit.samplesSql) await run(`${step.id} audit '${audit.name}' (samples)`, audit.samplesSql);
    }
    // Discard and publish are alternatives: discard is judged on the same warehouse, and leaves it as it is.
    for (const [i, s] of (step.discard ?? []).entries()) await run(`${step.id} discard [${i}]`, s.sql, false);
    for (const [i, s] of (step.publish ?? []).entries()) await run(`${step.id} publish [${i}]`, s.sql);
    // A step's statements run in one session: its TEMP tables end with it.
    for (const name of [...warehouse.keys()]) if (!name.includes('.')) warehouse.delete(name);
  }
  return { rejected, analyzed };
}

/** What the build's planner reads as existing relations: `dataset.table` → kind, for the target's project. */
export function existingRelations(warehouse: Warehouse, project: string): Map<string, RelationKind> {
  return new Map([...warehouse].filter(([name]) => name.startsWith(`${project}.`)).map(([name, r]) => [name.slice(project.length + 1), r.kind]));
}

/** A readable list of rejections for a failing assertion. */
export function report(rejected: readonly Rejection[]): string {
  return rejected.map((r) => `${r.where}: ${r.message}${r.line ? ` [at ${r.line}:${r.column ?? 0}]` : ''}\n${r.sql.split('\n').map((l, i) => `  ${String(i + 1).padStart(3)}| ${l}`).join('\n')}`).join('\n\n');
}
