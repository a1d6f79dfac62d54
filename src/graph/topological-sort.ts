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
  // A heap, not a sorted array: thousands of nodes can be ready at once, and inserting each into
  // a sorted array moved the others (quadratic: 1 s for the 19,000 nodes of 10,000 models).
  const ready = new MinHeap();
  const release = (id: string): void => {
    if (emit && !emit.has(id)) hidden.push(id);
    else ready.push(id);
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

/** The smallest id first (code-unit order, as `<` compares strings). */
class MinHeap {
  readonly #items: string[] = [];

  push(id: string): void {
    const items = this.#items;
    let at = items.push(id) - 1;
    while (at > 0) {
      const up = (at - 1) >>> 1;
      if (items[up]! <= id) break;
      items[at] = items[up]!;
      at = up;
    }
    items[at] = id;
  }

  pop(): string | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && items[right]! < items[left]! ? right : left;
      if (items[child]! >= last) break;
      items[at] = items[child]!;
      at = child;
    }
    items[at] = last;
    return top;
  }
}
