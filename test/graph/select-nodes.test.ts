import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build-graph.js';
import { shop } from './fixtures.js';

const { graph } = buildGraph(shop());

/** Selected ids, asserting the selection raised no diagnostic. */
function ids(select: string[] | undefined, exclude?: string[]): string[] {
  const result = graph.select(select, exclude);
  expect(result.diagnostics).toEqual([]);
  return result.ids;
}

const NOT_NULL = 'test.checkout.not_null_orders_order_id';
const RELATIONSHIPS = 'test.checkout.relationships_orders_customer_id';
const FORECAST_MATCHES = 'test.checkout.forecast_matches';
const UNIQUE = 'test.customers.unique_customers_customer_id';

describe('select: methods', () => {
  it('selects everything, in topological order, when nothing is asked for', () => {
    expect(ids(undefined)).toEqual(graph.topologicalOrder());
    expect(ids([])).toHaveLength(12);
  });

  it('matches a bare name in every domain, plus the tests of what it selects', () => {
    expect(ids(['orders'])).toEqual(['model.checkout.orders', 'model.customers.orders', NOT_NULL, RELATIONSHIPS]);
  });

  it('matches domain.name and the full id', () => {
    expect(ids(['customers.orders'])).toEqual(['model.customers.orders']);
    expect(ids(['model.customers.orders'])).toEqual(['model.customers.orders']);
  });

  it('matches domain:', () => {
    expect(ids(['domain:customers'])).toEqual([
      'model.customers.customers_raw',
      'model.customers.customers',
      'model.customers.orders',
      RELATIONSHIPS,
      UNIQUE,
    ]);
  });

  it('matches stage:, including the seeds and tests pseudo-stages', () => {
    expect(ids(['stage:aggregate'])).toEqual(['model.checkout.orders_daily', FORECAST_MATCHES]);
    expect(ids(['stage:cleaned'], ['kind:test'])).toEqual([
      'model.checkout.order_items',
      'model.checkout.orders',
      'model.customers.customers',
      'model.customers.orders',
    ]);
    expect(ids(['stage:seeds'])).toEqual(['seed.checkout.forecast', FORECAST_MATCHES]);
    expect(ids(['stage:tests'])).toEqual([FORECAST_MATCHES, NOT_NULL, RELATIONSHIPS, UNIQUE]);
  });

  it('matches tag:', () => {
    expect(ids(['tag:pii'])).toEqual(['model.checkout.orders', 'model.customers.customers', NOT_NULL, RELATIONSHIPS, UNIQUE]);
    expect(ids(['tag:finance'])).toEqual([FORECAST_MATCHES]);
  });

  it('matches kind:', () => {
    expect(ids(['kind:seed'])).toEqual(['seed.checkout.forecast', FORECAST_MATCHES]);
    expect(ids(['kind:test'])).toEqual([FORECAST_MATCHES, NOT_NULL, RELATIONSHIPS, UNIQUE]);
    expect(ids(['kind:model'], ['kind:test'])).toHaveLength(7);
  });

  it('expands * in names, domain.name, domains and tags', () => {
    expect(ids(['orders_*'])).toEqual(['model.checkout.orders_daily', FORECAST_MATCHES]);
    expect(ids(['*_raw'])).toEqual(['model.customers.customers_raw']);
    expect(ids(['checkout.order*'], ['kind:test'])).toEqual([
      'model.checkout.order_events',
      'model.checkout.order_items',
      'model.checkout.orders',
      'model.checkout.orders_daily',
    ]);
    expect(ids(['domain:cust*'], ['kind:test'])).toEqual([
      'model.customers.customers_raw',
      'model.customers.customers',
      'model.customers.orders',
    ]);
    expect(ids(['tag:fin*'])).toEqual([FORECAST_MATCHES]);
  });

  it('treats regex characters in a selector literally', () => {
    expect(graph.select(['order.events'], undefined).ids).toEqual([]);
  });
});

