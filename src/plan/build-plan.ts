import type { AdapterCapabilities, RelationKind, SchemaSpec, SeedLoad, SqlStatement } from '../adapters/adapter.js';
import type { Dialect } from '../adapters/dialect.js';
import { contractAudits, type Audit } from '../contracts/contract-audits.js';
import { freshnessSlas } from '../contracts/freshness.js';
import type { ContractDefinition } from '../contracts/contract-definition.js';
import { classifyChanges, requiresNewMajor } from '../contracts/classify-changes.js';
import { publishedBaseline } from '../contracts/published-state.js';
import type { CompiledNode, CompiledProject, LineMap, MappedSql } from '../compile/compiled-node.js';
import { executionOrder } from '../graph/execution-order.js';
import { compiledPath } from '../artifacts/write-compiled.js';
import { auditSchema } from '../compile/column-tests.js';
import type { Diagnostic, DiagnosticCode } from '../diagnostics/diagnostic.js';
import type { ModelConfig, Severity } from '../parse/definitions.js';
import { contractReaders } from './contract-readers.js';
import { seedLoad } from './seed-load.js';
import { snapshotStatements } from './snapshot-step.js';
import { reusedNodes, type Reuse, type ReuseState } from './reuse.js';
import { nodeStateKey, nodeStateRelation } from '../state/node-state.js';
import type { TemplateEngine, TracedStatements } from '../template/template-engine.js';

/**
 * What a step does, as its progress line says it: `view` and `table` (re)create the relation,
 * `seed` loads a CSV, `create` builds an incremental model's table that does not exist yet,
 * `incremental` adds to it, `full_refresh` rebuilds it because --full-refresh asked, `test` counts
 * failing rows, `contract` writes, audits and publishes a contract view, `snapshot` records a
 * snapshot's new versions (creating its table the first time).
 */
export type StepAction = 'view' | 'table' | 'seed' | 'create' | 'incremental' | 'full_refresh' | 'snapshot' | 'test' | 'contract';

/** One node's work: statements to run in one session, and what it must wait for. */
export interface PlanStep {
  readonly id: string;
  readonly kind: CompiledNode['kind'];
  /** The node's domain and stage, for the engine's job labels. */
  readonly domain: string;
  readonly stage: string;
  readonly action: StepAction;
  /** What the progress line names: the relation built, or the test. */
  readonly label: string;
  readonly statements: readonly SqlStatement[];
  /** For tests: a query returning the number of failing rows. */
  readonly failureCountSql?: string;
  /** For tests: the failing rows themselves, read (a few) only when the count is above 0. */
  readonly failingRowsSql?: string;
  /**
   * For tests with `store_failures`: statements that replace the audit table with the failing rows,
   * run after the count whatever it is (a passing test leaves it empty), apart from the count so
   * that a refused write is reported as such.
   */
  readonly storeFailures?: { readonly relation: string; readonly statements: readonly SqlStatement[] };
  /** For tests declared in a model header: the line of the test there. */
  readonly line?: number;
  /** For tests: the compiled query's file, relative to the project (`target/compiled/<domain>/tests/<name>.sql`). */
  readonly compiledFile?: string;
  readonly severity?: Severity;
  /**
   * Per statement (a test: its failure count query), where each line came from in the user's
   * files, to turn the line an engine reports into a line of theirs.
   */
  readonly sources: readonly (LineMap | undefined)[];
  readonly waitsFor: readonly string[];
  /**
   * Contract views (write-audit-publish): after `statements` wrote the candidate, these audits run
   * on it; `publish` runs only when all pass, `discard` otherwise, so consumers never see data
   * that breaks the contract.
   */
  readonly audits?: readonly Audit[];
  readonly publish?: readonly SqlStatement[];
  readonly discard?: readonly SqlStatement[];
  /** Seeds on an engine that loads files (capability `loadsFiles`): loaded by the engine instead of `statements`. */
  readonly load?: SeedLoad;
  /**
   * Contract views on an engine with per-schema access (capability `schemaAccess`): after
   * publishing, the view is authorized on the schemas it reads and the consumers' principals are
   * granted read on its (public) schema.
   */
  readonly access?: { readonly view: { readonly schema: string; readonly name: string }; readonly reads: readonly string[]; readonly readers: readonly string[] };
  /** Why this step must not run at all: a breaking contract change without a new major version (MESH215, at the change's line). */
  readonly refused?: Refusal;
}

