/**
 * The programmatic API: each function runs the stages in the order data flows
 * (project → parse → compile → graph → plan → execute → artifacts) and returns data.
 * The CLI is a thin layer over these.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Adapter } from './adapters/adapter.js';
import { dialectFor } from './adapters/dialects.js';
import { openAdapter } from './adapters/open-adapter.js';
import { writeManifest } from './artifacts/manifest.js';
import { loadMemo, saveMemo } from './artifacts/cache-files.js';
import { writeRunResults } from './artifacts/run-results.js';
import { writeCompiledSql } from './artifacts/write-compiled.js';
import { writeProblem } from './artifacts/write-problem.js';
import type { CompiledNode, CompiledProject } from './compile/compiled-node.js';
import type { MeshGraph } from './graph/mesh-graph.js';
import { buildCatalog } from './catalog/build-catalog.js';
import { withEngineTypes } from './lineage/engine-types.js';
import { lineageCacheKey } from './lineage/lineage-cache-key.js';
import type { Catalog } from './catalog/catalog-types.js';
import { writeCatalog } from './catalog/write-catalog.js';
import { withLastResults } from './catalog/last-results.js';
import { readCatalogFile } from './catalog/read-catalog.js';
import { serveSite, type SiteServer } from './docs/serve-site.js';
import { writeDocsSite, type DocsSite } from './docs/write-docs-site.js';
import { compileProject } from './compile/compile-project.js';
import { classifyChanges, requiresNewMajor, type ContractChange } from './contracts/classify-changes.js';
import { contractAtRevision, contractChangesSince } from './contracts/contract-baseline.js';
import { publishedBaseline, readPublishedState } from './contracts/published-state.js';
import { checkContractColumns } from './contracts/contract-columns.js';
import { readContract } from './contracts/read-contract.js';
import { defaultBaseline } from './project/git-revision.js';
import { decodeText } from './project/decode-text.js';
import { error, hasErrors, sortDiagnostics, warning, type Diagnostic } from './diagnostics/diagnostic.js';
import { nearestNames } from './diagnostics/suggest.js';
import { computeLineage, type LineageOptions } from './lineage/compute-lineage.js';
import type { ProjectLineage } from './lineage/lineage-types.js';
import { executePlan } from './execute/execute-plan.js';
import { startPhase } from './execute/build-phase.js';
import { interruptedBy } from './execute/interrupted-by.js';
import { openLineageEmitter } from './openlineage/openlineage-emitter.js';
import type { InterruptSignal, RunEvent, RunResults } from './execute/run-events.js';
import type { TargetConfig } from './parse/definitions.js';
import type { RenderRecord } from './compile/render-cache.js';
import type { CachedParse } from './parse/parse-cache.js';
import { parseProject } from './parse/parse-project.js';
import { planBuild, publishedStateRelation, PUBLISHED_STATE_SCHEMA } from './plan/build-plan.js';
import type { ContractDefinition } from './contracts/contract-definition.js';
import { loadProject } from './project/load-project.js';
import { splitLines, withoutByteOrderMark } from './project/line-breaks.js';
import type { TemplateEngine } from './template/template-engine.js';

export interface ProjectOptions {
  readonly projectDir: string;
  /** Target name; the project's default_target when absent. */
  readonly target?: string;
  /** Reuse the parse and render caches in target/.cache for what did not change (default true). */
  readonly cache?: boolean;
}

export interface SelectOptions {
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
}

export interface CompileResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly compiled?: CompiledProject;
  readonly engine?: TemplateEngine;
  /** The project's target/ folder. */
  readonly targetDir: string;
}

