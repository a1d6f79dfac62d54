import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/mesh.js';
import { fileStamp } from '../../src/project/file-stamp.js';
import { fingerprintNodes } from '../../src/state/fingerprints.js';
import { warehouseSourceStamps } from '../../src/state/warehouse-source-stamps.js';
import { memoryDuckDB, writeProject } from '../support/temp-project.js';
import { bigqueryHarness, PROJECT } from '../adapters/bigquery-harness.js';

const BIGQUERY = {
  'mesh.yaml': ['name: test_mesh', 'targets:', '  prod:', '    engine: bigquery', `    project: ${PROJECT}`, '    location: europe-west1', 'default_target: prod', ''].join('\r\n'),
  'domains/shop/domain.yaml': '\uFEFFname: shop\r\nowner: team-shop\r\nsources:\r\n  orders:\r\n    bigquery: raw_shop.orders\r\n  refunds:\r\n    bigquery: raw_shop.refunds\r\n  later:\r\n    bigquery: raw_shop.not_loaded_yet\r\n',
  'domains/shop/raw/orders.sql': 'select id from {{source "orders"}}\n',
  'domains/shop/raw/refunds.sql': 'select id from {{source "refunds"}}\n',
  'domains/shop/raw/later.sql': 'select id from {{source "later"}}\n',
};

const COLUMNS = [{ name: 'id', type: 'INT64' }];

describe('warehouseSourceStamps', () => {
  it('stamps BigQuery sources by their tables’ last change, so a model is unchanged exactly while its source table is', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['raw_shop'] });
    fake.state.putRelation({ projectId: PROJECT, datasetId: 'raw_shop', tableId: 'orders', kind: 'TABLE', columns: COLUMNS });
    fake.state.putRelation({ projectId: PROJECT, datasetId: 'raw_shop', tableId: 'refunds', kind: 'TABLE', columns: COLUMNS });
    const { compiled } = compile({ projectDir: writeProject(BIGQUERY, {}) });
    const fingerprints = async () => {
      const stamps = await warehouseSourceStamps(compiled!, adapter);
      expect(stamps.diagnostics).toEqual([]);
      return fingerprintNodes(compiled!, stamps.stampOf);
    };
    const before = await fingerprints();
    const again = await fingerprints();
    expect(again.get('model.shop.orders')!.data).toBe(before.get('model.shop.orders')!.data);
    expect(again.get('model.shop.refunds')!.data).toBe(before.get('model.shop.refunds')!.data);
    // A source table that does not exist yet has no stamp: what reads it is never taken as unchanged.
    expect(again.get('model.shop.later')!.data).not.toBe(before.get('model.shop.later')!.data);

    fake.state.modified(fake.state.relation(PROJECT, 'raw_shop', 'refunds')!);
    const after = await fingerprints();
    expect(after.get('model.shop.orders')!.data).toBe(before.get('model.shop.orders')!.data);
    expect(after.get('model.shop.refunds')!.data).not.toBe(before.get('model.shop.refunds')!.data);
    // One metadata request per source, side by side; no query job.
    expect(fake.requestsTo('tables.get')).toHaveLength(9);
    expect(fake.requestsTo('jobs.insert')).toEqual([]);
  });

  it('a refusal is MESH260 at the source, and no source is stamped', async () => {
    const { fake, adapter } = await bigqueryHarness({ datasets: ['raw_shop'] });
    fake.state.putRelation({ projectId: PROJECT, datasetId: 'raw_shop', tableId: 'orders', kind: 'TABLE', columns: COLUMNS });
    fake.failRequests({ times: 10, status: 403, reason: 'accessDenied', message: 'Access Denied: Table acme-data:raw_shop.orders: Permission bigquery.tables.get denied', match: (r) => r.route === 'tables.get' });
    const { compiled } = compile({ projectDir: writeProject(BIGQUERY, {}) });
    const stamps = await warehouseSourceStamps(compiled!, adapter);
    expect(stamps.diagnostics).toMatchObject([{ code: 'MESH260', severity: 'warning', file: 'domains/shop/domain.yaml', line: 4 }]);
    expect(stamps.diagnostics[0]!.message).toContain('Permission bigquery.tables.get denied');
    expect(compiled!.project.domains[0]!.sources.map((s) => stamps.stampOf(s))).toEqual([undefined, undefined, undefined]);
  });

  it('on an engine without sourceStamps (DuckDB), stamps the local files', async () => {
    const dir = writeProject({
      'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\nsources:\n  feed:\n    duckdb: data/feed.csv\n',
      'domains/shop/data/feed.csv': 'id\n1\n1\n\n',
      'domains/shop/raw/orders.sql': 'select id from {{source "feed"}}\n',
    });
    const adapter = await memoryDuckDB(dir);
    try {
      const { compiled } = compile({ projectDir: dir });
      const feed = compiled!.project.domains[0]!.sources[0]!;
      const before = (await warehouseSourceStamps(compiled!, adapter)).stampOf(feed);
      expect(before).toBe(`domains/shop/data/feed.csv:${fileStamp(join(dir, 'domains/shop/data/feed.csv'))}`);
      appendFileSync(join(dir, 'domains/shop/data/feed.csv'), '2\n');
      expect((await warehouseSourceStamps(compiled!, adapter)).stampOf(feed)).not.toBe(before);
    } finally {
      await adapter.close();
    }
  });
});
