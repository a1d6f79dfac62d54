import type { CompiledProject } from '../compile/compiled-node.js';
import type { DatasetId, DatasetLineage, ProjectLineage } from './lineage-types.js';

/**
 * Lineage with the column types the warehouse reports for what a build created: the types are
 * the engine's own, and a build need not bind every model a second time to learn them.
 * `rows` are `<schema>\t<table>\t<column>\t<type>`, as `Dialect.schemaColumnTypesSql` lists them.
 */
export function withEngineTypes(lineage: ProjectLineage, compiled: CompiledProject, rows: readonly string[]): ProjectLineage {
  const byRelation = new Map<string, DatasetId>();
  for (const node of compiled.nodes.values()) if (node.schema && node.identifier) byRelation.set(`${node.schema}\t${node.identifier}`, node.id);
  const types = new Map<DatasetId, Map<string, string>>();
  for (const row of rows) {
    const [schema, table, column, type] = row.split('\t') as [string, string, string, string];
    const id = byRelation.get(`${schema}\t${table}`);
    if (!id) continue;
    if (!types.has(id)) types.set(id, new Map());
    types.get(id)!.set(column, type);
  }
  const datasets = new Map<DatasetId, DatasetLineage>();
  for (const [id, dataset] of lineage.datasets) {
    const reported = types.get(id);
    datasets.set(id, reported ? { ...dataset, columns: dataset.columns.map((c) => (reported.has(c.name) ? { ...c, type: reported.get(c.name)! } : c)) } : dataset);
  }
  return { datasets };
}
