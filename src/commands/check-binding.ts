import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { openAdapter } from '../adapters/open-adapter.js';
import { loadMemo, saveMemo } from '../artifacts/cache-files.js';
import { bindModels, type BindOutcome } from '../compile/bind-models.js';
import type { CompiledNode, CompiledProject } from '../compile/compiled-node.js';
import { contractColumnDiagnostics, createImportedViews } from '../contracts/contract-columns.js';
import { error, hasErrors, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { nearestNames } from '../diagnostics/suggest.js';
import { locateEngineError } from '../execute/locate-engine-error.js';
import { lineageCacheKey } from '../lineage/lineage-cache-key.js';
import { relationColumns } from '../lineage/duckdb-parse.js';
import { sourceLines } from '../project/source-lines.js';
import { compileLocally, type ProjectOptions } from './compile.js';

/** What binding every model did, for the command's summary. */
export interface BindingSummary {
  /** Models, seeds, contract views and singular tests to bind. */
  readonly nodes: number;
  /** Of those, how many DuckDB's binder accepted. */
  readonly bound: number;
  /** Not bound: their inputs cannot be read locally, or they read a node that failed. */
  readonly notBound: number;
  /** The answer came from target/.cache (nothing the binding reads changed). */
  readonly cached: boolean;
}

export interface BindingResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly summary?: BindingSummary;
}

/** Bump when what is remembered for a project changes meaning. */
const BINDING_VERSION = 1;

/**
 * `mesh check`: every model, seed, contract view and singular test bound by DuckDB's binder, the
 * one that builds them, in an empty in-memory DuckDB over the project's local files, with the
 * project's DuckDB SQL whatever the target (see bind-models.ts). A column, table or function that
 * does not exist is MESH124 at the user's line; a column test on a column the model does not
 * produce is MESH125 at the test's line; inputs that cannot be read locally are one MESH126
 * warning. The contract columns (MESH214, MESH218) are checked on the same bound models.
 * Remembered in target/.cache until a node's SQL or lines, a seed or a source file changes.
 */
export async function bindEveryModel(compiled: CompiledProject, options: ProjectOptions): Promise<BindingResult> {
  const local = compileLocally(compiled, options);
  if (!local.compiled || hasErrors(local.diagnostics)) {
    const first = local.diagnostics.find((d) => d.severity === 'error');
    return {
      diagnostics: [
        warning('MESH126', `models and contract columns are not bound with no warehouse: the project does not compile for a DuckDB target${first ? ` (${first.message})` : ''}`, {
          ...(first?.file ? { file: first.file } : {}),
          ...(first?.line ? { line: first.line } : {}),
          hint: 'the build still checks them; give sources a duckdb location with sample data to check earlier',
        }),
      ],
    };
  }
  const project = local.compiled;
  const targetDir = join(project.project.config.root, 'target');
  const cacheName = `binding-${project.target.name}`;
  const memo = options.cache === false ? undefined : loadMemo<{ diagnostics: Diagnostic[]; summary: BindingSummary }>(targetDir, cacheName);
  const key = bindingKey(project);
  const remembered = memo?.recall(key);
  if (remembered) {
    saveMemo(targetDir, cacheName, memo!);
    return { diagnostics: remembered.diagnostics, summary: { ...remembered.summary, cached: true } };
  }
  const opened = await openAdapter({ ...project.target, path: ':memory:' }, project.project.config.root, 1);
  if (!opened.adapter) return { diagnostics: opened.diagnostics };
  const scratch = opened.adapter;
  try {
    // Nothing is computed (LIMIT 0): one thread spares DuckDB's wake-ups of the others, about a fifth of the binding's CPU.
    await scratch.execute([{ sql: 'SET threads = 1' }]);
    const imports = await createImportedViews(project, scratch);
    const outcome = await bindModels(project, scratch, { everything: true });
    const contracts = await contractColumnDiagnostics(project, scratch, imports, outcome);
    const schemas = [...new Set([...outcome.created].flatMap((id) => project.nodes.get(id)!.schema ?? []))];
    const columns = await relationColumns(scratch, schemas);
    const columnsOf = (id: string): string[] | undefined => {
      const node = project.nodes.get(id);
      if (!node?.schema || !node.identifier || !outcome.created.has(id)) return undefined;
      return columns.get(`${node.schema}.${node.identifier}`.toLowerCase())?.map((c) => c.name);
    };
    const { diagnostics: failures, unavailable } = failureDiagnostics(project, outcome, contracts);
    // A contract that cannot be checked reads a model that failed (MESH124) or cannot be read (MESH126): said once, there.
    const told = contracts.filter((d) => !(d.code === 'MESH214' && d.severity === 'warning'));
    const diagnostics = [...told, ...failures, ...columnTestDiagnostics(project, columnsOf), ...unavailableWarning(unavailable)];
    const nodes = outcome.bound + outcome.failed.size + outcome.blocked.size;
    const summary: BindingSummary = { nodes, bound: outcome.bound, notBound: outcome.blocked.size + unavailable.length, cached: false };
    if (memo) {
      memo.set(key, { diagnostics, summary });
      saveMemo(targetDir, cacheName, memo);
    }
    return { diagnostics, summary };
  } finally {
    await scratch.close();
  }
}

/**
 * Engine errors that say an input cannot be read here (a missing file, a remote one, an extension
 * that cannot be downloaded), not that the SQL is wrong.
 */
const UNAVAILABLE = /^(IO|HTTP|Permission|Missing Extension|Extension) Error/;

/**
 * Each node the binder rejected, as MESH124 at the line its error maps to (an ephemeral model's
 * mistake at its own file, once); those whose inputs cannot be read locally are returned apart.
 * A contract view's failure is reported only when the contract check said nothing about it.
 */
