import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildCatalog } from '../../src/catalog/build-catalog.js';
import { productDocuments } from '../../src/catalog/product-documents.js';
import type { ColumnInput, DatasetLineage, ProjectLineage, Transformation } from '../../src/lineage/lineage-types.js';
import type { CompiledProject } from '../../src/compile/compiled-node.js';
import { compile } from '../../src/mesh.js';
import { odpsProblems } from '../support/odps-schema.js';
import { writeProject } from '../support/temp-project.js';

const PROJECT = {
  'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\nsources:\n  events:\n    description: Shop events.\n    duckdb: data/events.csv\n',
  'domains/shop/data/events.csv': 'id,email,amount\n1,a@x.io,3\n',
  'domains/shop/raw/events.sql': 'select * from {{source "events"}}',
  'domains/shop/cleaned/orders.sql': '/*\ncolumns:\n  email:\n    description: Who ordered.\n*/\nselect id as order_id, upper(email) as email, amount from {{ref "events"}} where amount > 0',
  'domains/shop/contracts/orders.odcs.yaml': `apiVersion: v3.1.0
kind: DataContract
id: shop-orders
version: 1.0.0
status: active
domain: shop
dataProduct: orders
team:
  name: team-shop
description:
  purpose: Orders of the shop.
slaProperties:
  - property: latency
    value: 1
    unit: d
schema:
  - name: orders
    physicalType: view
    customProperties:
      - property: model
        value: cleaned.orders
    properties:
      - name: order_id
        logicalType: integer
        description: Order identifier.
      - name: email
        logicalType: string
        classification: pii
        description: The customer's e-mail, hashed.
        customProperties:
          - property: transform
            value: hash
`,
};

const IDENTITY: Transformation = { type: 'DIRECT', subtype: 'IDENTITY' };
const TRANSFORMED: Transformation = { type: 'DIRECT', subtype: 'TRANSFORMATION' };
const from = (dataset: string, column: string, t: Transformation = IDENTITY): ColumnInput => ({ dataset, column, transformations: [t] });

/** What the lineage stage would say about PROJECT, written by hand. */
function handLineage(): ProjectLineage {
  const datasets: DatasetLineage[] = [
    { id: 'source.shop.events', columns: ['id', 'email', 'amount'].map((name) => ({ name, inputs: [] })), dataset: [], upstream: [] },
    {
      id: 'model.shop.events',
      columns: ['id', 'email', 'amount'].map((name) => ({ name, type: name === 'email' ? 'VARCHAR' : 'BIGINT', inputs: [from('source.shop.events', name)] })),
      dataset: [],
      upstream: ['source.shop.events'],
    },
    {
      id: 'model.shop.orders',
      columns: [
        { name: 'order_id', type: 'BIGINT', inputs: [from('model.shop.events', 'id')] },
        { name: 'email', type: 'VARCHAR', inputs: [from('model.shop.events', 'email', TRANSFORMED)] },
        { name: 'amount', type: 'BIGINT', inputs: [from('model.shop.events', 'amount')] },
      ],
      dataset: [from('model.shop.events', 'amount', { type: 'INDIRECT', subtype: 'FILTER' })],
      upstream: ['model.shop.events'],
    },
    {
      id: 'contract.shop.orders_v1',
      columns: [
        { name: 'order_id', type: 'BIGINT', inputs: [from('model.shop.orders', 'order_id')] },
        { name: 'email', type: 'VARCHAR', inputs: [from('model.shop.orders', 'email', { type: 'DIRECT', subtype: 'TRANSFORMATION', masking: true })] },
      ],
      dataset: [],
      upstream: ['model.shop.orders'],
    },
  ];
  return { datasets: new Map(datasets.map((d) => [d.id, d])) };
}

/** PROJECT in a fresh folder (removed after each test), compiled without a problem. */
function project(): { dir: string; compiled: CompiledProject } {
  const dir = writeProject(PROJECT, { 'mesh.yaml': 'name: lineage_mesh\n' });
  const result = compile({ projectDir: dir, cache: false });
  expect(result.diagnostics).toEqual([]);
  return { dir, compiled: result.compiled! };
}