/** Reads, parses and compiles a project for one target. Writes nothing but, when it compiles cleanly, the parse cache (target/.cache). */
export function compile(options: ProjectOptions): CompileResult {
  const { files, diagnostics } = loadProject(options.projectDir);
  const targetDir = join(files.root, 'target');
  const cache = options.cache === false ? undefined : loadMemo<CachedParse>(targetDir, 'parse');
  const parsed = parseProject(files, cache);
  diagnostics.push(...parsed.diagnostics);
  if (!parsed.project) return { diagnostics: sortDiagnostics(diagnostics), targetDir };
  const target = resolveTarget(parsed.project.config.targets, options.target ?? parsed.project.config.defaultTarget, diagnostics);
  if (!target) return { diagnostics: sortDiagnostics(diagnostics), targetDir };
  // Compiled even when files had problems: every problem of the project is reported in one run.
  const renderCache = options.cache === false ? undefined : loadMemo<RenderRecord>(targetDir, `render-${target.name}`);
  const { compiled, engine } = compileProject(parsed.project, {
    target,
    dialect: dialectFor(target),
    templateOverrides: files.templates,
    ...(renderCache ? { renderCache } : {}),
  });
  const all = sortDiagnostics([...diagnostics, ...compiled.diagnostics]);
  if (hasErrors(all)) return { diagnostics: all, targetDir };
  // A project with errors leaves target/ as it was: nothing is written until it compiles.
  if (cache) saveMemo(targetDir, 'parse', cache);
  if (renderCache) saveMemo(targetDir, `render-${target.name}`, renderCache);
  return { diagnostics: all, compiled, engine, targetDir };
}

/**
 * `mesh compile`: compiles and writes target/compiled/** and target/manifest.json. `format: false`
 * writes each node's SQL as rendered instead of laid out by sql-formatter (what `mesh build` does).
 */
export async function compileAndWrite(options: ProjectOptions & { readonly format?: boolean }): Promise<CompileResult> {
  const result = compile(options);
  if (result.compiled && !hasErrors(result.diagnostics)) {
    try {
      await writeCompiledSql(result.compiled, result.targetDir, { format: options.format ?? true });
      writeManifest(result.compiled, result.targetDir);
    } catch (e) {
      return { diagnostics: [...result.diagnostics, unwritable(e, result.compiled.project.config.root)], targetDir: result.targetDir };
    }
  }
  return result;
}

/** `mesh ls`: the selected node ids, in dependency order. */
export function list(options: ProjectOptions & SelectOptions): { diagnostics: readonly Diagnostic[]; ids: readonly string[]; compiled?: CompiledProject } {
  const result = compile(options);
  if (!result.compiled || hasErrors(result.diagnostics)) return { diagnostics: result.diagnostics, ids: [] };
  const selection = result.compiled.graph.select(options.select, options.exclude);
  return { diagnostics: [...result.diagnostics, ...selection.diagnostics], ids: selection.ids, compiled: result.compiled };
}

/**
 * `mesh check`: everything that needs no warehouse. Besides compiling, the columns contracts
 * promise are looked up in their backing models, bound in an empty embedded DuckDB (in memory)
 * over the project's local files, with the project's DuckDB SQL whatever the target.
 */
export async function check(options: ProjectOptions & { readonly against?: string }): Promise<CompileResult> {
  const compiledResult = compile(options);
  if (!compiledResult.compiled || hasErrors(compiledResult.diagnostics)) return compiledResult;
  const compiled = compiledResult.compiled;
  const changes = contractChangesSince(compiled, options.against);
  const result: CompileResult = { ...compiledResult, diagnostics: sortDiagnostics([...compiledResult.diagnostics, ...changes]) };
  if (hasErrors(changes)) return result;
  return { ...result, diagnostics: sortDiagnostics([...result.diagnostics, ...(await contractColumns(compiled, options))]) };
}

/**
 * The columns contracts promise, looked up in their backing models, bound in an empty in-memory
 * DuckDB over the project's local files with the project's DuckDB SQL, whatever the target. With
 * `only`, just the contracts (and consumers of imported contracts) among those nodes.
 */
