import type { Adapter } from '../adapters/adapter.js';
import { bindModels } from '../compile/bind-models.js';
import type { CompiledProject } from '../compile/compiled-node.js';
import { describeQuery, relationColumns } from './duckdb-parse.js';
import type { DatasetId } from './lineage-types.js';

export interface BoundColumn {
  readonly name: string;
  readonly type: string;
}

/**
 * Output columns of every model, seed and contract view as DuckDB's binder names and types them.
 * Each is created in dependency order as an empty table by `bindModels` (the binder `mesh check`
 * uses), then all are read from the catalog at once. A node that does not bind (a source file missing, an error) is
 * left out with the nodes that read it; the parse tree alone describes them.
 * With `only`, just those nodes are described (their ancestors are bound, as they must be).
 */
export async function bindColumns(compiled: CompiledProject, scratch: Adapter, only?: ReadonlySet<DatasetId>): Promise<Map<DatasetId, BoundColumn[]>> {
  const outcome = await bindModels(compiled, scratch, only ? { only } : {});
  const bound = new Map<DatasetId, BoundColumn[]>();
  for (const id of compiled.graph.topologicalOrder(only)) {
    const node = compiled.nodes.get(id)!;
    if (node.kind === 'test' || node.relation || outcome.blocked.has(id)) continue;
    // Ephemeral: not created, its readers inline it (and so does its own SQL, for the ephemerals it reads).
    const described = await describeQuery(scratch, node.select.sql);
    if ('columns' in described) bound.set(id, described.columns);
  }
  const schemas = [...new Set([...outcome.created].flatMap((id) => compiled.nodes.get(id)!.schema ?? []))];
  const columns = await relationColumns(scratch, schemas);
  for (const id of outcome.created) {
    if (only && !only.has(id)) continue;
    const node = compiled.nodes.get(id)!;
    const found = node.schema && node.identifier ? columns.get(`${node.schema}.${node.identifier}`.toLowerCase()) : undefined;
    if (found) bound.set(id, found);
  }
  return bound;
}
