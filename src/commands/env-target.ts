import { EngineError, type Adapter, type RelationKind } from '../adapters/adapter.js';
import { warehouseProblem } from '../adapters/warehouse-problem.js';
import { auditSchema } from '../compile/column-tests.js';
import type { CompiledProject } from '../compile/compiled-node.js';
import type { ContractDefinition } from '../contracts/contract-definition.js';
import { readPublishedState } from '../contracts/published-state.js';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { privateSchema, publishedStateRelation, PUBLISHED_STATE_SCHEMA } from '../plan/build-plan.js';
import { environmentPointers } from '../state/environment-plan.js';
import { fingerprintNodes, type NodeFingerprint } from '../state/fingerprints.js';
import { localSourceStamps } from '../state/local-source-stamps.js';
import { nodeStateKey, nodeStateRelation, readNodeState, type StoredNodeState } from '../state/node-state.js';
import { compile, type ProjectOptions } from './compile.js';

/** What the warehouse holds of one compiled target (the target itself, or an environment of it). */
export interface TargetState {
  readonly compiled: CompiledProject;
  readonly fingerprints: ReadonlyMap<string, NodeFingerprint>;
  readonly existing: ReadonlyMap<string, RelationKind>;
  readonly stored: ReadonlyMap<string, StoredNodeState>;
  readonly published: ReadonlyMap<string, readonly ContractDefinition[]>;
}

/** Every schema a compiled target writes: its nodes', its domains' private (candidate) schemas, its state schema. */
export function targetSchemas(compiled: CompiledProject): string[] {
  const schemas = new Set<string>();
  for (const node of compiled.nodes.values()) {
    if (node.schema) schemas.add(node.schema);
    if (node.kind === 'contract') schemas.add(privateSchema(compiled.dialect, node.domain));
    if (node.test?.storeFailures) schemas.add(node.test.storeFailures.schema);
  }
  // Where --store-failures keeps failing rows.
  for (const domain of compiled.project.domains) schemas.add(auditSchema(compiled.dialect, domain.name));
  schemas.add(compiled.dialect.schemaName(PUBLISHED_STATE_SCHEMA));
  return [...schemas].sort();
}

/** Reads the relations, node state and published contracts of a compiled target; the engine's refusal as a diagnostic. */
export async function readTargetState(adapter: Adapter, compiled: CompiledProject): Promise<TargetState | { diagnostic: Diagnostic }> {
  const schemas = targetSchemas(compiled);
  let doing = `cannot list the relations of its schemas (${schemas.join(', ')})`;
  try {
    const existing = await adapter.relations(schemas);
    const stateSchema = compiled.dialect.schemaName(PUBLISHED_STATE_SCHEMA);
    const nodeState = existing.has(nodeStateKey(compiled.dialect)) ? nodeStateRelation(compiled.dialect) : undefined;
    doing = `cannot read the state of the nodes (${nodeState ?? ''})`;
    const stored = await readNodeState(adapter, nodeState);
    const contracts = existing.has(`${stateSchema}.published_contracts`) ? publishedStateRelation(compiled.dialect) : undefined;
    doing = `cannot read the published contracts (${contracts ?? ''})`;
    const published = await readPublishedState(adapter, contracts);
    const fingerprints = fingerprintNodes(compiled, localSourceStamps(compiled.project.config.root, compiled.target.engine));
    return { compiled, fingerprints, existing, stored, published };
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    return { diagnostic: warehouseProblem(compiled.target, adapter, e, doing) };
  }
}

/** The project compiled for the target an environment belongs to (the same options, no environment). */
export function compileTarget(options: ProjectOptions): { compiled?: CompiledProject; diagnostics: readonly Diagnostic[] } {
  const { environment: _environment, ...rest } = options;
  const result = compile(rest);
  return hasErrors(result.diagnostics) || !result.compiled ? { diagnostics: result.diagnostics } : { compiled: result.compiled, diagnostics: [] };
}

/**
 * For `mesh build --env`: the nodes whose target relation already holds what they would build,
 * and those left out of `selected`, each with the target's relation (see `environmentPointers`);
 * the build plans them all, as views. Empty when the build is not in an
 * environment, or rebuilds everything (--full-refresh, --force); a refusal of the warehouse as a
 * diagnostic.
 */
export async function pointersToTarget(
  adapter: Adapter,
  compiled: CompiledProject,
  options: ProjectOptions & { readonly fullRefresh?: boolean; readonly force?: boolean; readonly kinds?: readonly string[] },
  selection?: { readonly selected: readonly string[]; readonly existing: ReadonlyMap<string, RelationKind> },
): Promise<{ pointTo: ReadonlyMap<string, string>; diagnostics: readonly Diagnostic[]; targetData?: ReadonlyMap<string, string> }> {
  // mesh test --env runs tests on what the environment holds: nothing is pointed anew.
  if (compiled.target.environment === undefined || options.fullRefresh || options.force || options.kinds) return { pointTo: new Map(), diagnostics: [] };
  const target = compileTarget(options);
  if (!target.compiled) return { pointTo: new Map(), diagnostics: target.diagnostics };
  const state = await readTargetState(adapter, target.compiled);
  if ('diagnostic' in state) return { pointTo: new Map(), diagnostics: [state.diagnostic] };
  const outside = selection && {
    selected: new Set(selection.selected),
    inEnvironment: (id: string) => {
      const node = compiled.nodes.get(id);
      return node !== undefined && selection.existing.has(`${node.schema}.${node.identifier}`);
    },
  };
  const pointTo = environmentPointers(state.compiled, state.fingerprints, state.stored, state.existing, outside);
  // What the target last built each pointed relation from: the environment's fingerprints of what reads it follow it.
  const targetData = new Map([...pointTo.keys()].flatMap((id) => {
    const data = state.stored.get(id)?.data;
    return data ? [[id, data] as const] : [];
  }));
  return { pointTo, diagnostics: [], targetData };
}
