/**
 * BigQuery syntax that node-sql-parser 5's BigQuery grammar rejects although BigQuery accepts it.
 * A statement the parser rejects is not reported when one of these occurs in its code (strings
 * and comments blanked) at or before the place the parser stopped: the check cannot tell the
 * user's mistake from the parser's gap there, so the statement counts as not checked.
 * docs/bigquery-sql-check.md lists the same constructs; test/compile/bigquery-syntax.test.ts
 * holds each example to the parser, so a fix upstream shows.
 */
export interface LaggingConstruct {
  /** What the docs and the check's summary call it. */
  readonly construct: string;
  /** Valid BigQuery that the parser rejects because of the construct. */
  readonly example: string;
  /** Where it occurs, in the statement's code with strings and comments blanked (case-insensitive). */
  readonly pattern: RegExp;
  /**
   * Text of the same length the parser accepts in place of a match, when there is one, so that
   * the rest of the statement is still checked (and offsets and lines stay). Syntax only: the
   * meaning may change.
   */
  readonly rewrite?: (match: string, after: string) => string | undefined;
}

/** `text` padded with spaces to `like`'s length. */
const padded = (text: string, like: string): string => text.padEnd(like.length, ' ');
const blank = (match: string): string => match.replace(/[^\r\n]/g, ' ');

