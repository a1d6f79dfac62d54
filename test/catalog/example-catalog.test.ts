import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/build-catalog.js';
import type { Catalog } from '../../src/catalog/catalog-types.js';
import { compile } from '../../src/mesh.js';

const EXAMPLE = new URL('../../example-project/', import.meta.url).pathname;

/** The example project's catalog on a target, from the compile alone (no lineage, no run). */
function exampleCatalog(target?: string): Catalog {
  const result = compile({ projectDir: EXAMPLE, cache: false, ...(target ? { target } : {}) });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return buildCatalog(result.compiled!, undefined, undefined, { generatedAt: '2025-01-02T03:04:05.000Z' });
}

describe('the example project as a catalog', () => {
  const catalog = exampleCatalog();

  it('lists every domain with its owner and the products it publishes', () => {
    expect(catalog.domains.map((d) => [d.name, d.owner, d.products])).toEqual([
      ['checkout', 'team-checkout', ['checkout.orders']],
      ['management', 'team-business-intelligence', []],
      ['payments', 'team-payments', ['payments.order_payments']],
      ['shipping', 'team-logistics', ['shipping.shipments']],
    ]);
    expect(catalog.format).toBe('meshwork.catalog/1');
    expect(catalog.project).toBe('shop');
    expect(catalog.target).toEqual({ name: 'dev', engine: 'duckdb' });
    expect(catalog.lastRun).toBeUndefined();
  });

  it('gives each data product its major versions, the views of each, status and SLA', () => {
    expect(catalog.products.map((p) => [p.id, p.owner, p.versions.map((v) => [v.version, v.status, v.contractId, v.views])])).toEqual([
      ['checkout.orders', 'team-checkout', [
        ['1.0.0', 'active', 'checkout-orders', ['contract.checkout.orders_v1']],
        ['2.0.0', 'active', 'checkout-orders', ['contract.checkout.orders_v2']],
      ]],
      ['payments.order_payments', 'team-payments', [['1.0.0', 'active', 'payments-order-payments', ['contract.payments.order_payments_v1']]]],
      ['shipping.shipments', 'team-logistics', [['1.0.0', 'active', 'shipping-shipments', ['contract.shipping.shipments_v1']]]],
    ]);
    const orders = catalog.products[0]!;
    expect(orders.versions.map((v) => v.file)).toEqual(['domains/checkout/contracts/orders.v1.odcs.yaml', 'domains/checkout/contracts/orders.odcs.yaml']);
    expect(orders.versions[0]!.sla).toEqual([{ property: 'latency', value: 1, unit: 'd', element: 'orders.placed_at' }]);
    expect(orders.versions[0]!.deprecation).toBeUndefined();
    expect(orders.files).toEqual({
      odps: 'products/checkout.orders/odps.yaml',
      contracts: ['products/checkout.orders/orders.v1.odcs.yaml', 'products/checkout.orders/orders.v2.odcs.yaml'],
    });
  });

  it('names the consumers of each version, in other domains: management reads version 1, payments version 2', () => {
    const consumers = Object.fromEntries(catalog.products.flatMap((p) => p.versions.map((v) => [`${p.id} v${v.major}`, v.consumers])));
    const management = ['model.management.order_facts', 'test.management.payments_and_shipments_know_their_order'];
    expect(consumers).toEqual({
      'checkout.orders v1': management,
      'checkout.orders v2': ['model.payments.order_collection'],
      'payments.order_payments v1': management,
      'shipping.shipments v1': management,
    });
  });

  it('gives each product the sources it derives from as its inputs', () => {
    expect(catalog.products.map((p) => [p.id, p.inputs])).toEqual([
      ['checkout.orders', ['source.checkout.order_events']],
      ['payments.order_payments', ['source.payments.payment_events']],
      ['shipping.shipments', ['source.shipping.shipment_events']],
    ]);
  });

  it('holds every node, source and imported contract as a dataset', () => {
    const compiled = compile({ projectDir: EXAMPLE, cache: false }).compiled!;
    const sources = ['source.checkout.customers_export', 'source.checkout.order_events', 'source.payments.payment_events', 'source.shipping.shipment_events'];
    expect(Object.keys(catalog.datasets).sort()).toEqual([...compiled.nodes.keys(), ...sources].sort());
    expect(catalog.datasets['source.checkout.order_events']).toMatchObject({
      kind: 'source',
      domain: 'checkout',
      file: 'domains/checkout/domain.yaml',
      relation: "read_json_auto('domains/checkout/data/order_events.jsonl')",
      downstream: ['model.checkout.order_events'],
    });
    expect(catalog.datasets['model.checkout.orders']).toMatchObject({
      kind: 'model',
      stage: 'cleaned',
      relation: '"checkout_cleaned"."orders"',
      file: 'domains/checkout/cleaned/orders.sql',
    });
    expect(catalog.datasets['model.checkout.orders']!.downstream).toEqual(
      expect.arrayContaining(['contract.checkout.orders_v1', 'contract.checkout.orders_v2', 'model.checkout.daily_revenue', 'test.checkout.unique_orders_order_id']),
    );
    expect(catalog.datasets['model.checkout.orders']!.sql).toMatch(/^select|^with/i);
    expect(catalog.datasets['seed.shipping.carrier_slas']!.columns.map((c) => c.name)).toEqual(['carrier', 'service_level', 'carrier_name', 'promised_days']);
  });

  it('describes contract columns with their type, description and classification, read from the backing model', () => {
    const v1 = catalog.datasets['contract.checkout.orders_v1']!;
    expect(v1).toMatchObject({ kind: 'contract', product: 'checkout.orders', version: '1.0.0', contractId: 'checkout-orders', relation: '"checkout"."orders_v1"' });
    expect(v1.description).toBe('One row per order placed in the web shop, in its latest state.');
    expect(v1.columns.map((c) => c.name)).toEqual(['order_id', 'customer_id', 'channel', 'ship_country', 'order_total', 'placed_at', 'status']);
    expect(catalog.datasets['contract.checkout.orders_v2']!.columns.map((c) => c.name)).not.toContain('ship_country');
    const customer = v1.columns.find((c) => c.name === 'customer_id')!;
    expect(customer).toMatchObject({ type: 'VARCHAR', classification: 'pii' });
    expect(customer.inputs).toEqual([{ dataset: 'model.checkout.orders', column: 'customer_id', transformations: [{ type: 'DIRECT', subtype: 'TRANSFORMATION', masking: true }] }]);
    expect(v1.columns.find((c) => c.name === 'order_total')).toMatchObject({ type: 'DOUBLE', inputs: [{ dataset: 'model.checkout.orders', column: 'order_total', transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }] }] });
    const classified = Object.values(catalog.datasets).flatMap((d) => d.columns.filter((c) => c.classification).map((c) => `${d.id}.${c.name}=${c.classification}`));
    expect(classified).toContain('contract.checkout.orders_v2.customer_id=pii');
  });

  it('marks the edges that cross a domain: management reading the three contract views, payments reading orders v2', () => {
    expect(catalog.edges.filter((e) => e.crossDomain)).toEqual([
      { from: 'contract.checkout.orders_v1', to: 'model.management.order_facts', crossDomain: true },
      { from: 'contract.payments.order_payments_v1', to: 'model.management.order_facts', crossDomain: true },
      { from: 'contract.shipping.shipments_v1', to: 'model.management.order_facts', crossDomain: true },
      { from: 'contract.checkout.orders_v2', to: 'model.payments.order_collection', crossDomain: true },
    ]);
    expect(catalog.edges).toContainEqual({ from: 'source.checkout.order_events', to: 'model.checkout.order_events', crossDomain: false });
    expect(catalog.edges).toContainEqual({ from: 'model.checkout.orders', to: 'contract.checkout.orders_v1', crossDomain: false });
    // Tests check data; they are not part of the lineage graph.
    expect(catalog.edges.some((e) => e.to.startsWith('test.') || e.from.startsWith('test.'))).toBe(false);
  });

  it('gives the physical names of the target compiled for: BigQuery on prod', () => {
    const prod = exampleCatalog('prod');
    expect(prod.target).toEqual({ name: 'prod', engine: 'bigquery' });
    expect(prod.datasets['contract.checkout.orders_v1']!.relation).toBe('`shop-analytics-prod.checkout.orders_v1`');
    expect(prod.datasets['source.checkout.order_events']!.relation).toBe('`shop-analytics-prod.ingest_checkout.order_events`');
    expect(prod.datasets['contract.checkout.orders_v1']!.columns.find((c) => c.name === 'order_total')!.type).toBe('FLOAT64');
    // Sources are found in BigQuery SQL too.
    expect(prod.products.map((p) => p.inputs)).toEqual(catalog.products.map((p) => p.inputs));
  });
});