/** A rule of meshwork's that stops a step before it runs, reported as `mesh check` reports it. */
export interface Refusal {
  readonly code: DiagnosticCode;
  readonly message: string;
  /** The line of the node's file (the contract) that breaks the rule. */
  readonly line: number;
}

/** A selected node the build does not run: its relation already holds what it would build. */
export interface ReusedNode {
  readonly id: string;
  readonly kind: CompiledNode['kind'];
  readonly label: string;
  /** `metadata`: only what describes it changed; its new metadata fingerprint is recorded. */
  readonly reuse: Reuse;
}

export interface BuildPlan {
  readonly steps: readonly PlanStep[];
  /** Selected nodes whose recorded fingerprint matches (see `reusedNodes`), in dependency order. */
  readonly reused?: readonly ReusedNode[];
  /** Selected ephemeral models: inlined into their readers, never run, recorded in the node state all the same (state: selectors compare them). */
  readonly inlined?: readonly string[];
  /** Engine schemas the steps write to; created before any step runs. */
  readonly schemas: readonly SchemaSpec[];
  /** Statements run once before any step (objects that steps running side by side share). */
  readonly setup: readonly SqlStatement[];
  /** What planning found worth a warning (a contract role the target grants to nobody). */
  readonly diagnostics?: readonly Diagnostic[];
}

export interface PlanOptions {
  readonly fullRefresh: boolean;
  /** The published state: contracts as last published, by `domain.product` (read from the warehouse). */
  readonly published?: ReadonlyMap<string, readonly ContractDefinition[]>;
  /** Names this build's contract candidates; unique per build. */
  readonly runId?: string;
  /** ISO instant freshness SLAs are measured at (default: now). */
  readonly asOf?: string;
  /** What the target's engine can do (none: what every engine can). */
  readonly capabilities?: AdapterCapabilities;
  /** `--store-failures`: every test keeps its failing rows in `<domain>_audit`, as if each set `store_failures: true`. */
  readonly storeFailures?: boolean;
  /** Column names of existing relations (`schema.name`), for statements that must name every column (BigQuery's MERGE). */
  readonly columns?: ReadonlyMap<string, readonly string[]>;
  /** The build records each node's fingerprints after the run (--force, --full-refresh: with no `reuse`). */
  readonly recordsState?: boolean;
  /** Skip what is unchanged against the node-state table (absent: build every selected node, as --force and --full-refresh do). */
  readonly reuse?: ReuseState;
  /** `mesh build --env`: models and seeds the target already holds, by id → the target's relation their environment view reads (see `environmentPointers`). */
  readonly pointTo?: ReadonlyMap<string, string>;
}

/**
 * Selected nodes + the warehouse's current relations → the steps of a build. Planning decides
 * what existing state means (an incremental run, a view replacing a table); it runs nothing.
 */