describe('select: unions and intersections', () => {
  it('unites space-separated selectors, in one argument or several', () => {
    const expected = ['model.checkout.orders_daily', 'model.customers.customers_raw', FORECAST_MATCHES];
    expect(ids(['orders_daily customers_raw'])).toEqual(expected);
    expect(ids(['orders_daily', 'customers_raw'])).toEqual(expected);
    expect(ids(['customers_raw orders_daily', 'orders_daily'])).toEqual(expected);
  });

  it('intersects comma-separated selectors', () => {
    expect(ids(['domain:checkout,tag:pii'])).toEqual(['model.checkout.orders', NOT_NULL, RELATIONSHIPS]);
    expect(ids(['tag:orders,stage:aggregate'])).toEqual(['model.checkout.orders_daily', FORECAST_MATCHES]);
  });

  it('applies graph operators before intersecting', () => {
    expect(ids(['+orders_daily,tag:pii'], ['kind:test'])).toEqual(['model.checkout.orders']);
  });
});

describe('select: graph operators', () => {
  it('+x adds every ancestor', () => {
    expect(ids(['+orders_daily'])).toEqual([
      'model.checkout.order_events',
      'model.checkout.orders',
      'model.checkout.orders_daily',
      FORECAST_MATCHES,
      NOT_NULL,
      RELATIONSHIPS,
    ]);
  });

  it('x+ adds every descendant', () => {
    expect(ids(['order_events+'])).toEqual([
      'model.checkout.order_events',
      'model.checkout.order_items',
      'model.checkout.orders',
      'model.checkout.orders_daily',
      'model.customers.orders',
      FORECAST_MATCHES,
      NOT_NULL,
      RELATIONSHIPS,
    ]);
  });

  it('N+x and x+N stop after N generations', () => {
    expect(ids(['1+orders_daily'], ['kind:test'])).toEqual(['model.checkout.orders', 'model.checkout.orders_daily']);
    expect(ids(['2+orders_daily'], ['kind:test'])).toEqual([
      'model.checkout.order_events',
      'model.checkout.orders',
      'model.checkout.orders_daily',
    ]);
    expect(ids(['order_events+1'], ['kind:test'])).toEqual([
      'model.checkout.order_events',
      'model.checkout.order_items',
      'model.checkout.orders',
    ]);
    expect(ids(['order_events+2'], ['kind:test'])).toEqual([
      'model.checkout.order_events',
      'model.checkout.order_items',
      'model.checkout.orders',
      'model.checkout.orders_daily',
      'model.customers.orders',
    ]);
    expect(ids(['1+checkout.orders+1'], ['kind:test'])).toEqual([
      'model.checkout.order_events',
      'model.checkout.orders',
      'model.checkout.orders_daily',
      'model.customers.orders',
    ]);
  });

  it('@x adds descendants and every ancestor of those', () => {
    // customers_raw -> customers -> relationships test, which also reads checkout.orders.
    expect(ids(['@customers_raw'], ['kind:test'])).toEqual([
      'model.checkout.order_events',
      'model.checkout.orders',
      'model.customers.customers_raw',
      'model.customers.customers',
    ]);
    expect(ids(['@customers_raw'])).toEqual([
      'model.checkout.order_events',
      'model.checkout.orders',
      'model.customers.customers_raw',
      'model.customers.customers',
      NOT_NULL,
      RELATIONSHIPS,
      UNIQUE,
    ]);
  });
});

