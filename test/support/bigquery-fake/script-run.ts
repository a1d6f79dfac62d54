import type { KnownTables, TableColumn } from '../statement-analyzer.js';
import type { BigQueryFakeOptions, Rejection } from './fake-options.js';
import { columnList, guessColumns } from './query-columns.js';
import { defaultResult, informationSchemaResult, QueryNotFound, type QueryResult } from './query-results.js';
import { deleteWhere, insertValues, mergeStructs, selectRows, tableCount } from './table-rows.js';
import { codeOnly, quotedNames, scriptPosition, scriptStatements, type ScriptStatement } from './sql-text.js';
import { readHead, statementType, type StatementHead } from './statement-head.js';
import { sameLocation, type FakeRelation, type Warehouse } from './warehouse.js';

export interface TableRef {
  readonly projectId: string;
  readonly datasetId: string;
  readonly tableId: string;
}

/** One statement as it ran: what a script's child job reports. */
export interface StatementRun {
  readonly index: number;
  readonly statement: ScriptStatement;
  readonly type: string;
  readonly bytes: number;
  readonly affectedRows?: number;
  readonly ddlTarget?: TableRef;
  readonly ddlOperation?: string;
  readonly result?: QueryResult;
  readonly cacheHit: boolean;
}

export interface StatementFailure {
  readonly index: number;
  readonly reason: string;
  /** With ` at [line:col]` relative to the script where the position is known. */
  readonly message: string;
}

export interface ScriptRun {
  readonly statements: readonly StatementRun[];
  readonly failure?: StatementFailure;
}

export interface RunContext {
  /** The job's project: what a `dataset.table` name is qualified with. */
  readonly projectId: string;
  readonly location: string;
  readonly dryRun: boolean;
  readonly warehouse: Warehouse;
  readonly options: BigQueryFakeOptions;
  readonly rejections: readonly Rejection[];
  /** Plain queries answered before: the same text again is a cache hit. */
  readonly cache: Set<string>;
}

