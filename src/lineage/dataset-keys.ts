import { constantValue, type AstTableRef } from './duckdb-ast.js';

/**
 * One key per way a query can name a dataset, so that what FROM says is matched with what the
 * project compiled: `t:schema.table` for tables and views (quotes dropped, lower case, every part
 * given), `f:reader(path)` for a file read through a table function, `t:path` for `FROM 'file'`.
 */
export function tableRefKey(ref: AstTableRef): string | undefined {
  if (ref.type === 'BASE_TABLE') return `t:${[ref.catalog_name, ref.schema_name, ref.table_name].filter((p) => p).join('.').toLowerCase()}`;
  if (ref.type === 'TABLE_FUNCTION' && ref.function) {
    const first = (ref.function.children as unknown[] | undefined)?.[0];
    const path = constantValue(first as Parameters<typeof constantValue>[0]);
    return typeof path === 'string' ? `f:${String(ref.function.function_name).toLowerCase()}(${path})` : undefined;
  }
  return undefined;
}

/**
 * The key of relation text the dialect wrote: `"schema"."name"`, `"db"."schema"."name"`, or
 * `reader('path')` for a source file. Undefined for anything else.
 */
export function relationTextKey(text: string): string | undefined {
  const reader = /^(\w+)\('((?:[^']|'')*)'\)$/.exec(text.trim());
  if (reader) return `f:${reader[1]!.toLowerCase()}(${reader[2]!.replace(/''/g, "'")})`;
  const parts: string[] = [];
  const identifier = /\s*(?:"((?:[^"]|"")*)"|([A-Za-z_][\w$]*))\s*(\.|$)/y;
  let match: RegExpExecArray | null;
  while (identifier.lastIndex < text.length && (match = identifier.exec(text))) {
    parts.push(match[1] !== undefined ? match[1].replace(/""/g, '"') : match[2]!);
    if (match[3] === '') break;
  }
  return parts.length > 0 && identifier.lastIndex >= text.length ? `t:${parts.join('.').toLowerCase()}` : undefined;
}
