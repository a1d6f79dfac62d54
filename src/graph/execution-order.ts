import type { MeshGraph } from './mesh-graph.js';
import { canReach } from './reachable.js';
import { sortTopologically } from './topological-sort.js';

export interface ExecutionStep {
  readonly id: string;
  /** Selected ids that must finish first, sorted. */
  readonly waitsFor: readonly string[];
}

/**
 * What the scheduler runs and in which order, with dbt build's semantics: a node waits for its
 * selected parents and for the selected tests of those parents, so a failing test skips what is
 * built on the data it rejected. Tests do not wait for sibling tests. A test edge is only added
 * when the test does not read the node (directly or through unselected nodes) and when it closes
 * no loop among the waits already added: a test that reads two models can otherwise tie them in a
 * knot. Returned in topological order of the waits, ties broken by id.
 */
export function executionOrder(graph: MeshGraph, selected: readonly string[]): ExecutionStep[] {
  const chosen = new Set(selected);
  const waits = new Map<string, Set<string>>();
  const unblocks = new Map<string, Set<string>>();
  for (const id of chosen) {
    waits.set(id, new Set());
    unblocks.set(id, new Set());
  }
  const addWait = (id: string, on: string): void => {
    waits.get(id)!.add(on);
    unblocks.get(on)!.add(id);
  };

  const order = graph.topologicalOrder(chosen);
  // Like dbt: with A → B → C and only A and C selected, C still waits for A, since it reads A through B.
  const nearest = new Map<string, readonly string[]>();
  const nearestSelected = (id: string): readonly string[] => {
    let found = nearest.get(id);
    if (!found) {
      found = [...new Set(graph.parents(id).flatMap((p) => (chosen.has(p) ? [p] : nearestSelected(p))))];
      nearest.set(id, found);
    }
    return found;
  };
  const selectedParents = (id: string): readonly string[] => nearestSelected(id);
  for (const id of order) for (const parent of selectedParents(id)) addWait(id, parent);

  for (const id of order) {
    if (graph.node(id).kind === 'test') continue;
    let downstream: ReadonlySet<string> | undefined;
    for (const parent of selectedParents(id)) {
      for (const test of graph.children(parent)) {
        if (test === id || !chosen.has(test) || graph.node(test).kind !== 'test' || waits.get(id)!.has(test)) continue;
        downstream ??= new Set(graph.descendants(id));
        if (downstream.has(test)) continue;
        // A test reading only `parent` waits for nothing `id` could be waiting on, so only tests
        // reading several selected nodes need the (costlier) loop check.
        if (selectedParents(test).length > 1 && canReach(test, id, (n) => waits.get(n)!)) continue;
        addWait(id, test);
      }
    }
  }

  const view = {
    ids: order,
    predecessors: (id: string) => [...waits.get(id)!],
    successors: (id: string) => [...unblocks.get(id)!],
  };
  return sortTopologically(view).map((id) => ({ id, waitsFor: [...waits.get(id)!].sort() }));
}