class StatementError extends Error {
  constructor(
    readonly reason: string,
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

/** Runs a script's statements in order against the warehouse; a dry run changes nothing. */
export async function runScript(script: string, ctx: RunContext): Promise<ScriptRun> {
  const { warehouse } = ctx;
  const restoreAll = ctx.dryRun ? warehouse.snapshot() : undefined;
  const temp = new Map<string, TableColumn[]>();
  let rollback: (() => void) | undefined;
  const runs: StatementRun[] = [];
  const statements = scriptStatements(script);
  try {
    for (const [index, statement] of statements.entries()) {
      try {
        const head = readHead(statement.sql);
        if (head.kind === 'transaction') {
          if (head.verb === 'BEGIN') rollback = warehouse.snapshot();
          if (head.verb === 'ROLLBACK') rollback?.();
          if (head.verb !== 'BEGIN') rollback = undefined;
        }
        runs.push(await runStatement(index, statement, head, ctx, temp));
      } catch (e) {
        if (!(e instanceof StatementError)) throw e;
        rollback?.();
        const at = e.line !== undefined ? scriptPosition(statement, e.line, e.column ?? 1) : undefined;
        return { statements: runs, failure: { index, reason: e.reason, message: at ? `${e.message} at [${at.line}:${at.column}]` : e.message } };
      }
    }
    return { statements: runs };
  } finally {
    restoreAll?.();
  }
}

async function runStatement(index: number, statement: ScriptStatement, head: StatementHead, ctx: RunContext, temp: Map<string, TableColumn[]>): Promise<StatementRun> {
  const { warehouse, projectId, location } = ctx;
  const sql = statement.sql;
  const rejected = ctx.rejections.find((r) => r.match(sql));
  if (rejected) {
    const offset = rejected.at !== undefined ? Math.max(0, sql.indexOf(rejected.at)) : undefined;
    const before = offset !== undefined ? sql.slice(0, offset).split('\n') : undefined;
    const line = before ? before.length : (rejected.line ?? 1);
    const column = before ? before.at(-1)!.length + 1 : (rejected.column ?? 1);
    throw new StatementError(rejected.reason ?? 'invalidQuery', rejected.message, line, column);
  }

  const resolve = (parts: readonly string[]): TableRef | undefined => {
    if (parts.length === 3) return { projectId: parts[0]!, datasetId: parts[1]!, tableId: parts[2]! };
    if (parts.length === 2) return { projectId, datasetId: parts[0]!, tableId: parts[1]! };
    return undefined;
  };
  const datasetThere = (ref: { projectId: string; datasetId: string }): boolean => sameLocation(warehouse.dataset(ref.projectId, ref.datasetId)?.location, location);
  const missingDataset = (ref: { projectId: string; datasetId: string }): StatementError =>
    new StatementError('notFound', `Not found: Dataset ${ref.projectId}:${ref.datasetId} was not found in location ${location}`);
  const missingTable = (ref: TableRef): StatementError =>
    new StatementError('notFound', `Not found: Table ${ref.projectId}:${ref.datasetId}.${ref.tableId} was not found in location ${location}`);
  const target = 'name' in head ? head.name : undefined;
  const targetRef = target && head.kind !== 'create-schema' ? resolve(target) : undefined;

  // Every relation named with backticks must exist (the statement's own target aside).
  const read: FakeRelation[] = [];
  for (const name of quotedNames(sql)) {
    if (name.parts.some((p) => p.toUpperCase() === 'INFORMATION_SCHEMA')) continue;
    const ref = name.parts.length === 3 ? resolve(name.parts) : undefined;
    if (!ref) continue;
    const isTarget = targetRef && ref.projectId === targetRef.projectId && ref.datasetId === targetRef.datasetId && ref.tableId === targetRef.tableId;
    if (isTarget && head.kind !== 'dml') continue;
    if (!datasetThere(ref)) throw missingDataset(ref);
    const relation = warehouse.relation(ref.projectId, ref.datasetId, ref.tableId);
    if (!relation) throw missingTable(ref);
    if (!isTarget) read.push(relation);
  }

  let columnsFromAnalyzer: readonly TableColumn[] | undefined;
  if (ctx.options.analyzer) {
    const known = new Map<string, readonly TableColumn[]>();
    for (const r of warehouse.relations.values()) known.set(`${r.projectId}.${r.datasetId}.${r.tableId}`, r.columns);
    for (const [name, columns] of temp) known.set(name, columns);
    const analysis = await ctx.options.analyzer.analyze(sql, known as KnownTables, projectId);
    if (!analysis.ok) throw new StatementError('invalidQuery', analysis.message, analysis.line ?? 1, analysis.column ?? 1);
    columnsFromAnalyzer = analysis.columns;
  }

  const columnsOf = (parts: string[]): readonly TableColumn[] | undefined => {
    if (parts.length === 1) return temp.get(parts[0]!);
    const ref = resolve(parts);
    return ref ? warehouse.relation(ref.projectId, ref.datasetId, ref.tableId)?.columns : undefined;
  };
  // What the statement's query would return, roughly: the most rows of what it reads (a view passes its source's on).
  const known = read.map((r) => r.numRows).filter((n): n is number => n !== undefined);
  const sourceRows = known.length > 0 ? Math.max(...known) : undefined;
  const bytes = ctx.options.bytes?.(sql) ?? read.reduce((sum, r) => sum + (r.numRows ?? 1000) * 16 * Math.max(1, r.columns.length), 0);
  const base = { index, statement, type: statementType(head), bytes, cacheHit: false };

  switch (head.kind) {
    case 'create-table': {
      const rows = ctx.options.rows?.(sql) ?? (head.query !== undefined ? (sourceRows ?? 0) : 0);
      const columns = [...(columnsFromAnalyzer ?? (head.columnList !== undefined ? columnList(head.columnList) : guessColumns(head.query ?? '', columnsOf)))];
      if (head.temp || head.name.length === 1) {
        temp.set(head.name[0]!, columns);
        return { ...base, ddlOperation: 'CREATE' };
      }
      const ref = targetRef!;
      if (!datasetThere(ref)) throw missingDataset(ref);
      const existing = warehouse.relation(ref.projectId, ref.datasetId, ref.tableId);
      if (existing && head.ifNotExists) return { ...base, bytes: 0, ddlTarget: ref, ddlOperation: 'SKIP' };
      if (existing && !head.replace) throw new StatementError('duplicate', `Already Exists: Table ${ref.projectId}:${ref.datasetId}.${ref.tableId}`);
      if (existing?.kind === 'VIEW') throw new StatementError('invalidQuery', `${ref.datasetId}.${ref.tableId} is a view, not a table; drop it first`, 1, 1);
      const followed = head.query === undefined ? { rows: [] as (string | null)[][] } : {};
      warehouse.putRelation({ ...ref, kind: 'TABLE', columns, numRows: rows, ...followed });
      return { ...base, ddlTarget: ref, ddlOperation: existing ? 'REPLACE' : 'CREATE' };
    }
    case 'create-view': {
      const ref = targetRef!;
      if (!datasetThere(ref)) throw missingDataset(ref);
      const existing = warehouse.relation(ref.projectId, ref.datasetId, ref.tableId);
      if (existing && head.ifNotExists) return { ...base, bytes: 0, ddlTarget: ref, ddlOperation: 'SKIP' };
      if (existing && !head.replace) throw new StatementError('duplicate', `Already Exists: Table ${ref.projectId}:${ref.datasetId}.${ref.tableId}`);
      if (existing?.kind === 'TABLE') throw new StatementError('invalidQuery', `${ref.datasetId}.${ref.tableId} is a table, not a view; drop it first`, 1, 1);
      const columns = [...(columnsFromAnalyzer ?? guessColumns(head.query, columnsOf))];
      warehouse.putRelation({ ...ref, kind: 'VIEW', columns, viewQuery: head.query, ...(sourceRows !== undefined ? { numRows: sourceRows } : {}) });
      return { ...base, bytes: 0, ddlTarget: ref, ddlOperation: existing ? 'REPLACE' : 'CREATE' };
    }
    case 'create-schema': {
      const ref = head.name.length === 2 ? { projectId: head.name[0]!, datasetId: head.name[1]! } : { projectId, datasetId: head.name[0] ?? '' };
      if (warehouse.dataset(ref.projectId, ref.datasetId)) {
        if (head.ifNotExists) return { ...base, bytes: 0 };
        throw new StatementError('duplicate', `Already Exists: Dataset ${ref.projectId}:${ref.datasetId}`);
      }
      warehouse.addDataset({ ...ref, location });
      return { ...base, bytes: 0, ddlOperation: 'CREATE' };
    }
    case 'drop': {
      if (head.what === 'SCHEMA') {
        const ref = head.name.length === 2 ? { projectId: head.name[0]!, datasetId: head.name[1]! } : { projectId, datasetId: head.name[0] ?? '' };
        if (!warehouse.dataset(ref.projectId, ref.datasetId) && !head.ifExists) throw missingDataset(ref);
        warehouse.datasets.delete(`${ref.projectId}.${ref.datasetId}`);
        return { ...base, bytes: 0, ddlOperation: 'DROP' };
      }
      if (head.name.length === 1) {
        if (!temp.delete(head.name[0]!) && !head.ifExists) throw new StatementError('notFound', `Not found: Table ${head.name[0]} was not found`);
        return { ...base, bytes: 0, ddlOperation: 'DROP' };
      }
      const ref = targetRef!;
      const existing = warehouse.relation(ref.projectId, ref.datasetId, ref.tableId);
      if (!existing) {
        if (head.ifExists && datasetThere(ref)) return { ...base, bytes: 0, ddlTarget: ref, ddlOperation: 'SKIP' };
        throw datasetThere(ref) ? missingTable(ref) : missingDataset(ref);
      }
      if ((existing.kind === 'VIEW') !== (head.what === 'VIEW')) {
        throw new StatementError('invalidQuery', `${ref.datasetId}.${ref.tableId} is a ${existing.kind.toLowerCase()}, not a ${head.what.toLowerCase()}`, 1, 1);
      }
      warehouse.dropRelation(ref.projectId, ref.datasetId, ref.tableId);
      return { ...base, bytes: 0, ddlTarget: ref, ddlOperation: 'DROP' };
    }
    case 'dml': {
      const relation = head.name.length === 1 ? undefined : targetRef && warehouse.relation(targetRef.projectId, targetRef.datasetId, targetRef.tableId);
      if (head.name.length > 1 && !relation) throw targetRef && datasetThere(targetRef) ? missingTable(targetRef) : missingDataset(targetRef ?? { projectId, datasetId: '?' });
      let affected = ctx.options.rows?.(sql) ?? (head.verb === 'INSERT' ? (valuesTuples(sql) ?? sourceRows ?? 0) : 0);
      if (relation && !ctx.dryRun) warehouse.modified(relation);
      if (relation?.rows) {
        // A table whose rows are followed keeps them; a statement the fake cannot follow forgets them.
        const followed =
          head.verb === 'INSERT' ? insertValues(relation, sql) : head.verb === 'DELETE' ? deleteWhere(relation, sql) : head.verb === 'MERGE' ? mergeStructs(relation, sql) : undefined;
        if (typeof followed === 'number') affected = followed;
        if (followed === undefined || followed === false) delete relation.rows;
        else return { ...base, affectedRows: affected };
      }
      if (relation && !ctx.dryRun) {
        const before = relation.numRows ?? 0;
        relation.numRows = head.verb === 'INSERT' ? before + affected : head.verb === 'DELETE' ? Math.max(0, before - affected) : head.verb === 'TRUNCATE' ? 0 : before;
      }
      return { ...base, affectedRows: affected };
    }
    case 'transaction':
      return { ...base, bytes: 0 };
    case 'query': {
      let result: QueryResult | undefined;
      try {
        result = informationSchemaResult(sql, warehouse, projectId, location);
      } catch (e) {
        if (e instanceof QueryNotFound) throw new StatementError('notFound', e.message);
        throw e;
      }
      const find = (parts: string[]): FakeRelation | undefined => {
        const ref = resolve(parts);
        return ref && warehouse.relation(ref.projectId, ref.datasetId, ref.tableId);
      };
      result ??= ctx.options.answer?.(sql) ?? selectRows(sql, find) ?? tableCount(sql, find) ?? defaultResult(sql);
      const cached = ctx.cache.has(sql);
      if (!ctx.dryRun) ctx.cache.add(sql);
      return { ...base, bytes: cached ? 0 : bytes, cacheHit: cached, result };
    }
    case 'other':
      return { ...base, bytes: 0 };
  }
}

/** The number of `(…)` tuples after VALUES in an INSERT, if it has them. */
function valuesTuples(sql: string): number | undefined {
  const code = codeOnly(sql);
  const at = /\bVALUES\b/i.exec(code);
  if (!at) return undefined;
  let depth = 0;
  let tuples = 0;
  for (const c of code.slice(at.index + 6)) {
    if (c === '(' && depth++ === 0) tuples++;
    else if (c === ')') depth--;
  }
  return tuples;
}