async function contractColumns(compiled: CompiledProject, options: ProjectOptions, only?: readonly string[]): Promise<Diagnostic[]> {
  const wanted = only ? new Set(only) : undefined;
  const checked = (n: CompiledNode): boolean => (n.kind === 'contract' || (n.kind === 'model' && compiled.project.imported.length > 0)) && (!wanted || wanted.has(n.id));
  if (![...compiled.nodes.values()].some(checked)) return [];
  const local = compiled.target.engine === 'duckdb' ? { compiled, diagnostics: [] } : compile({ ...options, target: localTarget(compiled) });
  if (!local.compiled || hasErrors(local.diagnostics)) {
    const first = local.diagnostics.find((d) => d.severity === 'error');
    return [
      warning('MESH214', `cannot check contract columns with no warehouse: the project does not compile for a DuckDB target${first ? ` (${first.message})` : ''}`, {
        ...(first?.file ? { file: first.file } : {}),
        ...(first?.line ? { line: first.line } : {}),
        hint: 'the build still checks them; give sources a duckdb location with sample data to check earlier',
      }),
    ];
  }
  // Bound again only when what the binding reads changed: every node's SQL, seeds, source files, imports.
  const targetDir = join(local.compiled.project.config.root, 'target');
  const cacheName = `contract-columns-${local.compiled.target.name}`;
  const memo = options.cache === false ? undefined : loadMemo<Diagnostic[]>(targetDir, cacheName);
  const key = createHash('sha256')
    .update(`${lineageCacheKey(local.compiled, false)}\n${JSON.stringify(local.compiled.project.imported)}\n${only ? [...only].sort().join(',') : '*'}`)
    .digest('hex');
  const remembered = memo?.peek(key);
  if (remembered) {
    memo!.keep(key, remembered);
    saveMemo(targetDir, cacheName, memo!);
    return remembered;
  }
  const opened = await openAdapter({ ...local.compiled.target, path: ':memory:' }, local.compiled.project.config.root, 1);
  if (!opened.adapter) return [...opened.diagnostics];
  try {
    const found = await checkContractColumns(local.compiled, opened.adapter, wanted);
    if (memo) {
      memo.set(key, found);
      saveMemo(targetDir, cacheName, memo);
    }
    return found;
  } finally {
    await opened.adapter.close();
  }
}

/** The project's DuckDB target for checks made on the local files: `dev` unless another is DuckDB. */
function localTarget(compiled: CompiledProject): string {
  const targets = Object.values(compiled.project.config.targets);
  return (targets.find((t) => t.name === 'dev' && t.engine === 'duckdb') ?? targets.find((t) => t.engine === 'duckdb'))?.name ?? 'dev';
}

export interface LineageResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly lineage?: ProjectLineage;
  /** The project as compiled for the DuckDB target the lineage was computed on (same node ids as any target). */
  readonly compiled?: CompiledProject;
}

/**
 * `mesh lineage`: column-level lineage of every model, seed, source and contract view, from the
 * project's DuckDB SQL (the local DuckDB target's when the target is BigQuery), parsed and bound in
 * an empty in-memory DuckDB over the project's files. No warehouse; writes nothing.
 */
export async function lineage(options: ProjectOptions & LineageOptions): Promise<LineageResult> {
  return lineageOf(compile(options), options);
}

/**
 * Lineage of a project already compiled (for any target): recompiled for DuckDB only when the target is not.
 * `signal` (a build's interrupt) cancels it: no lineage then.
 */
