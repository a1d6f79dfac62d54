import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { findCycles } from './find-cycles.js';
import type { GraphNode } from './graph-node.js';
import { MeshGraph } from './mesh-graph.js';

export interface GraphBuild {
  readonly graph: MeshGraph;
  /** MESH160 errors, one per cycle; the graph is returned anyway and callers stop on errors. */
  readonly diagnostics: Diagnostic[];
}

/** The graph stage's entry: nodes with resolved dependencies in, a checked graph out. */
export function buildGraph(nodes: readonly GraphNode[]): GraphBuild {
  const graph = new MeshGraph(nodes);
  return { graph, diagnostics: findCycles(graph) };
}
