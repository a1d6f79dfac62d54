import type { Adapter } from '../adapters/adapter.js';
import type { CompiledProject } from '../compile/compiled-node.js';
import type { StateComparison } from '../graph/select-nodes.js';
import { dataFingerprint } from './fingerprints.js';
import { nodeStateRelation, readNodeState } from './node-state.js';
import { UNKNOWN_STAMP, type ProjectFingerprints } from './project-fingerprints.js';

/** What a previous state recorded per node: a manifest's fingerprints, or the warehouse's node-state rows. */
export interface PreviousState {
  /** Named in messages: `prod/manifest.json`, `the node state of target 'dev'`. */
  readonly against: string;
  readonly nodes: ReadonlyMap<string, { readonly data: string; readonly metadata: string }>;
  /** The stamps its sources had (a manifest records them; the warehouse does not). */
  readonly sourceStamps?: ReadonlyMap<string, string>;
}

/**
 * Sorts the project's nodes against a previous state for `state:` selectors. A node is modified
 * when its own definition changed, not when only a parent's did (dbt's meaning: `state:modified+`
 * adds the descendants). A data fingerprint hashes the parents' ones, so a node whose data
 * fingerprint differs is hashed again over its parents' previous fingerprints: equal then, the
 * change came from upstream. A source whose stamp changed counts as a change of the nodes reading
 * it (their input changed); one that cannot be stamped takes its previous stamp when recorded.
 */
export function compareState(compiled: CompiledProject, current: ProjectFingerprints, previous: PreviousState): StateComparison {
  const modifiedData = new Set<string>();
  const modifiedMetadata = new Set<string>();
  const added = new Set<string>();
  const parentData = (id: string): string | undefined => previous.nodes.get(id)?.data ?? current.nodes.get(id)?.data;
  const sourceStamp = (id: string): string => {
    const now = current.sourceStamps.get(id);
    return now === undefined || now.startsWith(UNKNOWN_STAMP) ? (previous.sourceStamps?.get(id) ?? now ?? UNKNOWN_STAMP) : now;
  };
  for (const [id, fingerprint] of current.nodes) {
    const before = previous.nodes.get(id);
    if (!before) {
      added.add(id);
      continue;
    }
    if (fingerprint.metadata !== before.metadata) modifiedMetadata.add(id);
    if (fingerprint.data !== before.data && dataFingerprint(compiled, compiled.nodes.get(id)!, parentData, sourceStamp) !== before.data) modifiedData.add(id);
  }
  return { against: previous.against, modifiedData, modifiedMetadata, added };
}

/**
 * `state:` selectors of `mesh build` without `--state`: the comparison with the target's node-state
 * table (the fingerprints each node was last built with). `stateTableExists`: whether the build's
 * listing of the state schema found the table (no table: every node is new).
 */
export async function warehouseComparison(
  adapter: Adapter,
  compiled: CompiledProject,
  current: ProjectFingerprints,
  stateTableExists: boolean,
): Promise<StateComparison> {
  const relation = nodeStateRelation(compiled.dialect);
  const stored = await readNodeState(adapter, stateTableExists ? relation : undefined);
  return compareState(compiled, current, { against: `the node state of target '${compiled.target.name}' (${relation})`, nodes: stored });
}
