import { DirectedGraph } from 'graphology';
import { hasCycle } from 'graphology-dag';
import type { GraphNode } from './graph-node.js';
import { executionOrder, type ExecutionStep } from './execution-order.js';
import { reachable } from './reachable.js';
import { selectNodes, type Selection, type SelectionContext } from './select-nodes.js';
import { sortTopologically } from './topological-sort.js';

interface NodeAttributes {
  readonly node: GraphNode;
}

interface EdgeAttributes {
  /** Line in the child's file where it references the parent, when known. */
  readonly line: number | undefined;
}

/**
 * The dependency graph of a project. Edges run from a node to the nodes that read it (parent to
 * child), as in dbt. The only holder of a graphology graph: everything else speaks in node ids.
 * Lists of ids are sorted (code-unit order) so that output never depends on file-reading order.
 */
export class MeshGraph {
  readonly #graph = new DirectedGraph<NodeAttributes, EdgeAttributes>();

  /** Throws when an id repeats or a dependency is unknown: the parse stage reports those first. */
  constructor(nodes: readonly GraphNode[]) {
    for (const node of nodes) {
      if (this.#graph.hasNode(node.id)) throw new Error(`graph: node ${node.id} given twice`);
      this.#graph.addNode(node.id, { node });
    }
    for (const node of nodes) {
      for (const { id, line } of node.dependsOn) {
        if (!this.#graph.hasNode(id)) throw new Error(`graph: ${node.id} depends on unknown node ${id}`);
        if (!this.#graph.hasEdge(id, node.id)) {
          this.#graph.addEdge(id, node.id, { line });
          continue;
        }
        // A model may ref the same node twice; messages point at the first reference.
        const known = this.#graph.getEdgeAttribute(id, node.id, 'line');
        if (line !== undefined && (known === undefined || line < known)) {
          this.#graph.replaceEdgeAttributes(id, node.id, { line });
        }
      }
    }
  }

  get size(): number {
    return this.#graph.order;
  }

  has(id: string): boolean {
    return this.#graph.hasNode(id);
  }

  node(id: string): GraphNode {
    this.#assertKnown(id);
    return this.#graph.getNodeAttribute(id, 'node');
  }

  /** Every id, in the order the nodes were given. */
  ids(): string[] {
    return this.#graph.nodes();
  }

  /** Nodes `id` reads directly. */
  parents(id: string): string[] {
    this.#assertKnown(id);
    return this.#graph.inNeighbors(id).sort();
  }

  /** Whether any node reads itself, directly or not: a cheap check before looking for the cycles themselves. */
  hasCycle(): boolean {
    return hasCycle(this.#graph);
  }

  /** `parents` in graphology's order: for whole-graph walks where order does not matter and sorting would dominate. */
  unorderedParents(id: string): readonly string[] {
    return this.#graph.inNeighbors(id);
  }

  /** Nodes that read `id` directly. */
  children(id: string): string[] {
    this.#assertKnown(id);
    return this.#graph.outNeighbors(id).sort();
  }

  /** Nodes `id` reads directly or indirectly, at most `depth` steps up; `id` itself excluded. */
  ancestors(id: string, depth = Infinity): string[] {
    this.#assertKnown(id);
    // Unsorted neighbours: the set within `depth` steps does not depend on their order, and the result is sorted once.
    return [...reachable([id], (n) => this.#graph.inNeighbors(n), depth)].sort();
  }

  /** Nodes that read `id` directly or indirectly, at most `depth` steps down; `id` itself excluded. */
  descendants(id: string, depth = Infinity): string[] {
    this.#assertKnown(id);
    return [...reachable([id], (n) => this.#graph.outNeighbors(n), depth)].sort();
  }

  /** The 1-based line in `id`'s file where it references `parentId`, when known. */
  referenceLine(id: string, parentId: string): number | undefined {
    if (!this.#graph.hasEdge(parentId, id)) throw new Error(`graph: ${id} does not depend on ${parentId}`);
    return this.#graph.getEdgeAttribute(parentId, id, 'line');
  }

  /**
   * Parents before children, ties broken by id; only `ids` when given (still ordered by paths
   * through the other nodes). Throws on a cycle: buildGraph has reported it as an error.
   */
  topologicalOrder(ids?: Iterable<string>): string[] {
    let emit: Set<string> | undefined;
    if (ids !== undefined) {
      emit = new Set(ids);
      for (const id of emit) this.#assertKnown(id);
    }
    const view = {
      ids: this.ids(),
      predecessors: (id: string) => this.#graph.inNeighbors(id),
      successors: (id: string) => this.#graph.outNeighbors(id),
    };
    return sortTopologically(view, emit);
  }

  /** dbt-style selection (see select-nodes.ts); ids in topological order. */
  select(select: readonly string[] | undefined, exclude: readonly string[] | undefined, context?: SelectionContext): Selection {
    return selectNodes(this, select, exclude, context);
  }

  /** What each selected node waits for before it runs (see execution-order.ts). */
  executionOrder(selected: readonly string[]): ExecutionStep[] {
    return executionOrder(this, selected);
  }

  #assertKnown(id: string): void {
    if (!this.#graph.hasNode(id)) throw new Error(`graph: unknown node ${id}`);
  }
}
