import { describeTransformations, domainOf, vertexKey, type LineageEdge, type LineageSubgraph, type LineageVertex } from './lineage-subgraph.js';

/** Vertices and edges of both directions once each, the target first; vertices grouped by domain. */
function flatten(graph: LineageSubgraph): { vertices: LineageVertex[]; edges: LineageEdge[] } {
  const vertices = new Map<string, LineageVertex>([[vertexKey(graph.target), graph.target]]);
  const edges = new Map<string, LineageEdge>();
  for (const edge of [...graph.upstream, ...graph.downstream]) {
    for (const v of [edge.from, edge.to]) if (!vertices.has(vertexKey(v))) vertices.set(vertexKey(v), v);
    edges.set(`${vertexKey(edge.from)} -> ${vertexKey(edge.to)}`, edge);
  }
  return { vertices: [...vertices.values()], edges: [...edges.values()] };
}

function byDomain(vertices: readonly LineageVertex[]): Map<string, LineageVertex[]> {
  const groups = new Map<string, LineageVertex[]>();
  for (const v of vertices) groups.set(domainOf(v.dataset), [...(groups.get(domainOf(v.dataset)) ?? []), v]);
  return groups;
}

const indirectOnly = (edge: LineageEdge): boolean => edge.transformations.length > 0 && edge.transformations.every((t) => t.type === 'INDIRECT');

/** `mesh lineage --format json`: the vertices and edges, for tools. */
export function formatLineageJson(graph: LineageSubgraph): string {
  const { vertices, edges } = flatten(graph);
  return JSON.stringify({
    target: graph.target,
    direction: graph.direction,
    vertices: vertices.map((v) => ({ id: vertexKey(v), dataset: v.dataset, ...(v.column !== undefined ? { column: v.column } : {}), domain: domainOf(v.dataset) })),
    edges: edges.map((e) => ({ from: vertexKey(e.from), to: vertexKey(e.to), transformations: e.transformations })),
  });
}

/** `mesh lineage --format dot` (Graphviz): one cluster per domain, indirect edges dashed, the target bold. */
export function formatLineageDot(graph: LineageSubgraph): string[] {
  const { vertices, edges } = flatten(graph);
  const quote = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const lines = ['digraph lineage {', '  rankdir=LR;', '  node [shape=box, fontname="Helvetica"];'];
  for (const [domain, members] of byDomain(vertices)) {
    lines.push(`  subgraph ${quote(`cluster_${domain}`)} {`, `    label=${quote(domain)};`);
    for (const v of members) lines.push(`    ${quote(vertexKey(v))}${vertexKey(v) === vertexKey(graph.target) ? ' [style=bold]' : ''};`);
    lines.push('  }');
  }
  for (const e of edges) {
    const attributes = [...(e.transformations.length > 0 ? [`label=${quote(describeTransformations(e.transformations))}`] : []), ...(indirectOnly(e) ? ['style=dashed'] : [])];
    lines.push(`  ${quote(vertexKey(e.from))} -> ${quote(vertexKey(e.to))}${attributes.length > 0 ? ` [${attributes.join(', ')}]` : ''};`);
  }
  lines.push('}');
  return lines;
}

/** `mesh lineage --format mermaid`: a flowchart, one subgraph per domain, indirect edges dotted. */
export function formatLineageMermaid(graph: LineageSubgraph): string[] {
  const { vertices, edges } = flatten(graph);
  const ids = new Map(vertices.map((v, i) => [vertexKey(v), `n${i}`]));
  const text = (s: string): string => s.replace(/"/g, '#quot;');
  const lines = ['flowchart LR'];
  for (const [domain, members] of byDomain(vertices)) {
    lines.push(`  subgraph d_${domain.replace(/[^\w-]/g, '_')}["${text(domain)}"]`);
    for (const v of members) lines.push(`    ${ids.get(vertexKey(v))}["${text(vertexKey(v))}"]`);
    lines.push('  end');
  }
  for (const e of edges) {
    const label = e.transformations.length > 0 ? `|"${text(describeTransformations(e.transformations))}"|` : '';
    lines.push(`  ${ids.get(vertexKey(e.from))} ${indirectOnly(e) ? '-.->' : '-->'}${label} ${ids.get(vertexKey(e.to))}`);
  }
  lines.push(`  style ${ids.get(vertexKey(graph.target))} stroke-width:3px`);
  return lines;
}
