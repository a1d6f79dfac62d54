import type { CompiledProject } from '../compile/compiled-node.js';
import type { DatasetId, ProjectLineage } from './lineage-types.js';

export interface UnresolvedColumn {
  readonly dataset: DatasetId;
  /** `*` when the node's columns are not known at all. */
  readonly column: string;
  readonly reason: string;
}

export interface LineageCoverage {
  /** Columns of models and contract views. */
  readonly columns: number;
  /** Those whose every input leads, transitively, to source, seed or imported-contract columns. */
  readonly resolved: number;
  /** resolved / columns (1 for a project with no columns). */
  readonly share: number;
  readonly unresolved: readonly UnresolvedColumn[];
}

const LEAF_KINDS = new Set(['source', 'seed', 'import']);

/**
 * How much of the project's lineage is known: a model or contract-view column counts as resolved
 * when it and every column it reads, all the way up, were analysed, ending at columns of sources,
 * seeds or imported contracts (or at no column: `count(*)`, a constant). Each unresolved column
 * comes with the reason found where its lineage stops.
 */
export function lineageCoverage(lineage: ProjectLineage, compiled: CompiledProject): LineageCoverage {
  const memo = new Map<string, string | null>();
  const why = (dataset: DatasetId, column: string): string | null => {
    const key = `${dataset}\u0000${column}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    memo.set(key, null); // a cycle cannot happen in a DAG; this only stops a broken graph from looping
    const reason = reasonFor(dataset, column);
    memo.set(key, reason);
    return reason;
  };
  const reasonFor = (id: DatasetId, name: string): string | null => {
    const dataset = lineage.datasets.get(id);
    if (!dataset) return `${id} has no lineage`;
    const column = dataset.columns.find((c) => c.name === name) ?? dataset.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
    if (!column) return dataset.columns.length === 0 && dataset.unresolved ? `${id}: ${dataset.unresolved}` : `${id} has no column '${name}'`;
    if (column.unresolved) return `${id}.${column.name}: ${column.unresolved}`;
    if (LEAF_KINDS.has(id.split('.')[0]!)) return null;
    for (const input of column.inputs) {
      const upstream = why(input.dataset, input.column);
      if (upstream) return upstream;
    }
    return null;
  };

  let columns = 0;
  const unresolved: UnresolvedColumn[] = [];
  for (const node of compiled.nodes.values()) {
    if (node.kind !== 'model' && node.kind !== 'contract') continue;
    const dataset = lineage.datasets.get(node.id);
    if (!dataset || dataset.columns.length === 0) {
      columns += 1;
      unresolved.push({ dataset: node.id, column: '*', reason: dataset?.unresolved ?? 'no lineage computed' });
      continue;
    }
    for (const column of dataset.columns) {
      columns += 1;
      const reason = why(node.id, column.name);
      if (reason) unresolved.push({ dataset: node.id, column: column.name, reason });
    }
  }
  const resolved = columns - unresolved.length;
  return { columns, resolved, share: columns === 0 ? 1 : resolved / columns, unresolved };
}
