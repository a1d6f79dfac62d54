import type { GraphNode } from '../../src/graph/graph-node.js';

/** A node from its id: `model.checkout.orders` in stage `cleaned` lives in domains/checkout/cleaned/orders.sql. */
export function node(
  id: string,
  options: { stage?: GraphNode['stage']; tags?: string[]; reads?: (string | { id: string; line?: number })[] } = {},
): GraphNode {
  const [kind, domain, name] = id.split('.') as [GraphNode['kind'], string, string];
  const stage = options.stage ?? (kind === 'seed' ? 'seeds' : kind === 'test' ? 'tests' : 'raw');
  const extension = kind === 'seed' ? 'csv' : 'sql';
  return {
    id,
    kind,
    name,
    domain,
    stage,
    tags: options.tags ?? [],
    file: `domains/${domain}/${stage}/${name}.${extension}`,
    dependsOn: (options.reads ?? []).map((read) => (typeof read === 'string' ? { id: read } : read)),
  };
}

/** Two domains with seeds, every stage, generic and singular tests, and a name used in both domains. */
export function shop(): GraphNode[] {
  return [
    node('seed.checkout.forecast'),
    node('model.checkout.order_events'),
    node('model.checkout.orders', { stage: 'cleaned', tags: ['orders', 'pii'], reads: ['model.checkout.order_events'] }),
    node('model.checkout.order_items', { stage: 'cleaned', reads: ['model.checkout.order_events'] }),
    node('model.checkout.orders_daily', { stage: 'aggregate', tags: ['orders'], reads: ['model.checkout.orders'] }),
    node('test.checkout.not_null_orders_order_id', { reads: ['model.checkout.orders'] }),
    node('test.checkout.relationships_orders_customer_id', {
      reads: ['model.checkout.orders', 'model.customers.customers'],
    }),
    node('test.checkout.forecast_matches', {
      tags: ['finance'],
      reads: ['model.checkout.orders_daily', 'seed.checkout.forecast'],
    }),
    node('model.customers.customers_raw'),
    node('model.customers.customers', { stage: 'cleaned', tags: ['pii'], reads: ['model.customers.customers_raw'] }),
    node('model.customers.orders', { stage: 'cleaned', reads: ['model.checkout.orders'] }),
    node('test.customers.unique_customers_customer_id', { reads: ['model.customers.customers'] }),
  ];
}
