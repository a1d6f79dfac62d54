import type { SqlLexicon } from '../adapters/dialect.js';
import { replaceRelations } from '../compile/defer-relations.js';
import { nonCode } from '../compile/split-statements.js';

/**
 * The SQL with each input relation replaced by its given table, where it is code. Quoted names are
 * replaced as `--defer` replaces them (replace-relations in defer-relations.ts); a local source is
 * read by a call (`read_csv_auto('data/x.csv')`), replaced where it starts outside any string or comment.
 */
export function replaceInputs(sql: string, replacements: ReadonlyMap<string, string>, lexicon: SqlLexicon): string {
  const quoted = new Map([...replacements].filter(([from]) => isQuoted(from, lexicon)));
  const calls = [...replacements].filter(([from]) => !quoted.has(from));
  const renamed = replaceRelations(sql, quoted, lexicon);
  return calls.length === 0 ? renamed : replaceCalls(renamed, calls, lexicon);
}

function isQuoted(relation: string, lexicon: SqlLexicon): boolean {
  return lexicon.quotes.some((q) => relation.startsWith(q.open) && q.open !== "'" && !q.open.endsWith("'"));
}

function replaceCalls(sql: string, calls: readonly (readonly [string, string])[], lexicon: SqlLexicon): string {
  if (!calls.some(([from]) => sql.includes(from))) return sql;
  const spans = [...nonCode(sql, lexicon)];
  const inNonCode = (at: number): boolean => spans.some((s) => at >= s.start && at < s.end);
  let out = '';
  let copied = 0;
  for (let at = 0; at < sql.length; at++) {
    const call = calls.find(([from]) => sql.startsWith(from, at));
    // A name that only ends with the reader's (`my_read_csv_auto(`) is another function.
    if (!call || inNonCode(at) || /[\w$]/.test(sql[at - 1] ?? '')) continue;
    out += sql.slice(copied, at) + call[1];
    copied = at + call[0].length;
    at = copied - 1;
  }
  return out + sql.slice(copied);
}
