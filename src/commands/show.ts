import { EngineError, type RowsResult } from '../adapters/adapter.js';
import { openAdapter } from '../adapters/open-adapter.js';
import { withSecrets } from '../execute/secret-values.js';
import type { CompiledNode, CompiledProject } from '../compile/compiled-node.js';
import { error, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { matchNodeIds, namesOf, nearNodeNames } from '../graph/node-names.js';
import { compile, type ProjectOptions } from './compile.js';
import { deferParents } from '../state/defer-parents.js';
import type { DeferOptions } from '../state/defer-source.js';
import { INLINE_FILE, INLINE_NAME } from './inline-model.js';
import { DEFAULT_SHOW_LIMIT } from './show-defaults.js';

export { DEFAULT_SHOW_LIMIT };

export interface ShowOptions extends ProjectOptions, DeferOptions {
  /** The node to show (id, `domain.name` or name); ignored when `inline` is given. */
  readonly node?: string;
  readonly limit?: number;
  /** Where the adapter reads credentials (BigQuery); the CLI passes the process's environment. */
  readonly adapterEnv?: Readonly<Record<string, string | undefined>>;
}

export interface ShowResult {
  readonly diagnostics: readonly Diagnostic[];
  /** The node shown (for an inline query: its id and `<inline>`). */
  readonly node?: { readonly id: string; readonly file: string };
  readonly rows?: RowsResult;
}

/**
 * `mesh show`: a node's rows as the build left them, like `dbt show`. A model, contract view or
 * inline query runs its compiled SELECT (so its parents must be built); a test runs its query, whose
 * rows are its failures; a seed reads its built table, and so does a snapshot (its history, which its
 * SELECT does not hold). At most `limit` rows, limited in the query.
 */
export async function show(options: ShowOptions): Promise<ShowResult> {
  const limit = options.limit ?? DEFAULT_SHOW_LIMIT;
  const result = compile(options);
  if (!result.compiled || hasErrors(result.diagnostics)) return { diagnostics: result.diagnostics };
  const compiled = result.compiled;
  const found = options.inline !== undefined ? inlineNode(compiled) : findNode(compiled, options.node ?? '');
  if ('diagnostics' in found) return { diagnostics: [...result.diagnostics, ...found.diagnostics] };
  const node = found.node;
  const shown = { id: node.id, file: options.inline !== undefined ? INLINE_FILE : node.file };

  const opened = await openAdapter(compiled.target, compiled.project.config.root, 1, options.adapterEnv ?? {});
  if (!opened.adapter) return { diagnostics: [...result.diagnostics, ...opened.diagnostics], node: shown };
  const adapter = withSecrets(opened.adapter, options.env ?? {});
  try {
    // --defer: the parents this target has not built are read from the other environment.
    const deferral = await deferParents(compiled, [node.id], adapter, options);
    if (hasErrors(deferral.diagnostics)) return { diagnostics: [...result.diagnostics, ...deferral.diagnostics], node: shown };
    const reads = builtRelationsRead(compiled, node).filter((n) => !deferral.deferred.includes(n.id));
    const existing = await adapter.relations([...new Set(reads.map((n) => n.schema!))]);
    const missing = reads.filter((n) => !existing.has(`${n.schema}.${n.identifier}`));
    if (missing.length > 0) return { diagnostics: [...result.diagnostics, notBuilt(node, shown.file, missing)], node: shown };
    // A seed's compiled SELECT holds its CSV, a snapshot's only today's state: what the build wrote is the table.
    const sql = readsOwnTable(node) ? `select * from ${node.relation}` : deferral.compiled.nodes.get(node.id)!.select.sql;
    const rows = await adapter.queryRows(`select * from (\n${sql}\n) as mesh_show\nlimit ${limit}`, limit);
    return { diagnostics: [...result.diagnostics, ...deferral.diagnostics], node: shown, rows };
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    return { diagnostics: [...result.diagnostics, refused(node, shown.file, e)], node: shown };
  } finally {
    await adapter.close();
  }
}

function findNode(compiled: CompiledProject, name: string): { node: CompiledNode } | { diagnostics: Diagnostic[] } {
  const ids = [...compiled.nodes.keys()];
  const found = matchNodeIds(ids, name);
  if (found.length === 1) return { node: compiled.nodes.get(found[0]!)! };
  if (found.length > 1) {
    return { diagnostics: [error('MESH230', `'${name}' names ${found.length} nodes: ${found.join(', ')}`, { hint: `qualify it: ${found.map((id) => namesOf(id).qualified).join(' or ')}` })] };
  }
  const near = nearNodeNames(ids, name);
  return {
    diagnostics: [
      error('MESH230', `no model, seed, test or contract view named '${name}'`, {
        hint: near.length > 0 ? `did you mean ${near.join(', ')}?` : 'give a node id (model.<domain>.<name>), <domain>.<name> or a name; `mesh ls` lists them',
      }),
    ],
  };
}

function inlineNode(compiled: CompiledProject): { node: CompiledNode } | { diagnostics: Diagnostic[] } {
  const node = [...compiled.nodes.values()].find((n) => n.kind === 'model' && n.name === INLINE_NAME);
  if (node) return { node };
  return { diagnostics: [error('MESH230', 'an inline query needs a project with at least one domain', { file: INLINE_FILE, hint: 'create domains/<name>/domain.yaml' })] };
}

/**
 * The built relations the node's query reads: its parents with a relation, through ephemeral
 * models (inlined as CTEs, so their own parents are read); a seed reads its own table.
 */
function builtRelationsRead(compiled: CompiledProject, node: CompiledNode): CompiledNode[] {
  if (readsOwnTable(node)) return [node];
  const found = new Map<string, CompiledNode>();
  const seen = new Set<string>();
  const visit = (n: CompiledNode): void => {
    for (const { id } of n.dependsOn) {
      const parent = compiled.nodes.get(id);
      if (!parent || seen.has(id)) continue;
      seen.add(id);
      if (parent.schema && parent.identifier && parent.materialized !== 'ephemeral') found.set(id, parent);
      else visit(parent);
    }
  };
  visit(node);
  return [...found.values()];
}

function readsOwnTable(node: CompiledNode): boolean {
  return node.kind === 'seed' || node.materialized === 'snapshot';
}

function notBuilt(node: CompiledNode, file: string, missing: readonly CompiledNode[]): Diagnostic {
  const names = missing.map((n) => `${n.schema}.${n.identifier}`);
  const select = readsOwnTable(node) || file === INLINE_FILE ? missing.map((n) => `+${namesOf(n.id).qualified}`).join(' ') : `+${namesOf(node.id).qualified}`;
  return error('MESH240', `cannot show ${file === INLINE_FILE ? 'the inline query' : node.id}: ${missing.length === 1 ? 'it reads a relation' : `it reads ${missing.length} relations`} the target has not built (${names.join(', ')})`, {
    file,
    ...(file !== INLINE_FILE ? { line: node.line } : {}),
    hint: `build ${missing.length === 1 ? 'it' : 'them'} first: mesh build --select ${select}`,
  });
}

/** The warehouse refused the query: its message at the line of the user's file it points into (the wrapper adds one line before). */
function refused(node: CompiledNode, file: string, e: EngineError): Diagnostic {
  const at = e.line !== undefined && !readsOwnTable(node) ? e.line - 1 : undefined;
  const line = at !== undefined ? node.select.lines[at - 1] : undefined;
  const own = at !== undefined ? node.select.files?.[at - 1] : undefined;
  return error('MESH240', `the query of ${file === INLINE_FILE ? 'the inline query' : node.id} failed on the target: ${e.message}`, {
    file: own ?? file,
    ...(line ? { line } : file !== INLINE_FILE ? { line: node.line } : {}),
    hint: e.detail.notFound ? `${e.detail.notFound} does not exist: build it first (mesh build --select +${namesOf(node.id).qualified})` : 'fix the query, or run mesh build to see it fail in context',
  });
}