export const LAGGING_CONSTRUCTS: readonly LaggingConstruct[] = [
  {
    construct: 'QUALIFY right after a table name',
    example: 'SELECT a FROM t QUALIFY ROW_NUMBER() OVER (PARTITION BY a ORDER BY b) = 1',
    pattern: /\bQUALIFY\b/gi,
  },
  {
    construct: 'type aliases INT, BIGINT, SMALLINT, TINYINT, BYTEINT, DECIMAL, BIGDECIMAL',
    example: 'SELECT CAST(a AS BIGINT) AS a FROM t',
    pattern: /\b(?:INT|BIGINT|SMALLINT|TINYINT|BYTEINT|DECIMAL|BIGDECIMAL)\b/gi,
    // INT has no accepted spelling as short; DECIMAL(p, s) parses as it is.
    rewrite: (match, after) => {
      const type = match.toUpperCase();
      if (type === 'INT' || (type === 'DECIMAL' && /^\s*\(/.test(after))) return undefined;
      return padded(type.length >= 7 ? (type.includes('DECIMAL') ? 'NUMERIC' : 'INTEGER') : 'INT64', match);
    },
  },
  {
    construct: 'types BYTES, JSON, INTERVAL, RANGE<…> in CAST and column lists',
    example: 'SELECT CAST(a AS BYTES) AS a FROM t',
    pattern: /\bBYTES\b|\bRANGE\s*<|\bJSON\b(?!\s*['"])|\bAS\s+INTERVAL\b/gi,
  },
  {
    construct: 'parameterized types and BIGNUMERIC',
    example: 'SELECT CAST(a AS NUMERIC(10, 2)) AS a FROM t',
    pattern: /\bBIGNUMERIC\b(?!\s*['"])|\bNUMERIC\s*\(|\b(?:STRING|BYTES)\s*\(\s*\d/gi,
  },
  {
    construct: 'ORDER BY, LIMIT or DISTINCT inside ARRAY_AGG, STRING_AGG, ARRAY_CONCAT_AGG',
    example: 'SELECT ARRAY_AGG(a ORDER BY b LIMIT 10) AS a FROM t',
    pattern: /\b(?:ARRAY_AGG|STRING_AGG|ARRAY_CONCAT_AGG)\s*\(/gi,
  },
  {
    construct: 'IGNORE NULLS, RESPECT NULLS',
    example: 'SELECT LAST_VALUE(a IGNORE NULLS) OVER (ORDER BY b) AS a FROM t',
    pattern: /\b(?:IGNORE|RESPECT)\s+NULLS\b/gi,
    rewrite: blank,
  },
  {
    construct: 'NULLS FIRST, NULLS LAST',
    example: 'SELECT a FROM t ORDER BY a DESC NULLS LAST',
    pattern: /\bNULLS\s+(?:FIRST|LAST)\b/gi,
    rewrite: blank,
  },
  {
    construct: 'IS [NOT] DISTINCT FROM',
    example: 'SELECT a FROM t WHERE a IS NOT DISTINCT FROM b',
    pattern: /\bIS\s+(?:NOT\s+)?DISTINCT\s+FROM\b/gi,
    rewrite: (match) => padded(/\bNOT\b/i.test(match) ? '=' : '!=', match),
  },
  {
    construct: 'GROUP BY ALL, GROUPING SETS',
    example: 'SELECT a, SUM(b) AS b FROM t GROUP BY ALL',
    pattern: /\bGROUP\s+BY\s+ALL\b|\bGROUPING\s+SETS\b/gi,
    rewrite: (match) => (/ALL$/i.test(match) ? `${match.slice(0, -3)}1  ` : undefined),
  },
  {
    construct: 'WITH RECURSIVE',
    example: 'WITH RECURSIVE r AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT n FROM r',
    pattern: /\bWITH\s+RECURSIVE\b/gi,
  },
  {
    construct: 'UNPIVOT, and PIVOT with aliased IN values',
    example: "SELECT * FROM t PIVOT (SUM(v) FOR q IN ('Q1' AS q1, 'Q2' AS q2))",
    pattern: /\b(?:UN)?PIVOT\b/gi,
  },
  {
    construct: 'TABLESAMPLE',
    example: 'SELECT a FROM t TABLESAMPLE SYSTEM (10 PERCENT)',
    pattern: /\bTABLESAMPLE\b/gi,
  },
  {
    construct: 'SELECT DISTINCT AS STRUCT / AS VALUE, and (subquery).*',
    example: 'SELECT DISTINCT AS STRUCT a, b FROM t',
    pattern: /\bDISTINCT\s+AS\s+(?:STRUCT|VALUE)\b|\)\s*\.\s*\*/gi,
  },
  {
    construct: 'triple-quoted strings holding a line break or the quote character',
    example: 'SELECT """first line\nsecond line""" AS s',
    pattern: /'''|"""/g,
  },
  {
    construct: "bytes literals b'…', rb'…'",
    example: "SELECT b'abc' AS s",
    pattern: /(?<![\w$])(?:[bB][rR]?|[rR][bB])['"]/g,
    rewrite: (match) => `${' '.repeat(match.length - 1)}${match.slice(-1)}`,
  },
  {
    construct: "typed literals NUMERIC '…', BIGNUMERIC '…', and INTERVAL … YEAR TO MONTH",
    example: "SELECT NUMERIC '1.5' AS n",
    pattern: /\b(?:BIG)?NUMERIC\s*['"]|\b(?:YEAR|MONTH|DAY|HOUR|MINUTE)\s+TO\s+(?:MONTH|DAY|HOUR|MINUTE|SECOND)\b/gi,
  },
  {
    construct: 'numbers starting with a dot (.5)',
    example: 'SELECT .5 AS x',
    pattern: /(?<![\w.)\]`'"])\.\d/g,
    rewrite: (match) => ` ${match.slice(1)}`,
  },
  {
    construct: 'bitwise operators',
    example: 'SELECT a & b AS x FROM t',
    pattern: /[&^]|(?<!\|)\|(?![|>])|\s(?:<<|>>)\s/g,
  },
  {
    construct: 'named arguments (name => value)',
    example: 'SELECT ST_GEOGFROMTEXT(s, make_valid => TRUE) AS g FROM t',
    pattern: /=>/g,
  },
  {
    construct: 'CAST … FORMAT',
    example: "SELECT CAST(s AS DATE FORMAT 'YYYY-MM-DD') AS d FROM t",
    pattern: /\bFORMAT\s*['"]/gi,
  },
  {
    construct: 'TABLE and MODEL arguments of table functions (ML.PREDICT, …)',
    example: 'SELECT * FROM ML.PREDICT(MODEL `p.d.m`, TABLE t)',
    pattern: /[(,]\s*(?:MODEL|TABLE)\s+[\w`]/gi,
  },
  {
    construct: 'pipe syntax',
    example: 'FROM t |> WHERE a > 1',
    pattern: /^\s*FROM\b|\|>/gi,
  },
  {
    construct: 'MERGE',
    example: 'MERGE `p.d.t` AS T USING `p.d.s` AS S ON T.id = S.id WHEN MATCHED THEN UPDATE SET a = S.a',
    pattern: /^\s*MERGE\b/gi,
  },
  {
    construct: 'DROP … IF EXISTS, DROP VIEW / SCHEMA, ALTER, CREATE SCHEMA, CREATE TABLE … COPY / LIKE / CLONE, CREATE VIEW … OPTIONS',
    example: 'DROP TABLE IF EXISTS `p.d.t`',
    pattern: /^\s*(?:DROP\b[^;]*?\bIF\s+EXISTS\b|DROP\s+(?:VIEW|SCHEMA|MATERIALIZED|EXTERNAL)\b|ALTER\b|CREATE\s+(?:OR\s+REPLACE\s+)?SCHEMA\b|CREATE\b[^;(]*?\b(?:COPY|LIKE|CLONE)\b|CREATE\b[^;(]*?\bVIEW\b[^;(]*?\bOPTIONS\b)/gi,
  },
  {
    construct: 'scripting: BEGIN … END, transactions, DECLARE, EXECUTE IMMEDIATE, ASSERT',
    example: 'BEGIN TRANSACTION',
    pattern: /^\s*(?:BEGIN|COMMIT|ROLLBACK|DECLARE|EXECUTE|ASSERT)\b/gi,
  },
];

/** The first construct that occurs in `code` (strings and comments blanked) at or before `offset`. */
export function laggingConstructBefore(code: string, offset: number): LaggingConstruct | undefined {
  return LAGGING_CONSTRUCTS.find(({ pattern }) => {
    const search = new RegExp(pattern.source, pattern.flags);
    const first = search.exec(code);
    return first !== null && first.index <= offset;
  });
}

/**
 * `sql` with every construct that has a rewrite replaced by text of the same length the parser
 * accepts (`code` is `sql` with strings and comments blanked, where the constructs are found).
 */
export function rewriteLagging(sql: string, code: string): string {
  let out = sql;
  for (const { pattern, rewrite } of LAGGING_CONSTRUCTS) {
    if (!rewrite) continue;
    for (const found of code.matchAll(new RegExp(pattern.source, pattern.flags))) {
      const replacement = rewrite(found[0], code.slice(found.index + found[0].length));
      if (replacement === undefined || replacement.length !== found[0].length) continue;
      out = out.slice(0, found.index) + replacement + out.slice(found.index + found[0].length);
    }
  }
  return out;
}
