import { nearestNames } from '../diagnostics/suggest.js';
import type { MeshGraph } from '../graph/mesh-graph.js';
import { reachable } from '../graph/reachable.js';
import { nodeSelector, type SelectableGraph, type SelectableNode, type Selection, type SelectNodes } from '../graph/select-nodes.js';
import { selectorParser } from '../graph/selector-parse.js';
import { scriptAssigning } from './site-data.js';

/** The global the site's selector box calls: `MESH_SELECTION.select(text)`. */
export const SELECTION_GLOBAL = 'MESH_SELECTION';

/** The project's graph as the selector needs it: nodes in the graph's order, parents sorted, and one topological order. */
export interface SelectionGraphData {
  readonly nodes: readonly (SelectableNode & { readonly parents: readonly string[] })[];
  readonly order: readonly string[];
}

export function selectionGraphData(graph: MeshGraph): SelectionGraphData {
  return {
    nodes: graph.ids().map((id) => {
      const { kind, name, domain, stage, tags } = graph.node(id);
      return { id, kind, name, domain, stage, tags, parents: graph.parents(id) };
    }),
    order: graph.topologicalOrder(),
  };
}

/**
 * `--select` over the graph data, for the browser. Uses nothing but its arguments: its source is
 * shipped in the site. Selected ids come in the data's topological order (the same set as
 * `graph.select`; the order of ties may differ, which a picture does not show).
 */
export function siteSelector(data: SelectionGraphData, selectNodes: SelectNodes): { select(text: string): Selection } {
  const byId = new Map(data.nodes.map((node) => [node.id, node]));
  const children = new Map<string, string[]>(data.nodes.map((node) => [node.id, []]));
  for (const node of data.nodes) for (const parent of node.parents) children.get(parent)?.push(node.id);
  for (const list of children.values()) list.sort();
  const known = (id: string) => {
    const node = byId.get(id);
    if (!node) throw new Error(`graph: unknown node ${id}`);
    return node;
  };
  const graph: SelectableGraph = {
    ids: () => data.nodes.map((node) => node.id),
    node: known,
    parents: (id) => known(id).parents,
    children: (id) => children.get(id) ?? [],
    topologicalOrder: (ids) => {
      const wanted = new Set(ids);
      return data.order.filter((id) => wanted.has(id));
    },
  };
  return { select: (text) => selectNodes(graph, [text], undefined) };
}

/**
 * `selection.js`: the project's graph and meshwork's own selector code (the functions behind
 * `mesh build --select`, as they run here), so that the site selects exactly as the CLI does.
 * Pages opened from file:// cannot load modules, hence source text in a classic script.
 */
export function selectionScript(graph: MeshGraph): string {
  const parts = [nearestNames, reachable, selectorParser, nodeSelector, siteSelector].map((fn) => `${fn.toString()}\n`).join('');
  return [
    scriptAssigning('MESH_GRAPH', selectionGraphData(graph)),
    `window.${SELECTION_GLOBAL} = (() => {\n'use strict';\n${parts}`,
    'const parseSelectors = selectorParser(nearestNames);',
    'return siteSelector(window.MESH_GRAPH, nodeSelector({ parseSelectors, reachable, nearestNames }));',
    '})();',
    '',
  ].join('\n');
}
