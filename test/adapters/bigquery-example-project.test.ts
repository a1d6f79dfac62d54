import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { build } from '../../src/mesh.js';
import { bigqueryHarness } from './bigquery-harness.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The example's sources, as the ingestion tools would have made them in the prod project. */
const SOURCES = [
  ['ingest_checkout', 'order_events'],
  ['ingest_checkout', 'customers_export'],
  ['ingest_payments', 'payment_events'],
  ['ingest_shipping', 'shipment_events'],
] as const;

describe('the example project on its prod (bigquery) target', () => {
  it('builds on a fresh warehouse and again when everything exists, every job in the target location', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mesh-example-bq-'));
    made.push(dir);
    cpSync('example-project', dir, { recursive: true, filter: (path) => !path.includes('/.mesh') && !path.includes('/target') });
    const { fake, adapter } = await bigqueryHarness({ target: { project: 'shop-analytics-prod', location: 'EU' } });
    for (const [dataset, name] of SOURCES) {
      if (!fake.state.dataset('shop-analytics-prod', dataset)) fake.state.addDataset({ projectId: 'shop-analytics-prod', datasetId: dataset, location: 'EU' });
      fake.state.putRelation({ projectId: 'shop-analytics-prod', datasetId: dataset, tableId: name, kind: 'TABLE', columns: [{ name: 'payload', type: 'JSON' }], numRows: 1000 });
    }
    const first = await build({ projectDir: dir, target: 'prod', adapter });
    expect(first.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(first.run?.results.filter((r) => r.status !== 'success').map((r) => `${r.id}: ${r.message}`)).toEqual([]);
    const sent = fake.statements.length;
    expect(sent).toBeGreaterThan(100);

    const again = await build({ projectDir: dir, target: 'prod', adapter, force: true });
    expect(again.run?.results.filter((r) => r.status !== 'success').map((r) => `${r.id}: ${r.message}`)).toEqual([]);
    expect(fake.statements.length).toBeGreaterThan(sent);

    // Nothing changed, the source tables included (their lastModifiedTime): every node reused, and
    // BigQuery is only read (relations, published and node state), never written.
    const forced = fake.statements.length;
    const unchanged = await build({ projectDir: dir, target: 'prod', adapter });
    expect(unchanged.run?.results.filter((r) => r.status !== 'reused').map((r) => r.id)).toEqual([]);
    expect(new Set(fake.statements.slice(forced).map((s) => s.sql.split(/\s/)[0]))).toEqual(new Set(['SELECT']));
    // A source table that changed: what reads it runs again, the rest stays reused.
    fake.state.putRelation({ projectId: 'shop-analytics-prod', datasetId: SOURCES[0]![0], tableId: SOURCES[0]![1], kind: 'TABLE', columns: [{ name: 'payload', type: 'JSON' }], numRows: 2000 });
    const changed = await build({ projectDir: dir, target: 'prod', adapter });
    const ran = changed.run!.results.filter((r) => r.status === 'success').length;
    expect(ran).toBeGreaterThan(0);
    expect(changed.run!.results.filter((r) => r.status === 'reused').length).toBeGreaterThan(0);
    for (const insert of fake.requestsTo('jobs.insert')) expect((insert.body as { jobReference: { location: string } }).jobReference.location).toBe('EU');
  });
});
