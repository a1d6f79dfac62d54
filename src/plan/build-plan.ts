import type { RelationKind, SqlStatement } from '../adapters/adapter.js';
import type { Dialect } from '../adapters/dialect.js';
import { contractAudits, type Audit } from '../contracts/contract-audits.js';
import { freshnessSlas } from '../contracts/freshness.js';
import type { ContractDefinition } from '../contracts/contract-definition.js';
import { classifyChanges, requiresNewMajor } from '../contracts/classify-changes.js';
import { publishedBaseline } from '../contracts/published-state.js';
import type { CompiledNode, CompiledProject, MappedSql } from '../compile/compiled-node.js';
import { executionOrder } from '../graph/execution-order.js';
import type { DiagnosticCode } from '../diagnostics/diagnostic.js';
import type { Severity } from '../parse/definitions.js';
import type { TemplateEngine } from '../template/template-engine.js';

export type StepAction = 'view' | 'table' | 'seed' | 'incremental' | 'full_refresh' | 'test' | 'contract';

/** One node's work: statements to run in one session, and what it must wait for. */
export interface PlanStep {
  readonly id: string;
  readonly kind: CompiledNode['kind'];
  readonly action: StepAction;
  /** What the progress line names: the relation built, or the test. */
  readonly label: string;
  readonly statements: readonly SqlStatement[];
  /** For tests: a query returning the number of failing rows. */
  readonly failureCountSql?: string;
  readonly severity?: Severity;
  /** Where the node's own SQL sits, to turn an engine's line into a line of the user's file. */
  readonly body: { readonly statement: number; readonly firstLine: number; readonly lines: readonly number[] } | undefined;
  readonly waitsFor: readonly string[];
  /**
   * Contract views (write-audit-publish): after `statements` wrote the candidate, these audits run
   * on it; `publish` runs only when all pass, `discard` otherwise, so consumers never see data
   * that breaks the contract.
   */
  readonly audits?: readonly Audit[];
  readonly publish?: readonly SqlStatement[];
  readonly discard?: readonly SqlStatement[];
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

export interface BuildPlan {
  readonly steps: readonly PlanStep[];
  /** Engine schemas the steps write to; created before any step runs. */
  readonly schemas: readonly string[];
  /** Statements run once before any step (objects that steps running side by side share). */
  readonly setup: readonly SqlStatement[];
}

export interface PlanOptions {
  readonly fullRefresh: boolean;
  /** The published state: contracts as last published, by `domain.product` (read from the warehouse). */
  readonly published?: ReadonlyMap<string, readonly ContractDefinition[]>;
  /** Names this build's contract candidates; unique per build. */
  readonly runId?: string;
  /** ISO instant freshness SLAs are measured at (default: now). */
  readonly asOf?: string;
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

