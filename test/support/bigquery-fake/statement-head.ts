import { codeOnly, readName } from './sql-text.js';

/** What a statement does to the warehouse, read from its first words (enough for meshwork's SQL). */
export type StatementHead =
  | { readonly kind: 'create-table'; readonly name: string[]; readonly replace: boolean; readonly ifNotExists: boolean; readonly temp: boolean; readonly query?: string; readonly columnList?: string }
  | { readonly kind: 'create-view'; readonly name: string[]; readonly replace: boolean; readonly ifNotExists: boolean; readonly query: string }
  | { readonly kind: 'create-schema'; readonly name: string[]; readonly ifNotExists: boolean }
  | { readonly kind: 'drop'; readonly what: 'TABLE' | 'VIEW' | 'SCHEMA'; readonly name: string[]; readonly ifExists: boolean }
  | { readonly kind: 'dml'; readonly verb: 'INSERT' | 'MERGE' | 'DELETE' | 'UPDATE' | 'TRUNCATE'; readonly name: string[] }
  | { readonly kind: 'transaction'; readonly verb: 'BEGIN' | 'COMMIT' | 'ROLLBACK' }
  | { readonly kind: 'query' }
  | { readonly kind: 'other'; readonly verb: string };

/** BigQuery's `statementType` for a head, as job statistics report it. */
export function statementType(head: StatementHead): string {
  switch (head.kind) {
    case 'create-table':
      return head.temp ? 'CREATE_TABLE_AS_SELECT' : head.query !== undefined ? 'CREATE_TABLE_AS_SELECT' : 'CREATE_TABLE';
    case 'create-view':
      return 'CREATE_VIEW';
    case 'create-schema':
      return 'CREATE_SCHEMA';
    case 'drop':
      return `DROP_${head.what}`;
    case 'dml':
      return head.verb === 'TRUNCATE' ? 'TRUNCATE_TABLE' : head.verb;
    case 'transaction':
      return head.verb === 'BEGIN' ? 'BEGIN_TRANSACTION' : `${head.verb}_TRANSACTION`;
    case 'query':
      return 'SELECT';
    case 'other':
      return head.verb;
  }
}

export function readHead(sql: string): StatementHead {
  const code = codeOnly(sql);
  let i = 0;
  const skip = (): void => {
    while (i < code.length && /\s/.test(code[i]!)) i++;
  };
  const word = (): string | undefined => {
    skip();
    const m = /^[A-Za-z_]+/.exec(code.slice(i, i + 64));
    return m?.[0].toUpperCase();
  };
  const take = (...words: string[]): boolean => {
    const at = i;
    for (const w of words) {
      if (word() !== w) {
        i = at;
        return false;
      }
      i += w.length;
    }
    return true;
  };
  const name = (): string[] => {
    skip();
    const read = readName(code, i);
    if (!read) return [];
    i = read.end;
    return read.parts;
  };
  /** The query after `AS` (skipping options and partitioning clauses before it). */
  const asQuery = (): string | undefined => {
    const m = /\bAS\b/i.exec(code.slice(i));
    return m ? sql.slice(i + m.index + 2).trim() : undefined;
  };

  const verb = word();
  if (verb === undefined) return { kind: 'other', verb: '' };
  if (verb === 'SELECT' || verb === 'WITH' || code.trimStart().startsWith('(')) return { kind: 'query' };
  if (take('BEGIN')) return { kind: 'transaction', verb: 'BEGIN' };
  if (take('COMMIT')) return { kind: 'transaction', verb: 'COMMIT' };
  if (take('ROLLBACK')) return { kind: 'transaction', verb: 'ROLLBACK' };
  if (take('CREATE')) {
    const replace = take('OR', 'REPLACE');
    const temp = take('TEMP') || take('TEMPORARY');
    if (take('SCHEMA')) {
      const ifNotExists = take('IF', 'NOT', 'EXISTS');
      return { kind: 'create-schema', name: name(), ifNotExists };
    }
    const materialized = take('MATERIALIZED');
    if (take('VIEW')) {
      const ifNotExists = take('IF', 'NOT', 'EXISTS');
      const n = name();
      return { kind: 'create-view', name: n, replace, ifNotExists, query: asQuery() ?? '' };
    }
    if (!materialized && take('TABLE')) {
      const ifNotExists = take('IF', 'NOT', 'EXISTS');
      const n = name();
      skip();
      let columnList: string | undefined;
      if (code[i] === '(') {
        const close = matching(code, i);
        columnList = sql.slice(i + 1, close);
        i = close + 1;
      }
      const query = asQuery();
      return { kind: 'create-table', name: n, replace, ifNotExists, temp, ...(query !== undefined ? { query } : {}), ...(columnList !== undefined ? { columnList } : {}) };
    }
    return { kind: 'other', verb: `CREATE ${word() ?? ''}`.trim() };
  }
  if (take('DROP')) {
    const what = word();
    if (what === 'TABLE' || what === 'VIEW' || what === 'SCHEMA') {
      i += what.length;
      const ifExists = take('IF', 'EXISTS');
      return { kind: 'drop', what, name: name(), ifExists };
    }
    return { kind: 'other', verb: `DROP ${what ?? ''}`.trim() };
  }
  if (take('INSERT')) {
    take('INTO');
    return { kind: 'dml', verb: 'INSERT', name: name() };
  }
  if (take('MERGE')) {
    take('INTO');
    return { kind: 'dml', verb: 'MERGE', name: name() };
  }
  if (take('DELETE')) {
    take('FROM');
    return { kind: 'dml', verb: 'DELETE', name: name() };
  }
  if (take('UPDATE')) return { kind: 'dml', verb: 'UPDATE', name: name() };
  if (take('TRUNCATE', 'TABLE')) return { kind: 'dml', verb: 'TRUNCATE', name: name() };
  return { kind: 'other', verb };
}

/** The offset of the `)` closing the `(` at `open` (string literals already blanked). */
export function matching(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if (code[i] === '(') depth++;
    else if (code[i] === ')' && --depth === 0) return i;
  }
  return code.length;
}
