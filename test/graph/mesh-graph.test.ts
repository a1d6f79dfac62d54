import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build-graph.js';
import { node, shop } from './fixtures.js';

describe('MeshGraph', () => {
  const { graph, diagnostics } = buildGraph(shop());

  it('builds the shop without diagnostics', () => {
    expect(diagnostics).toEqual([]);
    expect(graph.size).toBe(12);
  });

  it('looks nodes up by id', () => {
    expect(graph.has('model.checkout.orders')).toBe(true);
    expect(graph.has('model.checkout.nope')).toBe(false);
    expect(graph.node('model.checkout.orders').file).toBe('domains/checkout/cleaned/orders.sql');
    expect(() => graph.node('model.checkout.nope')).toThrow(/unknown node model\.checkout\.nope/);
  });

  it('lists ids in insertion order', () => {
    expect(graph.ids().slice(0, 3)).toEqual(['seed.checkout.forecast', 'model.checkout.order_events', 'model.checkout.orders']);
  });

  it('gives parents and children sorted by id', () => {
    expect(graph.parents('test.checkout.relationships_orders_customer_id')).toEqual([
      'model.checkout.orders',
      'model.customers.customers',
    ]);
    expect(graph.children('model.checkout.orders')).toEqual([
      'model.checkout.orders_daily',
      'model.customers.orders',
      'test.checkout.not_null_orders_order_id',
      'test.checkout.relationships_orders_customer_id',
    ]);
  });

  it('gives ancestors and descendants, optionally depth-limited', () => {
    expect(graph.ancestors('test.checkout.forecast_matches')).toEqual([
      'model.checkout.order_events',
      'model.checkout.orders',
      'model.checkout.orders_daily',
      'seed.checkout.forecast',
    ]);
    expect(graph.ancestors('test.checkout.forecast_matches', 1)).toEqual(['model.checkout.orders_daily', 'seed.checkout.forecast']);
    expect(graph.descendants('model.checkout.order_events', 1)).toEqual(['model.checkout.order_items', 'model.checkout.orders']);
    expect(graph.descendants('model.checkout.order_events')).toEqual([
      'model.checkout.order_items',
      'model.checkout.orders',
      'model.checkout.orders_daily',
      'model.customers.orders',
      'test.checkout.forecast_matches',
      'test.checkout.not_null_orders_order_id',
      'test.checkout.relationships_orders_customer_id',
    ]);
    expect(graph.descendants('test.checkout.forecast_matches')).toEqual([]);
  });

  it('orders parents first, ties broken by id, whatever the input order', () => {
    const expected = [
      'model.checkout.order_events',
      'model.checkout.order_items',
      'model.checkout.orders',
      'model.checkout.orders_daily',
      'model.customers.customers_raw',
      'model.customers.customers',
      'model.customers.orders',
      'seed.checkout.forecast',
      'test.checkout.forecast_matches',
      'test.checkout.not_null_orders_order_id',
      'test.checkout.relationships_orders_customer_id',
      'test.customers.unique_customers_customer_id',
    ];
    expect(graph.topologicalOrder()).toEqual(expected);
    expect(buildGraph([...shop()].reverse()).graph.topologicalOrder()).toEqual(expected);
  });

  it('orders a subset by paths through unselected nodes, ties broken among the subset', () => {
    // z -> m -> a: a must follow z even though m is not asked for; b is free and sorts first.
    const { graph: chain } = buildGraph([
      node('model.d.z'),
      node('model.d.m', { reads: ['model.d.z'] }),
      node('model.d.a', { reads: ['model.d.m'] }),
      node('model.d.b'),
    ]);
    expect(chain.topologicalOrder(['model.d.a', 'model.d.z', 'model.d.b'])).toEqual(['model.d.b', 'model.d.z', 'model.d.a']);
    expect(chain.topologicalOrder(['model.d.a', 'model.d.b'])).toEqual(['model.d.a', 'model.d.b']);
  });

  it('keeps the first line of a node referenced twice', () => {
    const { graph: twice } = buildGraph([
      node('model.d.a'),
      node('model.d.b', { reads: [{ id: 'model.d.a', line: 9 }, { id: 'model.d.a', line: 4 }, { id: 'model.d.a' }] }),
    ]);
    expect(twice.referenceLine('model.d.b', 'model.d.a')).toBe(4);
    expect(twice.parents('model.d.b')).toEqual(['model.d.a']);
  });

  it('throws on caller bugs: unknown dependency, repeated id, ordering a cycle', () => {
    expect(() => buildGraph([node('model.d.a', { reads: ['model.d.missing'] })])).toThrow(/depends on unknown node model\.d\.missing/);
    expect(() => buildGraph([node('model.d.a'), node('model.d.a')])).toThrow(/given twice/);
    const { graph: loop } = buildGraph([node('model.d.a', { reads: ['model.d.b'] }), node('model.d.b', { reads: ['model.d.a'] })]);
    expect(() => loop.topologicalOrder()).toThrow(/cycle/);
    expect(() => graph.topologicalOrder(['model.d.nope'])).toThrow(/unknown node/);
  });
});
