import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build-graph.js';
import type { MeshGraph } from '../../src/graph/mesh-graph.js';
import { node, shop } from './fixtures.js';

const NOT_NULL = 'test.checkout.not_null_orders_order_id';
const RELATIONSHIPS = 'test.checkout.relationships_orders_customer_id';

/** Every wait points to a step returned earlier. */
function expectRunnable(steps: readonly { id: string; waitsFor: readonly string[] }[]): void {
  const done = new Set<string>();
  for (const step of steps) {
    for (const wait of step.waitsFor) expect(done.has(wait), `${step.id} waits for ${wait}`).toBe(true);
    done.add(step.id);
  }
}

function waits(graph: MeshGraph, selected: readonly string[]): [string, readonly string[]][] {
  const steps = graph.executionOrder(selected);
  expectRunnable(steps);
  return steps.map((step) => [step.id, step.waitsFor]);
}

describe('executionOrder', () => {
  const { graph } = buildGraph(shop());

  it('makes children wait for their parents’ tests, tests not for each other', () => {
    expect(waits(graph, graph.select(undefined, undefined).ids)).toEqual([
      ['model.checkout.order_events', []],
      ['model.checkout.order_items', ['model.checkout.order_events']],
      ['model.checkout.orders', ['model.checkout.order_events']],
      ['model.customers.customers_raw', []],
      ['model.customers.customers', ['model.customers.customers_raw']],
      ['seed.checkout.forecast', []],
      [NOT_NULL, ['model.checkout.orders']],
      [RELATIONSHIPS, ['model.checkout.orders', 'model.customers.customers']],
      ['model.checkout.orders_daily', ['model.checkout.orders', NOT_NULL, RELATIONSHIPS]],
      ['model.customers.orders', ['model.checkout.orders', NOT_NULL, RELATIONSHIPS]],
      ['test.checkout.forecast_matches', ['model.checkout.orders_daily', 'seed.checkout.forecast']],
      ['test.customers.unique_customers_customer_id', ['model.customers.customers']],
    ]);
  });

  it('waits only for selected parents and selected tests', () => {
    expect(waits(graph, ['model.checkout.orders_daily', 'model.checkout.orders'])).toEqual([
      ['model.checkout.orders', []],
      ['model.checkout.orders_daily', ['model.checkout.orders']],
    ]);
    expect(waits(graph, ['model.checkout.orders_daily', 'model.checkout.orders', NOT_NULL])).toEqual([
      ['model.checkout.orders', []],
      [NOT_NULL, ['model.checkout.orders']],
      ['model.checkout.orders_daily', ['model.checkout.orders', NOT_NULL]],
    ]);
  });

  it('does not make a node wait for a test that reads it', () => {
    // t reads a and b, b reads a: b must not wait for t; c, a sibling of b, does.
    const { graph: g } = buildGraph([
      node('model.d.a'),
      node('model.d.b', { reads: ['model.d.a'] }),
      node('model.d.c', { reads: ['model.d.a'] }),
      node('test.d.t', { reads: ['model.d.a', 'model.d.b'] }),
    ]);
    expect(waits(g, g.ids())).toEqual([
      ['model.d.a', []],
      ['model.d.b', ['model.d.a']],
      ['test.d.t', ['model.d.a', 'model.d.b']],
      ['model.d.c', ['model.d.a', 'test.d.t']],
    ]);
  });

  it('does not make a node wait for a test that reads it through an unselected node (the test waits for it instead)', () => {
    const { graph: g } = buildGraph([
      node('model.d.a'),
      node('model.d.b', { reads: ['model.d.a'] }),
      node('model.d.between', { reads: ['model.d.b'] }),
      node('test.d.t', { reads: ['model.d.a', 'model.d.between'] }),
    ]);
    expect(waits(g, ['model.d.a', 'model.d.b', 'test.d.t'])).toEqual([
      ['model.d.a', []],
      ['model.d.b', ['model.d.a']],
      ['test.d.t', ['model.d.a', 'model.d.b']],
    ]);
  });

  it('skips a test wait that would close a loop through two multi-parent tests', () => {
    // b would wait for t (a's test), t for d, d for t2 (e's test), t2 for b: the first wait added wins.
    const { graph: g } = buildGraph([
      node('model.k.a'),
      node('model.k.b', { reads: ['model.k.a'] }),
      node('model.k.e'),
      node('model.k.d', { reads: ['model.k.e'] }),
      node('test.k.t', { reads: ['model.k.a', 'model.k.d'] }),
      node('test.k.t2', { reads: ['model.k.e', 'model.k.b'] }),
    ]);
    expect(waits(g, g.ids())).toEqual([
      ['model.k.a', []],
      ['model.k.e', []],
      ['model.k.d', ['model.k.e']],
      ['test.k.t', ['model.k.a', 'model.k.d']],
      ['model.k.b', ['model.k.a', 'test.k.t']],
      ['test.k.t2', ['model.k.b', 'model.k.e']],
    ]);
  });

  it('throws on an unknown id', () => {
    expect(() => graph.executionOrder(['model.checkout.nope'])).toThrow(/unknown node/);
  });
});

describe('executionOrder through unselected nodes', () => {
  it('waits for the nearest selected ancestors when the nodes between are not selected', async () => {
    const { buildGraph } = await import('../../src/graph/build-graph.js');
    const node = (id: string, deps: string[]) => ({ id, kind: 'model' as const, name: id, domain: 'd', stage: 'raw' as const, tags: [], file: `${id}.sql`, dependsOn: deps.map((d) => ({ id: d })) });
    const { graph } = buildGraph([node('a', []), node('b', ['a']), node('c', ['b']), node('x', [])]);
    expect(graph.executionOrder(['a', 'c', 'x'])).toEqual([
      { id: 'a', waitsFor: [] },
      { id: 'c', waitsFor: ['a'] },
      { id: 'x', waitsFor: [] },
    ]);
  });
});
