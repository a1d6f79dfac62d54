import { describeTransformations, domainOf, vertexKey, type LineageEdge, type LineageSubgraph, type LineageVertex } from './lineage-subgraph.js';

/**
 * The subgraph as terminal trees, one per direction: each line a dataset or column and how it
 * feeds its parent (upstream) or is fed (downstream). A step into another domain is marked; a
 * vertex already printed is not expanded again.
 */
export function formatLineageText(graph: LineageSubgraph): string[] {
  const lines = [vertexKey(graph.target)];
  for (const [title, edges, child] of [
    ['upstream', graph.upstream, (e: LineageEdge) => e.from],
    ['downstream', graph.downstream, (e: LineageEdge) => e.to],
  ] as const) {
    if (graph.direction !== 'both' && graph.direction !== title) continue;
    const parent = (e: LineageEdge): LineageVertex => (child(e) === e.from ? e.to : e.from);
    const byParent = new Map<string, LineageEdge[]>();
    for (const edge of edges) {
      const key = vertexKey(parent(edge));
      byParent.set(key, [...(byParent.get(key) ?? []), edge]);
    }
    lines.push(`${title}:`);
    const printed = new Set<string>([vertexKey(graph.target)]);
    const tree = (vertex: LineageVertex, indent: string): void => {
      const children = [...(byParent.get(vertexKey(vertex)) ?? [])].sort((a, b) => vertexKey(child(a)).localeCompare(vertexKey(child(b))));
      for (const [i, edge] of children.entries()) {
        const last = i === children.length - 1;
        const next = child(edge);
        const key = vertexKey(next);
        const how = describeTransformations(edge.transformations);
        const crossing = domainOf(next.dataset) !== domainOf(vertex.dataset) ? `  [domain ${domainOf(next.dataset)}]` : '';
        const repeat = printed.has(key) && byParent.has(key) ? '  (see above)' : '';
        lines.push(`${indent}${last ? '└─ ' : '├─ '}${key}${how ? `  ${how}` : ''}${crossing}${repeat}`);
        if (printed.has(key)) continue;
        printed.add(key);
        tree(next, indent + (last ? '   ' : '│  '));
      }
    };
    tree(graph.target, '');
    if (edges.length === 0) lines.push('   (none)');
  }
  return lines;
}