async function lineageOf(result: CompileResult, options: ProjectOptions & LineageOptions, signal?: AbortSignal): Promise<LineageResult> {
  if (!result.compiled || hasErrors(result.diagnostics)) return { diagnostics: result.diagnostics };
  const local = result.compiled.target.engine === 'duckdb' ? result : compile({ ...options, target: localTarget(result.compiled) });
  if (!local.compiled || hasErrors(local.diagnostics)) return { diagnostics: sortDiagnostics([...result.diagnostics, ...local.diagnostics]) };
  // Reused from target/.cache when no node's SQL and no source file changed since it was computed.
  const types = options.types ?? true;
  const cacheName = `lineage-${local.compiled.target.name}${types ? '' : '-untyped'}`;
  const memo = options.cache === false ? undefined : loadMemo<ProjectLineage>(result.targetDir, cacheName);
  const key = lineageCacheKey(local.compiled, types);
  const remembered = memo?.peek(key);
  if (remembered) return { diagnostics: result.diagnostics, lineage: remembered, compiled: local.compiled };
  const opened = await openAdapter({ ...local.compiled.target, path: ':memory:' }, local.compiled.project.config.root, local.compiled.target.threads);
  if (!opened.adapter) return { diagnostics: sortDiagnostics([...result.diagnostics, ...opened.diagnostics]) };
  const scratch = opened.adapter;
  const cancel = (): void => scratch.interrupt();
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    const computed = await computeLineage(local.compiled, scratch, options.types === undefined ? {} : { types: options.types }).catch((e: unknown) => {
      if (signal?.aborted) return undefined;
      throw e;
    });
    if (!computed) return { diagnostics: result.diagnostics };
    if (memo) {
      memo.set(key, computed);
      saveMemo(result.targetDir, cacheName, memo);
    }
    return { diagnostics: result.diagnostics, lineage: computed, compiled: local.compiled };
  } finally {
    signal?.removeEventListener('abort', cancel);
    await scratch.close();
  }
}

export interface BuildOptions extends ProjectOptions, SelectOptions {
  readonly threads?: number;
  readonly fullRefresh?: boolean;
  readonly failFast?: boolean;
  readonly onEvent?: (event: RunEvent) => void;
  /** Run through this adapter instead of opening the target's (tests pass an in-memory DuckDB). */
  readonly adapter?: Adapter;
  /** ISO instant contract freshness SLAs are measured at, over the target's `as_of` (default: now). */
  readonly asOf?: string;
  /** Only nodes of these kinds (mesh test: tests). */
  readonly kinds?: readonly ('model' | 'seed' | 'test' | 'contract')[];
  /** Recorded in run_results.json. */
  readonly command?: string;
  readonly args?: readonly string[];
  /** OpenLineage: a catalog URL over mesh.yaml's, the environment `api_key_env` is read in (the CLI's), a shorter wait between retries (tests). */
  readonly openlineage?: { readonly url?: string; readonly env?: Readonly<Record<string, string | undefined>>; readonly backoffMs?: number };
  /**
   * Stops the build (the CLI aborts it on SIGINT/SIGTERM, with the signal's name as reason): running
   * statements are cancelled, no node starts, unfinished nodes end skipped with reason
   * 'interrupted', and run_results.json, the catalog and OpenLineage record the interrupted run.
   */
  readonly signal?: AbortSignal;
}

export interface BuildResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly run?: RunResults;
  /** The build's OpenLineage run, and the NDJSON file (relative to the project) holding its events. */
  readonly openlineage?: { readonly runId: string; readonly file: string };
  /** Set when `signal` stopped the build, in any phase (the run, when one started, says whether nodes did not finish). */
  readonly interrupted?: InterruptSignal;
}

/** Lines of the project's files, read when an engine error needs one to place its column. */
function sourceLines(root: string): (file: string, line: number) => string | undefined {
  const read = new Map<string, string[] | undefined>();
  return (file, line) => {
    if (!read.has(file)) {
      try {
        read.set(file, splitLines(withoutByteOrderMark(readFileSync(join(root, file), 'utf8'))));
      } catch {
        read.set(file, undefined);
      }
    }
    return read.get(file)?.[line - 1];
  };
}

