import type { Adapter } from '../adapters/adapter.js';
import type { CompiledProject } from '../compile/compiled-node.js';
import { describeQuery, relationColumns } from './duckdb-parse.js';
import type { DatasetId } from './lineage-types.js';

export interface BoundColumn {
  readonly name: string;
  readonly type: string;
}

/**
 * Output columns of every model, seed and contract view as DuckDB's binder names and types them.
 * Each is created in dependency order as an empty table (`LIMIT 0`: nothing is computed, and a
 * table, unlike a view, does not make every reader bind its whole ancestry again), then all are
 * read from the catalog at once. A node that does not bind (a source file missing, an error) is
 * left out with the nodes that read it; the parse tree alone describes them.
 */
export async function bindColumns(compiled: CompiledProject, scratch: Adapter): Promise<Map<DatasetId, BoundColumn[]>> {
  const order = compiled.graph.topologicalOrder().filter((id) => compiled.nodes.get(id)?.kind !== 'test');
  const schemas = [...new Set(order.flatMap((id) => compiled.nodes.get(id)!.schema ?? []))];
  await scratch.ensureSchemas(schemas.map((name) => ({ name })));
  const failed = new Set<string>();
  const bound = new Map<DatasetId, BoundColumn[]>();
  for (const id of order) {
    const node = compiled.nodes.get(id)!;
    if (node.dependsOn.some((d) => failed.has(d.id))) {
      failed.add(id);
      continue;
    }
    if (!node.relation) {
      // Ephemeral: not created, its readers inline it. Described alone, which fails when it reads
      // another ephemeral (not inlined in its own SQL): its readers bind all the same.
      const described = await describeQuery(scratch, node.select.sql);
      if ('columns' in described) bound.set(id, described.columns);
      continue;
    }
    try {
      await scratch.execute([{ sql: `CREATE OR REPLACE TABLE ${node.relation} AS SELECT * FROM (\n${node.select.sql}\n) LIMIT 0` }]);
    } catch {
      failed.add(id);
    }
  }
  const columns = await relationColumns(scratch, schemas);
  for (const id of order) {
    const node = compiled.nodes.get(id)!;
    const found = node.schema && node.identifier ? columns.get(`${node.schema}.${node.identifier}`.toLowerCase()) : undefined;
    if (found && !failed.has(id)) bound.set(id, found);
  }
  return bound;
}
