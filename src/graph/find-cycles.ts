import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { MeshGraph } from './mesh-graph.js';
import { stronglyConnected } from './strongly-connected.js';

/**
 * One MESH160 error per group of nodes that depend on each other (a strongly connected component,
 * or a node that reads itself). Listing every elementary cycle could be exponential, so each
 * diagnostic shows the shortest cycle through the group's smallest id and names the rest of the
 * group in the hint: breaking the cycle shown is where a person starts.
 */
export function findCycles(graph: MeshGraph): Diagnostic[] {
  if (!graph.hasCycle()) return [];
  const components = stronglyConnected(graph.ids(), (id) => graph.unorderedParents(id));
  const diagnostics: Diagnostic[] = [];
  for (const component of components) {
    const members = new Set(component);
    const start = [...members].sort()[0]!;
    if (members.size === 1 && !graph.parents(start).includes(start)) continue;
    const path = shortestCycle(graph, start, members);
    const shown = path.map((id) => `${id} (${graph.node(id).file})`).join(' -> ');
    const onPath = new Set(path);
    const others = [...members].filter((id) => !onPath.has(id)).sort();
    const rest = others.length > 0 ? `; also in this loop: ${others.join(', ')}` : '';
    diagnostics.push(
      error('MESH160', `dependency cycle: ${shown}`, {
        file: graph.node(start).file,
        ...lineOf(graph.referenceLine(start, path[1]!)),
        hint: `each node reads the next one; remove one of these references${rest}`,
      }),
    );
  }
  return diagnostics.sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
}

/** Breadth-first along "reads" edges inside the component: start, what it reads, …, start. */
function shortestCycle(graph: MeshGraph, start: string, members: ReadonlySet<string>): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const current = queue[head]!;
    for (const read of graph.parents(current)) {
      if (read === start) return [...walkBack(cameFrom, current, start), start];
      if (!members.has(read) || cameFrom.has(read)) continue;
      cameFrom.set(read, current);
      queue.push(read);
    }
  }
  throw new Error(`graph: ${start} is in a cycle but no path leads back to it`);
}

function walkBack(cameFrom: ReadonlyMap<string, string>, end: string, start: string): string[] {
  const path = [end];
  for (let at = end; at !== start; ) {
    at = cameFrom.get(at)!;
    path.push(at);
  }
  return path.reverse();
}

function lineOf(line: number | undefined): { line?: number } {
  return line === undefined ? {} : { line };
}
