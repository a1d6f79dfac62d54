import { EngineError, type Adapter, type RelationKind, type RelationName } from '../adapters/adapter.js';
import { warehouseProblem } from '../adapters/warehouse-problem.js';
import { openAdapter } from '../adapters/open-adapter.js';
import { withSecrets } from '../execute/secret-values.js';
import { writeRunResults, type RunContext } from '../artifacts/run-results.js';
import type { CompiledProject } from '../compile/compiled-node.js';
import { buildCatalog } from '../catalog/build-catalog.js';
import { withEngineTypes } from '../lineage/engine-types.js';
import { writeCatalog } from '../catalog/write-catalog.js';
import { withReusedResults } from '../catalog/last-results.js';
import { readFreshnessResults } from '../catalog/freshness-results.js';
import type { CatalogNodeResult } from '../catalog/catalog-types.js';
import { loadMemo, saveMemo } from '../artifacts/cache-files.js';
import { readPublishedState } from '../contracts/published-state.js';
import { error, hasErrors, sortDiagnostics, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ProjectLineage } from '../lineage/lineage-types.js';
import { executePlan, type StepSkip } from '../execute/execute-plan.js';
import { startPhase } from '../execute/build-phase.js';
import { interruptedBy } from '../execute/interrupted-by.js';
import { WarehouseSetupFailed } from '../execute/prepare-warehouse.js';
import { openLineageEmitter } from '../openlineage/openlineage-emitter.js';
import { newRunId } from '../openlineage/run-id.js';
import type { InterruptSignal, RunEvent, RunResults } from '../execute/run-events.js';
import { planBuild, type BuildPlan, privateSchema, publishedStateRelation, PUBLISHED_STATE_SCHEMA } from '../plan/build-plan.js';
import { sourceLines } from '../project/source-lines.js';
import { recordNodeState } from '../execute/record-node-state.js';
import { fingerprintProject, type ProjectFingerprints } from '../state/project-fingerprints.js';
import { warehouseSourceStamps } from '../state/warehouse-source-stamps.js';
import { writeManifest } from '../artifacts/manifest.js';
import type { SelectionContext } from '../graph/select-nodes.js';
import { warehouseComparison } from '../state/state-comparison.js';
import { nodeStateKey, nodeStateRelation, readNodeState, type StoredNodeState } from '../state/node-state.js';
import { TemplateRenderError, templateRenderProblem } from '../template/template-render-error.js';
import { compileAndWrite, type ProjectOptions, type SelectOptions } from './compile.js';
import { deferParents } from '../state/defer-parents.js';
import type { DeferOptions } from '../state/defer-source.js';
import { contractColumns } from './check.js';
import { lineageOf } from './lineage.js';
import { readPreviousState, selectionContext, selectorsUse } from '../state/selection-context.js';
import { pointersToTarget } from './env-target.js';
import { staleSourceSkips } from './fresh-sources.js';
import { unitTestsBeforeModels } from '../unit/unit-tests-in-build.js';

