import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/adapters/adapter.js';
import { writeProject } from '../support/temp-project.js';
import { bigqueryHarness, PROJECT } from './bigquery-harness.js';

describe('BigQueryAdapter.load', () => {
  it('loads a seed’s CSV (BOM, CRLF, quotes, nulls, duplicates) through a multipart upload job', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['shop_seeds'] });
    const file = join(writeProject({}), 'countries.csv');
    writeFileSync(file, '\uFEFFcode,name,population\r\nDE,Germany,83200000\r\nFR,"France, Republic of",\r\nFR,"France, Republic of",\r\n,"Say ""hi""",1\r\n');
    const result = await adapter.load(
      { schema: 'shop_seeds', name: 'countries', file, columns: [{ name: 'code', type: 'STRING' }, { name: 'name', type: 'STRING' }, { name: 'population', type: 'INT64' }] },
      { runId: 'r1', node: 'seed.shop.countries' },
    );
    expect(result.rowsAffected).toBe(4);
    const upload = fake.requestsTo('jobs.upload')[0]!;
    expect(upload.path).toBe(`/upload/bigquery/v2/projects/${PROJECT}/jobs`);
    expect(upload.query.uploadType).toBe('multipart');
    const body = upload.body as { jobReference: { jobId: string; location: string }; configuration: { load: Record<string, unknown> } };
    expect(body.jobReference.jobId).toMatch(/^mesh_r1_seed_shop_countries_/);
    expect(body.jobReference.location).toBe('europe-west1');
    expect(body.configuration.load).toMatchObject({
      destinationTable: { projectId: PROJECT, datasetId: 'shop_seeds', tableId: 'countries' },
      schema: { fields: [{ name: 'code', type: 'STRING' }, { name: 'name', type: 'STRING' }, { name: 'population', type: 'INT64' }] },
      sourceFormat: 'CSV',
      skipLeadingRows: 1,
      writeDisposition: 'WRITE_TRUNCATE',
      allowQuotedNewlines: true,
    });
    // The file went up as it is on disk.
    expect(upload.media?.startsWith('\uFEFFcode,name')).toBe(true);
    expect(fake.state.relation(PROJECT, 'shop_seeds', 'countries')?.rows).toEqual([
      ['DE', 'Germany', '83200000'],
      ['FR', 'France, Republic of', null],
      ['FR', 'France, Republic of', null],
      [null, 'Say "hi"', '1'],
    ]);
    // Loaded again: the rows are replaced, not added.
    await adapter.load({ schema: 'shop_seeds', name: 'countries', file, columns: [{ name: 'code', type: 'STRING' }, { name: 'name', type: 'STRING' }, { name: 'population', type: 'INT64' }] });
    expect(fake.state.relation(PROJECT, 'shop_seeds', 'countries')?.numRows).toBe(4);
  });

  it('fails with BigQuery’s message when a value does not fit its column type', async () => {
    const { adapter } = await bigqueryHarness({ datasets: ['shop_seeds'] });
    const file = join(writeProject({}), 'bad.csv');
    writeFileSync(file, 'id\n1\ntwo\n');
    const error = await adapter.load({ schema: 'shop_seeds', name: 'bad', file, columns: [{ name: 'id', type: 'INT64' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).message).toMatch(/Could not parse 'two' as INT64 for field id/);
  });
});

describe('BigQueryAdapter access', () => {
  it('authorizes a view on the datasets it reads, once, patching with the etag', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['shop', 'shop_private', 'shop_cleaned'] });
    await adapter.authorizeView({ schema: 'shop', name: 'orders_v1' }, ['shop_private', 'shop_cleaned']);
    await adapter.authorizeView({ schema: 'shop', name: 'orders_v1' }, ['shop_private', 'shop_cleaned']);
    const patches = fake.requestsTo('datasets.patch');
    expect(patches.map((p) => p.path.split('/').at(-1))).toEqual(['shop_private', 'shop_cleaned']);
    expect(patches[0]!.ifMatch).toMatch(/^etag-/);
    const entry = { view: { projectId: PROJECT, datasetId: 'shop', tableId: 'orders_v1' } };
    expect(fake.state.dataset(PROJECT, 'shop_private')?.access.filter((a) => a.view)).toEqual([entry]);
    // The entries that were there stay.
    expect(fake.state.dataset(PROJECT, 'shop_private')?.access).toHaveLength(4);
  });

  it('grants READER to users, groups, service accounts and domains, once, on that dataset only', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['shop', 'shop_cleaned'] });
    const principals = ['group:analysts@example.com', 'user:ana@example.com', 'serviceAccount:bi@acme.iam.gserviceaccount.com', 'domain:example.com'];
    await adapter.grantRead('shop', principals);
    await adapter.grantRead('shop', principals);
    expect(fake.requestsTo('datasets.patch')).toHaveLength(1);
    expect(fake.state.dataset(PROJECT, 'shop')?.access.slice(3)).toEqual([
      { role: 'READER', groupByEmail: 'analysts@example.com' },
      { role: 'READER', userByEmail: 'ana@example.com' },
      { role: 'READER', userByEmail: 'bi@acme.iam.gserviceaccount.com' },
      { role: 'READER', domain: 'example.com' },
    ]);
    expect(fake.state.dataset(PROJECT, 'shop_cleaned')?.access).toHaveLength(3);
  });

  it('reads again and retries when another writer changed the dataset in between (412)', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['shop'] });
    fake.failRequests({ times: 1, status: 412, reason: 'conditionNotMet', message: 'Precondition check failed.', match: (r) => r.route === 'datasets.patch' });
    await adapter.grantRead('shop', ['group:analysts@example.com']);
    expect(fake.requestsTo('datasets.get')).toHaveLength(2);
    expect(fake.state.dataset(PROJECT, 'shop')?.access.at(-1)).toEqual({ role: 'READER', groupByEmail: 'analysts@example.com' });
  });
});
