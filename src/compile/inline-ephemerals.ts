import { countLineBreaks } from '../project/line-breaks.js';
import type { MappedSql } from './compiled-node.js';

/** A leading WITH (after blanks and comments), and whether it is RECURSIVE. */
const LEADING_WITH = /^((?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*)(with(?:\s+recursive)?)\b/i;

/** An ephemeral model to inline: its CTE name, its SQL and its file (where its lines point). */
export interface InlinedCte {
  readonly name: string;
  readonly select: MappedSql;
  readonly file: string;
}

/**
 * Ephemeral models are not built: their SQL becomes CTEs of each node that reads them. The CTEs go
 * first; a query that starts with its own WITH joins the same list, so both engines accept it.
 * Each CTE's lines keep pointing at the ephemeral model's own file.
 */
export function inlineEphemerals(query: MappedSql, ctes: readonly InlinedCte[]): MappedSql {
  if (ctes.length === 0) return query;
  const match = LEADING_WITH.exec(query.sql);
  const keyword = match && /recursive/i.test(match[2]!) ? 'WITH RECURSIVE' : 'WITH';
  const parts: string[] = [];
  const lines: number[] = [];
  const files: (string | undefined)[] = [];
  for (const [i, cte] of ctes.entries()) {
    const body = trimmed(cte.select);
    parts.push(`${i === 0 ? `${keyword} ` : ''}${cte.name} AS (\n${body.sql}\n)`);
    lines.push(0, ...body.lines, 0);
    files.push(undefined, ...body.lines.map((_, at) => body.files?.[at] ?? cte.file), undefined);
  }
  const prefix = `${parts.join(',\n')}${match ? ',' : ''}\n`;
  // Blank out the query's own WITH keyword, keeping columns and lines where they were.
  const rest = match ? match[1]! + ' '.repeat(match[2]!.length) + query.sql.slice(match[0].length) : query.sql;
  return {
    sql: prefix + rest,
    lines: [...lines, ...query.lines],
    files: [...files, ...query.lines.map((_, at) => query.files?.[at])],
  };
}

/** The SQL without leading and trailing blanks, and the lines that remain. */
function trimmed(select: MappedSql): MappedSql {
  const sql = select.sql.trim();
  const first = countLineBreaks(select.sql, select.sql.length - select.sql.trimStart().length);
  const end = first + countLineBreaks(sql) + 1;
  return { sql, lines: select.lines.slice(first, end), ...(select.files ? { files: select.files.slice(first, end) } : {}) };
}
