import { isAbsolute, resolve } from 'node:path';
import { nonCode } from '../../compile/split-statements.js';
import { duckdbDialect } from './duckdb-dialect.js';

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
  visitFilePaths(sql, (start, end, path) => {
    const absolute = absolutePath(path, root);
    if (absolute === path) return;
    out += `${sql.slice(copied, start)}'${absolute.replace(/'/g, "''")}'`;
    copied = end;
  });
  return copied === 0 ? sql : out + sql.slice(copied);
}

/** Every local file path the statement reads, absolute (against `root` where relative); URLs and `~` paths left out. */
export function localFilesRead(sql: string, root: string): string[] {
  if (!MAY_READ_FILES.test(sql)) return [];
  const paths: string[] = [];
  visitFilePaths(sql, (_start, _end, path) => {
    if (path !== '' && !NOT_LOCAL.test(path)) paths.push(absolutePath(path, root));
  });
  return paths;
}

/** Calls `found` with each file path literal the statement reads: where the literal starts and ends, and its text. */
function visitFilePaths(sql: string, found: (start: number, end: number, path: string) => void): void {
  let state = 'none' as State;
  // Code between strings and comments: words and punctuation move the state; blanks do not.
  const code = (from: number, to: number): void => {
    let i = from;
    while (i < to) {
      const c = sql[i]!;
      if (/\s/.test(c)) i++;
      else if (isWordChar(c)) {
        let end = i + 1;
        while (end < to && isWordChar(sql[end])) end++;
        const word = sql.slice(i, end).toLowerCase();
        state = READERS.has(word) ? 'reader' : word === 'from' || word === 'join' ? 'from' : 'none';
        i = end;
      } else {
        state = afterPunctuation(state, c);
        i++;
      }
    }
  };
  let at = 0;
  for (const span of nonCode(sql, duckdbDialect.lexicon)) {
    code(at, span.start);
    at = span.end;
    // Comments leave the state as it was; a quoted name, an E'…' or $$…$$ string ends it.
    if (span.kind === 'comment') continue;
    const plain = sql.slice(span.start, span.start + span.open) === "'";
    if (plain && span.close > 0 && (state === 'argument' || state === 'list' || state === 'from')) {
      found(span.start, span.end, sql.slice(span.start + 1, span.end - 1).replace(/''/g, "'"));
    }
    if (!plain || state !== 'list') state = 'none';
  }
  code(at, sql.length);
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
