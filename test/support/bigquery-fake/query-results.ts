import type { TableColumn } from '../statement-analyzer.js';
import { splitTopLevel } from './query-columns.js';
import { codeOnly, readName } from './sql-text.js';
import { sameLocation, type Warehouse } from './warehouse.js';

export type Cell = string | number | boolean | null;

/** Rows a query returns: its schema and values, as `getQueryResults` sends them. */
export interface QueryResult {
  readonly fields: readonly TableColumn[];
  readonly rows: readonly (readonly Cell[])[];
}

/** Thrown for a query the fake cannot place: a missing dataset in INFORMATION_SCHEMA. */
export class QueryNotFound extends Error {}

/**
 * Answers queries on `<project.dataset>.INFORMATION_SCHEMA.COLUMNS` or `.TABLES` from the warehouse:
 * UNION ALL of `SELECT <columns or CONCAT(columns and literals)> FROM … [WHERE col = 'x' AND col IN (…)]`.
 * Undefined for any other query.
 */
export function informationSchemaResult(sql: string, warehouse: Warehouse, defaultProject: string, location: string): QueryResult | undefined {
  const code = codeOnly(sql);
  if (!/INFORMATION_SCHEMA\s*\.\s*(COLUMNS|TABLES)|INFORMATION_SCHEMA\.(COLUMNS|TABLES)`/i.test(code)) return undefined;
  const parts = splitAt(code, /\bUNION\s+ALL\b/gi);
  let fields: TableColumn[] = [];
  const rows: Cell[][] = [];
  for (const [start, end] of parts) {
    const text = sql.slice(start, end);
    const partCode = code.slice(start, end);
    const m = /^\s*\(?\s*SELECT\s+([\s\S]*?)\s+FROM\s+/i.exec(partCode);
    if (!m) return undefined;
    const fromAt = m[0].length;
    const name = readName(partCode, fromAt);
    if (!name) return undefined;
    const path = name.parts;
    const view = path.at(-1)!.toUpperCase();
    if (path.at(-2)?.toUpperCase() !== 'INFORMATION_SCHEMA' || (view !== 'COLUMNS' && view !== 'TABLES')) return undefined;
    const [projectId, datasetId] = path.length === 4 ? [path[0]!, path[1]!] : [defaultProject, path[0]!];
    const dataset = warehouse.dataset(projectId, datasetId);
    if (!dataset || !sameLocation(dataset.location, location)) throw new QueryNotFound(`Not found: Dataset ${projectId}:${datasetId} was not found in location ${location}`);
    const source = view === 'COLUMNS' ? columnsView(warehouse, projectId, datasetId) : tablesView(warehouse, projectId, datasetId);
    const where = /^\s*WHERE\s+([\s\S]*?)\s*(?:ORDER\s+BY[\s\S]*)?\)?\s*$/i.exec(text.slice(name.end));
    const kept = source.filter((row) => (where ? matches(row, where[1]!) : true));
    const items = splitTopLevel(text.slice(m[0].indexOf(m[1]!), m[0].indexOf(m[1]!) + m[1]!.length), partCode.slice(m[0].indexOf(m[1]!), m[0].indexOf(m[1]!) + m[1]!.length));
    const select = items.map((item, i) => selectItem(item.trim(), i));
    if (fields.length === 0) fields = select.map((s) => ({ name: s.name, type: 'STRING' }));
    for (const row of kept) rows.push(select.map((s) => s.value(row)));
  }
  return { fields, rows };
}

type Row = Readonly<Record<string, Cell>>;

function columnsView(warehouse: Warehouse, projectId: string, datasetId: string): Row[] {
  return [...warehouse.relations.values()]
    .filter((r) => r.projectId === projectId && r.datasetId === datasetId)
    .flatMap((r) =>
      r.columns.map((c, i) => ({
        table_catalog: projectId,
        table_schema: datasetId,
        table_name: r.tableId,
        column_name: c.name,
        ordinal_position: i + 1,
        is_nullable: 'YES',
        data_type: c.type,
      })),
    );
}

function tablesView(warehouse: Warehouse, projectId: string, datasetId: string): Row[] {
  return [...warehouse.relations.values()]
    .filter((r) => r.projectId === projectId && r.datasetId === datasetId)
    .map((r) => ({ table_catalog: projectId, table_schema: datasetId, table_name: r.tableId, table_type: r.kind === 'VIEW' ? 'VIEW' : 'BASE TABLE' }));
}

/** `col`, `col AS x`, `CONCAT(col, '\t', …) [AS x]`, or a string literal. */
function selectItem(item: string, index: number): { name: string; value: (row: Row) => Cell } {
  const alias = /\s+AS\s+`?([A-Za-z_]\w*)`?$/i.exec(item);
  const expression = alias ? item.slice(0, alias.index).trim() : item;
  const concat = /^CONCAT\s*\(([\s\S]*)\)$/i.exec(expression);
  if (concat) {
    const args = splitTopLevel(concat[1]!, codeOnly(concat[1]!)).map((a) => term(a.trim()));
    return { name: alias?.[1] ?? `f${index}_`, value: (row) => args.map((a) => String(a(row) ?? '')).join('') };
  }
  const value = term(expression);
  return { name: alias?.[1] ?? expression.replace(/^.*\./, ''), value };
}

function term(text: string): (row: Row) => Cell {
  const literal = /^'((?:[^'\\]|\\.)*)'$/.exec(text);
  if (literal) {
    const value = literal[1]!.replace(/\\(.)/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r' })[c] ?? c);
    return () => value;
  }
  const column = text.replace(/^.*\./, '').replace(/`/g, '').toLowerCase();
  return (row) => row[column] ?? null;
}

/** `a = 'x'`, `a IN ('x', 'y')`, joined by AND. */
function matches(row: Row, condition: string): boolean {
  return condition.split(/\s+AND\s+/i).every((part) => {
    const eq = /^\(?\s*(\w+)\s*=\s*'([^']*)'\s*\)?$/.exec(part.trim());
    if (eq) return String(row[eq[1]!.toLowerCase()]) === eq[2];
    const within = /^(\w+)\s+IN\s*\(([^)]*)\)$/i.exec(part.trim());
    if (within) return within[2]!.split(',').map((v) => v.trim().replace(/^'|'$/g, '')).includes(String(row[within[1]!.toLowerCase()]));
    return true;
  });
}

/** [start, end) spans of the text between matches of `separator` outside parentheses. */
function splitAt(code: string, separator: RegExp): [number, number][] {
  const spans: [number, number][] = [];
  let start = 0;
  separator.lastIndex = 0;
  for (let m = separator.exec(code); m; m = separator.exec(code)) {
    let depth = 0;
    for (let i = 0; i < m.index; i++) depth += code[i] === '(' ? 1 : code[i] === ')' ? -1 : 0;
    if (depth !== 0) continue;
    spans.push([start, m.index]);
    start = m.index + m[0].length;
  }
  spans.push([start, code.length]);
  return spans;
}

/** What a query returns when the test gave no answer: one 0 for a count, nothing otherwise. */
export function defaultResult(sql: string): QueryResult {
  const code = codeOnly(sql);
  const count = /^\s*SELECT\s+(?:count\s*\(|sum\s*\(|coalesce\s*\(\s*sum)/i.test(code);
  if (!count) return { fields: [{ name: 'f0_', type: 'STRING' }], rows: [] };
  const alias = /^\s*SELECT\s+[^,]*?\bAS\s+`?(\w+)`?/i.exec(code)?.[1] ?? 'f0_';
  return { fields: [{ name: alias, type: 'INT64' }], rows: [[0]] };
}
