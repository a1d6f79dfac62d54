import sqlParser from 'node-sql-parser/build/bigquery.js';

/** The parser rejected the statement here (line and column 1-based, in the statement). */
export interface SyntaxRejection {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  /** Offset in the statement of the character the parser stopped at. */
  readonly offset: number;
}

/** What parsing one statement found: nothing (it parses), a rejection, or a failure of the parser itself that says nothing about the SQL. */
export type SyntaxOutcome = undefined | SyntaxRejection | { readonly parserFailed: string };

export type SyntaxCheck = (sql: string) => SyntaxOutcome;

interface PegSyntaxError {
  readonly message?: string;
  readonly location?: { readonly start?: { readonly offset: number; readonly line: number; readonly column: number } };
}

/**
 * GoogleSQL syntax, offline: node-sql-parser's BigQuery grammar. The only importer of
 * node-sql-parser, and of its BigQuery build alone (a fifth of the all-dialects bundle to load).
 * It knows syntax only, not which functions, types or tables exist, and lags BigQuery on some
 * constructs (lagging-constructs.ts, docs/bigquery-sql-check.md).
 */
export function bigquerySyntax(): SyntaxCheck {
  const parser = new sqlParser.Parser();
  return (sql) => {
    try {
      parser.astify(sql, { database: 'bigquery' });
      return undefined;
    } catch (e) {
      const start = (e as PegSyntaxError).location?.start;
      if (!start) return { parserFailed: String((e as PegSyntaxError).message ?? e).split('\n')[0]! };
      // The parser reads the SQL trimmed: its position counts from the first non-blank character.
      const offset = sql.length - sql.trimStart().length + start.offset;
      const lineStart = sql.lastIndexOf('\n', offset - 1) + 1;
      const line = (sql.slice(0, lineStart).match(/\n/g)?.length ?? 0) + 1;
      // The parser names one character; the word it starts reads better.
      const token = /^(?:[A-Za-z_][A-Za-z0-9_]*|[^\s])/.exec(sql.slice(offset))?.[0];
      const what = token ? `\`${token}\`` : offset >= sql.trimEnd().length ? 'end of statement' : 'line break';
      return { message: `unexpected ${what}`, line, column: offset - lineStart + 1, offset };
    }
  };
}