/** `mesh build`: seeds, models and tests of the selection, in dependency order, on the target. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const { signal } = options;
  const stopped = (): { interrupted?: InterruptSignal } => {
    const by = interruptedBy(signal);
    return by ? { interrupted: by } : {};
  };
  const compiling = startPhase(options.onEvent, 'compile');
  const result = await compileAndWrite({ ...options, format: false });
  compiling(result.compiled ? `${result.compiled.nodes.size} nodes` : undefined);
  const { compiled, engine } = result;
  if (!compiled || !engine || hasErrors(result.diagnostics)) return { diagnostics: result.diagnostics, ...stopped() };
  // Interrupted before a run started: nothing ran, nothing to record.
  if (signal?.aborted) return { diagnostics: result.diagnostics, ...stopped() };
  const selection = compiled.graph.select(options.select, options.exclude);
  const diagnostics = [...result.diagnostics, ...selection.diagnostics];
  if (hasErrors(diagnostics)) return { diagnostics };
  const selected = options.kinds ? selection.ids.filter((id) => options.kinds!.includes(compiled.nodes.get(id)!.kind)) : selection.ids;
  // Contracted columns the backing model lacks are found as `mesh check` finds them, before anything runs.
  const missingColumns = (await contractColumns(compiled, options, selected)).filter((d) => d.severity === 'error');
  if (missingColumns.length > 0) return { diagnostics: sortDiagnostics([...diagnostics, ...missingColumns]) };

  const threads = options.threads ?? compiled.target.threads;
  let adapter = options.adapter;
  if (!adapter) {
    const opened = await openAdapter(compiled.target, compiled.project.config.root, threads);
    diagnostics.push(...opened.diagnostics);
    if (!opened.adapter) return { diagnostics };
    adapter = opened.adapter;
  }
  try {
    const planning = startPhase(options.onEvent, 'plan');
    const stateSchema = compiled.dialect.schemaName(PUBLISHED_STATE_SCHEMA);
    const schemas = [...new Set([...compiled.nodes.values()].flatMap((n) => (n.schema ? [n.schema] : [])))];
    const existing = await adapter.relations([...schemas, stateSchema]);
    const published = await readPublishedState(adapter, existing.has(`${stateSchema}.published_contracts`) ? publishedStateRelation(compiled.dialect) : undefined);
    const asOf = options.asOf ?? compiled.target.asOf ?? new Date().toISOString();
    const plan = planBuild(compiled, selected, existing, engine, { fullRefresh: options.fullRefresh ?? false, published, asOf });
    planning(`${plan.steps.length} step${plan.steps.length === 1 ? '' : 's'}`);
    // Column lineage for the OpenLineage events and the catalog, from the project's DuckDB SQL with
    // no warehouse, computed while the nodes run; its column types are the ones the warehouse
    // reports once the build is done (binding every model again would cost more than the query).
    const untyped = lineageOf(result, { ...options, types: false }, signal).then((r) => r.lineage);
    // Awaited only after the nodes ran: a failure meanwhile must not end the process as unhandled.
    untyped.catch(() => undefined);
    let typed: (lineage: ProjectLineage | undefined) => void = () => {};
    const columnLineage = new Promise<ProjectLineage | undefined>((resolve) => (typed = resolve));
    const openlineage = openLineageEmitter({ compiled, targetDir: result.targetDir, command: options.command ?? 'build', ...options.openlineage, lineage: columnLineage });
    const run = await executePlan(plan, adapter, {
      threads,
      failFast: options.failFast ?? false,
      target: compiled.target.name,
      onEvent: (event) => {
        options.onEvent?.(event);
        openlineage.listener(event);
      },
      fileOf: (id) => compiled.nodes.get(id)!.file,
      sourceLine: sourceLines(compiled.project.config.root),
      ...(signal ? { signal } : {}),
    }).catch(async (e: unknown) => {
      typed(await untyped);
      openlineage.abort(e);
      await openlineage.finish();
      throw e;
    });
    const typing = startPhase(options.onEvent, 'lineage');
    // Interrupted: the warehouse is not asked for column types; the run is recorded all the same.
    typed(signal?.aborted ? await untyped : await engineTyped(await untyped, compiled, adapter, schemas));
    typing();
    const writing = startPhase(options.onEvent, 'catalog');
    writeRunResults(run, result.targetDir, { target: compiled.target.name, command: options.command ?? 'build', args: options.args ?? [] });
    writeCatalog(buildCatalog(compiled, await columnLineage, run, { generatedAt: new Date().toISOString(), runId: openlineage.runId }), compiled, result.targetDir);
    writing();
    const delivering = startPhase(options.onEvent, 'openlineage');
    diagnostics.push(...(await openlineage.finish()));
    delivering();
    return { diagnostics, run, openlineage: { runId: openlineage.runId, file: openlineage.file }, ...stopped() };
  } finally {
    if (!options.adapter) await adapter.close();
  }
}

/** Lineage with the column types the target reports for its relations; as it was when they cannot be read. */
async function engineTyped(lineage: ProjectLineage | undefined, compiled: CompiledProject, adapter: Adapter, schemas: readonly string[]): Promise<ProjectLineage | undefined> {
  if (!lineage) return undefined;
  try {
    return withEngineTypes(lineage, compiled, await adapter.queryValues(compiled.dialect.schemaColumnTypesSql(schemas)));
  } catch {
    return lineage;
  }
}

