/** Neighbours of a node in one direction (parents or children). */
export type Step = (id: string) => Iterable<string>;

/**
 * Nodes within `depth` steps of any start, the starts themselves excluded; breadth-first so that a
 * depth limit means "at most N steps from the nearest start", as dbt's `2+orders` does.
 * Not graphology-traversal's bfsFromNode: one start only, a queue the size of the whole graph per
 * call (1.2–3.3× slower at 10,000 models, 500–1,400× for `2+x`), and the docs site runs this
 * function's source in the browser, where there is no graphology (bench/graph.mjs, docs/graph.md).
 */
export function reachable(starts: Iterable<string>, next: Step, depth = Infinity): Set<string> {
  const seen = new Set(starts);
  const found = new Set<string>();
  let frontier = [...seen];
  for (let level = 1; level <= depth && frontier.length > 0; level++) {
    const following: string[] = [];
    for (const id of frontier) {
      for (const neighbour of next(id)) {
        if (seen.has(neighbour)) continue;
        seen.add(neighbour);
        found.add(neighbour);
        following.push(neighbour);
      }
    }
    frontier = following;
  }
  return found;
}

/** Whether `to` can be reached from `from` in one or more steps; stops as soon as it is. */
export function canReach(from: string, to: string, next: Step): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    for (const neighbour of next(stack.pop()!)) {
      if (neighbour === to) return true;
      if (seen.has(neighbour)) continue;
      seen.add(neighbour);
      stack.push(neighbour);
    }
  }
  return false;
}
