import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mesh } from '../support/run-cli.js';
import { updateProject, writeProject } from '../support/temp-project.js';

/** CSV as a spreadsheet on Windows saves it: a BOM, CRLF; duplicate rows and an empty loaded_at. */
const csv = (...rows: string[]): string => `\uFEFF${rows.join('\r\n')}\r\n`;

const DOMAIN = [
  'name: shop',
  'owner: team-shop',
  'sources:',
  '  orders:',
  '    duckdb: data/orders.csv',
  '    freshness:',
  '      loaded_at: loaded_at',
  '      warn_after: 3 hours',
  '      error_after: 1 day',
  "      filter: status <> 'test'",
  '  customers:',
  '    duckdb: data/customers.csv',
  '    freshness: { loaded_at: updated_at, warn_after: 12 hours, error_after: { count: 1, period: day } }',
  '  events:',
  '    duckdb: data/events.csv',
  '    freshness: { loaded_at: loaded_at, warn_after: 1 hour }',
  '  payments:',
  '    duckdb: data/payments.csv',
  '    freshness:',
  '      loaded_at: loadedat',
  '      error_after: 1 day',
  '  quiet:',
  '    duckdb: data/events.csv',
  "    freshness: { loaded_at: loaded_at, error_after: 1 day, filter: 'kind is null' }",
  '  untracked: { duckdb: data/events.csv }',
  '',
].join('\n');

const AS_OF = '2024-07-01T12:00:00Z';

function project(): string {
  return writeProject({
    'mesh.yaml': 'name: m\n',
    'domains/shop/domain.yaml': DOMAIN,
    // Newest kept row 08:00 (the 11:00 one is filtered out as a test order): 4 hours old at AS_OF.
    'domains/shop/data/orders.csv': csv('id,status,loaded_at', '1,ok,2024-07-01 06:00:00', '2,ok,2024-07-01 08:00:00', '2,ok,2024-07-01 08:00:00', '3,test,2024-07-01 11:00:00', '4,ok,'),
    'domains/shop/data/customers.csv': csv('id,updated_at', '1,2024-06-29 23:59:59', '1,2024-06-29 23:59:59', '2,'),
    'domains/shop/data/events.csv': csv('id,kind,loaded_at', '1,click,2024-07-01 11:30:00', '2,view,'),
    'domains/shop/data/payments.csv': csv('id,loaded_at', '1,2024-07-01 11:00:00'),
  });
}

interface SourcesJson {
  metadata: { schema_version: string; as_of: string; target: string };
  results: {
    unique_id: string;
    status: string;
    max_loaded_at: string | null;
    snapshotted_at: string;
    max_loaded_at_time_ago_in_s: number | null;
    criteria: { loaded_at: string; warn_after: { count: number; period: string } | null; error_after: { count: number; period: string } | null; filter: string | null };
    error?: string;
  }[];
}

