import type { SqlLexicon } from '../adapters/dialect.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { MappedSql } from './compiled-node.js';
import { splitStatements } from './split-statements.js';

/** The node a query belongs to, as a diagnostic names it. */
export interface StatementOwner {
  /** `model 'orders'`, `test 'no_negative_totals'`, … */
  readonly what: string;
  readonly file: string;
  /** Where to point when the SQL holds no line of the file (meshwork's own template wrote it). */
  readonly line: number;
}

/**
 * A model, test or contract mapping is one query: the materialization templates wrap it, and only
 * they write several statements. A `;` that ends the query, written by habit, is dropped so that it
 * does not break the template around it; one followed by more SQL is MESH121 at the line where the
 * second statement starts, whatever wrote it (the file, a var, a helper).
 */
export function oneStatement(sql: MappedSql, lexicon: SqlLexicon, owner: StatementOwner): { sql: MappedSql } | { problem: Diagnostic } {
  const { statements, separators } = splitStatements(sql.sql, lexicon);
  if (separators.length === 0) return { sql };
  const second = statements[1];
  if (!second) {
    // Every `;` only ends (or precedes) the one statement; removing characters keeps the line map.
    let text = '';
    let from = 0;
    for (const at of separators) {
      text += sql.sql.slice(from, at);
      from = at + 1;
    }
    return { sql: { sql: text + sql.sql.slice(from), lines: sql.lines } };
  }
  const index = lineIndex(sql.sql, second.start);
  const line = sql.lines[index] || owner.line;
  const text = sql.sql.slice(second.start, second.end).replace(/\s+/g, ' ').trim();
  const shown = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return {
    problem: error('MESH121', `${owner.what} holds more than one SQL statement: a second one starts here (${shown})`, {
      file: owner.file,
      line,
      hint: `a model or test is one query: remove the ';' and what follows it, or move the second query into a file of its own; {{var}} inserts its value as raw SQL, {{literal (var "name")}} inserts it as a quoted string`,
    }),
  };
}

function lineIndex(text: string, offset: number): number {
  let index = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) index++;
  return index;
}