describe('a catalog with column lineage', () => {
  it('takes columns, types and inputs from lineage, and descriptions and classification from the project', () => {
    const { compiled } = project();
    const catalog = buildCatalog(compiled, handLineage(), undefined, { generatedAt: '2025-01-02T03:04:05.000Z' });
    expect(catalog.datasets['model.shop.orders']!.columns).toEqual([
      { name: 'order_id', type: 'BIGINT', inputs: [from('model.shop.events', 'id')] },
      { name: 'email', type: 'VARCHAR', description: 'Who ordered.', inputs: [from('model.shop.events', 'email', TRANSFORMED)] },
      { name: 'amount', type: 'BIGINT', inputs: [from('model.shop.events', 'amount')] },
    ]);
    expect(catalog.datasets['model.shop.orders']!.datasetInputs).toEqual([from('model.shop.events', 'amount', { type: 'INDIRECT', subtype: 'FILTER' })]);
    expect(catalog.datasets['contract.shop.orders_v1']!.columns[1]).toEqual({
      name: 'email',
      type: 'VARCHAR',
      description: "The customer's e-mail, hashed.",
      classification: 'pii',
      inputs: [from('model.shop.orders', 'email', { type: 'DIRECT', subtype: 'TRANSFORMATION', masking: true })],
    });
    expect(catalog.datasets['source.shop.events']!.columns.map((c) => c.name)).toEqual(['id', 'email', 'amount']);
  });

  it('without lineage, model columns say why their inputs are unknown and sources are found in the SQL', () => {
    const { compiled } = project();
    const catalog = buildCatalog(compiled, undefined, undefined, { generatedAt: '2025-01-02T03:04:05.000Z' });
    expect(catalog.datasets['model.shop.orders']!.columns).toEqual([{ name: 'email', description: 'Who ordered.', inputs: [], unresolved: 'no column lineage was computed' }]);
    expect(catalog.datasets['source.shop.events']!.columns).toEqual([]);
    expect(catalog.datasets['model.shop.events']!.upstream).toEqual(['source.shop.events']);
  });

  it('table-level reads add what lineage found; a dataset lineage could not analyse says why on each column', () => {
    const { compiled } = project();
    const datasets = new Map(handLineage().datasets);
    // Say the orders model read the source through something that renders no relation.
    datasets.set('model.shop.orders', { ...datasets.get('model.shop.orders')!, upstream: ['model.shop.events', 'source.shop.events'] });
    // And that the raw model could not be analysed: the source is still found in its SQL.
    datasets.set('model.shop.events', { id: 'model.shop.events', columns: [], dataset: [], upstream: [], unresolved: 'the SQL could not be parsed' });
    const catalog = buildCatalog(compiled, { datasets }, undefined, { generatedAt: '2025-01-02T03:04:05.000Z' });
    expect(catalog.datasets['model.shop.orders']!.upstream).toEqual(['model.shop.events', 'source.shop.events']);
    expect(catalog.datasets['model.shop.events']!.upstream).toEqual(['source.shop.events']);

    datasets.set('model.shop.orders', { id: 'model.shop.orders', columns: [], dataset: [], upstream: ['model.shop.events'], unresolved: 'a star over an unknown relation' });
    const unresolved = buildCatalog(compiled, { datasets }, undefined, { generatedAt: '2025-01-02T03:04:05.000Z' });
    expect(unresolved.datasets['model.shop.orders']!.columns).toEqual([{ name: 'email', description: 'Who ordered.', inputs: [], unresolved: 'a star over an unknown relation' }]);
  });

  it('the ODPS lineage summary traces each column of the view back to the source columns it comes from', () => {
    const { dir, compiled } = project();
    const catalog = buildCatalog(compiled, handLineage(), undefined, { generatedAt: '2025-01-02T03:04:05.000Z' });
    const docs = productDocuments(catalog, compiled, (file) => readFileSync(join(dir, file), 'utf8'));
    const odps = parse(docs.find((d) => d.path === 'products/shop.orders/odps.yaml')!.text) as { customProperties: { property: string; value: any }[] };
    expect(odpsProblems(odps)).toEqual([]);
    const summary = odps.customProperties.find((p) => p.property === 'lineage')!.value['1.0.0'];
    expect(summary).toEqual({
      inputs: ['source.shop.events'],
      pipeline: ['model.shop.events', 'model.shop.orders'],
      consumers: [],
      columns: { orders_v1: { order_id: ['source.shop.events.id'], email: ['source.shop.events.email'] } },
    });
  });
});
