import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildCatalog } from '../../src/catalog/build-catalog.js';
import { productDocuments } from '../../src/catalog/product-documents.js';
import { odcsSchema } from '../../src/contracts/odcs-schema.js';
import { compile } from '../../src/mesh.js';
import { odpsProblems, ODPS_SCHEMA_FILE } from '../support/odps-schema.js';
import { writeProject } from '../support/temp-project.js';

const EXAMPLE = new URL('../../example-project/', import.meta.url).pathname;
const FIXTURES = new URL('../fixtures/odps/', import.meta.url);
const SHARED = new URL('../../../shared/schemas/odps/', import.meta.url);

type Doc = Record<string, any>;

/** The documents `mesh catalog` writes under target/products for a project and target, parsed. */
function documents(projectDir: string, target?: string): Map<string, Doc> {
  const result = compile({ projectDir, cache: false, ...(target ? { target } : {}) });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const catalog = buildCatalog(result.compiled!, undefined, undefined, { generatedAt: '2025-01-02T03:04:05.000Z' });
  const docs = productDocuments(catalog, result.compiled!, (file) => readFileSync(join(projectDir, file), 'utf8'));
  return new Map(docs.map((d) => [d.path, parse(d.text) as Doc]));
}

function odcsProblems(document: unknown): string[] {
  return odcsSchema().validate(document).map((e) => `${e.path.join('.')}: ${e.message}`);
}

describe('the ODPS schema the tests validate with', () => {
  it('is the official one, and the copy still equals ../shared/ when it is there', () => {
    const files = readdirSync(FIXTURES).filter((f) => f !== 'README.md');
    expect(files.sort()).toEqual(['customer-data-product.odps.yaml', 'odps-json-schema-v1.0.0.json', 'simple-data-product.odps.yaml']);
    expect(JSON.parse(readFileSync(ODPS_SCHEMA_FILE, 'utf8')).$schema).toBe('https://json-schema.org/draft/2019-09/schema');
    if (!existsSync(SHARED)) return;
    expect(readFileSync(new URL('odps-json-schema-v1.0.0.json', SHARED), 'utf8')).toBe(readFileSync(ODPS_SCHEMA_FILE, 'utf8'));
    for (const f of files.filter((f) => f.endsWith('.yaml'))) expect(readFileSync(new URL(`examples/${f}`, SHARED), 'utf8')).toBe(readFileSync(new URL(f, FIXTURES), 'utf8'));
  });

  it('accepts the official examples and refuses a descriptor that breaks it', () => {
    for (const f of ['customer-data-product.odps.yaml', 'simple-data-product.odps.yaml']) expect(odpsProblems(parse(readFileSync(new URL(f, FIXTURES), 'utf8')))).toEqual([]);
    expect(odpsProblems({ apiVersion: 'v1.0.0', kind: 'DataProduct', id: 'x' })).toEqual(["/: must have required property 'status'"]);
    expect(odpsProblems({ apiVersion: 'v1.0.0', kind: 'DataProduct', id: 'x', status: 'active', owner: 'me' })).toEqual(['/: must NOT have additional properties (owner)']);
    expect(odpsProblems({ apiVersion: 'v1.0.0', kind: 'DataProduct', id: 'x', status: 'active', inputPorts: [{ name: 'a', version: '1' }] })).toEqual(["/inputPorts/0: must have required property 'contractId'"]);
  });
});

