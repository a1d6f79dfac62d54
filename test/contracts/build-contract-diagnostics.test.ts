import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { build, check } from '../../src/mesh.js';
import { memoryDuckDB, updateProject, writeProject } from '../support/temp-project.js';

/** The fixtures' data is from 2024-01-02: contract freshness SLAs are measured then. */
const AS_OF = '2024-01-02T12:00:00Z';
const ORDERS = readFileSync(new URL('./fixtures/orders.odcs.yaml', import.meta.url), 'utf8');
const PROJECT = {
  'mesh.yaml': 'name: shop\n',
  'domains/checkout/domain.yaml': 'name: checkout\nowner: team-checkout\n',
  'domains/checkout/raw/events.sql': "select 'o1' as order_id, 'c1' as customer, 1.5 as total, timestamp '2024-01-02' as placed, 'paid' as state\n",
  'domains/checkout/cleaned/orders.sql':
    'select order_id, customer as customer_id, total as order_total, placed as ordered_at, state as status\r\nfrom {{ref "events"}}\r\n',
  'domains/checkout/contracts/orders.odcs.yaml': ORDERS,
};
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, '-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { stdio: 'ignore' });

let adapter: DuckDBAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
});

const at = (d: { code?: string; file?: string; line?: number }) => `${d.code} ${d.file}:${d.line}`;

describe('mesh build reads contract problems as mesh check does', () => {
  it('a contract column the backing model lacks is the same MESH214 as in check, before anything runs', async () => {
    const dir = writeProject({ ...PROJECT, 'domains/checkout/cleaned/orders.sql': PROJECT['domains/checkout/cleaned/orders.sql'].replace('as order_total', 'as order_totl') }, {});
    const checked = (await check({ projectDir: dir })).diagnostics.filter((d) => d.severity === 'error');
    expect(checked.map(at)).toEqual(['MESH214 domains/checkout/contracts/orders.odcs.yaml:49']);

    adapter = await memoryDuckDB(dir);
    const built = await build({ projectDir: dir, adapter, asOf: AS_OF });
    expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual(checked);
    expect(built.run).toBeUndefined();
    // Nothing ran: not even the models upstream of the contract.
    expect(await adapter.query("select count(*) as n from information_schema.schemata where schema_name like 'checkout%'")).toEqual([{ n: 0 }]);
  });

  it('the check is remembered in target/.cache while nothing it reads changed, and runs again when the model changes', async () => {
    const dir = writeProject(PROJECT, {});
    adapter = await memoryDuckDB(dir);
    expect((await build({ projectDir: dir, adapter, asOf: AS_OF })).run!.success).toBe(true);
    expect(existsSync(join(dir, 'target', '.cache', 'contract-columns-dev.bin'))).toBe(true);
    expect((await build({ projectDir: dir, adapter, asOf: AS_OF })).run!.success).toBe(true);
    updateProject(dir, { 'domains/checkout/cleaned/orders.sql': PROJECT['domains/checkout/cleaned/orders.sql'].replace('as order_total', 'as order_totl') });
    const built = await build({ projectDir: dir, adapter, asOf: AS_OF });
    expect(built.diagnostics.filter((d) => d.severity === 'error').map(at)).toEqual(['MESH214 domains/checkout/contracts/orders.odcs.yaml:49']);
    expect(built.run).toBeUndefined();
  });

  it('a build whose selection leaves the broken contract out runs', async () => {
    const dir = writeProject({ ...PROJECT, 'domains/checkout/cleaned/orders.sql': PROJECT['domains/checkout/cleaned/orders.sql'].replace('as order_total', 'as order_totl') }, {});
    adapter = await memoryDuckDB(dir);
    const built = await build({ projectDir: dir, adapter, asOf: AS_OF, select: ['stage:raw'] });
    expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(built.run!.results.map((r) => [r.id, r.status])).toEqual([['model.checkout.events', 'success']]);
  });

  it('a breaking change without a new major version is refused with MESH215 at the line check gives, in run_results.json too', async () => {
    const dir = writeProject(PROJECT, {});
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'contract 1.2.0');
    git(dir, 'checkout', '-q', '-b', 'change');
    adapter = await memoryDuckDB(dir);
    expect((await build({ projectDir: dir, adapter, asOf: AS_OF })).run!.success).toBe(true);

    // 'cancelled' is no longer allowed: breaking, at the line of the rule, and still major 1.
    const narrowed = ORDERS.replace('validValues: [placed, paid, shipped, cancelled]', 'validValues: [placed, paid, shipped]').replace('version: 1.2.0', 'version: 1.3.0');
    updateProject(dir, { 'domains/checkout/contracts/orders.odcs.yaml': narrowed });
    const checked = (await check({ projectDir: dir })).diagnostics.filter((d) => d.severity === 'error');
    expect(checked.map(at)).toEqual(['MESH215 domains/checkout/contracts/orders.odcs.yaml:67']);

    const built = await build({ projectDir: dir, adapter, asOf: AS_OF });
    const refused = built.run!.results.find((r) => r.id === 'contract.checkout.orders_v1')!;
    expect(refused.status).toBe('error');
    expect(at(refused)).toBe(at(checked[0]!));
    expect(refused.message).toMatch(/^MESH215: 1 breaking change without a new major version: version 1\.2\.0 → 1\.3\.0 keeps major 1\n/);
    expect(refused.message).toContain('domains/checkout/contracts/orders.odcs.yaml:67: column status: allowed values removed: cancelled (enum-values-removed)');

    const written = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: Record<string, unknown>[] };
    expect(written.results.find((r) => r.unique_id === 'contract.checkout.orders_v1')).toMatchObject({
      status: 'error',
      code: 'MESH215',
      file: 'domains/checkout/contracts/orders.odcs.yaml',
      line: 67,
    });
    // The published view still serves version 1.2.0.
    expect(await adapter.query('select version from meshwork.published_contracts')).toEqual([{ version: '1.2.0' }]);
  });
});
