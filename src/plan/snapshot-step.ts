import type { RelationKind } from '../adapters/adapter.js';
import type { Dialect } from '../adapters/dialect.js';
import type { CompiledNode } from '../compile/compiled-node.js';
import type { SnapshotConfig } from '../parse/definitions.js';
import type { TemplateEngine, TracedStatements } from '../template/template-engine.js';

/** The columns a snapshot adds after the query's own, in this order. */
export const SNAPSHOT_COLUMNS = ['snapshot_id', 'valid_from', 'valid_to', 'is_current', 'is_deleted'] as const;

/**
 * A snapshot's statements: the first build (or one over a view of the same name) creates the table
 * with the current state; later builds close and open versions. `--full-refresh` does not rebuild
 * it, as in dbt: the history is the point of a snapshot and cannot be rebuilt from the query.
 * `columns`: the existing table's columns in order (check_cols: all compares each of the query's).
 */
export function snapshotStatements(
  node: CompiledNode & { readonly config: { readonly snapshot: SnapshotConfig } },
  current: RelationKind | undefined,
  engine: TemplateEngine,
  dialect: Dialect,
  columns: readonly string[] | undefined,
): TracedStatements {
  const { snapshot, uniqueKey } = node.config;
  const quote = (c: string): string => dialect.quoteIdentifier(c);
  const context = {
    relation: node.relation,
    sql: node.select.sql,
    unique_key: uniqueKey.map(quote),
    updated_at: snapshot.strategy === 'timestamp' && snapshot.updatedAt ? quote(snapshot.updatedAt) : undefined,
  };
  if (current !== 'table') {
    return engine.tracedStatements('materializations/snapshot_create', { ...context, replaces: current === 'view' ? 'VIEW' : undefined });
  }
  const own = columns?.filter((c) => !(SNAPSHOT_COLUMNS as readonly string[]).includes(c));
  const checked = snapshot.strategy !== 'check' ? [] : snapshot.checkCols === 'all' ? (own ?? []).filter((c) => !uniqueKey.includes(c)) : (snapshot.checkCols ?? []);
  return engine.tracedStatements('materializations/snapshot', {
    ...context,
    temp: quote(`__mesh_tmp_${node.identifier}`),
    check_cols: checked.map(quote),
    hard_deletes: snapshot.hardDeletes,
    // The query's columns in the table's order, for engines whose INSERT names them (BigQuery's MERGE); unknown in a plan made without the warehouse.
    columns: own?.map(quote),
  });
}
