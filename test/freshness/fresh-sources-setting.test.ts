import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mesh } from '../support/run-cli.js';
import { updateProject, writeProject } from '../support/temp-project.js';

const csv = (...rows: string[]): string => `${rows.join('\r\n')}\r\n`;
const AS_OF = '2024-07-01T12:00:00Z';

/** orders is 2 days old at AS_OF (past error_after 1 day); customers is 1 hour old. */
function project(meshYaml: string, orders = 'select distinct id, amount from {{source "orders"}}\n'): string {
  return writeProject({
    'mesh.yaml': meshYaml,
    'domains/shop/domain.yaml': [
      'name: shop',
      'owner: team-shop',
      'sources:',
      '  orders:',
      '    duckdb: data/orders.csv',
      '    freshness: { loaded_at: loaded_at, error_after: 1 day }',
      '  customers:',
      '    duckdb: data/customers.csv',
      '    freshness: { loaded_at: loaded_at, error_after: 1 day }',
      '',
    ].join('\n'),
    'domains/shop/data/orders.csv': csv('id,amount,loaded_at', '1,10,2024-06-29 12:00:00', '1,10,2024-06-29 12:00:00', '2,5,'),
    'domains/shop/data/customers.csv': csv('id,name,loaded_at', '1,ana,2024-07-01 11:00:00', '2,bo,'),
    'domains/shop/cleaned/orders.sql': orders,
    'domains/shop/cleaned/customers.sql': 'select distinct id, name from {{source "customers"}}\n',
  });
}

interface RunResults {
  args: string[];
  invocation: { fresh_sources: boolean };
  results: { unique_id: string; status: string; skip_reason: string | null }[];
}

const runResults = (dir: string): RunResults => JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as RunResults;
const statusOf = (dir: string, id: string): { status: string; skip_reason: string | null } | undefined => runResults(dir).results.find((r) => r.unique_id === id);

