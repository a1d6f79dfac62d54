import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/adapters/adapter.js';
import { bigqueryHarness, PROJECT } from './bigquery-harness.js';

const COLUMNS = [{ name: 'id', type: 'INT64' }];

describe('BigQueryAdapter.sourceStamps (tables.get lastModifiedTime)', () => {
  it('stamps each source table in the order asked, in its domain’s project or the one its location names; none where it cannot tell', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['raw_shop'], settings: { projects: { billing: 'acme-billing-data' } } });
    fake.state.addDataset({ projectId: 'acme-billing-data', datasetId: 'raw_billing', location: 'europe-west1' });
    fake.state.addDataset({ projectId: 'crm-export', datasetId: 'crm', location: 'europe-west1' });
    fake.state.putRelation({ projectId: PROJECT, datasetId: 'raw_shop', tableId: 'orders', kind: 'TABLE', columns: COLUMNS, lastModifiedTime: 1_760_000_000_123 });
    fake.state.putRelation({ projectId: 'acme-billing-data', datasetId: 'raw_billing', tableId: 'invoices', kind: 'TABLE', columns: COLUMNS, lastModifiedTime: 1_760_000_000_456 });
    fake.state.putRelation({ projectId: 'crm-export', datasetId: 'crm', tableId: 'customers', kind: 'TABLE', columns: COLUMNS, lastModifiedTime: 1_760_000_000_789 });
    fake.state.putRelation({ projectId: PROJECT, datasetId: 'raw_shop', tableId: 'orders_view', kind: 'VIEW', columns: COLUMNS });
    fake.state.putRelation({ projectId: PROJECT, datasetId: 'raw_shop', tableId: 'clicks', kind: 'TABLE', columns: COLUMNS, streamingRows: 12 });

    const stamps = await adapter.sourceStamps([
      { domain: 'shop', location: 'raw_shop.orders' },
      { domain: 'billing', location: 'raw_billing.invoices' },
      { domain: 'shop', location: '`crm-export.crm.customers`' },
      { domain: 'shop', location: 'raw_shop.orders_view' },
      { domain: 'shop', location: 'raw_shop.clicks' },
      { domain: 'shop', location: 'raw_shop.missing' },
      { domain: 'shop', location: 'no_such_dataset.orders' },
    ]);
    expect(stamps).toEqual(['TABLE:1760000000123', 'TABLE:1760000000456', 'TABLE:1760000000789', undefined, undefined, undefined, undefined]);
    expect(fake.requestsTo('tables.get').map((r) => r.path)).toEqual(
      expect.arrayContaining([
        `/bigquery/v2/projects/${PROJECT}/datasets/raw_shop/tables/orders`,
        '/bigquery/v2/projects/acme-billing-data/datasets/raw_billing/tables/invoices',
        '/bigquery/v2/projects/crm-export/datasets/crm/tables/customers',
      ]),
    );
    expect(fake.requestsTo('tables.get')).toHaveLength(7);
    // Metadata only: no job, nothing billed, no SQL to check.
    expect(fake.requestsTo('jobs.insert')).toEqual([]);
    expect(fake.statements).toEqual([]);
  });

  it('changes when the table’s data does: rows appended, the table replaced; not when nothing was written', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['raw_shop'] });
    fake.state.putRelation({ projectId: PROJECT, datasetId: 'raw_shop', tableId: 'orders', kind: 'TABLE', columns: COLUMNS });
    const ask = async () => (await adapter.sourceStamps([{ domain: 'shop', location: 'raw_shop.orders' }]))[0];
    const first = await ask();
    expect(first).toMatch(/^TABLE:\d+$/);
    expect(await ask()).toBe(first);
    // Another tool appends rows (a DML job through the API, as a loader's would be).
    await adapter.execute([{ sql: `INSERT INTO \`${PROJECT}.raw_shop.orders\` (id) VALUES (1), (1), (NULL)` }]);
    const appended = await ask();
    expect(appended).not.toBe(first);
    fake.state.putRelation({ projectId: PROJECT, datasetId: 'raw_shop', tableId: 'orders', kind: 'TABLE', columns: COLUMNS });
    const replaced = await ask();
    expect([first, appended]).not.toContain(replaced);
  });

  it('retries a rate limit; a refusal is an EngineError with BigQuery’s message', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['raw_shop'] });
    fake.state.putRelation({ projectId: PROJECT, datasetId: 'raw_shop', tableId: 'orders', kind: 'TABLE', columns: COLUMNS, lastModifiedTime: 1_760_000_000_000 });
    fake.failRequests({ times: 1, status: 429, reason: 'rateLimitExceeded', match: (r) => r.route === 'tables.get' });
    expect(await adapter.sourceStamps([{ domain: 'shop', location: 'raw_shop.orders' }])).toEqual(['TABLE:1760000000000']);
    expect(fake.requestsTo('tables.get')).toHaveLength(2);

    fake.failRequests({ times: 1, status: 403, reason: 'accessDenied', message: 'Access Denied: Table acme-data:raw_shop.orders: Permission bigquery.tables.get denied', match: (r) => r.route === 'tables.get' });
    const refused = await adapter.sourceStamps([{ domain: 'shop', location: 'raw_shop.orders' }]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(EngineError);
    expect((refused as Error).message).toContain('Permission bigquery.tables.get denied');
  });
});
