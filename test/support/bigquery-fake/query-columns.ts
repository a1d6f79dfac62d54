import type { TableColumn } from '../statement-analyzer.js';
import { matching } from './statement-head.js';
import { codeOnly, quotedNames } from './sql-text.js';

/**
 * A rough guess at a query's output columns, used when no analyzer is given: the top-level select
 * list's names, typed from literals, casts and the relation read. The ZetaSQL analyzer replaces it.
 */
export function guessColumns(query: string, columnsOf: (parts: string[]) => readonly TableColumn[] | undefined): TableColumn[] {
  const code = codeOnly(query);
  const select = depthZero(code, /\bSELECT\b/gi);
  if (select < 0) return [];
  const from = depthZero(code, /\bFROM\b/gi, select);
  const listEnd = from < 0 ? code.length : from;
  const read = from < 0 ? undefined : quotedNames(query.slice(from)).find((n) => n.parts.length >= 2);
  const readColumns = read ? (columnsOf(read.parts) ?? []) : [];
  const items = splitTopLevel(query.slice(select + 6, listEnd), code.slice(select + 6, listEnd));
  const columns: TableColumn[] = [];
  for (const item of items) {
    const text = item.trim().replace(/^DISTINCT\s+/i, '');
    if (text === '*' || /\.\*$/.test(text)) {
      columns.push(...readColumns);
      continue;
    }
    const alias = /\bAS\s+`?([A-Za-z_][A-Za-z0-9_]*)`?\s*$/i.exec(text);
    const expression = alias ? text.slice(0, alias.index).trim() : text;
    const bare = /(?:^|\.)`?([A-Za-z_][A-Za-z0-9_]*)`?$/.exec(expression);
    const name = alias?.[1] ?? bare?.[1] ?? `f${columns.length}_`;
    columns.push({ name, type: guessType(expression, readColumns) });
  }
  return columns;
}

/** `name TYPE` pairs of a `CREATE TABLE t (…)` column list. */
export function columnList(text: string): TableColumn[] {
  return splitTopLevel(text, codeOnly(text)).flatMap((item) => {
    const m = /^\s*`?([A-Za-z_][A-Za-z0-9_]*)`?\s+(.+?)\s*(?:NOT NULL|OPTIONS\s*\(.*)?\s*$/is.exec(item);
    return m ? [{ name: m[1]!, type: m[2]!.replace(/\s+/g, ' ').toUpperCase() }] : [];
  });
}

function guessType(expression: string, read: readonly TableColumn[]): string {
  const e = expression.trim();
  if (/^-?\d+$/.test(e)) return 'INT64';
  if (/^-?\d+\.\d*$/.test(e)) return 'FLOAT64';
  if (/^'.*'$|^".*"$/s.test(e)) return 'STRING';
  if (/^(TRUE|FALSE)$/i.test(e)) return 'BOOL';
  if (/^COUNT\s*\(/i.test(e)) return 'INT64';
  if (/^CURRENT_TIMESTAMP\b/i.test(e) || /^TIMESTAMP\s*'/i.test(e)) return 'TIMESTAMP';
  if (/^CURRENT_DATE\b/i.test(e) || /^DATE\s*'/i.test(e)) return 'DATE';
  const cast = /^(?:SAFE_)?CAST\s*\(.*\bAS\s+([A-Za-z0-9_<>, ()]+?)\s*\)$/is.exec(e);
  if (cast) return cast[1]!.toUpperCase();
  const column = /(?:^|\.)`?([A-Za-z_][A-Za-z0-9_]*)`?$/.exec(e)?.[1];
  return read.find((c) => c.name.toLowerCase() === column?.toLowerCase())?.type ?? 'STRING';
}

/** The first match of `pattern` outside parentheses, from `from`. */
function depthZero(code: string, pattern: RegExp, from = 0): number {
  pattern.lastIndex = from;
  for (let m = pattern.exec(code); m; m = pattern.exec(code)) {
    let depth = 0;
    for (let i = 0; i < m.index; i++) {
      if (code[i] === '(') depth++;
      else if (code[i] === ')') depth--;
    }
    if (depth === 0) return m.index;
  }
  return -1;
}

/** Splits at commas outside parentheses and angle brackets (`STRUCT<a INT64, b STRING>`). */
export function splitTopLevel(text: string, code: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '(') {
      i = matching(code, i);
      continue;
    }
    if (c === '<' && /(STRUCT|ARRAY|RANGE)\s*$/i.test(code.slice(Math.max(0, i - 12), i))) depth++;
    else if (c === '>' && depth > 0) depth--;
    else if (c === ',' && depth === 0) {
      items.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (text.slice(start).trim() !== '') items.push(text.slice(start));
  return items;
}
