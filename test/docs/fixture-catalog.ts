import { CATALOG_FORMAT, type Catalog, type CatalogColumn, type CatalogDataset } from '../../src/catalog/catalog-types.js';
import { buildGraph } from '../../src/graph/build-graph.js';
import type { GraphNode, NodeKind, NodeStage } from '../../src/graph/graph-node.js';
import type { MeshGraph } from '../../src/graph/mesh-graph.js';
import type { ColumnInput } from '../../src/lineage/lineage-types.js';

/** Text from YAML that would run script if the site ever used it as markup. */
export const XSS = `<img src=x onerror="window.__xss=1"></script><script>window.__xss=2</script>`;

const direct = (dataset: string, column: string): ColumnInput => ({ dataset, column, transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }] });
const column = (name: string, type: string, inputs: ColumnInput[] = [], extra: Partial<CatalogColumn> = {}): CatalogColumn => ({ name, type, inputs, ...extra });

function dataset(id: string, fields: Partial<CatalogDataset> & Pick<CatalogDataset, 'kind' | 'columns'>): CatalogDataset {
  const [, domain = '', name = ''] = id.split('.');
  return { id, name, domain, datasetInputs: [], upstream: [], downstream: [], ...fields };
}

/** A two-domain mesh: checkout publishes orders (v1 deprecated, v2 active); shipping reads v1. */
export function fixtureCatalog(): Catalog {
  const datasets: CatalogDataset[] = [
    dataset('source.checkout.order_events', { kind: 'source', relation: 'read_json(order_events.jsonl)', columns: [column('order_id', 'VARCHAR'), column('amount', 'DOUBLE'), column('email', 'VARCHAR')] }),
    dataset('model.checkout.orders', {
      kind: 'model', stage: 'cleaned', materialized: 'table', relation: 'checkout_cleaned.orders', file: 'domains/checkout/cleaned/orders.sql',
      description: `One row per order. ${XSS}`,
      sql: `select order_id, amount as order_total, md5(email) as customer_id\nfrom order_events -- ${XSS}`,
      columns: [
        column('order_id', 'VARCHAR', [direct('source.checkout.order_events', 'order_id')]),
        column('order_total', 'DOUBLE', [direct('source.checkout.order_events', 'amount')], { description: XSS }),
        column('customer_id', 'VARCHAR', [{ dataset: 'source.checkout.order_events', column: 'email', transformations: [{ type: 'DIRECT', subtype: 'TRANSFORMATION', masking: true }] }]),
      ],
      datasetInputs: [{ dataset: 'source.checkout.order_events', column: 'amount', transformations: [{ type: 'INDIRECT', subtype: 'FILTER' }] }],
      upstream: ['source.checkout.order_events'], downstream: ['contract.checkout.orders_v1', 'contract.checkout.orders_v2', 'test.checkout.not_null_orders_order_id'],
      lastResult: { status: 'success', rows: 42, finishedAt: '2025-01-02T03:04:05Z' },
    }),
    dataset('test.checkout.not_null_orders_order_id', { kind: 'test', columns: [], upstream: ['model.checkout.orders'], lastResult: { status: 'success', failures: 0 } }),
    ...[1, 2].map((major) => dataset(`contract.checkout.orders_v${major}`, {
      kind: 'contract', materialized: 'view', relation: `contract.checkout.orders_v${major}`, product: 'checkout.orders', version: `${major}.0.0`,
      description: 'Orders for other domains.',
      columns: [
        column('order_id', 'VARCHAR', [direct('model.checkout.orders', 'order_id')], { description: 'Order identifier.' }),
        column('customer_id', 'VARCHAR', [direct('model.checkout.orders', 'customer_id')], { classification: 'pii', description: 'Hashed customer.' }),
        column('order_total', 'DOUBLE', [direct('model.checkout.orders', 'order_total')], { description: 'EUR, tax included.' }),
      ],
      upstream: ['model.checkout.orders'], downstream: major === 1 ? ['model.shipping.shipments'] : [],
      lastResult: { status: 'success', rows: 42, audits: [{ rule: 'order_id unique', success: true, failures: 0 }, { rule: 'rowCount > 0', success: true }] },
    })),
    dataset('seed.shipping.carriers', { kind: 'seed', relation: 'shipping_seeds.carriers', columns: [column('carrier', 'VARCHAR'), column('country', 'VARCHAR')] }),
    dataset('model.shipping.shipments', {
      kind: 'model', stage: 'cleaned', materialized: 'view', relation: 'shipping_cleaned.shipments', file: 'domains/shipping/cleaned/shipments.sql',
      sql: 'select o.order_id, c.carrier from contract.checkout.orders_v1 o join carriers c using (country)',
      columns: [column('order_id', 'VARCHAR', [direct('contract.checkout.orders_v1', 'order_id')]), column('carrier', 'VARCHAR', [direct('seed.shipping.carriers', 'carrier')])],
      upstream: ['contract.checkout.orders_v1', 'seed.shipping.carriers'],
    }),
  ];
  const byId = Object.fromEntries(datasets.map((d) => [d.id, d]));
  return {
    format: CATALOG_FORMAT,
    project: `shop ${XSS}`,
    meshworkVersion: '0.1.0',
    generatedAt: '2025-01-02T03:04:05.000Z',
    target: { name: 'dev', engine: 'duckdb' },
    domains: [
      { name: 'checkout', owner: 'team-checkout', description: `Checkout flow. ${XSS}`, products: ['checkout.orders'] },
      { name: 'shipping', owner: 'team-shipping', products: [] },
    ],
    products: [{
      id: 'checkout.orders', domain: 'checkout', name: 'orders', owner: 'team-checkout', description: `Orders placed in the web shop. ${XSS}`,
      inputs: ['source.checkout.order_events'],
      files: { odps: 'products/checkout.orders/odps.yaml', contracts: ['products/checkout.orders/orders_v1.odcs.yaml', 'products/checkout.orders/orders_v2.odcs.yaml'] },
      versions: [
        { version: '1.3.0', major: 1, status: 'deprecated', file: 'domains/checkout/contracts/orders.v1.odcs.yaml', contractId: 'checkout-orders', views: ['contract.checkout.orders_v1'], deprecation: { sunset: '2026-01-01', replacement: 'checkout.orders v2' }, sla: [{ property: 'latency', value: 1, unit: 'd', element: 'orders.placed_at' }], consumers: ['model.shipping.shipments'] },
        { version: '2.0.0', major: 2, status: 'active', file: 'domains/checkout/contracts/orders.odcs.yaml', contractId: 'checkout-orders', views: ['contract.checkout.orders_v2'], sla: [{ property: 'latency', value: 1, unit: 'd' }], consumers: [] },
      ],
    }],
    datasets: byId,
    edges: datasets.filter((d) => d.kind !== 'test').flatMap((d) => d.upstream.map((u) => ({ from: u, to: d.id, crossDomain: byId[u]!.domain !== d.domain }))),
    lastRun: { runId: '0190-run', startedAt: '2025-01-02T03:04:00.000Z', durationMs: 5000, success: true },
  };
}

/** The compiled project's graph behind fixtureCatalog(): its models, seed, test and contract views (sources are not nodes). */
export function fixtureGraph(): MeshGraph {
  const catalog = fixtureCatalog();
  const stages: Record<string, NodeStage> = { seed: 'seeds', test: 'tests', contract: 'contracts' };
  const nodes: GraphNode[] = Object.values(catalog.datasets)
    .filter((d) => d.kind === 'model' || d.kind === 'seed' || d.kind === 'test' || d.kind === 'contract')
    .map((d) => ({
      id: d.id, kind: d.kind as NodeKind, name: d.name, domain: d.domain, stage: stages[d.kind] ?? (d.stage as NodeStage),
      tags: d.kind === 'model' ? ['kpi', XSS] : [], file: d.file ?? `domains/${d.domain}/${d.name}.sql`,
      dependsOn: d.upstream.filter((u) => !u.startsWith('source.')).map((id) => ({ id })),
    }));
  return buildGraph(nodes).graph;
}
