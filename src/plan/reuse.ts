import type { RelationKind } from '../adapters/adapter.js';
import type { CompiledProject } from '../compile/compiled-node.js';
import type { NodeFingerprint } from '../state/fingerprints.js';
import type { StoredNodeState } from '../state/node-state.js';

/**
 * What the warehouse already holds, to build only what changed (SQLMesh's fingerprints, lea's
 * skipping): each node's fingerprint now, and the one its last good build recorded.
 */
export interface ReuseState {
  readonly fingerprints: ReadonlyMap<string, NodeFingerprint>;
  readonly stored: ReadonlyMap<string, StoredNodeState>;
  /** Run every selected test, not only those of nodes that run (`--tests all`). */
  readonly allTests?: boolean;
}

/**
 * `reused`: the node's data is what its last good build made, nothing to do. `metadata`: the same,
 * but what describes it changed (description, tags, tests declared on it): the node-state table
 * takes the new metadata fingerprint, nothing is recomputed.
 */
export type Reuse = 'reused' | 'metadata';

/**
 * The selected nodes (parents first, ephemerals left out) that need not run. A model, seed or
 * contract view is reused when its data fingerprint equals the recorded one and its relation
 * exists as the kind it builds; a contract view also needs an unchanged metadata fingerprint,
 * since publishing records its definition. A test is reused when its fingerprint matches (it is
 * recorded only after passing with no failing row) and none of the nodes it reads runs in this
 * build. One pass in dependency order: linear in the selection.
 */
export function reusedNodes(
  compiled: CompiledProject,
  order: readonly string[],
  existing: ReadonlyMap<string, RelationKind>,
  reuse: ReuseState,
  nodes: {
    /** Nodes that run whatever their fingerprint says (a contract view with a candidate an interrupted build left behind). */
    readonly mustRun?: (id: string) => boolean;
    /** Nodes built as a view onto another relation whatever their materialization (`--env`'s views onto the target). */
    readonly pointed?: (id: string) => boolean;
  } = {},
): Map<string, Reuse> {
  const reused = new Map<string, Reuse>();
  const planned = new Set(order);
  for (const id of order) {
    const node = compiled.nodes.get(id)!;
    const now = reuse.fingerprints.get(id);
    const before = reuse.stored.get(id);
    if (!now || !before || now.data !== before.data || nodes.mustRun?.(id)) continue;
    const same: Reuse = now.metadata === before.metadata ? 'reused' : 'metadata';
    if (node.kind === 'test') {
      if (reuse.allTests) continue;
      if (node.dependsOn.some((d) => planned.has(d.id) && !reused.has(d.id))) continue;
      reused.set(id, same);
      continue;
    }
    if (!node.schema || !node.identifier || before.relation !== (node.relation ?? '')) continue;
    const builds: RelationKind = node.materialized === 'view' || node.kind === 'contract' || nodes.pointed?.(id) ? 'view' : 'table';
    if (existing.get(`${node.schema}.${node.identifier}`) !== builds) continue;
    if (node.kind === 'contract' && same === 'metadata') continue;
    reused.set(id, same);
  }
  return reused;
}