describe('data product documents of the example project', () => {
  for (const target of ['dev', 'prod']) {
    it(`on ${target}: every ODPS descriptor follows the ODPS v1.0.0 schema and every resolved contract the ODCS v3.1.0 schema`, () => {
      const docs = documents(EXAMPLE, target);
      expect([...docs.keys()]).toEqual([
        'products/checkout.orders/orders.v1.odcs.yaml',
        'products/checkout.orders/orders.v2.odcs.yaml',
        'products/checkout.orders/odps.yaml',
        'products/payments.order_payments/order_payments.v1.odcs.yaml',
        'products/payments.order_payments/odps.yaml',
        'products/shipping.shipments/shipments.v1.odcs.yaml',
        'products/shipping.shipments/odps.yaml',
      ]);
      for (const [path, doc] of docs) {
        if (path.endsWith('odps.yaml')) expect({ path, problems: odpsProblems(doc) }).toEqual({ path, problems: [] });
        else expect({ path, problems: odcsProblems(doc) }).toEqual({ path, problems: [] });
      }
    });
  }

  it('fills in where the target publishes each version: DuckDB database and schema on dev, the view as physicalName', () => {
    const docs = documents(EXAMPLE, 'dev');
    const v1 = docs.get('products/checkout.orders/orders.v1.odcs.yaml')!;
    expect(v1.version).toBe('1.0.0');
    expect(v1.servers).toEqual([
      { server: 'prod', type: 'bigquery', project: 'shop-analytics-prod', dataset: 'checkout' },
      { server: 'dev', environment: 'dev', description: "where meshwork publishes the contract views on target 'dev'", type: 'duckdb', database: join(EXAMPLE, '.mesh/dev.duckdb'), schema: 'checkout' },
    ]);
    expect(v1.schema.map((o: Doc) => [o.name, o.physicalName])).toEqual([['orders', 'orders_v1']]);
    expect(Object.keys(v1.schema[0]).slice(0, 2)).toEqual(['name', 'physicalName']);
    // The rest is the contract as written.
    expect(v1.schema[0].properties.map((p: Doc) => p.name)).toContain('ship_country');
    expect(v1.slaProperties).toEqual([{ property: 'latency', value: 1, unit: 'd', element: 'orders.placed_at', description: 'Freshness; an order is in the view at most one day after it was placed.' }]);
    expect(docs.get('products/checkout.orders/orders.v2.odcs.yaml')!.schema[0].physicalName).toBe('orders_v2');
  });

  it('on BigQuery the target server replaces the one of the same name the contract declares', () => {
    const v2 = documents(EXAMPLE, 'prod').get('products/checkout.orders/orders.v2.odcs.yaml')!;
    expect(v2.servers).toEqual([
      { server: 'prod', type: 'bigquery', project: 'shop-analytics-prod', dataset: 'checkout', environment: 'prod', description: "where meshwork publishes the contract views on target 'prod'" },
    ]);
  });

  it('describes a product: output port per version, input ports, owning team, lineage summary', () => {
    const odps = documents(EXAMPLE).get('products/checkout.orders/odps.yaml')!;
    expect(odps).toMatchObject({ apiVersion: 'v1.0.0', kind: 'DataProduct', id: 'checkout.orders', name: 'Checkout orders', version: '2.0.0', status: 'active', domain: 'checkout' });
    expect(odps.team).toEqual({ name: 'team-checkout', description: 'Owns the checkout flow of the web shop and its data.', members: [{ username: 'checkout-lead@shop.example', role: 'owner' }] });
    expect(odps.description.usage).toContain('version=2');
    expect(odps.outputPorts.map((p: Doc) => [p.name, p.version, p.contractId, p.type])).toEqual([
      ['orders_v1', '1.0.0', 'checkout-orders', 'view'],
      ['orders_v2', '2.0.0', 'checkout-orders', 'view'],
    ]);
    expect(odps.outputPorts[0].customProperties).toContainEqual({ property: 'relation', value: '"checkout"."orders_v1"' });
    expect(odps.inputPorts).toEqual([
      {
        name: 'checkout.order_events',
        version: 'unversioned',
        contractId: 'source.checkout.order_events',
        customProperties: [
          { property: 'kind', value: 'source', description: 'a source declared in domain.yaml: it has no data contract' },
          { property: 'relation', value: "read_json_auto('domains/checkout/data/order_events.jsonl')" },
        ],
      },
    ]);
    const lineage = odps.customProperties.find((p: Doc) => p.property === 'lineage').value;
    expect(Object.keys(lineage)).toEqual(['1.0.0', '2.0.0']);
    expect(lineage['1.0.0']).toMatchObject({ inputs: ['source.checkout.order_events'], consumers: ['model.management.order_facts', 'test.management.payments_and_shipments_know_their_order'] });
    expect(lineage['1.0.0'].pipeline).toEqual(expect.arrayContaining(['model.checkout.order_events', 'model.checkout.orders']));
    expect(lineage['2.0.0'].consumers).toEqual(['model.payments.order_collection']);
  });

  it('a product that reads another domain\'s contract and an imported one lists both as input ports and input contracts', () => {
    const producer = writeProject({ 'contracts/customers.odcs.yaml': contract('crm', 'customers', '1.4.0', 'customers') }, {});
    const dir = writeProject(
      {
        'mesh.yaml': `name: shop\nimports:\n  - contract: ../${basename(producer)}/contracts/customers.odcs.yaml\n    locations:\n      dev: crm.customers_v1\n`,
        'domains/sales/domain.yaml': 'name: sales\nowner: team-sales\n',
        'domains/sales/raw/leads.sql': "select 'c1' as customer_id",
        'domains/sales/contracts/leads.odcs.yaml': contract('sales', 'leads', '3.1.0', 'leads'),
        'domains/marketing/domain.yaml': 'name: marketing\nowner: team-marketing\n',
        'domains/marketing/cleaned/segments.sql':
          'select c.customer_id from {{contract "crm.customers" version=1}} as c join {{contract "sales.leads" version=3}} as l using (customer_id)',
        'domains/marketing/contracts/segments.odcs.yaml': contract('marketing', 'segments', '1.0.0', 'segments'),
      },
      {},
    );
    const result = compile({ projectDir: dir, cache: false });
    const catalog = buildCatalog(result.compiled!, undefined, undefined, { generatedAt: '2025-01-02T03:04:05.000Z' });
    expect(catalog.datasets['import.crm.customers_v1']).toMatchObject({ kind: 'import', domain: 'crm', relation: '"crm"."customers_v1"', product: 'crm.customers', version: '1.4.0', contractId: 'crm-customers' });
    expect(catalog.datasets['import.crm.customers_v1']!.columns.map((c) => c.name)).toEqual(['customer_id']);
    expect(catalog.products.find((p) => p.id === 'marketing.segments')!.inputs).toEqual(['contract.sales.leads_v3', 'import.crm.customers_v1']);
    expect(catalog.products.find((p) => p.id === 'sales.leads')!.versions[0]!.consumers).toEqual(['model.marketing.segments']);
    expect(catalog.edges.filter((e) => e.crossDomain)).toEqual([
      { from: 'contract.sales.leads_v3', to: 'model.marketing.segments', crossDomain: true },
      { from: 'import.crm.customers_v1', to: 'model.marketing.segments', crossDomain: true },
    ]);

    const docs = new Map(productDocuments(catalog, result.compiled!, (file) => readFileSync(join(dir, file), 'utf8')).map((d) => [d.path, parse(d.text) as Doc]));
    const odps = docs.get('products/marketing.segments/odps.yaml')!;
    expect(odpsProblems(odps)).toEqual([]);
    expect(odps.inputPorts.map((p: Doc) => [p.name, p.version, p.contractId])).toEqual([
      ['sales.leads', '3.1.0', 'sales-leads'],
      ['crm.customers', '1.4.0', 'crm-customers'],
    ]);
    expect(odps.outputPorts[0].inputContracts).toEqual([
      { id: 'sales-leads', version: '3.1.0' },
      { id: 'crm-customers', version: '1.4.0' },
    ]);
    // A product with no sources of its own: it has no input port but what it reads.
    expect(docs.get('products/sales.leads/odps.yaml')!.inputPorts).toEqual([]);
    for (const [path, doc] of docs) if (path.endsWith('.odcs.yaml')) expect(odcsProblems(doc)).toEqual([]);
  });
});

/** A one-column contract over a model of its domain. */
function contract(domain: string, product: string, version: string, model: string): string {
  return `apiVersion: v3.1.0
kind: DataContract
id: ${domain}-${product}
version: ${version}
status: active
domain: ${domain}
dataProduct: ${product}
team:
  name: team-${domain}
description:
  purpose: ${product} of ${domain}.
schema:
  - name: ${product}
    physicalType: view
    customProperties:
      - property: model
        value: ${model}
    properties:
      - name: customer_id
        logicalType: string
        description: Customer identifier.
`;
}
