import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { selectionScript } from '../../src/docs/selection-script.js';
import { buildGraph } from '../../src/graph/build-graph.js';
import type { Selection, SelectionContext, StateComparison } from '../../src/graph/select-nodes.js';
import { shop } from '../graph/fixtures.js';

const { graph } = buildGraph(shop());

/** `orders` edited (data), `customers` re-described (metadata), `order_items` added. */
const STATE: StateComparison = {
  against: 'prod/manifest.json',
  modifiedData: new Set(['model.checkout.orders']),
  modifiedMetadata: new Set(['model.customers.customers']),
  added: new Set(['model.checkout.order_items']),
};
const CONTEXT: SelectionContext = { state: STATE, git: { against: 'git main', modified: new Set(['model.customers.customers_raw']) } };

function ids(select: string[], exclude?: string[]): string[] {
  const result = graph.select(select, exclude, CONTEXT);
  expect(result.diagnostics).toEqual([]);
  return result.ids;
}

describe('state: and git: selectors with graph operators', () => {
  it('state:modified unites data, metadata and new; the sub-selectors split them', () => {
    expect(ids(['state:modified'])).toEqual([
      'model.checkout.order_items',
      'model.checkout.orders',
      'model.customers.customers',
      'test.checkout.not_null_orders_order_id',
      'test.checkout.relationships_orders_customer_id',
      'test.customers.unique_customers_customer_id',
    ]);
    expect(ids(['state:modified.data'])).toEqual(['model.checkout.orders', 'test.checkout.not_null_orders_order_id', 'test.checkout.relationships_orders_customer_id']);
    expect(ids(['state:new'])).toEqual(['model.checkout.order_items']);
  });

  it('takes +, N+, +N, @, commas and --exclude like any selector', () => {
    expect(ids(['+state:modified.data'])).toEqual(['model.checkout.order_events', 'model.checkout.orders', 'test.checkout.not_null_orders_order_id', 'test.checkout.relationships_orders_customer_id']);
    expect(ids(['state:modified.data+1'], ['kind:test'])).toEqual(['model.checkout.orders', 'model.checkout.orders_daily', 'model.customers.orders']);
    // @: its descendants (a relationships test reads orders too) and all their parents.
    expect(ids(['@git:modified'], ['kind:test'])).toEqual(['model.checkout.order_events', 'model.checkout.orders', 'model.customers.customers_raw', 'model.customers.customers']);
    expect(ids(['state:modified,domain:customers'], ['kind:test'])).toEqual(['model.customers.customers']);
    expect(ids(['domain:checkout'], ['state:modified', 'kind:test'])).toEqual(['model.checkout.order_events', 'model.checkout.orders_daily', 'seed.checkout.forecast']);
  });

  it('without a comparison, each state: and git: selector is MESH246 and nothing is selected', () => {
    const result = graph.select(['state:new+', 'orders'], ['git:modified']);
    expect(result.ids).toEqual([]);
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([
      ['MESH246', 'error', "--select: 'state:new+' compares with a previous state, and this command has none to compare with"],
      ['MESH246', 'error', "--exclude: 'git:modified' compares with a git revision, and this command has none to compare with"],
    ]);
    expect(graph.select(['state:new'], undefined, { git: CONTEXT.git! }).diagnostics.map((d) => d.code)).toEqual(['MESH246']);
  });

  it('the docs site selector box, which has no comparison, says MESH246 as the CLI does', () => {
    const window: Record<string, unknown> = {};
    runInNewContext(selectionScript(graph), { window });
    const site = window['MESH_SELECTION'] as { select(text: string): Selection };
    expect(site.select('state:modified+')).toEqual(graph.select(['state:modified+'], undefined));
    expect(site.select('state:modified+').diagnostics[0]!.code).toBe('MESH246');
    expect(site.select('state:modifed').diagnostics[0]!.hint).toBe('state is one of modified, new, modified.data, modified.metadata');
  });
});
