import { bigqueryDialect } from '../../../src/adapters/bigquery/bigquery-dialect.js';
import { splitStatements } from '../../../src/compile/split-statements.js';

/** GoogleSQL's lexicon, as meshwork's BigQuery dialect declares it. */
export const LEXICON = bigqueryDialect({ name: 'bigquery-fake', engine: 'bigquery', threads: 1 }).lexicon;

/** A statement of a script, with where it starts in the script (1-based line and column). */
export interface ScriptStatement {
  readonly sql: string;
  readonly line: number;
  readonly column: number;
}

/** Splits a script where BigQuery would, with meshwork's own splitter. */
export function scriptStatements(script: string): ScriptStatement[] {
  return splitStatements(script, LEXICON).statements.map(({ start, end }) => {
    const before = script.slice(0, start);
    const line = before.split('\n').length;
    const column = start - (before.lastIndexOf('\n') + 1) + 1;
    return { sql: script.slice(start, end).trimEnd(), line, column };
  });
}

/** The script position of a 1-based line and column within one of its statements. */
export function scriptPosition(statement: ScriptStatement, line = 1, column = 1): { line: number; column: number } {
  return line === 1 ? { line: statement.line, column: statement.column + column - 1 } : { line: statement.line + line - 1, column };
}

/** The text with string literals and comments blanked out (same length), so names and keywords can be found by pattern. */
export function codeOnly(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    if (sql.startsWith('--', i) || sql[i] === '#') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
      continue;
    }
    if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      const stop = end < 0 ? sql.length : end + 2;
      out += sql.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
      continue;
    }
    const quote = ["'''", '"""', "'", '"'].find((q) => sql.startsWith(q, i));
    if (quote) {
      let j = i + quote.length;
      while (j < sql.length && !sql.startsWith(quote, j)) j += sql[j] === '\\' ? 2 : 1;
      const stop = Math.min(sql.length, j + quote.length);
      out += quote + sql.slice(i + quote.length, j).replace(/[^\n]/g, ' ') + quote;
      i = stop;
      continue;
    }
    if (sql[i] === '`') {
      const end = sql.indexOf('`', i + 1);
      const stop = end < 0 ? sql.length : end + 1;
      out += sql.slice(i, stop);
      i = stop;
      continue;
    }
    out += sql[i];
    i++;
  }
  return out;
}

/** A dotted name read at `at`: its parts (a backticked `a.b.c` counts as three), where it ends, and whether any part was quoted. */
export interface ReadName {
  readonly parts: string[];
  readonly end: number;
  readonly quoted: boolean;
}

export function readName(sql: string, at: number): ReadName | undefined {
  const parts: string[] = [];
  let i = at;
  let quoted = false;
  for (;;) {
    if (sql[i] === '`') {
      const end = sql.indexOf('`', i + 1);
      if (end < 0) return undefined;
      parts.push(...sql.slice(i + 1, end).split('.'));
      quoted = true;
      i = end + 1;
    } else {
      const word = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(sql.slice(i, i + 1024));
      if (!word) return undefined;
      parts.push(word[0]);
      i += word[0].length;
    }
    if (sql[i] !== '.' || !/[`A-Za-z_]/.test(sql[i + 1] ?? '')) return { parts, end: i, quoted };
    i++;
  }
}

/** Every dotted name in the statement's code that contains a backticked part, with its offset. */
export function quotedNames(sql: string): { parts: string[]; at: number }[] {
  const code = codeOnly(sql);
  const found: { parts: string[]; at: number }[] = [];
  let i = 0;
  while (i < code.length) {
    const c = code[i]!;
    if ((c === '`' || /[A-Za-z_]/.test(c)) && !/[A-Za-z0-9_.`-]/.test(code[i - 1] ?? ' ')) {
      const name = readName(code, i);
      if (name) {
        if (name.quoted) found.push({ parts: name.parts, at: i });
        i = Math.max(name.end, i + 1);
        continue;
      }
    }
    i++;
  }
  return found;
}
