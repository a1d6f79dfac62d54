import { EngineError, type Adapter } from '../adapters/adapter.js';
import type { Dialect } from '../adapters/dialect.js';
import { PUBLISHED_STATE_SCHEMA } from '../plan/build-plan.js';

/**
 * What the warehouse records of a node's last good build, in meshwork's state schema beside the
 * published contracts: the relation it built and the fingerprints it was built with. A laptop and
 * CI building one target read the same rows, so neither rebuilds what the other already built.
 * A node without a row (never built, failed, a test that found failures) is built again.
 */
export interface StoredNodeState {
  /** The relation the node wrote (`schema.name` as the dialect quotes it); empty for tests. */
  readonly relation: string;
  readonly data: string;
  readonly metadata: string;
}

export const NODE_STATE_TABLE = 'node_state';

/** The node-state table of a target (its state schema: `meshwork`, with the target's schema naming). */
export function nodeStateRelation(dialect: Dialect): string {
  return dialect.relation(dialect.schemaName(PUBLISHED_STATE_SCHEMA), NODE_STATE_TABLE);
}

/** The engine name (`schema.name`, unquoted) the relation listing uses for the node-state table. */
export function nodeStateKey(dialect: Dialect): string {
  return `${dialect.schemaName(PUBLISHED_STATE_SCHEMA)}.${NODE_STATE_TABLE}`;
}

/** The query that reads the node-state table back (`built_at` is for people querying it). */
export function nodeStateQuery(relation: string): string {
  return `SELECT node_id, relation, data_fingerprint, metadata_fingerprint FROM ${relation}`;
}

/**
 * Every node's recorded state, by node id; empty when the table does not exist yet (`relation`
 * undefined: the caller lists the state schema's relations first, as the build does).
 */
export async function readNodeState(adapter: Adapter, relation: string | undefined): Promise<Map<string, StoredNodeState>> {
  const stored = new Map<string, StoredNodeState>();
  if (!relation) return stored;
  const rows = await adapter.queryRows(nodeStateQuery(relation), Number.MAX_SAFE_INTEGER);
  for (const row of rows.rows) {
    const [id, rel, data, metadata] = row;
    if (typeof id !== 'string' || typeof data !== 'string' || typeof metadata !== 'string') {
      throw new EngineError(`a row of ${relation} holds no node state meshwork wrote (${JSON.stringify(row).slice(0, 60)}); delete that row`, 0);
    }
    stored.set(id, { relation: typeof rel === 'string' ? rel : '', data, metadata });
  }
  return stored;
}