export interface CatalogResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly catalog?: Catalog;
  /** Files written, relative to `targetDir`: catalog.json, then products/<domain>.<product>/…. */
  readonly files: readonly string[];
  readonly targetDir: string;
  /** The compiled project's graph (the docs site's selector box selects on it). */
  readonly graph?: MeshGraph;
}

/**
 * `mesh catalog`: target/catalog.json and, per data product, its resolved contracts and ODPS
 * descriptor, from the compiled project alone (nothing runs; `mesh build` writes them with results).
 */
export async function catalog(options: ProjectOptions): Promise<CatalogResult> {
  const result = compile(options);
  const { compiled, targetDir } = result;
  if (!compiled || hasErrors(result.diagnostics)) return { diagnostics: result.diagnostics, files: [], targetDir };
  const columns = await lineageOf(result, options);
  // Nothing runs here: the results of the last build on this target are carried over.
  const built = withLastResults(buildCatalog(compiled, columns.lineage, undefined, { generatedAt: new Date().toISOString() }), readCatalogFile(targetDir));
  try {
    return { diagnostics: result.diagnostics, catalog: built, files: writeCatalog(built, compiled, targetDir), targetDir, graph: compiled.graph };
  } catch (e) {
    return { diagnostics: [...result.diagnostics, unwritable(e, compiled.project.config.root)], files: [], targetDir };
  }
}

export interface DocsResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly catalog?: Catalog;
  readonly site?: DocsSite;
}

/**
 * `mesh docs`: the catalog (written as `mesh catalog` does, with the last build's results kept) as a
 * static site in `out` (default target/docs) that opens from file:// with no network.
 */
export async function docs(options: ProjectOptions & { readonly out?: string }): Promise<DocsResult> {
  // The catalog keeps the last build's results, which the site shows.
  const result = await catalog(options);
  if (!result.catalog || !result.graph) return { diagnostics: result.diagnostics };
  try {
    const site = writeDocsSite(result.catalog, result.graph, options.out ? resolve(options.out) : join(result.targetDir, 'docs'));
    return { diagnostics: result.diagnostics, catalog: result.catalog, site };
  } catch (e) {
    return { diagnostics: [...result.diagnostics, unwritable(e, resolve(options.projectDir))] };
  }
}

/** `mesh docs --serve`: serves a written site on localhost (port 0: any free port) until closed. */
export function serveDocs(site: DocsSite, port: number): Promise<SiteServer> {
  return serveSite(site.dir, { port });
}

export interface ContractDiff {
  readonly diagnostics: readonly Diagnostic[];
  /** What the contract is compared with: `git <revision>` or `published state of <target>`. */
  readonly baseline?: string;
  readonly before?: ContractDefinition;
  readonly after?: ContractDefinition;
  readonly changes: readonly ContractChange[];
  /** Whether the change may be published: no breaking change, or one with a new major version. */
  readonly allowed: boolean;
}

