import { describe, expect, it } from 'vitest';
import { bigqueryHarness, PROJECT } from './bigquery-harness.js';

describe('BigQueryAdapter datasets and relations', () => {
  it('creates missing datasets once, with the location, the labels and the description, in the domain’s project', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['shop_cleaned'], settings: { projects: { billing: 'acme-billing-data' }, labels: { Team: 'Data Platform' } } });
    const specs = [
      { name: 'shop_cleaned', description: 'Shop, cleaned', domain: 'shop' },
      { name: 'shop', description: 'Shop: the contracts consumers read', domain: 'shop' },
      { name: 'billing_staging', description: 'Billing staging', domain: 'billing' },
      { name: 'meshwork' },
    ];
    await adapter.ensureSchemas(specs);
    await adapter.ensureSchemas(specs);
    const inserts = fake.requestsTo('datasets.insert');
    expect(inserts.map((r) => r.path)).toEqual([
      `/bigquery/v2/projects/${PROJECT}/datasets`,
      '/bigquery/v2/projects/acme-billing-data/datasets',
      `/bigquery/v2/projects/${PROJECT}/datasets`,
    ]);
    expect(inserts[0]!.body).toEqual({ datasetReference: { projectId: PROJECT, datasetId: 'shop' }, location: 'europe-west1', labels: { team: 'data_platform' }, description: 'Shop: the contracts consumers read' });
    expect(inserts[2]!.body).toEqual({ datasetReference: { projectId: PROJECT, datasetId: 'meshwork' }, location: 'europe-west1', labels: { team: 'data_platform' } });
    expect(fake.state.dataset('acme-billing-data', 'billing_staging')?.location).toBe('europe-west1');
    // The existing dataset was left as it was.
    expect(fake.state.dataset(PROJECT, 'shop_cleaned')?.description).toBeUndefined();
  });

  it('refuses a dataset that exists in another location, saying which', async () => {
    const { fake, adapter } = await bigqueryHarness();
    fake.state.addDataset({ projectId: PROJECT, datasetId: 'shop_cleaned', location: 'US' });
    const error = (await adapter.ensureSchemas([{ name: 'shop_cleaned', domain: 'shop' }]).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(`dataset ${PROJECT}.shop_cleaned is in location US, the target in europe-west1: set the target's location to US, or move the dataset`);
    expect(fake.requestsTo('datasets.insert')).toHaveLength(0);
  });

  it('lists relations per dataset (a missing dataset is empty) and reads columns from the tables’ schemas', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['shop_cleaned'], settings: { projects: { billing: 'acme-billing-data' } } });
    fake.state.addDataset({ projectId: 'acme-billing-data', datasetId: 'billing_cleaned', location: 'europe-west1' });
    fake.state.putRelation({ projectId: PROJECT, datasetId: 'shop_cleaned', tableId: 'orders', kind: 'TABLE', columns: [{ name: 'id', type: 'INT64' }, { name: 'amount', type: 'NUMERIC' }] });
    fake.state.putRelation({ projectId: PROJECT, datasetId: 'shop_cleaned', tableId: 'orders_v', kind: 'VIEW', columns: [{ name: 'id', type: 'INT64' }] });
    fake.state.putRelation({ projectId: 'acme-billing-data', datasetId: 'billing_cleaned', tableId: 'invoices', kind: 'TABLE', columns: [{ name: 'invoice_id', type: 'STRING' }] });
    const relations = await adapter.relations(['shop_cleaned', 'shop_staging', 'billing_cleaned']);
    expect([...relations]).toEqual([
      ['shop_cleaned.orders', 'table'],
      ['shop_cleaned.orders_v', 'view'],
      ['billing_cleaned.invoices', 'table'],
    ]);
    const columns = await adapter.columns([
      { schema: 'shop_cleaned', name: 'orders' },
      { schema: 'shop_cleaned', name: 'missing' },
      { schema: 'billing_cleaned', name: 'invoices' },
    ]);
    expect([...columns]).toEqual([
      ['shop_cleaned.orders', ['id', 'amount']],
      ['billing_cleaned.invoices', ['invoice_id']],
    ]);
  });

  it('describes for mesh debug what it found, and which datasets exist, without the token', async () => {
    const { adapter } = await bigqueryHarness({ datasets: ['shop_cleaned'] });
    const facts = await adapter.describe(['shop_cleaned', 'shop_staging']);
    expect(facts).toEqual([
      { check: 'credentials', ok: true, found: 'oauth-token from $MESH_BQ_TOKEN' },
      { check: 'project and location', ok: true, found: `project ${PROJECT} runs queries in location europe-west1` },
      { check: `dataset ${PROJECT}.shop_cleaned`, ok: true, found: 'exists in europe-west1' },
      { check: `dataset ${PROJECT}.shop_staging`, ok: true, found: 'does not exist yet (mesh build creates it)' },
    ]);
  });
});
