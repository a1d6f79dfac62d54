import type { CompiledProject } from '../compile/compiled-node.js';
import { importedContractViews } from '../compile/contract-views.js';
import type { DatasetId, ProjectLineage } from './lineage-types.js';

/** A dataset the graph does not hold as a node: a declared source or an imported contract. */
export interface ExternalDataset {
  readonly id: DatasetId;
  readonly kind: 'source' | 'import';
  readonly domain: string;
  readonly name: string;
  /** What the compiled SQL reads it as on the target (empty when it has no location there). */
  readonly relation: string;
}

export function sourceId(domain: string, name: string): DatasetId {
  return `source.${domain}.${name}`;
}

/** Every declared source and imported contract, with its relation on the compiled target. */
export function externalDatasets(compiled: CompiledProject): ExternalDataset[] {
  const { project, dialect, target } = compiled;
  const sources = project.domains.flatMap((d) =>
    d.sources.map((s) => ({ id: sourceId(d.name, s.name), kind: 'source' as const, domain: d.name, name: s.name, relation: dialect.sourceRelation(s) ?? '' })),
  );
  const imports = importedContractViews(project, dialect, target.name).map((v) => ({
    id: v.id,
    kind: 'import' as const,
    domain: v.key.split('.')[0]!,
    name: v.id.split('.').slice(2).join('.'),
    relation: v.relation,
  }));
  return [...sources, ...imports];
}

/**
 * What each node reads (table level): its graph parents, plus the sources and imported contracts it
 * reads, which are not graph nodes: those lineage found, and those whose relation is in the
 * compiled SQL (all there is without lineage, and a safety net where lineage could not parse it).
 */
export function datasetReads(compiled: CompiledProject, externals: readonly ExternalDataset[], lineage: ProjectLineage | undefined): Map<DatasetId, DatasetId[]> {
  const reads = new Map<DatasetId, DatasetId[]>();
  const externalIds = new Set(externals.map((e) => e.id));
  for (const node of compiled.nodes.values()) {
    const parents = new Set(compiled.graph.parents(node.id));
    for (const id of lineage?.datasets.get(node.id)?.upstream ?? []) if (externalIds.has(id) || compiled.nodes.has(id)) parents.add(id);
    const sql = [node.select.sql, node.incrementalSelect?.sql ?? ''].join('\n');
    for (const e of externals) {
      // A source is only readable from its own domain.
      if (e.relation === '' || (e.kind === 'source' && e.domain !== node.domain)) continue;
      if (sql.includes(e.relation)) parents.add(e.id);
    }
    parents.delete(node.id);
    reads.set(node.id, [...parents].sort());
  }
  for (const e of externals) reads.set(e.id, []);
  return reads;
}
