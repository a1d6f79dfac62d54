import type { CompiledNode } from '../compile/compiled-node.js';
import { SNAPSHOT_COLUMNS } from '../plan/snapshot-step.js';
import { TRANSFORMED } from './input-set.js';
import type { ColumnInput } from './lineage-types.js';
import type { ScopeColumn } from './query-scope.js';

/**
 * A snapshot's table holds its query's columns and then its version columns: `snapshot_id` is a
 * hash of the key columns (and of `valid_from`); `valid_from` and `valid_to` are instants of its
 * `updated_at` column (timestamp strategy) or of the build (check strategy: no column);
 * `is_current` and `is_deleted` come from the build, not from data.
 */
export function withSnapshotColumns(node: CompiledNode, columns: readonly ScopeColumn[]): readonly ScopeColumn[] {
  const config = node.config;
  if (node.materialized !== 'snapshot' || !config?.snapshot) return columns;
  const snapshot = config.snapshot;
  const of = (names: readonly string[]): ColumnInput[] =>
    names.flatMap((name) => columns.find((c) => c.name.toLowerCase() === name.toLowerCase())?.inputs ?? []).map((input) => ({ ...input, transformations: [TRANSFORMED] }));
  const instant = snapshot.strategy === 'timestamp' && snapshot.updatedAt ? of([snapshot.updatedAt]) : [];
  const inputs: Record<(typeof SNAPSHOT_COLUMNS)[number], ColumnInput[]> = {
    snapshot_id: [...of(config.uniqueKey), ...instant],
    valid_from: instant,
    valid_to: instant,
    is_current: [],
    is_deleted: [],
  };
  return [...columns, ...SNAPSHOT_COLUMNS.map((name) => ({ name, inputs: inputs[name] }))];
}
