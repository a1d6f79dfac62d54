import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/mesh.js';
import { writeProject } from '../support/temp-project.js';
import { bigqueryHarness, PROJECT, TOKEN } from './bigquery-harness.js';

const FILES: Record<string, string> = {
  'mesh.yaml': ['name: test_mesh', 'targets:', '  prod:', '    engine: bigquery', `    project: ${PROJECT}`, '    location: europe-west1', 'default_target: prod', ''].join('\r\n'),
  'domains/shop/domain.yaml': '\uFEFFname: shop\nowner: team-shop\ndescription: test domain\n',
  'domains/shop/seeds/countries.csv': 'code,name\r\nDE,Germany\r\nFR,\r\nFR,\r\n',
  'domains/shop/raw/orders.sql': "select 1 as order_id, 'DE' as country\n",
  'domains/shop/cleaned/orders_by_country.sql': [
    '/*',
    'materialized: table',
    'columns:',
    '  country:',
    '    tests: [not_null]',
    '*/',
    'select o.country, count(*) as orders',
    'from {{ref "orders"}} as o',
    'join {{ref "countries"}} as c on c.code = o.country',
    'group by o.country',
    '',
  ].join('\n'),
};

describe('mesh build on a bigquery target', () => {
  it('builds a small project through the real client against the local endpoint', async () => {
    const { fake, adapter } = await bigqueryHarness({ fake: { rows: (sql) => (/orders_by_country/.test(sql) ? 2 : undefined) } });
    const dir = writeProject(FILES, {});
    const result = await build({ projectDir: dir, adapter, env: { MESH_BQ_TOKEN: TOKEN } });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.run?.success).toBe(true);
    const byId = new Map(result.run!.results.map((n) => [n.id, n]));
    expect([...byId.values()].every((n) => n.status === 'success')).toBe(true);
    // The datasets were made before anything ran, in the target's location.
    expect(fake.requestsTo('datasets.insert').map((r) => (r.body as { datasetReference: { datasetId: string }; location: string }).location)).not.toHaveLength(0);
    expect(fake.state.dataset(PROJECT, 'shop_cleaned')?.location).toBe('europe-west1');
    expect(fake.state.relation(PROJECT, 'shop_raw', 'orders')?.kind).toBe('VIEW');
    expect(fake.state.relation(PROJECT, 'shop_cleaned', 'orders_by_country')?.kind).toBe('TABLE');
    expect([...byId.values()].find((n) => n.id.endsWith('orders_by_country') && n.kind === 'model')?.rowsAffected).toBe(2);
    // Every job ran in the target's location, and the run results hold no token.
    for (const insert of fake.requestsTo('jobs.insert')) expect((insert.body as { jobReference: { location: string } }).jobReference.location).toBe('europe-west1');
    expect(readFileSync(join(dir, 'target/run_results.json'), 'utf8')).not.toContain(TOKEN);
  });

  it('a statement BigQuery rejects fails its node at the model’s line; its descendants are skipped, its siblings run', async () => {
    const { fake, adapter } = await bigqueryHarness();
    fake.reject({ match: (sql) => sql.includes('nope'), message: 'Unrecognized name: nope', at: 'nope' });
    const dir = writeProject(
      {
        ...FILES,
        'domains/shop/cleaned/broken.sql': '/*\nmaterialized: table\n*/\nselect\n  order_id,\n  nope\nfrom {{ref "orders"}}\n',
        'domains/shop/aggregate/after_broken.sql': 'select count(*) as n from {{ref "broken"}}\n',
      },
      {},
    );
    const result = await build({ projectDir: dir, adapter });
    const byName = new Map(result.run!.results.map((n) => [n.id.split('.').at(-1), n]));
    expect(result.run!.success).toBe(false);
    expect(byName.get('broken')).toMatchObject({ status: 'error', file: 'domains/shop/cleaned/broken.sql', line: 6, column: 3 });
    expect(byName.get('broken')?.message).toMatch(/^Unrecognized name: nope/);
    expect(byName.get('after_broken')).toMatchObject({ status: 'skipped' });
    expect(byName.get('orders_by_country')).toMatchObject({ status: 'success' });
  });
});
