import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigqueryDialect } from '../../src/adapters/bigquery/bigquery-dialect.js';
import { duckdbDialect } from '../../src/adapters/duckdb/duckdb-dialect.js';
import { splitStatements } from '../../src/compile/split-statements.js';
import { compile } from '../../src/mesh.js';

const EXAMPLE = join(import.meta.dirname, '..', '..', 'example-project');

/** SQL whose `;` sit where a naive split goes wrong: in strings, names, comments, dollar quotes. */
const TRICKY = [
  'select 1',
  'select 1;',
  'select 1;;',
  ';select 1',
  'select 1; select 2',
  'select 1;\n-- done\n',
  'select 1; -- a comment; with a semicolon\n',
  "select ';' as s",
  "select 'a'';b' as s; select 2",
  "select 'it''s; fine'",
  "select '' ; select ''",
  'select "a;""b" from (select 1 as "a;""b")',
  "select E'a\\';b' as s",
  "select e'x\\'' ; select 2",
  "select E'\\\\'; select 3",
  // `date'…'` ends in an e but is no E-string: the backslash escapes nothing.
  "select date'2024\\' ; select '1'",
  'select $$a;b$$',
  'select $x$a;$$b$x$ ; select 2',
  'select $x$ $y$ ; $y$ $x$',
  'select 1 as a$b; select $1',
  'select 1 /* a; b */',
  'select 1 /* a /* b */ ; */',
  'select 1 /* a /* b */ ; */ ; select 2',
  'select 1 -- ; \n ; select 2',
  "select 1 -- it's\n; select 2",
  "select 'x' -- '\n",
  "select '\n;\n' as s",
  'select 1\r\n;\r\nselect 2\r\n',
  "select 'caf\u00e9;' as s; select 'na\u00efve'",
  "select X'AB;' , B'01'",
  "/* header; */ select 1 ; /* trailer; */",
];

let connection: DuckDBConnection;
beforeAll(async () => {
  connection = await (await DuckDBInstance.create(':memory:')).connect();
});
afterAll(() => connection.closeSync());

/** DuckDB's own count: extract_statements, the parser that runs the query. */
async function duckdbCount(sql: string): Promise<number> {
  return (await connection.extractStatements(sql)).count;
}

describe('splitStatements on DuckDB SQL agrees with DuckDB extract_statements', () => {
  it.each(TRICKY)('%j', async (sql) => {
    expect(splitStatements(sql, duckdbDialect.lexicon).statements.length).toBe(await duckdbCount(sql));
  });

  it('every compiled query of the example project, alone, with a trailing ; and followed by another', async () => {
    const compiled = compile({ projectDir: EXAMPLE, cache: false }).compiled!;
    const queries = [...compiled.nodes.values()].flatMap((n) => [n.select.sql, ...(n.incrementalSelect ? [n.incrementalSelect.sql] : []), ...(n.mapping ? [n.mapping.sql] : [])]);
    expect(queries.length).toBeGreaterThan(40);
    for (const sql of queries) {
      for (const variant of [sql, `${sql};\n`, `${sql}\n;\nselect 2`]) {
        expect(splitStatements(variant, duckdbDialect.lexicon).statements.length, variant).toBe(await duckdbCount(variant));
      }
    }
  });

  it('gives where the second statement starts, past comments and blanks', () => {
    const sql = "select ';' as s;\n  -- next\n  drop table x";
    const [first, second] = splitStatements(sql, duckdbDialect.lexicon).statements;
    expect(sql.slice(first!.start, first!.end)).toBe("select ';' as s");
    expect(sql.slice(second!.start)).toBe('drop table x');
  });
});

describe('splitStatements on BigQuery SQL', () => {
  const bigquery = bigqueryDialect({ name: 'prod', engine: 'bigquery', threads: 1, project: 'p' } as never).lexicon;
  const count = (sql: string): number => splitStatements(sql, bigquery).statements.length;

  it.each([
    ["select 'it\\'s; fine'", 1],
    ['select "a;b", "it\\"s;"', 1],
    ["select '''a;\n'b'; c''' ; select 2", 2],
    ['select """a;"b";""" as s', 1],
    ['select `my;col` from `p.d.t;x`', 1],
    ['select `a\\`;b` ; select 2', 2],
    ["select r'\\'; x' as s", 1],
    ["select b'a;b'", 1],
    ['select 1 # a comment; with a semicolon\n', 1],
    ['select 1 -- a comment; too\n; select 2', 2],
    // BigQuery block comments do not nest: the first */ ends it.
    ['select 1 /* a /* b */ ; select 2 */', 2],
    ["select 'a''b'", 1],
    ['select $$a;b$$', 2],
    ['select 1;', 1],
  ] as const)('%j has %i statement(s)', (sql, n) => {
    expect(count(sql)).toBe(n);
  });
});