/**
 * `mesh contract diff <file>`: a contract's changes, classified, against its version in a git
 * revision (default: the merge base with main) or, with `state`, what the target last published.
 */
export async function diffContract(options: ProjectOptions & { readonly file: string; readonly against?: string; readonly state?: boolean }): Promise<ContractDiff> {
  const root = resolve(options.projectDir);
  // A path relative to the current folder, or else to the project.
  const absolute = [resolve(options.file), resolve(root, options.file)].find((f) => existsSync(f)) ?? resolve(options.file);
  const path = relative(root, absolute).split(sep).join('/');
  const domain = /^domains\/([^/]+)\/contracts\//.exec(path)?.[1];
  const decoded = isFile(join(root, path)) ? decodeText(readFileSync(join(root, path))) : undefined;
  if (decoded === undefined) {
    const shown = existsSync(absolute) ? path : options.file;
    return { diagnostics: [error('MESH201', `no contract file ${shown}`, { file: shown, hint: 'give the path of a domains/<domain>/contracts/<product>.odcs.yaml file' })], changes: [], allowed: false };
  }
  if ('problem' in decoded) {
    const { line, column, message, hint } = decoded.problem;
    return { diagnostics: [error('MESH105', message, { file: path, line, column, hint })], changes: [], allowed: false };
  }
  const text = decoded.text;
  const read = readContract({ path, text }, domain ? { domain } : {});
  const after = read.contract;
  if (!after) return { diagnostics: read.diagnostics, changes: [], allowed: false };
  let before: ContractDefinition | undefined;
  let baseline: string;
  if (options.state) {
    const result = compile(options);
    if (!result.compiled) return { diagnostics: result.diagnostics, changes: [], allowed: false };
    baseline = `published state of target '${result.compiled.target.name}'`;
    const opened = await openAdapter(result.compiled.target, root, 1);
    if (!opened.adapter) return { diagnostics: opened.diagnostics, changes: [], allowed: false };
    try {
      const stateSchema = result.compiled.dialect.schemaName(PUBLISHED_STATE_SCHEMA);
      const existing = await opened.adapter.relations([stateSchema]);
      const published = await readPublishedState(opened.adapter, existing.has(`${stateSchema}.published_contracts`) ? publishedStateRelation(result.compiled.dialect) : undefined);
      before = publishedBaseline(after, published.get(`${after.domain}.${after.product}`) ?? []);
    } finally {
      await opened.adapter.close();
    }
  } else {
    const revision = options.against ?? defaultBaseline(root) ?? 'HEAD';
    baseline = `git ${revision}`;
    before = contractAtRevision(root, path, revision, domain);
  }
  const changes = before ? classifyChanges(before, after) : [];
  const allowed = before ? requiresNewMajor(before, after, changes).ok : true;
  return { diagnostics: read.diagnostics, baseline, ...(before ? { before } : {}), after, changes, allowed };
}

/** A write that failed for a reason the user can fix is MESH100; anything else is a bug and is rethrown. */
function unwritable(e: unknown, root: string): Diagnostic {
  const problem = writeProblem(e, root);
  if (!problem) throw e;
  return problem;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function resolveTarget(targets: Readonly<Record<string, TargetConfig>>, name: string, diagnostics: Diagnostic[]): TargetConfig | undefined {
  const target = targets[name];
  if (!target) {
    const near = nearestNames(name, Object.keys(targets));
    diagnostics.push(
      error('MESH180', `no target '${name}' in mesh.yaml`, {
        file: 'mesh.yaml',
        hint: near.length ? `did you mean ${near.join(', ')}? targets: ${Object.keys(targets).join(', ')}` : `targets: ${Object.keys(targets).join(', ')}`,
      }),
    );
  }
  return target;
}
