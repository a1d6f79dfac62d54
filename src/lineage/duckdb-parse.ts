import type { Adapter } from '../adapters/adapter.js';
import type { AstQuery, ParsedQuery } from './duckdb-ast.js';

/**
 * DuckDB's own parser, reached through an adapter (`json_serialize_sql`): the only code that reads
 * DuckDB's parse tree format. It parses exactly what a DuckDB build runs, with no download.
 * Queries are parsed many per round trip: one call costs ~0.7 ms, batched ~0.06 ms per query.
 */
const BATCH_CHARS = 1_000_000;
const BATCH_QUERIES = 500;

export async function parseQueries(scratch: Adapter, sqls: readonly string[]): Promise<ParsedQuery[]> {
  const parsed: ParsedQuery[] = [];
  let start = 0;
  while (start < sqls.length) {
    let end = start;
    let chars = 0;
    while (end < sqls.length && end - start < BATCH_QUERIES && (end === start || chars + sqls[end]!.length < BATCH_CHARS)) chars += sqls[end++]!.length;
    const rows = sqls.slice(start, end).map((sql, i) => `(${i}, ${scratch.dialect.stringLiteral(sql)})`);
    const values = await scratch.queryValues(`SELECT json_serialize_sql(q.s) FROM (VALUES ${rows.join(', ')}) AS q(i, s) ORDER BY q.i`);
    parsed.push(...values.map(toParsed));
    start = end;
  }
  return parsed;
}

function toParsed(json: string): ParsedQuery {
  const tree = JSON.parse(json) as { error?: boolean; error_message?: string; statements?: { node: AstQuery }[] };
  if (tree.error) return { error: tree.error_message ?? 'DuckDB cannot parse the query' };
  const statements = tree.statements ?? [];
  if (statements.length !== 1) return { error: `expected one SELECT statement, found ${statements.length}` };
  return { query: statements[0]!.node };
}

/** Names of DuckDB's aggregate functions (sum, count, arg_max, …), so lineage can tell aggregation from transformation. */
export async function aggregateFunctionNames(scratch: Adapter): Promise<Set<string>> {
  const names = await scratch.queryValues(`SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_type = 'aggregate'`);
  return new Set([...names.map((n) => n.toLowerCase()), 'count_star']);
}

/** Output columns and types of a query as DuckDB's binder sees them, or the engine's message when it cannot bind. */
export async function describeQuery(scratch: Adapter, sql: string): Promise<{ columns: { name: string; type: string }[] } | { error: string }> {
  try {
    // One text column per row keeps to the adapter's interface; names cannot contain a tab and a newline both.
    const rows = await scratch.queryValues(`SELECT column_name || chr(9) || column_type FROM (DESCRIBE ${sql})`);
    return {
      columns: rows.map((row) => {
        const tab = row.lastIndexOf('\t');
        return { name: row.slice(0, tab), type: row.slice(tab + 1) };
      }),
    };
  } catch (e) {
    return { error: (e as Error).message.split('\n')[0] ?? 'DuckDB cannot bind the query' };
  }
}

/** Columns of every relation in these schemas, as the binder typed them: `schema.name` → columns in order. */
export async function relationColumns(scratch: Adapter, schemas: readonly string[]): Promise<Map<string, { name: string; type: string }[]>> {
  const found = new Map<string, { name: string; type: string }[]>();
  if (schemas.length === 0) return found;
  const list = schemas.map((s) => scratch.dialect.stringLiteral(s)).join(', ');
  const rows = await scratch.queryValues(
    `SELECT table_schema || chr(9) || table_name || chr(9) || data_type || chr(9) || column_name FROM information_schema.columns WHERE table_schema IN (${list}) ORDER BY table_schema, table_name, ordinal_position`,
  );
  for (const row of rows) {
    const [schema, table, type, ...name] = row.split('\t');
    const key = `${schema}.${table}`.toLowerCase();
    const columns = found.get(key) ?? [];
    columns.push({ name: name.join('\t'), type: type! });
    found.set(key, columns);
  }
  return found;
}
