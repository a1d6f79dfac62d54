import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build-graph.js';
import type { GraphNode } from '../../src/graph/graph-node.js';
import type { MeshGraph } from '../../src/graph/mesh-graph.js';
import { canReach } from '../../src/graph/reachable.js';
import { sortTopologically } from '../../src/graph/topological-sort.js';
import { node } from './fixtures.js';

/**
 * The planner as it was before it was made linear (a walk of each node's descendants, and of the
 * waits for each test reading several nodes), kept here as the reference the linear one must match
 * wait for wait and step for step.
 */
function referenceOrder(graph: MeshGraph, selected: readonly string[]): { id: string; waitsFor: string[] }[] {
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
  const nearest = new Map<string, readonly string[]>();
  const nearestSelected = (id: string): readonly string[] => {
    let found = nearest.get(id);
    if (!found) {
      found = [...new Set(graph.parents(id).flatMap((p) => (chosen.has(p) ? [p] : nearestSelected(p))))];
      nearest.set(id, found);
    }
    return found;
  };
  for (const id of order) for (const parent of nearestSelected(id)) addWait(id, parent);
  for (const id of order) {
    if (graph.node(id).kind === 'test') continue;
    let downstream: ReadonlySet<string> | undefined;
    for (const parent of nearestSelected(id)) {
      for (const test of graph.children(parent)) {
        if (test === id || !chosen.has(test) || graph.node(test).kind !== 'test' || waits.get(id)!.has(test)) continue;
        downstream ??= new Set(graph.descendants(id));
        if (downstream.has(test)) continue;
        if (nearestSelected(test).length > 1 && canReach(test, id, (n) => waits.get(n)!)) continue;
        addWait(id, test);
      }
    }
  }
  const view = { ids: order, predecessors: (id: string) => [...waits.get(id)!], successors: (id: string) => [...unblocks.get(id)!] };
  return sortTopologically(view).map((id) => ({ id, waitsFor: [...waits.get(id)!].sort() }));
}

/** mulberry32: the same graphs on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Models reading earlier models, and tests reading one to three nodes: dense enough that test waits often close loops. */
function randomProject(seed: number): GraphNode[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const nodes: GraphNode[] = [];
  const models: string[] = [];
  const count = 6 + Math.floor(next() * 30);
  for (let i = 0; i < count; i++) {
    if (models.length > 0 && next() < 0.45) {
      const reads = new Set<string>();
      const wanted = 1 + Math.floor(next() * Math.min(3, models.length));
      while (reads.size < wanted) reads.add(pick(models));
      nodes.push(node(`test.d.t${String(i).padStart(2, '0')}`, { reads: [...reads] }));
      continue;
    }
    const id = `model.${pick(['a', 'b', 'c'])}.m${String(i).padStart(2, '0')}`;
    const reads = new Set<string>();
    if (models.length > 0) for (let k = Math.floor(next() * 3); k > 0; k--) reads.add(pick(models));
    nodes.push(node(id, { reads: [...reads] }));
    models.push(id);
  }
  return nodes;
}

describe('executionOrder, linear, against the descendant-walking planner it replaced', () => {
  it('gives the same steps and waits on 400 random graphs, whole and with random selections', () => {
    let withTestWaits = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const { graph } = buildGraph(randomProject(seed));
      const next = random(seed * 7919);
      const all = graph.ids();
      for (const selected of [all, all.filter(() => next() < 0.6), all.filter(() => next() < 0.3)]) {
        const expected = referenceOrder(graph, selected);
        expect(graph.executionOrder(selected), `seed ${seed}, ${selected.length} selected`).toEqual(expected);
        // A plan where nodes wait for tests too, not only for their parents.
        const waits = expected.reduce((n, s) => n + s.waitsFor.length, 0);
        const direct = selected.filter((id) => graph.node(id).kind !== 'test').reduce((n, id) => n + graph.parents(id).filter((p) => selected.includes(p)).length, 0);
        if (waits > direct) withTestWaits++;
      }
    }
    // The comparison covered plans with test waits, not only plain parent waits.
    expect(withTestWaits).toBeGreaterThan(100);
  });

  it('plans a long chain with a test on every model (9,000 nodes) with the waits of dbt build', () => {
    // 3,000 models in a chain, each with a test and a second reader: the old planner walked the
    // rest of the chain from every model (4.5 million steps).
    const nodes: GraphNode[] = [];
    for (let i = 0; i < 3000; i++) {
      const id = `model.d.m${String(i).padStart(4, '0')}`;
      nodes.push(node(id, { reads: i > 0 ? [`model.d.m${String(i - 1).padStart(4, '0')}`] : [] }));
      nodes.push(node(`model.d.r${String(i).padStart(4, '0')}`, { reads: [id] }));
      nodes.push(node(`test.d.t${String(i).padStart(4, '0')}`, { reads: [id] }));
    }
    const { graph } = buildGraph(nodes);
    const steps = graph.executionOrder(graph.ids());
    expect(steps).toHaveLength(9000);
    const byId = new Map(steps.map((s) => [s.id, s.waitsFor]));
    expect(byId.get('model.d.m1234')).toEqual(['model.d.m1233', 'test.d.t1233']);
    expect(byId.get('model.d.r1234')).toEqual(['model.d.m1234', 'test.d.t1234']);
  });
});
