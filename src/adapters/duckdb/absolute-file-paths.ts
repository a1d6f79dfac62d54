import { isAbsolute, resolve } from 'node:path';

/**
 * DuckDB's table functions that read files, by the literal (or list of literals) they take first.
 * A view keeps its query as written, so a relative path in one resolves against whatever folder
 * opens the database later: these are made absolute in the statement that creates it.
 */
const READERS = new Set([
  'read_csv',
  'read_csv_auto',
  'sniff_csv',
  'read_json',
  'read_json_auto',
  'read_json_objects',
  'read_json_objects_auto',
  'read_ndjson',
  'read_ndjson_auto',
  'read_ndjson_objects',
  'read_parquet',
  'parquet_scan',
  'parquet_schema',
  'parquet_metadata',
  'read_text',
  'read_blob',
  'read_xlsx',
]);

/** Where a path outside the machine's file system is meant (`s3://…`, `https://…`), or the user's home, left as written. */
const NOT_LOCAL = /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/|~)/;

/** A cheap look before the scan: most statements read no file at all. */
const MAY_READ_FILES = /\b(?:read_\w+|parquet_\w+|sniff_csv)\s*\(|\b(?:from|join)\s+'/i;

type State = 'none' | 'reader' | 'argument' | 'list' | 'from';

/**
 * The statement with every relative file path it reads made absolute against `root` (the project
 * folder): first arguments of DuckDB's file readers (`read_csv_auto('domains/…')`, a list
 * `read_parquet(['a', 'b'])`) and replacement scans (`FROM 'file.csv'`). Compiled SQL keeps the
 * paths relative (portable artifacts, stable caches and golden files); only what DuckDB stores
 * carries the folder. Strings, quoted names and comments elsewhere are left alone.
 */
export function absoluteFilePaths(sql: string, root: string): string {
  if (!MAY_READ_FILES.test(sql)) return sql;
  let out = '';
  let copied = 0;
  let state: State = 'none';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (sql.startsWith('--', i)) {
      const newline = sql.indexOf('\n', i);
      i = newline < 0 ? sql.length : newline + 1;
      continue;
    }
    if (sql.startsWith('/*', i)) {
      i = blockCommentEnd(sql, i);
      continue;
    }
    if (c === "'") {
      const end = stringEnd(sql, i + 1, false);
      if (state === 'argument' || state === 'list' || state === 'from') {
        const path = sql.slice(i + 1, end - 1).replace(/''/g, "'");
        const absolute = absolutePath(path, root);
        if (absolute !== path && sql[end - 1] === "'" && end - i >= 2) {
          out += `${sql.slice(copied, i)}'${absolute.replace(/'/g, "''")}'`;
          copied = end;
        }
      }
      if (state !== 'list') state = 'none';
      i = end;
      continue;
    }
    if ((c === 'E' || c === 'e') && sql[i + 1] === "'" && !isWordChar(sql[i - 1])) {
      i = stringEnd(sql, i + 2, true);
      state = 'none';
      continue;
    }
    if (c === '"') {
      i = quotedNameEnd(sql, i + 1);
      state = 'none';
      continue;
    }
    if (c === '$' && !isWordChar(sql[i - 1])) {
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 128))?.[0];
      if (tag) {
        const close = sql.indexOf(tag, i + tag.length);
        i = close < 0 ? sql.length : close + tag.length;
        state = 'none';
        continue;
      }
    }
    if (isWordChar(c)) {
      let end = i + 1;
      while (end < sql.length && isWordChar(sql[end])) end++;
      const word = sql.slice(i, end).toLowerCase();
      state = READERS.has(word) ? 'reader' : word === 'from' || word === 'join' ? 'from' : 'none';
      i = end;
      continue;
    }
    state = afterPunctuation(state, c);
    i++;
  }
  return copied === 0 ? sql : out + sql.slice(copied);
}

/** `reader(` expects a path, `reader([` a list of them, whose `,` expects the next; anything else ends it. */
function afterPunctuation(state: State, c: string): State {
  if (c === '(' && state === 'reader') return 'argument';
  if (c === '[' && state === 'argument') return 'list';
  if (c === ',' && state === 'list') return 'list';
  return 'none';
}

function absolutePath(path: string, root: string): string {
  if (path === '' || isAbsolute(path) || NOT_LOCAL.test(path)) return path;
  return resolve(root, path);
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_$\u0080-\uffff]/.test(c);
}

/** Just past the closing quote of a string whose text starts at `from` (`''` is a quote; in E'…', so is `\'`). */
function stringEnd(sql: string, from: number, backslash: boolean): number {
  let i = from;
  while (i < sql.length) {
    if (backslash && sql[i] === '\\') i += 2;
    else if (sql[i] === "'") {
      if (sql[i + 1] !== "'") return i + 1;
      i += 2;
    } else i++;
  }
  return sql.length;
}

function quotedNameEnd(sql: string, from: number): number {
  let i = from;
  while (i < sql.length) {
    if (sql[i] === '"') {
      if (sql[i + 1] !== '"') return i + 1;
      i += 2;
    } else i++;
  }
  return sql.length;
}

/** DuckDB's block comments nest. */
function blockCommentEnd(sql: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return sql.length;
}
