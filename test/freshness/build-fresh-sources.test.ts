import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mesh } from '../support/run-cli.js';
import { updateProject, writeProject } from '../support/temp-project.js';

const csv = (...rows: string[]): string => `${rows.join('\r\n')}\r\n`;

function project(): string {
  return writeProject({
    'mesh.yaml': 'name: m\n',
    'domains/shop/domain.yaml': [
      'name: shop',
      'owner: team-shop',
      'sources:',
      '  orders:',
      '    duckdb: data/orders.csv',
      '    freshness: { loaded_at: loaded_at, warn_after: 1 hour, error_after: 1 day }',
      '  customers:',
      '    duckdb: data/customers.csv',
      '    freshness: { loaded_at: loaded_at, error_after: 1 day }',
      '',
    ].join('\n'),
    // orders: 2 days old at AS_OF; customers: 1 hour.
    'domains/shop/data/orders.csv': csv('id,amount,loaded_at', '1,10,2024-06-29 12:00:00', '1,10,2024-06-29 12:00:00', '2,5,'),
    'domains/shop/data/customers.csv': csv('id,name,loaded_at', '1,ana,2024-07-01 11:00:00', '2,bo,'),
    // orders read through an ephemeral model: the reader is what is skipped.
    'domains/shop/raw/orders_base.sql': '/*\nmaterialized: ephemeral\n*/\nselect id, amount from {{source "orders"}}\n',
    'domains/shop/cleaned/orders.sql': '/*\ncolumns:\n  id:\n    tests: [not_null]\n*/\nselect distinct id, amount from {{ref "orders_base"}}\n',
    'domains/shop/aggregate/revenue.sql': 'select sum(amount) as revenue from {{ref "orders"}}\n',
    'domains/shop/cleaned/customers.sql': 'select distinct id, name from {{source "customers"}}\n',
  });
}

const AS_OF = '2024-07-01T12:00:00Z';

interface RunResults {
  results: { unique_id: string; status: string; skip_reason: string | null; message?: string | null }[];
}

describe('mesh build --fresh-sources', () => {
  it('skips the readers of a source past error_after and their descendants, with the reason; builds the rest; exits 1', async () => {
    const dir = project();
    const run = await mesh(['build', '--project', dir, '--fresh-sources', '--as-of', AS_OF]);
    expect(run.code).toBe(1);
    const results = (JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as RunResults).results;
    const byId = new Map(results.map((r) => [r.unique_id, r]));
    expect(byId.get('model.shop.orders')).toMatchObject({ status: 'skipped', skip_reason: 'stale_source' });
    expect(byId.get('model.shop.orders')!.message).toBe('skipped: source shop.orders is 2d old at 2024-07-01T12:00:00.000Z, past error_after 1 day');
    expect(byId.get('model.shop.revenue')).toMatchObject({ status: 'skipped', skip_reason: 'upstream', message: 'skipped: upstream model.shop.orders was skipped (it reads a stale source)' });
    expect([...byId.values()].filter((r) => r.unique_id.startsWith('test.shop.') && r.unique_id.includes('orders')).map((r) => r.status)).toEqual(['skipped']);
    expect(byId.get('model.shop.customers')).toMatchObject({ status: 'success' });
    expect(run.out.join('\n')).toContain('source shop.orders is 2d old');

    // mesh retry keeps --fresh-sources (and the as_of): still stale, still skipped…
    const again = await mesh(['retry', '--project', dir]);
    expect(again.code).toBe(1);
    expect((JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as RunResults).results.find((r) => r.unique_id === 'model.shop.orders')).toMatchObject({ skip_reason: 'stale_source' });
    // …and once the source is loaded, the skipped nodes build.
    updateProject(dir, { 'domains/shop/data/orders.csv': csv('id,amount,loaded_at', '1,10,2024-06-29 12:00:00', '3,7,2024-07-01 10:00:00') });
    const loaded = await mesh(['retry', '--project', dir]);
    expect(loaded.code).toBe(0);
    const retried = (JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as RunResults).results;
    expect(retried.filter((r) => r.status === 'success').map((r) => r.unique_id)).toEqual(expect.arrayContaining(['model.shop.orders', 'model.shop.revenue']));
    expect(retried.filter((r) => r.status !== 'success')).toEqual([]);
  });

  it('without the flag, or once the source is fresh, everything builds', async () => {
    const dir = project();
    expect((await mesh(['build', '--project', dir, '--as-of', AS_OF])).code).toBe(0);
    // Within error_after (a warning is not a reason to skip).
    const fresh = await mesh(['build', '--project', dir, '--fresh-sources', '--force', '--as-of', '2024-06-30T11:00:00Z']);
    expect(fresh.code).toBe(0);
    const results = (JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as RunResults).results;
    expect(results.filter((r) => r.status !== 'success').map((r) => r.unique_id)).toEqual([]);
  });
});