function failureDiagnostics(compiled: CompiledProject, outcome: BindOutcome, contracts: readonly Diagnostic[]): { diagnostics: Diagnostic[]; unavailable: CompiledNode[] } {
  const lineOf = sourceLines(compiled.project.config.root);
  const said = new Set(contracts.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}`));
  const saidFiles = new Set(contracts.filter((d) => d.severity === 'error').map((d) => d.file));
  const reported = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  const unavailable: CompiledNode[] = [];
  for (const [id, failure] of outcome.failed) {
    const node = compiled.nodes.get(id)!;
    if (UNAVAILABLE.test(failure.error.message)) {
      unavailable.push(node);
      continue;
    }
    if (node.kind === 'contract' && (saidFiles.has(node.file) || (node.mapping && saidFiles.has(node.file.replace(/\.odcs\.yaml$/, '.sql'))))) continue;
    const where = locateEngineError(failure.error, failure.statement.sql, failure.statement, node.file, lineOf);
    const line = where.line ?? node.line;
    const at = `${where.file}:${line}`;
    if (said.has(at) || reported.has(`${at}:${where.column ?? ''}`)) continue;
    reported.add(`${at}:${where.column ?? ''}`);
    diagnostics.push(
      error('MESH124', `${describe(node)} does not bind${failure.incremental ? ' (its is_incremental SELECT)' : ''}: ${where.message}`, {
        file: where.file,
        line,
        ...(where.column ? { column: where.column } : {}),
        hint: bindHint(failure.error.message),
      }),
    );
  }
  return { diagnostics, unavailable };
}

function bindHint(message: string): string {
  if (/Referenced column|column .* not found/i.test(message)) return 'a column that does not exist where it is read: fix the name (DuckDB lists the candidates), or select it in the model it comes from';
  if (/Table with name .* does not exist/i.test(message)) return 'read models and seeds with {{ref "…"}}, sources with {{source "…"}}: a table named directly is not part of the project';
  if (/Function with name .* does not exist/i.test(message)) return "a function DuckDB does not have: the model runs on DuckDB for this target; use DuckDB's function, or a macro per engine";
  return 'fix the SQL at that line: DuckDB rejects it, and the build would fail there';
}

/**
 * A column test (`columns: x: tests: […]`) on a column its model does not produce, and a
 * relationships test whose `field` its parent does not produce: MESH125 at the test's line.
 */
function columnTestDiagnostics(compiled: CompiledProject, columnsOf: (id: string) => string[] | undefined): Diagnostic[] {
  const models = new Map(compiled.project.models.map((m) => [m.id, m]));
  const diagnostics: Diagnostic[] = [];
  const reported = new Set<string>();
  const missing = (id: string, column: string, test: CompiledNode, what: string): void => {
    const columns = columnsOf(id);
    if (!columns || columns.some((c) => c.toLowerCase() === column.toLowerCase())) return;
    const at = `${test.file}:${test.line}:${id}:${column}`;
    if (reported.has(at)) return;
    reported.add(at);
    const parent = compiled.nodes.get(id)!;
    const near = nearestNames(column, columns);
    diagnostics.push(
      error('MESH125', `${what} on column '${column}', which ${parent.stage}.${parent.name} does not produce`, {
        file: test.file,
        line: test.line,
        hint: near.length > 0 ? `did you mean ${near.map((n) => `'${n}'`).join(', ')}?` : `its columns: ${columns.join(', ')}`,
      }),
    );
  };
  for (const node of compiled.nodes.values()) {
    const test = node.test;
    if (node.kind !== 'test' || !test?.column || test.kind === 'singular') continue;
    const [model, parent] = test.attachedTo;
    if (model) missing(model, test.column, node, `${test.kind} test`);
    if (test.kind !== 'relationships' || !parent || !model) continue;
    const written = models.get(model)?.config.columns.flatMap((c) => c.tests).find((t) => t.kind === 'relationships' && t.line === node.line && t.column === test.column);
    if (written?.field) missing(parent, written.field, node, `relationships test field`);
  }
  return diagnostics;
}

/** Nodes whose inputs cannot be read locally: one warning for all (their readers are not bound either). */
function unavailableWarning(nodes: readonly CompiledNode[]): Diagnostic[] {
  const first = nodes[0];
  if (!first) return [];
  const names = nodes.slice(0, 3).map(describe).join(', ');
  return [
    warning('MESH126', `${nodes.length} node${nodes.length === 1 ? '' : 's'} not bound with no warehouse: ${names}${nodes.length > 3 ? ', …' : ''} cannot read ${nodes.length === 1 ? 'its' : 'their'} input locally; what reads ${nodes.length === 1 ? 'it' : 'them'}, contract columns included, is not checked`, {
      file: first.file,
      line: first.line,
      hint: 'the build still checks them; give sources a duckdb location with sample data to check earlier',
    }),
  ];
}

/** Same key, same answer: what the binding reads (every node's SQL, seeds, source files, imports) and where each line comes from. */
function bindingKey(compiled: CompiledProject): string {
  const hash = createHash('sha256').update(`${BINDING_VERSION}\n${lineageCacheKey(compiled, false)}\n${JSON.stringify(compiled.project.imported)}\n`);
  for (const node of compiled.nodes.values()) {
    hash.update(`${node.id}:${node.file}:${node.line}:${node.select.lines.join(',')}:${node.select.files?.join(',') ?? ''}:${node.incrementalSelect?.lines.join(',') ?? ''}\n`);
  }
  return hash.digest('hex');
}

function describe(node: CompiledNode): string {
  const kind = node.kind === 'contract' ? 'contract view' : node.kind === 'test' ? 'test' : node.kind;
  return `${kind} '${node.domain}.${node.name}'`;
}
