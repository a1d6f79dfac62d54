/**
 * A topological order of the execution plan's waits, kept valid while waits are added, so that a
 * wait closing a loop is refused without walking the graph (Pearce and Kelly, "A dynamic
 * topological sort algorithm for directed acyclic graphs", 2006). A wait that agrees with the order
 * costs nothing; one against it searches only the nodes ranked between its two ends, and moves them.
 * Not graphology's: it would rebuild a graph of the waits, and has no incremental order.
 */
export class WaitOrder {
  readonly #rank = new Map<string, number>();

  /**
   * `ids` with their current waits (`waitsFor`: what a node runs after; `unblocks`: the reverse),
   * ranked by Kahn's algorithm taking `early` nodes (tests) as soon as they are ready: the waits
   * added later are mostly for tests, which then already rank before the nodes that wait for them.
   */
  constructor(
    ids: readonly string[],
    private readonly waitsFor: (id: string) => ReadonlySet<string>,
    private readonly unblocks: (id: string) => ReadonlySet<string>,
    early: (id: string) => boolean,
  ) {
    const left = new Map<string, number>();
    const soon: string[] = [];
    const later: string[] = [];
    const ready = (id: string): void => void (early(id) ? soon.push(id) : later.push(id));
    for (const id of ids) {
      const count = waitsFor(id).size;
      left.set(id, count);
      if (count === 0) ready(id);
    }
    let head = 0;
    for (;;) {
      const id = soon.pop() ?? later[head++];
      if (id === undefined) break;
      this.#rank.set(id, this.#rank.size);
      for (const next of unblocks(id)) {
        const count = left.get(next)! - 1;
        left.set(next, count);
        if (count === 0) ready(next);
      }
    }
    if (this.#rank.size !== ids.length) throw new Error('execution order: the waits have a loop');
  }

  /**
   * Whether `after` may wait for `before` without closing a loop; when it may, the order is updated
   * to put `before` first, and the caller adds the wait.
   */
  admit(before: string, after: string): boolean {
    const lower = this.#rank.get(after)!;
    const upper = this.#rank.get(before)!;
    if (upper < lower) return true;
    // What runs after `after`, up to `before`'s rank: reaching `before` means a loop.
    const forward = this.#collect(after, this.unblocks, (rank) => rank <= upper, before);
    if (!forward) return false;
    const backward = this.#collect(before, this.waitsFor, (rank) => rank > lower)!;
    // Both sets keep their inner order, `before`'s set first, in the ranks they held between them.
    const byRank = (a: string, b: string): number => this.#rank.get(a)! - this.#rank.get(b)!;
    const moved = [...backward.sort(byRank), ...forward.sort(byRank)];
    const ranks = moved.map((id) => this.#rank.get(id)!).sort((a, b) => a - b);
    moved.forEach((id, i) => this.#rank.set(id, ranks[i]!));
    return true;
  }

  /** `start` and the nodes reached from it through ranks `within` accepts; undefined once `stop` is reached. */
  #collect(start: string, next: (id: string) => ReadonlySet<string>, within: (rank: number) => boolean, stop?: string): string[] | undefined {
    const seen = new Set([start]);
    const stack = [start];
    while (stack.length > 0) {
      for (const neighbour of next(stack.pop()!)) {
        if (neighbour === stop) return undefined;
        if (seen.has(neighbour) || !within(this.#rank.get(neighbour)!)) continue;
        seen.add(neighbour);
        stack.push(neighbour);
      }
    }
    return [...seen];
  }
}
