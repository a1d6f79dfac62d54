/** The shape Kahn's algorithm needs; both the mesh graph and the execution plan provide it. */
export interface DagView {
  readonly ids: readonly string[];
  predecessors(id: string): readonly string[];
  successors(id: string): readonly string[];
}

/**
 * Kahn's algorithm, always taking the smallest ready id, so that the order never depends on the
 * order files were read in. When `emit` is given only those nodes are returned, and ties are
 * broken among them alone: nodes outside `emit` are released as soon as they are ready, so they
 * never hold back an emitted node longer than its real dependencies do.
 * Throws on a cycle: callers must stop on the cycle diagnostics before ordering.
 *
 * Not graphology-dag's topologicalSort: its order follows insertion (file) order, and sorting its
 * generations by id is stable but another order (10 graph tests pin this one); it cannot break
 * ties among `emit` alone, and the execution plan's waits would first need a graphology graph
 * (6–25× slower). Figures: bench/graph.mjs, docs/graph.md.
 */
export function sortTopologically(dag: DagView, emit?: ReadonlySet<string>): string[] {
  const waiting = new Map<string, number>();
  const hidden: string[] = [];
  // Kept sorted descending so that pop() yields the smallest id.
  const ready: string[] = [];
  const release = (id: string): void => {
    if (emit && !emit.has(id)) hidden.push(id);
    else insertDescending(ready, id);
  };
  for (const id of dag.ids) {
    const count = dag.predecessors(id).length;
    waiting.set(id, count);
    if (count === 0) release(id);
  }

  const order: string[] = [];
  let done = 0;
  for (;;) {
    const id = hidden.pop() ?? ready.pop();
    if (id === undefined) break;
    if (!emit || emit.has(id)) order.push(id);
    done++;
    for (const next of dag.successors(id)) {
      const left = waiting.get(next)! - 1;
      waiting.set(next, left);
      if (left === 0) release(next);
    }
  }
  if (done !== dag.ids.length) {
    const stuck = dag.ids.filter((id) => waiting.get(id)! > 0);
    throw new Error(`cannot order a graph with a cycle (among ${stuck.slice(0, 5).join(', ')})`);
  }
  return order;
}

function insertDescending(sorted: string[], id: string): void {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! > id) low = middle + 1;
    else high = middle;
  }
  sorted.splice(low, 0, id);
}
