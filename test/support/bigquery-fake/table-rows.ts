import { splitTopLevel } from './query-columns.js';
import type { QueryResult } from './query-results.js';
import { codeOnly, readName } from './sql-text.js';
import type { FakeRelation } from './warehouse.js';

/**
 * Rows of tables the fake can follow: made with a column list (meshwork's state tables) or by a
 * load, written by `INSERT … VALUES` of literals or by a MERGE of literal STRUCTs on one key
 * (meshwork's node state), removed by `DELETE … WHERE col = literal | col IN (literals) AND …`,
 * read by `SELECT cols FROM t [WHERE …]`. Anything else leaves the table's rows unknown.
 */

/** Applies an INSERT … VALUES to a followed table's rows; returns false when it cannot follow it. */
export function insertValues(relation: FakeRelation, sql: string): boolean {
  if (!relation.rows) return false;
  const code = codeOnly(sql);
  const at = /\bVALUES\b/i.exec(code);
  const list = /^\s*INSERT\s+(?:INTO\s+)?(?:`[^`]+`|[\w.-]+)\s*\(([^)]*)\)/i.exec(code);
  if (!at) return false;
  const names = list ? list[1]!.split(',').map((n) => n.trim().replace(/`/g, '')) : relation.columns.map((c) => c.name);
  const rows: (string | null)[][] = [];
  let i = at.index + 6;
  while (i < code.length) {
    const open = code.indexOf('(', i);
    if (open < 0) break;
    let depth = 0;
    let close = open;
    for (; close < code.length; close++) {
      if (code[close] === '(') depth++;
      else if (code[close] === ')' && --depth === 0) break;
    }
    const values = splitTopLevel(sql.slice(open + 1, close), code.slice(open + 1, close)).map((v) => literal(v.trim()));
    rows.push(relation.columns.map((c) => {
      const k = names.findIndex((n) => n.toLowerCase() === c.name.toLowerCase());
      return k < 0 ? null : (values[k] ?? null);
    }));
    i = close + 1;
  }
  relation.rows.push(...rows);
  relation.numRows = relation.rows.length;
  return true;
}

/**
 * Applies `MERGE INTO t USING (SELECT * FROM UNNEST([STRUCT(lit AS col, …), …])) AS s ON t.k = s.k
 * WHEN MATCHED THEN UPDATE … WHEN NOT MATCHED THEN INSERT …`: each STRUCT replaces the row with its
 * key or is added, its columns set from the STRUCT and the others (a CURRENT_TIMESTAMP()) left
 * null. Returns the rows touched, or undefined when the statement has another shape.
 */