describe('fresh_sources: true in mesh.yaml', () => {
  it("on a target: every build there runs as with --fresh-sources; --no-fresh-sources turns it off for one run; another target is not affected", async () => {
    const dir = project(['name: m', 'targets:', '  prod:', '    engine: duckdb', '    path: .mesh/prod.duckdb', '    fresh_sources: true', '  dev:', '    engine: duckdb', ''].join('\r\n'));
    const prod = await mesh(['build', '--project', dir, '--target', 'prod', '--as-of', AS_OF]);
    expect(prod.code).toBe(1);
    expect(statusOf(dir, 'model.shop.orders')).toMatchObject({ status: 'skipped', skip_reason: 'stale_source' });
    expect(statusOf(dir, 'model.shop.customers')).toMatchObject({ status: 'success' });
    expect(runResults(dir).invocation.fresh_sources).toBe(true);

    const off = await mesh(['build', '--project', dir, '--target', 'prod', '--no-fresh-sources', '--as-of', AS_OF]);
    expect(off.code).toBe(0);
    expect(statusOf(dir, 'model.shop.orders')).toMatchObject({ status: 'success' });
    expect(runResults(dir).invocation.fresh_sources).toBe(false);

    const dev = await mesh(['build', '--project', dir, '--target', 'dev', '--as-of', AS_OF]);
    expect(dev.code).toBe(0);
    expect(statusOf(dir, 'model.shop.orders')).toMatchObject({ status: 'success' });
  });

  it("at the top level: the default of every target (the implicit dev too); a target's own false wins", async () => {
    const dir = project(['name: m', 'fresh_sources: true', 'targets:', '  laptop:', '    engine: duckdb', '    fresh_sources: false', ''].join('\n'));
    expect((await mesh(['build', '--project', dir, '--as-of', AS_OF])).code).toBe(1);
    expect(statusOf(dir, 'model.shop.orders')).toMatchObject({ status: 'skipped', skip_reason: 'stale_source' });
    expect((await mesh(['build', '--project', dir, '--target', 'laptop', '--as-of', AS_OF])).code).toBe(0);
    expect(statusOf(dir, 'model.shop.orders')).toMatchObject({ status: 'success' });
  });

  it('mesh retry keeps the choice the run made, not what the target says now', async () => {
    // orders fails for another reason; run with --no-fresh-sources on a fresh_sources target.
    const dir = project(['name: m', 'targets:', '  dev:', '    engine: duckdb', '    fresh_sources: true', ''].join('\n'), "/*\nmaterialized: table\n*/\nselect cast('x' || id as integer) as id from {{source \"orders\"}}\n");
    expect((await mesh(['build', '--project', dir, '--no-fresh-sources', '--as-of', AS_OF])).code).toBe(1);
    expect(statusOf(dir, 'model.shop.orders')).toMatchObject({ status: 'error' });
    updateProject(dir, { 'domains/shop/cleaned/orders.sql': 'select distinct id, amount from {{source "orders"}}\n' });
    // The retry does not measure freshness (the run did not): the stale source's reader builds.
    expect((await mesh(['retry', '--project', dir])).code).toBe(0);
    expect(statusOf(dir, 'model.shop.orders')).toMatchObject({ status: 'success' });
    expect(runResults(dir).invocation.fresh_sources).toBe(false);

    // And the other way: a run with the target's setting is retried with it, a flag given to retry wins.
    updateProject(dir, { 'domains/shop/cleaned/orders.sql': "/*\nmaterialized: table\n*/\nselect cast('x' || id as integer) as id from {{source \"orders\"}}\n", 'domains/shop/cleaned/customers.sql': "/*\nmaterialized: table\n*/\nselect cast('y' || id as integer) as id from {{source \"customers\"}}\n" });
    expect((await mesh(['build', '--project', dir, '--as-of', AS_OF])).code).toBe(1);
    expect(statusOf(dir, 'model.shop.customers')).toMatchObject({ status: 'error' });
    expect(statusOf(dir, 'model.shop.orders')).toMatchObject({ status: 'skipped', skip_reason: 'stale_source' });
    // (orders' SQL differs from what the warehouse last built, so it is not reused as unchanged.)
    updateProject(dir, { 'domains/shop/cleaned/orders.sql': 'select id, max(amount) as amount from {{source "orders"}} group by id\n', 'domains/shop/cleaned/customers.sql': 'select distinct id, name from {{source "customers"}}\n' });
    expect((await mesh(['retry', '--project', dir])).code).toBe(1);
    expect(statusOf(dir, 'model.shop.orders')).toMatchObject({ status: 'skipped', skip_reason: 'stale_source' });
    expect(statusOf(dir, 'model.shop.customers')).toMatchObject({ status: 'success' });
    expect((await mesh(['retry', '--project', dir, '--no-fresh-sources'])).code).toBe(0);
    expect(statusOf(dir, 'model.shop.orders')).toMatchObject({ status: 'success' });
  });

  it('from the environment: fresh_sources: ${MESH_FRESH_SOURCES:-false} (CI turns it on)', async () => {
    const dir = project(['name: m', 'targets:', '  dev:', '    engine: duckdb', '    fresh_sources: ${MESH_FRESH_SOURCES:-false}', ''].join('\n'));
    expect((await mesh(['build', '--project', dir, '--as-of', AS_OF], {})).code).toBe(0);
    expect((await mesh(['build', '--project', dir, '--force', '--as-of', AS_OF], { MESH_FRESH_SOURCES: 'true' })).code).toBe(1);
    expect(statusOf(dir, 'model.shop.orders')).toMatchObject({ status: 'skipped', skip_reason: 'stale_source' });
  });

  it('a fresh_sources that is not true or false is MESH103 at its line', async () => {
    const dir = project(['name: m', 'fresh_sources: yes please', 'targets:', '  prod:', '    engine: duckdb', '    fresh_sources: 1', ''].join('\n'));
    const run = await mesh(['compile', '--project', dir, '--log-format', 'json']);
    expect(run.code).toBe(1);
    const problems = [...run.out, ...run.err].flatMap((l) => (l.startsWith('{') ? [JSON.parse(l) as { code?: string; file?: string; line?: number }] : [])).filter((d) => d.code === 'MESH103');
    expect(problems.map((d) => [d.file, d.line])).toEqual([
      ['mesh.yaml', 2],
      ['mesh.yaml', 6],
    ]);
  });
});
