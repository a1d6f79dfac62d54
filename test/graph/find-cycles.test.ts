import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build-graph.js';
import { node } from './fixtures.js';

describe('buildGraph cycles', () => {
  it('reports a 2-node cycle with every file, the first node’s file and the closing reference’s line', () => {
    const { graph, diagnostics } = buildGraph([
      node('model.a.x', { reads: [{ id: 'model.a.y', line: 7 }] }),
      node('model.a.y', { stage: 'cleaned', reads: [{ id: 'model.a.x', line: 3 }] }),
    ]);
    expect(graph.size).toBe(2);
    expect(diagnostics).toEqual([
      {
        code: 'MESH160',
        severity: 'error',
        message:
          'dependency cycle: model.a.x (domains/a/raw/x.sql) -> model.a.y (domains/a/cleaned/y.sql) -> model.a.x (domains/a/raw/x.sql)',
        file: 'domains/a/raw/x.sql',
        line: 7,
        hint: 'each node reads the next one; remove one of these references',
      },
    ]);
  });

  it('reports a 3-node cycle starting from the smallest id, without a line when none is known', () => {
    const { diagnostics } = buildGraph([
      node('model.a.c', { reads: ['model.a.b'] }),
      node('model.a.b', { reads: ['model.a.a'] }),
      node('model.a.a', { reads: ['model.a.c'] }),
    ]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.message).toBe(
      'dependency cycle: model.a.a (domains/a/raw/a.sql) -> model.a.c (domains/a/raw/c.sql) -> model.a.b (domains/a/raw/b.sql) -> model.a.a (domains/a/raw/a.sql)',
    );
    expect(diagnostics[0]!.file).toBe('domains/a/raw/a.sql');
    expect(diagnostics[0]).not.toHaveProperty('line');
  });

  it('reports a node that reads itself', () => {
    const { diagnostics } = buildGraph([node('model.a.x', { reads: [{ id: 'model.a.x', line: 2 }] })]);
    expect(diagnostics.map((d) => [d.code, d.message, d.file, d.line])).toEqual([
      ['MESH160', 'dependency cycle: model.a.x (domains/a/raw/x.sql) -> model.a.x (domains/a/raw/x.sql)', 'domains/a/raw/x.sql', 2],
    ]);
  });

  it('reports two separate cycles as two diagnostics, sorted', () => {
    const { diagnostics } = buildGraph([
      node('model.b.p', { reads: ['model.b.q'] }),
      node('model.b.q', { reads: ['model.b.p'] }),
      node('model.a.ok'),
      node('model.a.x', { reads: ['model.a.y', 'model.a.ok'] }),
      node('model.a.y', { reads: ['model.a.x'] }),
      node('model.c.downstream', { reads: ['model.a.x'] }),
    ]);
    expect(diagnostics.map((d) => d.message)).toEqual([
      'dependency cycle: model.a.x (domains/a/raw/x.sql) -> model.a.y (domains/a/raw/y.sql) -> model.a.x (domains/a/raw/x.sql)',
      'dependency cycle: model.b.p (domains/b/raw/p.sql) -> model.b.q (domains/b/raw/q.sql) -> model.b.p (domains/b/raw/p.sql)',
    ]);
  });

  it('reports cycles sharing a node once, showing the shortest and naming the rest in the hint', () => {
    // a <-> b and a -> c -> d -> a: one tangle.
    const { diagnostics } = buildGraph([
      node('model.m.a', { reads: ['model.m.b', 'model.m.c'] }),
      node('model.m.b', { reads: ['model.m.a'] }),
      node('model.m.c', { reads: ['model.m.d'] }),
      node('model.m.d', { reads: ['model.m.a'] }),
    ]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.message).toBe(
      'dependency cycle: model.m.a (domains/m/raw/a.sql) -> model.m.b (domains/m/raw/b.sql) -> model.m.a (domains/m/raw/a.sql)',
    );
    expect(diagnostics[0]!.hint).toBe(
      'each node reads the next one; remove one of these references; also in this loop: model.m.c, model.m.d',
    );
  });

  it('finds no cycle in a diamond', () => {
    const { diagnostics } = buildGraph([
      node('model.a.top'),
      node('model.a.left', { reads: ['model.a.top'] }),
      node('model.a.right', { reads: ['model.a.top'] }),
      node('model.a.bottom', { reads: ['model.a.left', 'model.a.right'] }),
    ]);
    expect(diagnostics).toEqual([]);
  });

  it('survives a chain deeper than the call stack', () => {
    const nodes = Array.from({ length: 20000 }, (_, i) => node(`model.a.n${i}`, { reads: i > 0 ? [`model.a.n${i - 1}`] : [] }));
    const { graph, diagnostics } = buildGraph(nodes);
    expect(diagnostics).toEqual([]);
    expect(graph.topologicalOrder()).toHaveLength(20000);
  });

  // graphology-components' stronglyConnectedComponents recurses and overflows here (bench/graph.mjs,
  // docs/graph.md): the reason src/graph/strongly-connected.ts stays hand-written.
  it('reports a loop closing a chain deeper than the call stack as one MESH160, not a stack overflow', () => {
    const n = 20000;
    const nodes = Array.from({ length: n }, (_, i) =>
      node(`model.a.n${i}`, { reads: [{ id: `model.a.n${(i + n - 1) % n}`, line: 2 }] }),
    );
    const { diagnostics } = buildGraph(nodes);
    expect(diagnostics).toHaveLength(1);
    const [cycle] = diagnostics;
    expect([cycle!.code, cycle!.file, cycle!.line]).toEqual(['MESH160', 'domains/a/raw/n0.sql', 2]);
    expect(cycle!.message.startsWith(`dependency cycle: model.a.n0 (domains/a/raw/n0.sql) -> model.a.n${n - 1} (domains/a/raw/n${n - 1}.sql) -> `)).toBe(true);
    expect(cycle!.message.endsWith('-> model.a.n1 (domains/a/raw/n1.sql) -> model.a.n0 (domains/a/raw/n0.sql)')).toBe(true);
    expect(cycle!.message.split(' -> ')).toHaveLength(n + 1);
  });
});