describe('mesh source freshness on DuckDB', () => {
  it('measures every source with freshness at --as-of: pass, warn, error, runtime error; writes target/sources.json; exits 1', async () => {
    const dir = project();
    const run = await mesh(['source', 'freshness', '--project', dir, '--as-of', AS_OF]);
    expect(run.code).toBe(1);
    // The column that does not exist: at the line of its freshness:, with DuckDB's message.
    expect(run.err.join('\n')).toMatch(/domains\/shop\/domain\.yaml:19: error MESH274: freshness of shop\.payments could not be measured: .*loadedat/);
    const out = run.out.join('\n');
    expect(out).toContain(`Source freshness at 2024-07-01T12:00:00.000Z:`);
    expect(out).toMatch(/shop\.orders\s+WARN\s+2024-07-01T08:00:00\.000Z\s+4h\s+warn 3 hours, error 1 day/);
    expect(out).toMatch(/shop\.customers\s+ERROR\s+2024-06-29T23:59:59\.000Z\s+1d 12h 1s/);
    expect(out).toMatch(/shop\.events\s+PASS\s+2024-07-01T11:30:00\.000Z\s+30m/);
    expect(out).toContain('1 pass, 1 warn, 2 error, 1 runtime error');
    expect(out).not.toContain('untracked');

    const written = JSON.parse(readFileSync(join(dir, 'target', 'sources.json'), 'utf8')) as SourcesJson;
    expect(written.metadata.schema_version).toBe('meshwork/sources/v1');
    expect(written.metadata.as_of).toBe('2024-07-01T12:00:00.000Z');
    const byId = new Map(written.results.map((r) => [r.unique_id, r]));
    expect([...byId.keys()]).toEqual(['source.shop.orders', 'source.shop.customers', 'source.shop.events', 'source.shop.payments', 'source.shop.quiet']);
    expect(byId.get('source.shop.orders')).toMatchObject({
      status: 'warn',
      max_loaded_at: '2024-07-01T08:00:00.000Z',
      snapshotted_at: '2024-07-01T12:00:00.000Z',
      max_loaded_at_time_ago_in_s: 4 * 3600,
      criteria: { loaded_at: 'loaded_at', warn_after: { count: 3, period: 'hour' }, error_after: { count: 1, period: 'day' }, filter: "status <> 'test'" },
    });
    expect(byId.get('source.shop.customers')).toMatchObject({ status: 'error', max_loaded_at_time_ago_in_s: 36 * 3600 + 1 });
    expect(byId.get('source.shop.events')).toMatchObject({ status: 'pass', max_loaded_at_time_ago_in_s: 1800, criteria: { error_after: null } });
    expect(byId.get('source.shop.payments')).toMatchObject({ status: 'runtime error', max_loaded_at: null });
    expect(byId.get('source.shop.payments')!.error).toMatch(/loadedat/);
    // A filter that keeps no row: nothing shows the source was loaded.
    expect(byId.get('source.shop.quiet')).toMatchObject({ status: 'error', max_loaded_at: null, max_loaded_at_time_ago_in_s: null });
  });

  it('--select measures only the sources named; a warning does not fail the command; ages follow --as-of', async () => {
    const dir = project();
    const early = await mesh(['source', 'freshness', '--project', dir, '--select', 'source:shop.orders', 'events', '--as-of', '2024-07-01T11:45:00Z']);
    expect(early.err).toEqual([]);
    expect(early.code).toBe(0);
    const written = JSON.parse(readFileSync(join(dir, 'target', 'sources.json'), 'utf8')) as SourcesJson;
    expect(written.results.map((r) => [r.unique_id, r.status, r.max_loaded_at_time_ago_in_s])).toEqual([
      ['source.shop.orders', 'warn', 3 * 3600 + 45 * 60],
      ['source.shop.events', 'pass', 15 * 60],
    ]);
    // Earlier, the same data: orders within warn_after (exactly at it is not past it, as in dbt).
    const within = await mesh(['source', 'freshness', '--project', dir, '-s', 'shop.orders', '--as-of', '2024-07-01T11:00:00Z']);
    expect(within.code).toBe(0);
    expect(within.out.join('\n')).toMatch(/shop\.orders\s+PASS\s+2024-07-01T08:00:00\.000Z\s+3h\s/);
    // Past error_after by a second.
    const stale = await mesh(['source', 'freshness', '--project', dir, '-s', 'domain:shop', '--as-of', '2024-07-02T08:00:01Z', '--log-format', 'json']);
    expect(stale.code).toBe(1);
    const lines = stale.out.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { type: string; id: string; status: string });
    expect(lines.find((l) => l.id === 'source.shop.orders')!.status).toBe('error');
  });

  it('a data load makes a stale source fresh again (the CSV is read at each run)', async () => {
    const dir = project();
    expect((await mesh(['source', 'freshness', '--project', dir, '-s', 'customers', '--as-of', AS_OF])).code).toBe(1);
    updateProject(dir, { 'domains/shop/data/customers.csv': csv('id,updated_at', '1,2024-06-29 23:59:59', '3,2024-07-01 10:00:00') });
    const again = await mesh(['source', 'freshness', '--project', dir, '-s', 'customers', '--as-of', AS_OF]);
    expect(again.code).toBe(0);
    expect(again.out.join('\n')).toMatch(/shop\.customers\s+PASS\s+2024-07-01T10:00:00\.000Z\s+2h/);
  });

  it('MESH273 for a selector that names no source with freshness, with did-you-mean; nothing is written', async () => {
    const dir = project();
    const run = await mesh(['source', 'freshness', '--project', dir, '--select', 'shop.ordrs', 'untracked', '--as-of', AS_OF]);
    expect(run.code).toBe(1);
    const err = run.err.join('\n');
    expect(err).toMatch(/error MESH273: --select 'shop\.ordrs' names no source that declares freshness\n\s+hint: did you mean shop\.orders/);
    expect(err).toMatch(/error MESH273: --select 'untracked'/);
    expect(existsSync(join(dir, 'target', 'sources.json'))).toBe(false);
  });

  it('refuses an --as-of that is not an instant (usage error, exit 2)', async () => {
    const run = await mesh(['source', 'freshness', '--project', project(), '--as-of', 'yesterday']);
    expect(run.code).toBe(2);
    expect(run.err.join('\n')).toContain("--as-of takes an ISO 8601 date or timestamp");
  });
});
