/**
 * Tarjan's strongly connected components, iterative so that a long chain of models cannot
 * overflow the call stack. Components come out in no particular order; members likewise.
 * Not graphology-components' stronglyConnectedComponents: as fast or faster (0.3–1.0×, and it only
 * runs when a cycle exists), but recursive: it overflows the stack, a crash instead of MESH160,
 * from a chain of ~6,000 models closed into a loop (bench/graph.mjs, docs/graph.md).
 */
export function stronglyConnected(ids: readonly string[], next: (id: string) => readonly string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  for (const root of ids) {
    if (index.has(root)) continue;
    const work: { id: string; neighbours: readonly string[]; at: number }[] = [];
    const enter = (id: string): void => {
      index.set(id, counter);
      low.set(id, counter);
      counter++;
      stack.push(id);
      onStack.add(id);
      work.push({ id, neighbours: next(id), at: 0 });
    };
    enter(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.at < frame.neighbours.length) {
        const neighbour = frame.neighbours[frame.at++]!;
        if (!index.has(neighbour)) enter(neighbour);
        else if (onStack.has(neighbour)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(neighbour)!));
        continue;
      }
      work.pop();
      const caller = work[work.length - 1];
      if (caller) low.set(caller.id, Math.min(low.get(caller.id)!, low.get(frame.id)!));
      if (low.get(frame.id) !== index.get(frame.id)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.id);
      components.push(component);
    }
  }
  return components;
}
