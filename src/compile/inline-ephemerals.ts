import type { MappedSql } from './compiled-node.js';

/** A leading WITH (after blanks and comments), and whether it is RECURSIVE. */
const LEADING_WITH = /^((?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*)(with(?:\s+recursive)?)\b/i;

/**
 * Ephemeral models are not built: their SQL becomes CTEs of each node that reads them. The CTEs go
 * first; a query that starts with its own WITH joins the same list, so both engines accept it.
 */
export function inlineEphemerals(query: MappedSql, ctes: readonly { name: string; sql: string }[]): MappedSql {
  if (ctes.length === 0) return query;
  const match = LEADING_WITH.exec(query.sql);
  const keyword = match && /recursive/i.test(match[2]!) ? 'WITH RECURSIVE' : 'WITH';
  const definitions = ctes.map((c) => `${c.name} AS (\n${c.sql.trim()}\n)`).join(',\n');
  const prefix = `${keyword} ${definitions}${match ? ',' : ''}\n`;
  // Blank out the query's own WITH keyword, keeping columns and lines where they were.
  const rest = match ? match[1]! + ' '.repeat(match[2]!.length) + query.sql.slice(match[0].length) : query.sql;
  const prefixLines = prefix.split('\n').length - 1;
  return { sql: prefix + rest, lines: [...new Array<number>(prefixLines).fill(0), ...query.lines] };
}