export interface BuildOptions extends ProjectOptions, SelectOptions, DeferOptions {
  readonly threads?: number;
  readonly fullRefresh?: boolean;
  /**
   * Build every selected node even when its recorded fingerprint says it is unchanged (`--force`);
   * unlike --full-refresh, incremental models add to their tables as usual.
   */
  readonly force?: boolean;
  /** Run every selected test, not only those of the nodes that run (`--tests all`; `mesh test` always does). */
  readonly allTests?: boolean;
  readonly failFast?: boolean;
  /**
   * Estimate instead of build (an engine with capability `dryRun`; otherwise MESH180): nothing is
   * created or changed; results go to target/dry_run_results.json, the last real run's run
   * results, catalog and OpenLineage are left as they are.
   */
  readonly dryRun?: boolean;
  readonly onEvent?: (event: RunEvent) => void;
  /** Run through this adapter instead of opening the target's (tests pass an in-memory DuckDB). */
  readonly adapter?: Adapter;
  /** The environment credentials are read from (the CLI passes its own; a token variable, ADC's). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** ISO instant contract freshness SLAs are measured at, over the target's `as_of` (default: now). */
  readonly asOf?: string;
  /**
   * `--fresh-sources`: nodes reading a source past its freshness `error_after` are skipped, and
   * their descendants (docs/freshness.md). Absent: the target's `fresh_sources` (else off);
   * false (`--no-fresh-sources`) turns the target's setting off for this run.
   */
  readonly freshSources?: boolean;
  /** false: the unit tests of the models that run are not run before them (`--no-unit-tests`); default true. */
  readonly unitTests?: boolean;
  /** Every test keeps its failing rows in `<domain>_audit.<test>` (`--store-failures`), as with `store_failures: true`. */
  readonly storeFailures?: boolean;
  /** Only nodes of these kinds (mesh test: tests). */
  readonly kinds?: readonly ('model' | 'seed' | 'test' | 'contract')[];
  /**
   * Exactly these nodes (unique ids), in dependency order, instead of `select`/`exclude` (mesh retry:
   * the nodes the last run did not finish); no test is added eagerly. Ids the project no longer
   * has are left out with a warning (MESH245).
   */
  readonly nodes?: readonly string[];
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

/** `mesh build`: seeds, models and tests of the selection, in dependency order, on the target. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const { signal } = options;
  const stopped = (): { interrupted?: InterruptSignal } => {
    const by = interruptedBy(signal);
    return by ? { interrupted: by } : {};
  };
  const compiling = startPhase(options.onEvent, 'compile');
  // Which comparisons the selectors ask for (mesh retry's exact nodes ask for none).
  const usesState = !options.nodes && selectorsUse(options.select, options.exclude).state;
  // --state is read before this build writes target/ (which it may name), when state: selectors compare with it (--defer reads it itself).
  const previous = usesState ? readPreviousState(options.projectDir, options) : { diagnostics: [] };
  const result = await compileAndWrite({ ...options, format: false });
  compiling(result.compiled ? `${result.compiled.nodes.size} nodes` : undefined);
  const { compiled, engine } = result;
  if (!compiled || !engine || hasErrors([...previous.diagnostics, ...result.diagnostics])) return { diagnostics: sortDiagnostics([...previous.diagnostics, ...result.diagnostics]), ...stopped() };
  // Interrupted before a run started: nothing ran, nothing to record.
  if (signal?.aborted) return { diagnostics: result.diagnostics, ...stopped() };
  const diagnostics: Diagnostic[] = [...previous.diagnostics, ...result.diagnostics];
  const threads = options.threads ?? compiled.target.threads;
  // The target's connection, opened when first needed (state: selectors need it before the rest does).
  let opened: Adapter | undefined;
  let connection: Adapter | undefined = options.adapter ? withSecrets(options.adapter, options.env ?? {}) : undefined;
  const connect = async (): Promise<Adapter | undefined> => {
    if (connection) return connection;
    const found = await openAdapter(compiled.target, compiled.project.config.root, threads, options.env);
    diagnostics.push(...found.diagnostics);
    if (!found.adapter) return undefined;
    opened = found.adapter;
    // {{env_secret}} values are put into statements here, as they leave for the engine.
    connection = withSecrets(found.adapter, options.env ?? {});
    return connection;
  };
  // Every node's fingerprint over its sources' stamps as the warehouse (or the local files) gives them, made once.
  let fingerprinted: ProjectFingerprints | undefined;
  const fingerprintsOn = async (on: Adapter): Promise<ProjectFingerprints> => {
    if (!fingerprinted) {
      const stamps = await warehouseSourceStamps(compiled, on);
      diagnostics.push(...stamps.diagnostics);
      fingerprinted = fingerprintProject(compiled, stamps.stampOf);
      // The manifest carries them, for a later --state.
      writeManifest(compiled, result.targetDir, fingerprinted);
    }
    return fingerprinted;
  };
  try {
    let context: SelectionContext = {};
    if (!options.nodes) {
      const on = usesState ? await connect() : undefined;
      if (usesState && !on) return { diagnostics };
      const current = on ? await fingerprintsOn(on) : undefined;
      const compared = selectionContext(compiled, options.select, options.exclude, { ...options, ...(previous.previous ? { previous: previous.previous } : {}), ...(current ? { fingerprints: current } : {}) });
      diagnostics.push(...compared.diagnostics);
      if (hasErrors(diagnostics)) return { diagnostics };
      context = compared.context;
      if (on && current && !options.state) {
        // Without --state, state: selectors compare with what the target's node-state table records.
        const stateSchema = compiled.dialect.schemaName(PUBLISHED_STATE_SCHEMA);
        try {
          const recorded = (await on.relations([stateSchema])).has(nodeStateKey(compiled.dialect));
          context = { ...context, state: await warehouseComparison(on, compiled, current, recorded) };
        } catch (e) {
          if (!(e instanceof EngineError)) throw e;
          diagnostics.push(warehouseProblem(compiled.target, on, e, `cannot read the state of the nodes (${nodeStateRelation(compiled.dialect)})`));
          return { diagnostics };
        }
      }
    }
    const selection = options.nodes ? pickNodes(compiled, options.nodes) : compiled.graph.select(options.select, options.exclude, context);
    diagnostics.push(...selection.diagnostics);
    if (hasErrors(diagnostics)) return { diagnostics };
    const selected = options.kinds ? selection.ids.filter((id) => options.kinds!.includes(compiled.nodes.get(id)!.kind)) : selection.ids;
    const adapter = await connect();
    if (!adapter) return { diagnostics };
    if (options.dryRun && !adapter.capabilities.dryRun) {
      diagnostics.push(
        error('MESH180', `target '${compiled.target.name}' runs on ${compiled.target.engine}, which cannot dry-run statements: --dry-run has nothing to estimate with`, {
          file: 'mesh.yaml',
          ...(compiled.target.line ? { line: compiled.target.line } : {}),
          hint: 'use --dry-run with a BigQuery target; on this target run mesh build without it (mesh compile writes the SQL without running it)',
        }),
      );
      return { diagnostics };
    }
    // --defer: the selection reads the parents it does not build, and this target has not, from the other environment.
    const deferral = await deferParents(compiled, selected, adapter, options);
    diagnostics.push(...deferral.diagnostics);
    if (hasErrors(deferral.diagnostics)) return { diagnostics };
    const planning = startPhase(options.onEvent, 'plan');
    // One id for the build: its OpenLineage run, its jobs' labels and its contract candidates' names.
    const runId = newRunId();
    const stateSchema = compiled.dialect.schemaName(PUBLISHED_STATE_SCHEMA);
    // Contract candidates live in their domain's private schema, beside the public one.
    const schemas = [
      ...new Set([...compiled.nodes.values()].flatMap((n) => (n.schema ? [n.schema, ...(n.kind === 'contract' ? [privateSchema(compiled.dialect, n.domain)] : [])] : []))),
    ];
    const asOf = options.asOf ?? compiled.target.asOf ?? new Date().toISOString();
    const fullRefresh = options.fullRefresh ?? false;
    // What the warehouse holds: a refusal here (credentials, project, location, network) is the target's problem, before anything ran.
    const state = await warehouseState(adapter, compiled, selected, schemas, stateSchema, fullRefresh);
    if ('problem' in state) {
      diagnostics.push(warehouseProblem(compiled.target, adapter, state.problem, state.doing));
      return { diagnostics };
    }
    const { existing, published, columns, stored } = state;
    // --env: nodes the target already holds are read from it through views, not built again.
    const pointers = await pointersToTarget(adapter, compiled, options, { selected, existing });
    if (hasErrors(pointers.diagnostics)) return { diagnostics: [...diagnostics, ...pointers.diagnostics] };
    const planned = pointers.pointTo.size > 0 ? [...new Set([...selected, ...pointers.pointTo.keys()])] : selected;
    // What each node is built from now: nodes whose recorded fingerprint matches are not run. A
    // deferred build's SQL reads other relations: its nodes are fingerprinted as they run.
    const current = await fingerprintsOn(adapter);
    // An --env node pointed at the target is what the target last built: its readers' fingerprints follow that.
    const targetData = pointers.targetData;
    const pointed = pointers.pointTo.size > 0 ? (id: string) => (pointers.pointTo.has(id) ? `pointed:${pointers.pointTo.get(id)!}:${targetData?.get(id) ?? newRunId()}` : undefined) : undefined;
    const fingerprints =
      deferral.deferred.length > 0 || pointed
        ? fingerprintProject(deferral.compiled, (source) => current.sourceStamps.get(`${source.domain}.${source.name}`), pointed).nodes
        : current.nodes;
    const allTests = options.allTests ?? (options.kinds !== undefined && options.kinds.every((k) => k === 'test'));
    const reuse = options.force || fullRefresh ? undefined : { fingerprints, stored, ...(allTests ? { allTests } : {}) };
    let plan: BuildPlan;
    try {
      plan = planBuild(deferral.compiled, planned, existing, engine, {
        fullRefresh,
        published,
        asOf,
        ...(options.storeFailures ? { storeFailures: true } : {}),
        runId: candidateSuffix(runId),
        capabilities: adapter.capabilities,
        ...(columns ? { columns } : {}),
        ...(reuse ? { reuse } : { recordsState: true }),
        ...(pointers.pointTo.size > 0 ? { pointTo: pointers.pointTo } : {}),
      });
    } catch (e) {
      // A project's own materialization template failed to render: its problem, before anything ran.
      if (!(e instanceof TemplateRenderError)) throw e;
      return { diagnostics: [...diagnostics, templateRenderProblem(e)] };
    }
    // Contracted columns the backing model lacks are found as `mesh check` finds them, before
    // anything runs: for the contract views (and consumers of imported contracts) that run.
    const running = plan.steps.filter((s) => s.kind === 'contract' || s.kind === 'model').map((s) => s.id);
    const missingColumns = running.length === 0 ? [] : (await contractColumns(compiled, options, running)).filter((d) => d.severity === 'error');
    if (missingColumns.length > 0) return { diagnostics: sortDiagnostics([...diagnostics, ...missingColumns]) };
    const kept = plan.reused?.length ?? 0;
    planning(`${plan.steps.length} step${plan.steps.length === 1 ? '' : 's'}${kept > 0 ? ` (${kept} unchanged)` : ''}`);
    diagnostics.push(...(plan.diagnostics ?? []));
    const fresh = freshSourcesOn(compiled, options) ? await staleSourceSkips(deferral.compiled, plan, adapter, asOf) : undefined;
    diagnostics.push(...(fresh?.diagnostics ?? []));
    const skips = new Map<string, StepSkip>(fresh?.skips);
    // The unit tests of the models about to run, before them (not in a dry run, which estimates the warehouse's work).
    const unit = options.unitTests === false || options.dryRun ? undefined : await unitTestsBeforeModels(compiled, plan.steps.filter((s) => s.kind === 'model' && !skips.has(s.id)).map((s) => s.id), options);
    diagnostics.push(...(unit?.diagnostics ?? []));
    for (const [id, skip] of unit?.skips ?? []) skips.set(id, skip);
    const runOptions = {
      threads,
      ...(skips.size > 0 ? { skips } : {}),
      ...(unit && unit.results.length > 0 ? { before: unit.results } : {}),
      failFast: options.failFast ?? false,
      target: compiled.target.name,
      fileOf: (id: string) => compiled.nodes.get(id)!.file,
      sourceLine: sourceLines(compiled.project.config.root),
      ...(signal ? { signal } : {}),
    };
    if (options.dryRun) {
      // A dry run built nothing: no lineage, catalog or OpenLineage run; its results are its own file.
      const run = await executePlan(plan, adapter, { ...runOptions, dryRun: true, runId, ...(options.onEvent ? { onEvent: options.onEvent } : {}) });
      writeRunResults(run, result.targetDir, runContext(compiled, options));
      return { diagnostics, run, ...stopped() };
    }
    // Column lineage for the OpenLineage events and the catalog, from the project's DuckDB SQL with
    // no warehouse, computed while the nodes run; its column types are the ones the warehouse
    // reports once the build is done (binding every model again would cost more than the query).
    const untyped = lineageOf(result, { ...options, types: false }, signal).then((r) => r.lineage);
    // Awaited only after the nodes ran: a failure meanwhile must not end the process as unhandled.
    untyped.catch(() => undefined);
    let typed: (lineage: ProjectLineage | undefined) => void = () => {};
    const columnLineage = new Promise<ProjectLineage | undefined>((resolve) => (typed = resolve));
    const openlineage = openLineageEmitter({ compiled, targetDir: result.targetDir, command: options.command ?? 'build', ...options.openlineage, runId, lineage: columnLineage });
    // The run's summary is the last thing a reader sees: run_finished reaches the caller only
    // after the phases that follow the last node, its duration grown by theirs.
    let finished: { readonly event: Extract<RunEvent, { type: 'run_finished' }>; readonly at: number } | undefined;
    const finish = (): void => {
      if (!finished) return;
      const { event, at } = finished;
      finished = undefined;
      options.onEvent?.({ ...event, durationMs: event.durationMs + (Date.now() - at) });
    };
    const run = await executePlan(plan, adapter, {
      ...runOptions,
      runId: openlineage.runId,
      onEvent: (event) => {
        if (event.type === 'run_finished') finished = { event, at: Date.now() };
        else options.onEvent?.(event);
        // A unit test is no job of the warehouse's: it ran in memory, on rows of its own.
        if (event.type !== 'node_finished' || event.result.kind !== 'unit_test') openlineage.listener(event);
      },
    }).catch(async (e: unknown) => {
      finish();
      typed(await untyped);
      openlineage.abort(e);
      await openlineage.finish();
      if (e instanceof WarehouseSetupFailed) return warehouseProblem(compiled.target, adapter!, e.engineError, e.doing);
      throw e;
    });
    // The warehouse refused the schemas or the setup before any node ran: no run to record.
    if (!('results' in run)) return { diagnostics: [...diagnostics, run], openlineage: { runId: openlineage.runId, file: openlineage.file } };
    try {
      diagnostics.push(...(await recordNodeState(adapter, engine, compiled, plan, run, fingerprints)));
      const typing = startPhase(options.onEvent, 'lineage');
      // Interrupted: the warehouse is not asked for column types; the run is recorded all the same.
      typed(signal?.aborted ? await untyped : await engineTyped(await untyped, compiled, adapter, schemas));
      typing();
      const writing = startPhase(options.onEvent, 'catalog');
      writeRunResults(run, result.targetDir, runContext(compiled, options));
      const catalog = buildCatalog(compiled, await columnLineage, run, { generatedAt: new Date().toISOString(), runId: openlineage.runId, freshness: readFreshnessResults(result.targetDir, compiled.target.name) });
      // Each dataset's last result, kept per target for the next build's reused nodes (reading
      // catalog.json back would parse megabytes).
      const lastResults = loadMemo<CatalogNodeResult>(result.targetDir, `last-results-${compiled.target.name}`);
      const written = kept > 0 ? withReusedResults(catalog, (id) => lastResults.peek(id)) : catalog;
      writeCatalog(written, compiled, result.targetDir);
      for (const [id, d] of Object.entries(written.datasets)) {
        const before = lastResults.peek(id);
        if (d.lastResult) lastResults.set(id, d.lastResult);
        else if (before) lastResults.keep(id, before);
      }
      saveMemo(result.targetDir, `last-results-${compiled.target.name}`, lastResults);
      writing();
      const delivering = startPhase(options.onEvent, 'openlineage');
      diagnostics.push(...(await openlineage.finish()));
      delivering();
      return { diagnostics, run, openlineage: { runId: openlineage.runId, file: openlineage.file }, ...stopped() };
    } finally {
      finish();
    }
  } finally {
    await opened?.close();
  }
}

/** What run_results.json records of the invocation: enough for `mesh retry` to run it again as it was. */
function runContext(compiled: CompiledProject, options: BuildOptions): RunContext {
  return {
    target: compiled.target.name,
    command: options.command ?? 'build',
    args: options.args ?? [],
    invocation: {
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
      fullRefresh: options.fullRefresh ?? false,
      ...(options.force ? { force: true } : {}),
      ...(options.allTests ? { allTests: true } : {}),
      ...(options.environment !== undefined ? { environment: options.environment } : {}),
      ...(options.defer || options.deferTo !== undefined
        ? { defer: { ...(options.state !== undefined ? { state: options.state } : {}), ...(options.deferTo !== undefined ? { deferTo: options.deferTo } : {}), ...(options.favorState ? { favorState: true } : {}) } }
        : {}),
      failFast: options.failFast ?? false,
      storeFailures: options.storeFailures ?? false,
      // The effective choice (flag, else the target's setting), so mesh retry makes the same one.
      freshSources: freshSourcesOn(compiled, options),
      ...(options.unitTests === false ? { unitTests: false as const } : {}),
      ...(options.asOf !== undefined ? { asOf: options.asOf } : {}),
      ...(options.vars !== undefined ? { vars: options.vars } : {}),
      ...(options.kinds ? { kinds: options.kinds } : {}),
    },
  };
}

/** --fresh-sources or --no-fresh-sources, else the target's `fresh_sources` (mesh.yaml). */
function freshSourcesOn(compiled: CompiledProject, options: BuildOptions): boolean {
  return options.freshSources ?? compiled.target.freshSources ?? false;
}

/** The given nodes the project has, in dependency order; the others as one warning. */
function pickNodes(compiled: CompiledProject, ids: readonly string[]): { ids: string[]; diagnostics: Diagnostic[] } {
  const known = ids.filter((id) => compiled.nodes.has(id));
  const gone = ids.filter((id) => !compiled.nodes.has(id));
  const diagnostics = gone.length === 0 ? [] : [
    warning('MESH245', `${gone.length} node${gone.length === 1 ? ' is' : 's are'} no longer in the project, left out: ${gone.join(', ')}`, {
      file: 'target/run_results.json',
      hint: 'the project changed since that run (a file renamed or removed); run mesh build --select for what they became',
    }),
  ];
  return { ids: compiled.graph.topologicalOrder(known), diagnostics };
}

/** Relations, published contracts and incremental tables' columns the plan starts from; the engine's refusal, with what was asked. */
async function warehouseState(
  adapter: Adapter,
  compiled: CompiledProject,
  selected: readonly string[],
  schemas: readonly string[],
  stateSchema: string,
  fullRefresh: boolean,
): Promise<
  | {
      existing: Map<string, RelationKind>;
      published: Awaited<ReturnType<typeof readPublishedState>>;
      columns?: Map<string, readonly string[]>;
      stored: Map<string, StoredNodeState>;
    }
  | { problem: EngineError; doing: string }
> {
  const all = [...schemas, stateSchema];
  let doing = `cannot list the relations of its schemas (${all.join(', ')})`;
  try {
    const existing = await adapter.relations(all);
    const stateRelation = existing.has(`${stateSchema}.published_contracts`) ? publishedStateRelation(compiled.dialect) : undefined;
    doing = `cannot read the published contracts (${stateRelation ?? ''})`;
    const published = await readPublishedState(adapter, stateRelation);
    const nodeState = existing.has(nodeStateKey(compiled.dialect)) ? nodeStateRelation(compiled.dialect) : undefined;
    doing = `cannot read the state of the nodes (${nodeState ?? ''})`;
    const stored = await readNodeState(adapter, nodeState);
    doing = 'cannot read the columns of the incremental tables';
    // --full-refresh rebuilds incremental models, never a snapshot's history: its columns are read all the same.
    const columns = await adapter.columns(incrementalTables(compiled, selected, existing, fullRefresh));
    return { existing, published, stored, ...(columns ? { columns } : {}) };
  } catch (e) {
    if (e instanceof EngineError) return { problem: e, doing };
    throw e;
  }
}

/** The selected incremental models (but with --full-refresh) and snapshots whose table exists: their next run names its columns (BigQuery's MERGE and INSERT, check_cols: all). */
function incrementalTables(compiled: CompiledProject, selected: readonly string[], existing: ReadonlyMap<string, RelationKind>, fullRefresh: boolean): RelationName[] {
  return selected.flatMap((id) => {
    const node = compiled.nodes.get(id)!;
    const built = ((node.materialized === 'incremental' && !fullRefresh) || node.materialized === 'snapshot') && node.schema && node.identifier && existing.get(`${node.schema}.${node.identifier}`) === 'table';
    return built ? [{ schema: node.schema!, name: node.identifier! }] : [];
  });
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

/** A run id as a relation name's suffix: its hex digits (engines differ on dashes in names). */
function candidateSuffix(runId: string): string {
  return runId.replace(/-/g, '');
}
