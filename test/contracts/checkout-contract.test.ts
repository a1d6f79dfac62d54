import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDomainContracts } from '../../src/contracts/load-contracts.js';
import { odcsSchema } from '../../src/contracts/odcs-schema.js';
import { readContract } from '../../src/contracts/read-contract.js';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');
const TEXT = read('./fixtures/orders.odcs.yaml');
const PATH = 'domains/checkout/contracts/orders.odcs.yaml';
/** 1-based line of the first line containing `needle`, after the line containing `after`. */
const lineOf = (needle: string, after?: string): number => {
  const lines = TEXT.split('\n');
  const start = after === undefined ? 0 : lines.findIndex((l) => l.includes(after));
  const at = lines.findIndex((l, i) => i >= start && l.includes(needle));
  if (at < 0) throw new Error(`'${needle}' not in the fixture`);
  return at + 1;
};

describe('an e-commerce contract (checkout orders)', () => {
  const { contracts, diagnostics } = loadDomainContracts('checkout', [
    { path: PATH, text: TEXT },
    // A mapping beside the contract is not a contract: it is left alone.
    { path: 'domains/checkout/contracts/orders.sql', text: 'select 1' },
  ]);

  it('validates with no diagnostics at all', () => {
    expect(diagnostics).toEqual([]);
    expect(contracts).toHaveLength(1);
  });

  it('yields the contract-level fields', () => {
    const c = contracts[0]!;
    expect(c.file).toBe(PATH);
    expect(c.apiVersion).toBe('v3.1.0');
    expect(c.id).toBe('checkout-orders');
    expect(c.name).toBe('Checkout orders');
    expect(c.version).toEqual({ major: 1, minor: 2, patch: 0, text: '1.2.0' });
    expect(c.status).toBe('active');
    expect(c.domain).toBe('checkout');
    expect(c.dataProduct).toBe('orders');
    expect(c.product).toBe('orders');
    expect(c.owner).toBe('team-checkout');
    expect(c.team).toEqual({
      name: 'team-checkout',
      description: 'Owns the checkout flow and its data.',
      members: [{ username: 'ada@example.com', role: 'owner' }],
      line: lineOf('name: team-checkout'),
    });
    expect(c.description).toEqual({
      purpose: 'Orders placed in the web shop, one row per order, for other domains to read.',
      usage: 'Join on order_id; customer_id identifies the customer across domains.',
      limitations: 'Orders of the last 24 months.',
      line: lineOf('purpose:'),
    });
    expect(c.tags).toEqual(['orders', 'checkout']);
    expect(c.servers).toEqual([
      { server: 'warehouse', type: 'bigquery', details: { project: 'shop-prod', dataset: 'checkout' }, line: lineOf('- server: warehouse') },
    ]);
    expect(c.slaProperties).toEqual([{ property: 'latency', value: 1, unit: 'd', element: 'orders.ordered_at', line: lineOf('- property: latency') }]);
    expect(c.customProperties).toEqual([]);
  });

  it('yields the schema object with its backing model, rules and line', () => {
    const [orders, ...others] = contracts[0]!.schema;
    expect(others).toEqual([]);
    expect(orders).toMatchObject({
      name: 'orders',
      physicalType: 'view',
      built: true,
      model: { name: 'orders', stage: 'cleaned', line: lineOf('value: cleaned.orders') },
      line: lineOf('- name: orders'),
      customProperties: [{ property: 'model', value: 'cleaned.orders', line: lineOf('- property: model') }],
    });
    expect(orders!.quality).toEqual([
      {
        type: 'library',
        metric: 'rowCount',
        comparison: { operator: 'mustBeGreaterThan', value: 0 },
        arguments: {},
        spec: { metric: 'rowCount', mustBeGreaterThan: 0 },
        line: lineOf('- metric: rowCount'),
      },
    ]);
  });

  it('yields the properties in contract order, each with its line', () => {
    const properties = contracts[0]!.schema[0]!.properties;
    expect(properties.map((p) => [p.name, p.logicalType, p.required, p.unique, p.primaryKey, p.line])).toEqual([
      ['order_id', 'string', true, true, true, lineOf('- name: order_id')],
      ['customer_id', 'string', true, false, false, lineOf('- name: customer_id')],
      ['order_total', 'number', true, false, false, lineOf('- name: order_total')],
      ['ordered_at', 'timestamp', true, false, false, lineOf('- name: ordered_at')],
      ['status', 'string', true, false, false, lineOf('- name: status')],
    ]);
    const [orderId, customerId, orderTotal, , status] = properties;
    expect(orderId).toMatchObject({ primaryKeyPosition: 1, description: 'Order identifier.', quality: [], customProperties: [], tags: [], logicalTypeOptions: {} });
    expect(customerId!.classification).toBe('pii');
    expect(orderId!.classification).toBeUndefined();
    expect(orderTotal!.quality).toEqual([
      {
        type: 'sql',
        query: 'SELECT COUNT(*) FROM ${object} WHERE ${property} < 0',
        comparison: { operator: 'mustBe', value: 0 },
        arguments: {},
        description: 'No negative totals.',
        spec: { type: 'sql', query: 'SELECT COUNT(*) FROM ${object} WHERE ${property} < 0', mustBe: 0, description: 'No negative totals.' },
        line: lineOf('- type: sql'),
      },
    ]);
    expect(status!.quality).toEqual([
      expect.objectContaining({
        type: 'library',
        metric: 'invalidValues',
        arguments: { validValues: ['placed', 'paid', 'shipped', 'cancelled'] },
        comparison: { operator: 'mustBe', value: 0 },
        line: lineOf('- metric: invalidValues'),
      }),
    ]);
  });

  it('is plain data: it survives a JSON round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(contracts))).toEqual(contracts);
  });

  it('takes the domain from the folder when the document names none', () => {
    const text = TEXT.replace('domain: checkout\n', '');
    const read = readContract({ path: PATH, text }, { domain: 'checkout' });
    expect(read.diagnostics).toEqual([]);
    expect(read.contract?.domain).toBe('checkout');
    // Read on its own, the document has no domain.
    expect(readContract({ path: PATH, text }).contract?.domain).toBeUndefined();
  });

  it('is the complete example of docs/contracts.md', () => {
    const doc = read('../../docs/contracts.md');
    const block = /## A complete example[\s\S]*?```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(block).toBe(TEXT);
  });

  it('compiles the ODCS schema once per process', () => {
    expect(odcsSchema()).toBe(odcsSchema());
  });
});
