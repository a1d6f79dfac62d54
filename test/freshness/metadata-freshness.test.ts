import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFreshness } from '../../src/mesh.js';
import { mesh } from '../support/run-cli.js';
import { writeProject } from '../support/temp-project.js';

const AS_OF = '2024-07-01T12:00:00Z';
const at = (iso: string): Date => new Date(iso);

/** CSV as a spreadsheet saves it: a BOM, CRLF, a duplicate row and an empty cell. */
const csv = (...rows: string[]): string => `\uFEFF${rows.join('\r\n')}\r\n`;

// Sources without loaded_at: their age is their files' modification time (the domain's default).
const DOMAIN = [
  'name: shop',
  'owner: team-shop',
  'freshness:',
  '  warn_after: 1 hour',
  '  error_after: 1 day',
  'sources:',
  '  orders: { duckdb: data/orders.csv }', // line 7
  '  customers: { duckdb: data/customers.csv }',
  '  events: { duckdb: data/events/*.jsonl }',
  '  ledger: { duckdb: finance.ledger }', // line 10: a table inside the database
  '  refunds: { duckdb: data/refunds.csv }', // line 11: no such file
  '  payments:',
  '    duckdb: data/payments.csv',
  '    freshness: { loaded_at: loaded_at }', // line 14: measured by query, the default's thresholds
  '',
].join('\r\n');

function project(): string {
  const dir = writeProject({
    'mesh.yaml': 'name: m\n',
    'domains/shop/domain.yaml': DOMAIN,
    'domains/shop/data/orders.csv': csv('id,amount', '1,10', '1,10', '2,'),
    'domains/shop/data/customers.csv': csv('id,name', '1,ana', '2,'),
    'domains/shop/data/events/2024-06-28.jsonl': '{"id":1,"kind":"click"}\n{"id":1,"kind":"click"}\n',
    'domains/shop/data/events/2024-06-29.jsonl': '{"id":2,"kind":null}\n',
    'domains/shop/data/payments.csv': csv('id,loaded_at', '1,2024-07-01 11:30:00', '2,'),
    'domains/shop/cleaned/events.sql': 'select distinct id, kind from {{source "events"}}\n',
    'domains/shop/cleaned/orders.sql': 'select distinct id, amount from {{source "orders"}}\n',
  });
  // As a loader leaves them: orders 30 minutes before as_of, customers 3 hours, events' files 3 and 2 days.
  const data = join(dir, 'domains/shop/data');
  utimesSync(join(data, 'orders.csv'), at('2024-07-01T11:30:00Z'), at('2024-07-01T11:30:00Z'));
  utimesSync(join(data, 'customers.csv'), at('2024-07-01T09:00:00Z'), at('2024-07-01T09:00:00Z'));
  utimesSync(join(data, 'events/2024-06-28.jsonl'), at('2024-06-28T12:00:00Z'), at('2024-06-28T12:00:00Z'));
  utimesSync(join(data, 'events/2024-06-29.jsonl'), at('2024-06-29T12:00:00Z'), at('2024-06-29T12:00:00Z'));
  return dir;
}

interface SourcesJson {
  results: { unique_id: string; status: string; max_loaded_at: string | null; max_loaded_at_time_ago_in_s: number | null; criteria: { loaded_at: string | null }; compiled_sql?: string; error?: string }[];
}

describe('source freshness without loaded_at, from the files (DuckDB)', () => {
  it("measures each file's modification time (a glob's newest file); a table or a missing file is a runtime error at the source's line", async () => {
    const dir = project();
    const run = await sourceFreshness({ projectDir: dir, asOf: AS_OF });
    expect(run.diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`)).toEqual(['domains/shop/domain.yaml:10 MESH274', 'domains/shop/domain.yaml:11 MESH274']);
    expect(run.diagnostics[0]!.message).toContain('finance.ledger is a table in the DuckDB database');
    expect(run.diagnostics[0]!.hint).toContain('add loaded_at');
    expect(run.diagnostics[1]!.message).toContain('file domains/shop/data/refunds.csv does not exist');

    const written = JSON.parse(readFileSync(join(dir, 'target', 'sources.json'), 'utf8')) as SourcesJson;
    const byId = Object.fromEntries(written.results.map((r) => [r.unique_id.slice('source.shop.'.length), r]));
    expect(byId.orders).toMatchObject({ status: 'pass', max_loaded_at: '2024-07-01T11:30:00.000Z', max_loaded_at_time_ago_in_s: 1800, criteria: { loaded_at: null } });
    expect(byId.orders!.compiled_sql).toBeUndefined();
    expect(byId.customers).toMatchObject({ status: 'warn', max_loaded_at: '2024-07-01T09:00:00.000Z', max_loaded_at_time_ago_in_s: 10_800 });
    expect(byId.events).toMatchObject({ status: 'error', max_loaded_at: '2024-06-29T12:00:00.000Z', max_loaded_at_time_ago_in_s: 172_800 });
    expect(byId.ledger).toMatchObject({ status: 'runtime error', max_loaded_at: null });
    expect(byId.refunds).toMatchObject({ status: 'runtime error', max_loaded_at: null });
    // loaded_at given: the rows tell, not the file (written just now, yet 30 minutes old by its rows).
    expect(byId.payments).toMatchObject({ status: 'pass', max_loaded_at: '2024-07-01T11:30:00.000Z', criteria: { loaded_at: 'loaded_at' } });
    expect(byId.payments!.compiled_sql).toContain('max(loaded_at)');

    const cli = await mesh(['source', 'freshness', '--project', dir, '--as-of', AS_OF, '--select', 'orders', 'customers']);
    expect(cli.code).toBe(0);
    expect(cli.out.join('\n')).toMatch(/shop\.customers\s+WARN\s+2024-07-01T09:00:00\.000Z\s+3h\s+warn 1 hour, error 1 day \(table modified\)/);
  });

  it('mesh build --fresh-sources skips the readers of a file past error_after; a new file makes it fresh', async () => {
    const dir = project();
    const stale = await mesh(['build', '--project', dir, '--fresh-sources', '--as-of', AS_OF]);
    expect(stale.code).toBe(1);
    const results = (JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: { unique_id: string; status: string; skip_reason: string | null; message: string | null }[] }).results;
    expect(results.find((r) => r.unique_id === 'model.shop.events')).toMatchObject({ status: 'skipped', skip_reason: 'stale_source', message: 'skipped: source shop.events is 2d old at 2024-07-01T12:00:00.000Z, past error_after 1 day' });
    expect(results.find((r) => r.unique_id === 'model.shop.orders')).toMatchObject({ status: 'success' });

    // The loader drops today's file into the folder.
    const file = join(dir, 'domains/shop/data/events/2024-07-01.jsonl');
    writeFileSync(file, '{"id":3,"kind":"view"}\r\n');
    utimesSync(file, at('2024-07-01T10:00:00Z'), at('2024-07-01T10:00:00Z'));
    expect((await mesh(['retry', '--project', dir])).code).toBe(0);
  });
});