export function mergeStructs(relation: FakeRelation, sql: string): number | undefined {
  if (!relation.rows) return undefined;
  const code = codeOnly(sql);
  const using = /\bUSING\s*\(\s*SELECT\s+\*\s+FROM\s+UNNEST\s*\(\s*\[/i.exec(code);
  const on = /\)\s*\)\s*(?:AS\s+)?(\w+)\s+ON\s+\w+\.`?(\w+)`?\s*=\s*(\w+)\.`?(\w+)`?\s+WHEN\b/i.exec(code);
  if (!using || !on || on[2]!.toLowerCase() !== on[4]!.toLowerCase()) return undefined;
  const key = relation.columns.findIndex((c) => c.name.toLowerCase() === on[2]!.toLowerCase());
  const start = using.index + using[0].length;
  const end = code.lastIndexOf(']', on.index);
  if (key < 0 || end < start) return undefined;
  const items = splitTopLevel(sql.slice(start, end), code.slice(start, end));
  for (const item of items) {
    const struct = /^\s*STRUCT\s*\(([\s\S]*)\)\s*$/i.exec(item);
    if (!struct) return undefined;
    const row: (string | null)[] = relation.columns.map(() => null);
    const inner = struct[1]!;
    for (const field of splitTopLevel(inner, codeOnly(inner))) {
      const named = /^([\s\S]*?)\s+AS\s+`?(\w+)`?\s*$/i.exec(field.trim());
      const k = named ? relation.columns.findIndex((c) => c.name.toLowerCase() === named[2]!.toLowerCase()) : -1;
      if (!named || k < 0) return undefined;
      row[k] = literal(named[1]!.trim());
    }
    const at = relation.rows.findIndex((r) => r[key] === row[key]);
    if (at >= 0) relation.rows[at] = row;
    else relation.rows.push(row);
  }
  relation.numRows = relation.rows.length;
  return items.length;
}

/** Applies a DELETE with equality conditions; returns the rows removed, or undefined when it cannot follow it. */
export function deleteWhere(relation: FakeRelation, sql: string): number | undefined {
  if (!relation.rows) return undefined;
  const where = /\bWHERE\b([\s\S]*)$/i.exec(codeOnly(sql));
  const keep = where ? matcher(relation, sql.slice(where.index + 5)) : () => true;
  if (!keep) return undefined;
  const before = relation.rows.length;
  relation.rows = where ? relation.rows.filter((row) => !keep(row)) : [];
  relation.numRows = relation.rows.length;
  return before - relation.rows.length;
}

/** Answers `SELECT * | col, … FROM <followed table> [WHERE col = literal AND …]`; undefined otherwise. */
export function selectRows(sql: string, find: (parts: string[]) => FakeRelation | undefined): QueryResult | undefined {
  const code = codeOnly(sql);
  const m = /^\s*SELECT\s+([\w\s,`*]+?)\s+FROM\s+/i.exec(code);
  if (!m) return undefined;
  const name = readName(code, m[0].length);
  const relation = name ? find(name.parts) : undefined;
  if (!name || !relation?.rows) return undefined;
  const rest = code.slice(name.end);
  const where = /^\s*WHERE\b([\s\S]*)$/i.exec(rest);
  if (!where && rest.trim() !== '') return undefined;
  const keep = where ? matcher(relation, sql.slice(name.end).replace(/^\s*WHERE\b/i, '')) : () => true;
  if (!keep) return undefined;
  const wanted = m[1]!.trim() === '*' ? relation.columns.map((c) => c.name) : m[1]!.split(',').map((c) => c.trim().replace(/`/g, ''));
  const indexes = wanted.map((w) => relation.columns.findIndex((c) => c.name.toLowerCase() === w.toLowerCase()));
  if (indexes.some((k) => k < 0)) return undefined;
  return {
    fields: indexes.map((k) => relation.columns[k]!),
    rows: relation.rows.filter(keep).map((row) => indexes.map((k) => row[k] ?? null)),
  };
}

/** `SELECT count(*) [AS n] FROM <table>` (a contract's rowCount audit): the table's row count, where known. */
export function tableCount(sql: string, find: (parts: string[]) => FakeRelation | undefined): QueryResult | undefined {
  const code = codeOnly(sql);
  const m = /^\s*SELECT\s+count\s*\(\s*\*\s*\)(?:\s+AS\s+`?(\w+)`?)?\s+FROM\s+/i.exec(code);
  const name = m ? readName(code, m[0].length) : undefined;
  if (!m || !name || code.slice(name.end).trim() !== '') return undefined;
  const relation = find(name.parts);
  const rows = relation?.rows?.length ?? relation?.numRows;
  return rows === undefined ? undefined : { fields: [{ name: m[1] ?? 'f0_', type: 'INT64' }], rows: [[rows]] };
}

/** `col = literal AND …` → a row test; undefined for any other condition. */
function matcher(relation: FakeRelation, condition: string): ((row: readonly (string | null)[]) => boolean) | undefined {
  const tests: ((row: readonly (string | null)[]) => boolean)[] = [];
  for (const part of condition.trim().split(/\s+AND\s+/i)) {
    const among = /^`?(?:\w+\.)?(\w+)`?\s+IN\s*\(([\s\S]*)\)$/i.exec(part.trim());
    if (among) {
      const k = relation.columns.findIndex((c) => c.name.toLowerCase() === among[1]!.toLowerCase());
      if (k < 0) return undefined;
      const values = new Set(splitTopLevel(among[2]!, codeOnly(among[2]!)).map((v) => literal(v.trim())));
      tests.push((row) => values.has(row[k] ?? null));
      continue;
    }
    const eq = /^`?(?:\w+\.)?(\w+)`?\s*=\s*(.+)$/s.exec(part.trim());
    if (!eq) return undefined;
    const k = relation.columns.findIndex((c) => c.name.toLowerCase() === eq[1]!.toLowerCase());
    if (k < 0) return undefined;
    const value = literal(eq[2]!.trim());
    tests.push((row) => row[k] === value);
  }
  return (row) => tests.every((t) => t(row));
}

/** A literal's value as text (numbers as written, strings unescaped); an expression is kept as its text. */
function literal(text: string): string | null {
  if (/^NULL$/i.test(text)) return null;
  const quoted = /^(['"])([\s\S]*)\1$/.exec(text);
  if (quoted) return quoted[2]!.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c);
  return text;
}
