/** Selectors the docs site must select exactly as `graph.select` does on the example project. */
export const EXAMPLE_SELECTORS = [
  'orders',
  'checkout.orders',
  'model.checkout.orders',
  '+orders',
  'orders+',
  '2+daily_revenue',
  'order_events+1',
  '@order_events',
  'domain:checkout',
  'domain:manage*',
  'stage:cleaned',
  'stage:seeds',
  'tag:kpi',
  'kind:test',
  'kind:contract',
  'order_*',
  'tag:kpi domain:shipping',
  'domain:checkout,stage:cleaned',
  '+orders,tag:pii',
  'orders_v2+ carrier_slas',
] as const;

/** Malformed selectors, each with the words its message must hold. */
export const BAD_SELECTORS = [
  { text: 'tgs:kpi', message: "unknown selector method 'tgs'", hint: 'did you mean tag:' },
  { text: 'stage:clean', message: "unknown stage 'clean'", hint: 'stage is one of raw, cleaned' },
  { text: '@2+orders', message: "'@' cannot be combined", hint: "'@x' already includes" },
] as const;
