import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/adapters/adapter.js';
import { build, sourceFreshness } from '../../src/mesh.js';
import { bigqueryHarness, PROJECT, TOKEN } from '../adapters/bigquery-harness.js';
import { writeProject } from '../support/temp-project.js';

const COLUMNS = [{ name: 'id', type: 'INT64' }];
const AS_OF = '2024-07-01T12:00:00Z';
const ms = (iso: string): number => Date.parse(iso);

describe('BigQueryAdapter.lastModified (tables.get, no job)', () => {
  it("reads each table's lastModifiedTime in the order asked; a view, a missing table: why not; a refusal is an EngineError", async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['ingest'], settings: { projects: { billing: 'acme-billing' } } });
    fake.state.addDataset({ projectId: 'acme-billing', datasetId: 'ingest', location: 'europe-west1' });
    fake.state.putRelation({ projectId: PROJECT, datasetId: 'ingest', tableId: 'orders', kind: 'TABLE', columns: COLUMNS, lastModifiedTime: ms('2024-07-01T08:00:00.250Z') });
    fake.state.putRelation({ projectId: 'acme-billing', datasetId: 'ingest', tableId: 'invoices', kind: 'TABLE', columns: COLUMNS, lastModifiedTime: ms('2024-06-29T12:00:00Z') });
    fake.state.putRelation({ projectId: PROJECT, datasetId: 'ingest', tableId: 'orders_view', kind: 'VIEW', columns: COLUMNS });
    fake.state.putRelation({ projectId: PROJECT, datasetId: 'ingest', tableId: 'clicks', kind: 'TABLE', columns: COLUMNS, streamingRows: 40, lastModifiedTime: ms('2024-07-01T11:00:00Z') });

    const found = await adapter.lastModified([
      { domain: 'shop', location: 'ingest.orders' },
      { domain: 'billing', location: 'ingest.invoices' },
      { domain: 'shop', location: 'ingest.orders_view' },
      { domain: 'shop', location: 'ingest.clicks' },
      { domain: 'shop', location: '`acme-data.ingest.missing`' },
    ]);
    expect(found).toEqual([
      { at: ms('2024-07-01T08:00:00.250Z') / 1000 },
      { at: ms('2024-06-29T12:00:00Z') / 1000 },
      { unknown: 'ingest.orders_view is a view: BigQuery records no modification time of its data' },
      { at: ms('2024-07-01T11:00:00Z') / 1000 },
      { unknown: 'table acme-data.ingest.missing does not exist' },
    ]);
    expect(fake.requestsTo('tables.get').map((r) => r.path)).toContain('/bigquery/v2/projects/acme-billing/datasets/ingest/tables/invoices');
    expect(fake.requestsTo('jobs.insert')).toEqual([]);

    fake.failRequests({ times: 1, status: 403, reason: 'accessDenied', message: 'Permission bigquery.tables.get denied', match: (r) => r.route === 'tables.get' });
    const refused = await adapter.lastModified([{ domain: 'shop', location: 'ingest.orders' }]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(EngineError);
  });
});

function project(url: string): string {
  return writeProject({
    'mesh.yaml': [
      'name: m',
      'default_target: prod',
      'targets:',
      '  prod:',
      '    engine: bigquery',
      `    project: ${PROJECT}`,
      '    location: europe-west1',
      '    method: oauth-token',
      '    token_env: MESH_BQ_TOKEN',
      `    api_endpoint: ${url}`,
      '',
    ].join('\r\n'),
    'domains/shop/domain.yaml': [
      'name: shop',
      'owner: team-shop',
      'freshness: { warn_after: 3 hours, error_after: 1 day }',
      'sources:',
      '  orders: { bigquery: ingest.orders }',
      '  customers: { bigquery: ingest.customers }',
      '  orders_view: { bigquery: ingest.orders_view }', // line 7
      '',
    ].join('\r\n'),
    'domains/shop/cleaned/orders.sql': 'select id from {{source "orders"}}\n',
    'domains/shop/cleaned/customers.sql': 'select id from {{source "customers"}}\n',
  });
}

describe('source freshness without loaded_at on BigQuery', () => {
  it("mesh source freshness measures the tables' lastModifiedTime; a view is a runtime error at its source's line", async () => {
    const { fake } = await bigqueryHarness({ datasets: ['ingest'] });
    fake.state.putRelation({ projectId: PROJECT, datasetId: 'ingest', tableId: 'orders', kind: 'TABLE', columns: COLUMNS, lastModifiedTime: ms('2024-07-01T08:00:00Z') });
    fake.state.putRelation({ projectId: PROJECT, datasetId: 'ingest', tableId: 'customers', kind: 'TABLE', columns: COLUMNS, lastModifiedTime: ms('2024-06-29T12:00:00Z') });
    fake.state.putRelation({ projectId: PROJECT, datasetId: 'ingest', tableId: 'orders_view', kind: 'VIEW', columns: COLUMNS });
    const dir = project(fake.url);
    const run = await sourceFreshness({ projectDir: dir, asOf: AS_OF, adapterEnv: { MESH_BQ_TOKEN: TOKEN } });
    expect(run.diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`)).toEqual(['domains/shop/domain.yaml:7 MESH274']);
    expect(run.results?.map((r) => [r.name, r.status, r.maxLoadedAt, r.ageSeconds])).toEqual([
      ['orders', 'warn', '2024-07-01T08:00:00.000Z', 14_400],
      ['customers', 'error', '2024-06-29T12:00:00.000Z', 172_800],
      ['orders_view', 'runtime error', undefined, undefined],
    ]);
    const written = JSON.parse(readFileSync(join(dir, 'target', 'sources.json'), 'utf8')) as { results: { criteria: { loaded_at: string | null } }[] };
    expect(written.results[0]!.criteria.loaded_at).toBeNull();
    // Metadata only: no query job.
    expect(fake.requestsTo('jobs.insert')).toEqual([]);
  });

  it('mesh build --fresh-sources skips the reader of a table not modified within error_after; a load makes it fresh', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['ingest'] });
    fake.state.putRelation({ projectId: PROJECT, datasetId: 'ingest', tableId: 'orders', kind: 'TABLE', columns: COLUMNS, lastModifiedTime: ms('2024-07-01T08:00:00Z') });
    fake.state.putRelation({ projectId: PROJECT, datasetId: 'ingest', tableId: 'customers', kind: 'TABLE', columns: COLUMNS, lastModifiedTime: ms('2024-06-29T12:00:00Z') });
    fake.state.putRelation({ projectId: PROJECT, datasetId: 'ingest', tableId: 'orders_view', kind: 'VIEW', columns: COLUMNS });
    const dir = project(fake.url);
    const stale = await build({ projectDir: dir, adapter, asOf: AS_OF, freshSources: true });
    const byId = new Map(stale.run!.results.map((r) => [r.id, r]));
    expect(byId.get('model.shop.customers')).toMatchObject({ status: 'skipped', skipReason: 'stale_source' });
    expect(byId.get('model.shop.orders')).toMatchObject({ status: 'success' });

    // The loader writes the table: BigQuery moves its lastModifiedTime.
    fake.state.putRelation({ projectId: PROJECT, datasetId: 'ingest', tableId: 'customers', kind: 'TABLE', columns: COLUMNS, lastModifiedTime: ms('2024-07-01T11:00:00Z') });
    const fresh = await build({ projectDir: dir, adapter, asOf: AS_OF, freshSources: true });
    expect(fresh.run!.results.find((r) => r.id === 'model.shop.customers')).toMatchObject({ status: 'success' });
  });
});