  const steps: PlanStep[] = [];
  const schemas = new Set<string>();
  for (const { id, waitsFor } of order) {
    if (ephemeral.has(id)) continue;
    const node = compiled.nodes.get(id)!;
    const step = planNode(node, existing, engine, compiled.dialect, options);
    if (node.schema) schemas.add(node.schema);
    steps.push({ ...step, waitsFor: [...new Set(resolveWaits(waitsFor))] });
  }
  const publishes = steps.some((s) => s.action === 'contract');
  if (publishes) schemas.add(compiled.dialect.schemaName(PUBLISHED_STATE_SCHEMA));
  const setup = publishes ? engine.statements('materializations/contract_state', { state: publishedStateRelation(compiled.dialect) }) : [];
  return { steps, schemas: [...schemas].sort(), setup };
}

function planNode(
  node: CompiledNode,
  existing: ReadonlyMap<string, RelationKind>,
  engine: TemplateEngine,
  dialect: Dialect,
  options: PlanOptions,
): Omit<PlanStep, 'waitsFor'> {
  const base = { id: node.id, kind: node.kind };
  if (node.kind === 'test') {
    const failureCountSql = engine.text('tests/count_failures', { sql: node.select.sql });
    return {
      ...base,
      action: 'test',
      label: `${node.domain}.${node.name}`,
      statements: [],
      failureCountSql,
      severity: node.test?.severity ?? 'error',
      body: locate(failureCountSql, 0, node.select),
    };
  }
  const current = existing.get(`${node.schema}.${node.identifier}`);
  if (node.kind === 'contract') return planContract(node, existing, engine, dialect, options, current);
  const context = { relation: node.relation, sql: node.select.sql };
  const label = `${node.schema}.${node.identifier}`;
  if (node.materialized === 'view') {
    const statements = engine.statements('materializations/view', { ...context, replaces: current === 'table' ? 'TABLE' : undefined });
    return { ...base, action: 'view', label, statements, body: locateIn(statements, node.select) };
  }
  const replaces = current === 'view' ? 'VIEW' : undefined;
  if (node.materialized === 'incremental' && current === 'table' && !options.fullRefresh && node.incrementalSelect && node.config) {
    const strategy = node.config.incrementalStrategy.replace('+', '_');
    const statements = engine.statements(`materializations/incremental_${strategy}`, {
      relation: node.relation,
      sql: node.incrementalSelect.sql,
      temp: dialect.quoteIdentifier(`__mesh_tmp_${node.identifier}`),
      unique_key: node.config.uniqueKey.map((k) => dialect.quoteIdentifier(k)),
    });
    return { ...base, action: 'incremental', label, statements, body: locateIn(statements, node.incrementalSelect) };
  }
  const statements = engine.statements('materializations/table', { ...context, replaces });
  const action: StepAction = node.kind === 'seed' ? 'seed' : node.materialized === 'incremental' ? 'full_refresh' : 'table';
  return { ...base, action, label, statements, body: locateIn(statements, node.select) };
}

/** Where each contract's published version is recorded, in the warehouse itself, for every machine that builds the target. */
export const PUBLISHED_STATE_SCHEMA = 'meshwork';

export function publishedStateRelation(dialect: Dialect): string {
  return dialect.relation(dialect.schemaName(PUBLISHED_STATE_SCHEMA), 'published_contracts');
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
  const prefix = `__mesh_${node.identifier}__`;
  const candidateName = `${prefix}${options.runId ?? Date.now().toString(36)}`;
  const candidate = dialect.relation(node.schema!, candidateName);
  const previous = [...existing.keys()]
    .filter((key) => key.startsWith(`${node.schema}.${prefix}`) && key !== `${node.schema}.${candidateName}`)
    .map((key) => dialect.relation(node.schema!, key.slice(node.schema!.length + 1)));
  const statements = engine.statements('materializations/contract_candidate', { candidate, sql: node.select.sql });
  const object = node.contractObject;
  const contract = node.contractDefinition;
  const refused = contract ? refusal(contract, options.published?.get(`${node.domain}.${contract.product}`) ?? []) : undefined;
  return {
    id: node.id,
    kind: node.kind,
    action: 'contract',
    label: `${node.schema}.${node.identifier}`,
    statements,
    audits: object
      ? contractAudits(object, candidate, dialect, {
          ...(contract ? { freshness: freshnessSlas(contract).slas } : {}),
          asOf: options.asOf ?? new Date().toISOString(),
          candidateAt: { schema: node.schema!, name: candidateName },
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
    body: locateIn(statements, node.select),
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

function locateIn(statements: readonly SqlStatement[], query: MappedSql): PlanStep['body'] {
  for (const [i, s] of statements.entries()) {
    const found = locate(s.sql, i, query);
    if (found) return found;
  }
  return undefined;
}

function locate(statementSql: string, statement: number, query: MappedSql): PlanStep['body'] {
  const at = statementSql.indexOf(query.sql);
  if (at < 0) return undefined;
  let firstLine = 1;
  for (let i = statementSql.indexOf('\n'); i >= 0 && i < at; i = statementSql.indexOf('\n', i + 1)) firstLine++;
  return { statement, firstLine, lines: query.lines };
}
