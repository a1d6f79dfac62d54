import { describe, expect, it } from 'vitest';
import { compile } from '../../src/mesh.js';
import { BuildDatasets } from '../../src/openlineage/build-datasets.js';
import { relationDataset, sourceDataset, tableDataset, warehouseNamespace } from '../../src/openlineage/dataset-names.js';
import type { SourceDefinition, TargetConfig } from '../../src/parse/definitions.js';
import { writeProject } from '../support/temp-project.js';
import { lines, SHOP } from './events-project.js';

const BIGQUERY: TargetConfig = { name: 'prod', engine: 'bigquery', threads: 8, project: 'shop-prod', datasetPrefix: 'x_' };
const DUCKDB: TargetConfig = { name: 'dev', engine: 'duckdb', threads: 4, path: '/data/dev.duckdb' };
const source = (locations: SourceDefinition['locations']): SourceDefinition => ({ name: 's', domain: 'd', locations, file: 'domains/d/domain.yaml', line: 1 });

describe('OpenLineage dataset names', () => {
  it('BigQuery: namespace bigquery, name project.dataset.table', () => {
    expect(warehouseNamespace(BIGQUERY)).toBe('bigquery');
    expect(relationDataset(BIGQUERY, 'x_checkout_cleaned', 'orders')).toEqual({ namespace: 'bigquery', name: 'shop-prod.x_checkout_cleaned.orders' });
    expect(tableDataset(BIGQUERY, 'crm.customers_v1')).toEqual({ namespace: 'bigquery', name: 'shop-prod.crm.customers_v1' });
    expect(tableDataset(BIGQUERY, 'other-prod.crm.customers_v1')).toEqual({ namespace: 'bigquery', name: 'other-prod.crm.customers_v1' });
    expect(sourceDataset(BIGQUERY, '/p', source({ bigquery: 'ingest.events', duckdb: 'domains/d/data/e.jsonl' }))).toEqual({ namespace: 'bigquery', name: 'shop-prod.ingest.events' });
    expect(sourceDataset(BIGQUERY, '/p', source({ duckdb: 'domains/d/data/e.jsonl' }))).toBeUndefined();
  });

  it('DuckDB: namespace duckdb://<absolute path> (duckdb://memory in memory), name schema.table; files in the file namespace', () => {
    expect(warehouseNamespace(DUCKDB)).toBe('duckdb:///data/dev.duckdb');
    expect(warehouseNamespace({ ...DUCKDB, path: ':memory:' })).toBe('duckdb://memory');
    expect(relationDataset(DUCKDB, 'checkout', 'orders_v1')).toEqual({ namespace: 'duckdb:///data/dev.duckdb', name: 'checkout.orders_v1' });
    expect(sourceDataset(DUCKDB, '/p', source({ duckdb: 'domains/d/data/e.jsonl' }))).toEqual({ namespace: 'file', name: '/p/domains/d/data/e.jsonl' });
    expect(sourceDataset(DUCKDB, '/p', source({ duckdb: 'raw.events' }))).toEqual({ namespace: 'duckdb:///data/dev.duckdb', name: 'raw.events' });
  });

  it('a project compiled for BigQuery names its nodes, sources and imported contracts in the bigquery namespace', () => {
    const crm = lines(
      'apiVersion: v3.1.0',
      'kind: DataContract',
      'id: crm-customers',
      'version: 1.0.0',
      'status: active',
      'domain: crm',
      'dataProduct: customers',
      'schema:',
      '  - name: customers',
      '    properties:',
      '      - name: customer_id',
      '        logicalType: string',
    );
    const dir = writeProject(
      {
        ...SHOP,
        'mesh.yaml': lines('name: shop', 'targets:', '  prod:', '    engine: bigquery', '    project: shop-prod', '    location: EU', 'default_target: prod', 'imports:', '  - contract: imports/customers.odcs.yaml', '    locations:', '      prod: crm.customers_v1'),
        'imports/customers.odcs.yaml': crm,
        'domains/checkout/domain.yaml': SHOP['domains/checkout/domain.yaml']!.replace('    duckdb: data/orders.csv\n', '    duckdb: data/orders.csv\n    bigquery: ingest.orders\n'),
        'domains/checkout/aggregate/customers.sql': lines('select customer_id from {{contract "crm.customers" version=1}}'),
      },
      {},
    );
    const result = compile({ projectDir: dir });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const datasets = new BuildDatasets(result.compiled!);
    expect(datasets.ref('model.checkout.orders')).toEqual({ namespace: 'bigquery', name: 'shop-prod.checkout_cleaned.orders' });
    expect(datasets.ref('contract.checkout.orders_v1')).toEqual({ namespace: 'bigquery', name: 'shop-prod.checkout.orders_v1' });
    expect(datasets.reads('model.checkout.order_rows').map((id) => datasets.ref(id))).toEqual([{ namespace: 'bigquery', name: 'shop-prod.ingest.orders' }]);
    expect(datasets.reads('model.checkout.customers')).toEqual(['import.crm.customers_v1']);
    expect(datasets.ref('import.crm.customers_v1')).toEqual({ namespace: 'bigquery', name: 'shop-prod.crm.customers_v1' });
    expect((datasets.facets('import.crm.customers_v1').schema as unknown as { fields: unknown[] }).fields).toEqual([{ name: 'customer_id', type: 'STRING', ordinal_position: 1 }]);
  });
});