export function planBuild(
  compiled: CompiledProject,
  selected: readonly string[],
  existing: ReadonlyMap<string, RelationKind>,
  engine: TemplateEngine,
  options: PlanOptions,
): BuildPlan {
  const ephemeral = new Set(selected.filter((id) => compiled.nodes.get(id)?.materialized === 'ephemeral'));
  const order = executionOrder(compiled.graph, selected);
  const waits = new Map(order.map((s) => [s.id, s.waitsFor]));
  // Ephemeral models are not run: whoever waits for one waits for what it waits for.
  const resolveWaits = (ids: readonly string[], seen = new Set<string>()): string[] =>
    ids.flatMap((id) => {
      if (!ephemeral.has(id)) return [id];
      if (seen.has(id)) return [];
      seen.add(id);
      return resolveWaits(waits.get(id) ?? [], seen);
    });

  const reuse = options.reuse && !options.fullRefresh
    ? reusedNodes(compiled, order.flatMap((s) => (ephemeral.has(s.id) ? [] : [s.id])), existing, options.reuse, {
        mustRun: (id) => leftCandidates(compiled.nodes.get(id)!, existing, compiled.dialect),
        pointed: (id) => options.pointTo?.has(id) ?? false,
      })
    : new Map<string, Reuse>();
  const steps: PlanStep[] = [];
  const reused: ReusedNode[] = [];
  const schemas = new Map<string, SchemaSpec>();
  const diagnostics = new Map<string, Diagnostic>();
  for (const { id, waitsFor } of order) {
    if (ephemeral.has(id)) continue;
    const node = compiled.nodes.get(id)!;
    const kept = reuse.get(id);
    if (kept) {
      reused.push({ id, kind: node.kind, label: node.kind === 'test' ? `${node.domain}.${node.name}` : `${node.schema}.${node.identifier}`, reuse: kept });
      continue;
    }
    const step = { ...planNode(node, existing, engine, compiled.dialect, options), ...engineWork(node, compiled, options, diagnostics) };
    if (node.schema) schemas.set(node.schema, { name: node.schema, domain: node.domain });
    const audit = auditTable(node, compiled.dialect, options);
    if (audit) schemas.set(audit.schema, { name: audit.schema, domain: node.domain, description: `meshwork: failing rows of domain ${node.domain}'s tests (store_failures), replaced each time a test runs` });
    if (node.kind === 'contract') {
      const hidden = privateSchema(compiled.dialect, node.domain);
      schemas.set(hidden, { name: hidden, domain: node.domain, description: `meshwork: contract candidates of domain ${node.domain}, audited before its public views read them (consumers get no access)` });
    }
    steps.push({ ...step, waitsFor: [...new Set(resolveWaits(waitsFor))] });
  }
  // A reused node runs nothing: what waits for it goes ahead.
  const running = new Set(steps.map((s) => s.id));
  const planned = steps.map((s) => (s.waitsFor.every((w) => running.has(w)) ? s : { ...s, waitsFor: s.waitsFor.filter((w) => running.has(w)) }));
  const publishes = steps.some((s) => s.action === 'contract');
  const state = compiled.dialect.schemaName(PUBLISHED_STATE_SCHEMA);
  // The node-state table is written after every run (options.reuse: the build reads and records it).
  const records = options.reuse !== undefined || options.recordsState === true;
  if (publishes || records) schemas.set(state, { name: state, description: 'meshwork: the published state of contracts and each node\'s last good build' });
  const setup = [
    ...(publishes ? engine.statements('materializations/contract_state', { state: publishedStateRelation(compiled.dialect) }) : []),
    ...(records && !existing.has(nodeStateKey(compiled.dialect)) ? engine.statements('state/node_state', { state: nodeStateRelation(compiled.dialect) }) : []),
  ];
  return {
    steps: planned,
    ...(reused.length > 0 ? { reused } : {}),
    ...inlinedToRecord(ephemeral, options.reuse),
    schemas: [...schemas.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    setup,
    ...(diagnostics.size > 0 ? { diagnostics: [...diagnostics.values()] } : {}),
  };
}

/**
 * What a step does through an engine's own means beyond SQL: a seed loaded from its file
 * (capability `loadsFiles`), a contract view authorized on the private schema and granted to the
 * contract's readers (capability `schemaAccess`). Warnings are collected once per contract line.
 */
function engineWork(node: CompiledNode, compiled: CompiledProject, options: PlanOptions, diagnostics: Map<string, Diagnostic>): Pick<PlanStep, 'load' | 'access'> {
  const capabilities = options.capabilities;
  if (node.kind === 'seed' && capabilities?.loadsFiles) {
    const seed = compiled.project.seeds.find((s) => s.id === node.id);
    if (seed && node.schema && node.identifier) return { load: seedLoad(seed, { schema: node.schema, name: node.identifier }, compiled.dialect, compiled.project.config.root) };
  }
  if (node.kind === 'contract' && capabilities?.schemaAccess && node.schema && node.identifier) {
    const roles = compiled.target.bigquery?.roles ?? {};
    const found = node.contractDefinition ? contractReaders(node.contractDefinition, roles, compiled.target.name, node.schema) : { readers: [], diagnostics: [] };
    for (const d of found.diagnostics) diagnostics.set(`${d.file}:${d.line}:${d.message}`, d);
    return { access: { view: { schema: node.schema, name: node.identifier }, reads: [privateSchema(compiled.dialect, node.domain)], readers: found.readers } };
  }
  return {};
}

function planNode(
  node: CompiledNode,
  existing: ReadonlyMap<string, RelationKind>,
  engine: TemplateEngine,
  dialect: Dialect,
  options: PlanOptions,
): Omit<PlanStep, 'waitsFor'> {
  const base = { id: node.id, kind: node.kind, domain: node.domain, stage: node.stage };
  if (node.kind === 'test') {
    const failureCount = engine.tracedText('tests/count_failures', { sql: node.select.sql });
    const audit = auditTable(node, dialect, options);
    return {
      ...base,
      action: 'test',
      label: `${node.domain}.${node.name}`,
      statements: [],
      failureCountSql: failureCount.text,
      failingRowsSql: node.select.sql,
      ...(node.test && node.test.kind !== 'singular' ? { line: node.line } : {}),
      compiledFile: `target/${compiledPath(node)}`,
      ...(audit
        ? { storeFailures: { relation: audit.relation, statements: engine.statements('materializations/table', { relation: audit.relation, sql: node.select.sql, ...tableLayout(undefined, dialect) }) } }
        : {}),
      severity: node.test?.severity ?? 'error',
      sources: [traced(node.select, failureCount.queryLines)],
    };
  }
  const current = existing.get(`${node.schema}.${node.identifier}`);
  if (node.kind === 'contract') return planContract(node, existing, engine, dialect, options, current);
  const label = `${node.schema}.${node.identifier}`;
  const layout = tableLayout(node.config, dialect);
  const context = { relation: node.relation, sql: node.select.sql, ...layout };
  const pointed = options.pointTo?.get(node.id);
  if (pointed !== undefined) {
    const rendered = engine.tracedStatements('materializations/view', { ...context, sql: `SELECT * FROM ${pointed}`, replaces: current === 'table' ? 'TABLE' : undefined });
    return { ...base, action: 'view', label, statements: rendered.statements, sources: rendered.statements.map(() => undefined) };
  }
  if (node.materialized === 'view') {
    const rendered = engine.tracedStatements('materializations/view', { ...context, replaces: current === 'table' ? 'TABLE' : undefined });
    return { ...base, action: 'view', label, ...mapped(rendered, node.select) };
  }
  const replaces = current === 'view' ? 'VIEW' : undefined;
  const snapshot = node.config?.snapshot;
  if (node.materialized === 'snapshot' && node.config && snapshot) {
    const rendered = snapshotStatements({ ...node, config: { ...node.config, snapshot } }, current, engine, dialect, options.columns?.get(label));
    return { ...base, action: 'snapshot', label, ...mapped(rendered, node.select) };
  }
  if (node.materialized === 'incremental' && current === 'table' && !options.fullRefresh && node.incrementalSelect && node.config) {
    const strategy = node.config.incrementalStrategy.replace('+', '_');
    const rendered = engine.tracedStatements(`materializations/incremental_${strategy}`, {
      relation: node.relation,
      sql: node.incrementalSelect.sql,
      temp: dialect.quoteIdentifier(`__mesh_tmp_${node.identifier}`),
      unique_key: node.config.uniqueKey.map((k) => dialect.quoteIdentifier(k)),
      // The existing table's columns, for engines that match by position or cannot update `*`; unknown in a plan made without the warehouse.
      columns: options.columns?.get(label)?.map((c) => dialect.quoteIdentifier(c)),
      partition_by: layout.partition_by,
    });
    return { ...base, action: 'incremental', label, ...mapped(rendered, node.incrementalSelect) };
  }
  // BigQuery refuses to replace a table whose partitioning changed (added, removed or another one):
  // engines whose template reads `recreate` drop the table first when --full-refresh asks for a rebuild.
  const recreate = options.fullRefresh && current === 'table';
  const rendered = engine.tracedStatements('materializations/table', { ...context, replaces, recreate });
  const action: StepAction =
    node.kind === 'seed' ? 'seed' : node.materialized !== 'incremental' ? 'table' : current !== 'table' ? 'create' : options.fullRefresh ? 'full_refresh' : 'table';
  return { ...base, action, label, ...mapped(rendered, node.select) };
}

/** The selected ephemeral models whose recorded fingerprints are not the current ones: a build with nothing new writes nothing. */
function inlinedToRecord(ephemeral: ReadonlySet<string>, reuse: ReuseState | undefined): Pick<BuildPlan, 'inlined'> {
  const inlined = [...ephemeral].filter((id) => {
    const now = reuse?.fingerprints.get(id);
    const before = reuse?.stored.get(id);
    return !now || !before || now.data !== before.data || now.metadata !== before.metadata;
  });
  return inlined.length > 0 ? { inlined } : {};
}

/** Where a test keeps its failing rows: its own `store_failures`, or every test's with --store-failures. */
function auditTable(node: CompiledNode, dialect: Dialect, options: PlanOptions): { schema: string; relation: string } | undefined {
  if (!node.test) return undefined;
  if (node.test.storeFailures) return node.test.storeFailures;
  if (!options.storeFailures) return undefined;
  const schema = auditSchema(dialect, node.domain);
  return { schema, relation: dialect.relation(schema, node.name) };
}

/**
 * A model's table layout (`partition_by`, `cluster_by`, options, labels) as the materialization
 * templates read it: columns quoted, every key present (templates run in strict mode). Engines
 * without these (DuckDB) leave them out of their SQL, but for insert_overwrite's partitions.
 */
function tableLayout(config: ModelConfig | undefined, dialect: Dialect): Record<string, unknown> & { partition_by?: unknown } {
  const partition = config?.partitionBy;
  const labels = Object.entries(config?.labels ?? {});
  const options = {
    ...(config?.requirePartitionFilter !== undefined ? { require_partition_filter: config.requirePartitionFilter } : {}),
    ...(config?.partitionExpirationDays !== undefined ? { partition_expiration_days: config.partitionExpirationDays } : {}),
    ...(labels.length > 0 ? { labels: labels.map(([key, value]) => ({ key, value })) } : {}),
  };
  const { labels: viewLabels } = options;
  return {
    partition_by: partition
      ? {
          field: dialect.quoteIdentifier(partition.field),
          data_type: partition.dataType,
          granularity: partition.granularity.toUpperCase(),
          range: partition.range,
        }
      : undefined,
    cluster_by: config?.clusterBy?.map((c) => dialect.quoteIdentifier(c)),
    options: Object.keys(options).length > 0 ? options : undefined,
    // A view takes labels only.
    labels: viewLabels,
  };
}

/** Where each contract's published version is recorded, in the warehouse itself, for every machine that builds the target. */
export const PUBLISHED_STATE_SCHEMA = 'meshwork';

export function publishedStateRelation(dialect: Dialect): string {
  return dialect.relation(dialect.schemaName(PUBLISHED_STATE_SCHEMA), 'published_contracts');
}

/**
 * Where a domain's contract candidates are written and audited: a schema of their own, so that the
 * public schema holds only the contract views consumers are granted (an authorized view on
 * BigQuery reads the candidate there, the consumer never can). Stages are raw, cleaned and
 * aggregate, so `<domain>_private` is no stage's schema.
 */
export function privateSchema(dialect: Dialect, domain: string): string {
  return dialect.schemaName(`${domain}_private`);
}

/**
 * A contract view with more than the one candidate its view serves: an interrupted build left one
 * behind. Publishing again drops it, so such a view is never reused.
 */
function leftCandidates(node: CompiledNode, existing: ReadonlyMap<string, RelationKind>, dialect: Dialect): boolean {
  return node.kind === 'contract' && candidatesIn(privateSchema(dialect, node.domain), node, existing).length > 1;
}

/** The names (without schema) of a contract view's candidates that exist in `schema`. */
function candidatesIn(schema: string, node: CompiledNode, existing: ReadonlyMap<string, RelationKind>): string[] {
  const prefix = `${schema}.${candidatePrefix(node)}`;
  return [...existing.keys()].filter((key) => key.startsWith(prefix)).map((key) => key.slice(schema.length + 1));
}

/** How a contract view's candidates are named: `__mesh_<view>__<run id>`. */
function candidatePrefix(node: CompiledNode): string {
  return `__mesh_${node.identifier}__`;
}

/** A contract view is written to a candidate table, audited, then published by switching the view. */
function planContract(
  node: CompiledNode,
  existing: ReadonlyMap<string, RelationKind>,
  engine: TemplateEngine,
  dialect: Dialect,
  options: PlanOptions,
  current: RelationKind | undefined,
): Omit<PlanStep, 'waitsFor'> {
  const candidateName = `${candidatePrefix(node)}${options.runId ?? Date.now().toString(36)}`;
  const hidden = privateSchema(dialect, node.domain);
  const candidate = dialect.relation(hidden, candidateName);
  // Earlier candidates are dropped once this one is published: those of the private schema, and
  // any an older meshwork left in the public one (where candidates were written before).
  const previous = [hidden, node.schema!].flatMap((schema) =>
    candidatesIn(schema, node, existing)
      .filter((name) => schema !== hidden || name !== candidateName)
      .map((name) => dialect.relation(schema, name)),
  );
  const { statements, sources } = mapped(engine.tracedStatements('materializations/contract_candidate', { candidate, sql: node.select.sql }), node.select);
  const object = node.contractObject;
  const contract = node.contractDefinition;
  const refused = contract ? refusal(contract, options.published?.get(`${node.domain}.${contract.product}`) ?? []) : undefined;
  return {
    id: node.id,
    kind: node.kind,
    domain: node.domain,
    stage: node.stage,
    action: 'contract',
    label: `${node.schema}.${node.identifier}`,
    statements,
    audits: object
      ? contractAudits(object, candidate, dialect, {
          ...(contract ? { freshness: freshnessSlas(contract).slas } : {}),
          asOf: options.asOf ?? new Date().toISOString(),
          candidateAt: { schema: hidden, name: candidateName },
        })
      : [],
    publish: engine.statements('materializations/contract_publish', {
      relation: node.relation,
      candidate,
      previous,
      replaces: current === 'table' ? 'TABLE' : undefined,
      state: publishedStateRelation(dialect),
      contract_id: contract?.id,
      domain: node.domain,
      product: contract?.product,
      major: contract?.version.major,
      version: contract?.version.text,
      definition: JSON.stringify(contract),
    }),
    discard: engine.statements('materializations/contract_discard', { candidate }),
    sources,
    ...(refused ? { refused } : {}),
  };
}

/**
 * A contract is classified against its published state before it is published: against the same
 * major version when it was published, else the newest one. A breaking change needs a new major.
 */
function refusal(contract: ContractDefinition, published: readonly ContractDefinition[]): Refusal | undefined {
  const before = publishedBaseline(contract, published);
  if (!before) return undefined;
  const changes = classifyChanges(before, contract);
  const gate = requiresNewMajor(before, contract, changes);
  if (gate.ok) return undefined;
  const first = changes.find((c) => c.kind === 'breaking')!;
  return { code: 'MESH215', message: gate.reason ?? 'a breaking change without a new major version', line: first.line };
}

/** A materialization's statements, each with where its lines came from in the user's files. */
function mapped(rendered: TracedStatements, query: MappedSql): { statements: readonly SqlStatement[]; sources: (LineMap | undefined)[] } {
  return { statements: rendered.statements, sources: rendered.queryLines.map((lines) => (lines.some((l) => l >= 0) ? traced(query, lines) : undefined)) };
}

/** Lines of a statement that show lines of `query` (`queryLines`, -1 for the template's text) → lines of the user's files. */
function traced(query: LineMap, queryLines: readonly number[]): LineMap {
  const lines = queryLines.map((i) => (i < 0 ? 0 : (query.lines[i] ?? 0)));
  const files = query.files;
  return files ? { lines, files: queryLines.map((i) => (i < 0 ? undefined : files[i])) } : { lines };
}
