import type { MeshGraph } from './mesh-graph.js';
import { WaitOrder } from './wait-order.js';
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
 *
 * Linear in the graph's size in practice: no walk of a node's descendants. A test reading the node
 * is a loop like any other (the test waits for the node through its parents' waits), and loops are
 * found by a dynamic topological order (wait-order.ts) that only searches between two positions
 * when a new wait goes against it. A test that waits for one selected node only (most column tests)
 * can never close a loop (that node is upstream of the waiting one), so it is not even searched for.
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
  const isTest = (id: string): boolean => graph.node(id).kind === 'test';
  for (const id of order) for (const parent of nearestSelected(id)) addWait(id, parent);

  // The selected tests reading each node directly, in id order, listed once per node.
  const testsOf = new Map<string, readonly string[]>();
  const selectedTests = (parent: string): readonly string[] => {
    let tests = testsOf.get(parent);
    if (!tests) {
      tests = graph.children(parent).filter((child) => chosen.has(child) && isTest(child));
      testsOf.set(parent, tests);
    }
    return tests;
  };

  const ranks = new WaitOrder(order, (id) => waits.get(id)!, (id) => unblocks.get(id)!, isTest);
  for (const id of order) {
    if (isTest(id)) continue;
    for (const parent of nearestSelected(id)) {
      for (const test of selectedTests(parent)) {
        if (test === id || waits.get(id)!.has(test)) continue;
        if (!ranks.admit(test, id)) {
          // Only a test that waits for several selected nodes can close a loop (see above).
          if (nearestSelected(test).length > 1) continue;
          throw new Error(`execution order: a wait of ${id} for ${test} would close a loop`);
        }
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