describe('select: exclude and eager tests', () => {
  it('removes excluded nodes, with their graph operators, after selecting', () => {
    expect(ids(['domain:checkout'], ['orders+'])).toEqual([
      'model.checkout.order_events',
      'model.checkout.order_items',
      'seed.checkout.forecast',
    ]);
  });

  it('excludes from everything when nothing is selected', () => {
    expect(ids(undefined, ['domain:customers'])).toEqual([
      'model.checkout.order_events',
      'model.checkout.order_items',
      'model.checkout.orders',
      'model.checkout.orders_daily',
      'seed.checkout.forecast',
      FORECAST_MATCHES,
      NOT_NULL,
      RELATIONSHIPS,
    ]);
  });

  it('selects a test when any node it reads is selected', () => {
    // forecast_matches also reads the seed, which is not selected.
    expect(ids(['orders_daily'])).toEqual(['model.checkout.orders_daily', FORECAST_MATCHES]);
    expect(ids(['customers.customers'])).toEqual(['model.customers.customers', RELATIONSHIPS, UNIQUE]);
  });

  it('does not select the tests of an excluded node through it', () => {
    expect(ids(['orders_daily+ customers_raw'], ['orders_daily'])).toEqual([
      'model.customers.customers_raw',
      FORECAST_MATCHES,
    ]);
    expect(ids(['tag:orders'], ['checkout.orders'])).toEqual(['model.checkout.orders_daily', FORECAST_MATCHES]);
  });

  it('keeps a test out when it is excluded explicitly', () => {
    expect(ids(['orders'], ['not_null_orders_order_id'])).toEqual([
      'model.checkout.orders',
      'model.customers.orders',
      RELATIONSHIPS,
    ]);
    expect(ids(['orders'], ['kind:test'])).toEqual(['model.checkout.orders', 'model.customers.orders']);
  });
});

describe('select: diagnostics', () => {
  it('errors on a malformed selector and selects nothing', () => {
    const result = graph.select(['orders foo:bar'], undefined);
    expect(result.ids).toEqual([]);
    expect(result.diagnostics).toEqual([
      {
        code: 'MESH170',
        severity: 'error',
        message: "--select: unknown selector method 'foo' in 'foo:bar'",
        hint: 'write [N+|@][method:]value[+N] with method domain, stage, tag, kind, state or git, e.g. +orders, domain:checkout,tag:pii, orders+2, state:modified+',
      },
    ]);
    expect(graph.select(undefined, ['a,']).diagnostics.map((d) => [d.severity, d.message])).toEqual([
      ['error', "--exclude: empty selector in 'a,'"],
    ]);
  });

  it('warns when a name matches nothing, suggesting the nearest names, and keeps the rest', () => {
    const result = graph.select(['ordrs', 'customers_raw'], undefined);
    expect(result.ids).toEqual(['model.customers.customers_raw']);
    expect(result.diagnostics).toEqual([
      {
        code: 'MESH170',
        severity: 'warning',
        message: "--select: selector 'ordrs' matches no node",
        hint: 'did you mean orders?',
      },
    ]);
  });

  it('suggests domain: and tag: values, naming the part of an intersection that failed', () => {
    expect(graph.select(['domain:chekout'], undefined).diagnostics.map((d) => [d.severity, d.message, d.hint])).toEqual([
      ['warning', "--select: selector 'domain:chekout' matches no node", 'did you mean domain:checkout?'],
    ]);
    expect(graph.select(['tag:pi,domain:checkout'], undefined).diagnostics.map((d) => [d.message, d.hint])).toEqual([
      ["--select: selector 'tag:pi' in 'tag:pi,domain:checkout' matches no node", 'did you mean tag:pii?'],
    ]);
  });

  it('warns when the parts of an intersection match nothing together', () => {
    const result = graph.select(['domain:customers,tag:orders'], undefined);
    expect(result.ids).toEqual([]);
    expect(result.diagnostics.map((d) => [d.severity, d.message])).toEqual([
      ['warning', "--select: selector 'domain:customers,tag:orders' matches no node"],
    ]);
  });

  it('warns when an exclude matches nothing, without a suggestion when nothing is near', () => {
    const result = graph.select(['customers_raw'], ['zzzzzzzz']);
    expect(result.ids).toEqual(['model.customers.customers_raw']);
    expect(result.diagnostics).toEqual([
      {
        code: 'MESH170',
        severity: 'warning',
        message: "--exclude: selector 'zzzzzzzz' matches no node",
        hint: 'a bare name matches a node (orders or checkout.orders); methods are domain:, stage:, tag:, kind:',
      },
    ]);
  });
});
