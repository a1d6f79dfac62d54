import type { LineageTarget } from './lineage-target.js';
import type { DatasetId, ProjectLineage, Transformation } from './lineage-types.js';

export type LineageDirection = 'upstream' | 'downstream' | 'both';

/** A dataset (table level) or one of its columns. */
export type LineageVertex = LineageTarget;

/** Data flows `from` → `to`; table-level edges have no transformations. */
export interface LineageEdge {
  readonly from: LineageVertex;
  readonly to: LineageVertex;
  readonly transformations: readonly Transformation[];
}

/** What `mesh lineage` prints: the edges reached from the target, walking each way. */
export interface LineageSubgraph {
  readonly target: LineageVertex;
  readonly direction: LineageDirection;
  readonly upstream: readonly LineageEdge[];
  readonly downstream: readonly LineageEdge[];
}

export const vertexKey = (v: LineageVertex): string => (v.column === undefined ? v.dataset : `${v.dataset}.${v.column}`);

/**
 * The lineage around a dataset or column, `depth` edges each way at most (default: all the way).
 * A column's edges are its column-level inputs; a dataset's, the datasets it reads. Each vertex
 * is expanded once, so shared ancestry is walked once however many paths reach it.
 */
export function lineageSubgraph(lineage: ProjectLineage, target: LineageTarget, options: { direction?: LineageDirection; depth?: number } = {}): LineageSubgraph {
  const direction = options.direction ?? 'both';
  const depth = options.depth ?? Infinity;
  const up = (v: LineageVertex): LineageEdge[] => {
    const dataset = lineage.datasets.get(v.dataset);
    if (!dataset) return [];
    if (v.column === undefined) return dataset.upstream.map((id) => ({ from: { dataset: id }, to: v, transformations: [] }));
    const column = dataset.columns.find((c) => c.name === v.column);
    return (column?.inputs ?? []).map((i) => ({ from: { dataset: i.dataset, column: i.column }, to: v, transformations: i.transformations }));
  };
  let readers: Map<string, LineageEdge[]> | undefined;
  const down = (v: LineageVertex): LineageEdge[] => {
    readers ??= readerIndex(lineage);
    return readers.get(vertexKey(v)) ?? [];
  };
  return {
    target,
    direction,
    upstream: direction === 'downstream' ? [] : walk(target, depth, (v) => up(v).map((e) => [e, e.from])),
    downstream: direction === 'upstream' ? [] : walk(target, depth, (v) => down(v).map((e) => [e, e.to])),
  };
}

function walk(start: LineageVertex, depth: number, next: (v: LineageVertex) => [LineageEdge, LineageVertex][]): LineageEdge[] {
  const edges: LineageEdge[] = [];
  const seen = new Set([vertexKey(start)]);
  let frontier = [start];
  for (let level = 0; level < depth && frontier.length > 0; level++) {
    const following: LineageVertex[] = [];
    for (const vertex of frontier) {
      for (const [edge, other] of next(vertex)) {
        edges.push(edge);
        if (seen.has(vertexKey(other))) continue;
        seen.add(vertexKey(other));
        following.push(other);
      }
    }
    frontier = following;
  }
  return edges;
}

/** For each dataset and column, the edges to what reads it. */
function readerIndex(lineage: ProjectLineage): Map<string, LineageEdge[]> {
  const index = new Map<string, LineageEdge[]>();
  const add = (from: LineageVertex, edge: LineageEdge): void => {
    const key = vertexKey(from);
    const list = index.get(key);
    if (list) list.push(edge);
    else index.set(key, [edge]);
  };
  for (const dataset of lineage.datasets.values()) {
    const to: LineageVertex = { dataset: dataset.id };
    for (const id of dataset.upstream) add({ dataset: id }, { from: { dataset: id }, to, transformations: [] });
    for (const column of dataset.columns) {
      for (const input of column.inputs) {
        const from = { dataset: input.dataset, column: input.column };
        add(from, { from, to: { dataset: dataset.id, column: column.name }, transformations: input.transformations });
      }
    }
  }
  return index;
}

/** `checkout` for `model.checkout.orders`: the domain a dataset belongs to. */
export function domainOf(dataset: DatasetId): string {
  return dataset.split('.')[1] ?? dataset;
}

/** `IDENTITY`, `AGGREGATION`, `INDIRECT FILTER`, `TRANSFORMATION (masked)`. */
export function describeTransformations(transformations: readonly Transformation[]): string {
  return transformations.map((t) => `${t.type === 'INDIRECT' ? 'INDIRECT ' : ''}${t.subtype}${t.masking ? ' (masked)' : ''}`).join(', ');
}
