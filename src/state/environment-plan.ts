import type { RelationKind } from '../adapters/adapter.js';
import type { CompiledProject } from '../compile/compiled-node.js';
import type { NodeFingerprint } from './fingerprints.js';
import type { StoredNodeState } from './node-state.js';

/**
 * SQLMesh's virtual environment on meshwork's fingerprints: the nodes an environment need not
 * build because the target already holds exactly what they would build, each with the target's
 * relation the environment's view reads (`CREATE VIEW shop_cleaned__feature.orders AS SELECT * FROM
 * shop_cleaned.orders`). `target` is the project compiled for the target itself (no environment),
 * `fingerprints` its nodes' fingerprints now, `stored` what the target's node-state table recorded
 * of its last good builds, `existing` the target's relations (`schema.name` → kind).
 *
 * A model or seed is pointed at the target when its data fingerprint equals the recorded one, the
 * recorded relation is the one it builds, and that relation exists as the kind it builds. Since a
 * data fingerprint holds its parents' data fingerprints, a changed model's descendants never match:
 * they are built in the environment, reading its views. Contract views are never pointed: the
 * environment writes and audits its own candidate and publishes its own view (what `mesh env
 * promote` can later hand to the target); tests read what they test in the environment; ephemeral
 * models are inlined.
 *
 * `outside` (a build with --select): a model or seed left out of the selection that the
 * environment does not hold yet is pointed at the target whenever the target has its relation,
 * changed or not, as dbt's --defer reads unselected parents from production; so a selected model
 * finds its parents in the environment, and what an earlier build of it made is kept.
 */
export function environmentPointers(
  target: CompiledProject,
  fingerprints: ReadonlyMap<string, NodeFingerprint>,
  stored: ReadonlyMap<string, StoredNodeState>,
  existing: ReadonlyMap<string, RelationKind>,
  outside?: { readonly selected: ReadonlySet<string>; readonly inEnvironment: (id: string) => boolean },
): Map<string, string> {
  const pointers = new Map<string, string>();
  for (const node of target.nodes.values()) {
    if ((node.kind !== 'model' && node.kind !== 'seed') || node.materialized === 'ephemeral') continue;
    if (!node.schema || !node.identifier || !node.relation) continue;
    const has = existing.get(`${node.schema}.${node.identifier}`);
    if (outside && !outside.selected.has(node.id)) {
      if (has && !outside.inEnvironment(node.id)) pointers.set(node.id, node.relation);
      continue;
    }
    const now = fingerprints.get(node.id);
    const before = stored.get(node.id);
    if (!now || !before || now.data !== before.data || before.relation !== node.relation) continue;
    if (has !== (node.materialized === 'view' ? 'view' : 'table')) continue;
    pointers.set(node.id, node.relation);
  }
  return pointers;
}
