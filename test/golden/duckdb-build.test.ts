/**
 * The DuckDB golden SQL, run for real: the golden fixture built twice on an in-memory DuckDB, so
 * that both the first-build statements and the incremental ones (merge, append, delete+insert)
 * execute. Built from a copy, because a build writes target/ into the project folder.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { build } from '../../src/mesh.js';
import { memoryDuckDB, rows, writeProject } from '../support/temp-project.js';
import { GOLDEN_PROJECT } from './golden-files.js';

function copyOfFixture(): string {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(GOLDEN_PROJECT, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const absolute = join(entry.parentPath, entry.name);
    files[relative(GOLDEN_PROJECT, absolute).split(sep).join('/')] = readFileSync(absolute, 'utf8');
  }
  return writeProject(files, {});
}

let adapter: DuckDBAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
});

describe('the golden fixture on DuckDB', () => {
  it('builds every node, then runs the incremental models incrementally', async () => {
    const dir = copyOfFixture();
    adapter = await memoryDuckDB(dir);

    const first = await build({ projectDir: dir, adapter });
    expect(first.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(first.run!.results.filter((r) => r.status !== 'success')).toEqual([]);
    // The fixture's data trips its one warn-level test on purpose (an order_cancelled event).
    expect(first.run!.results.filter((r) => r.warning).map((r) => r.id)).toEqual(['test.shop.accepted_values_order_events_structured_event_type']);
    expect(first.run!.success).toBe(true);
    const actions = Object.fromEntries(first.run!.results.map((r) => [r.id, r.action]));
    expect(actions['model.shop.order_events_deduplicated']).toBe('create');
    expect(actions['seed.shop.channels']).toBe('seed');

    // Nothing changed: nothing runs but the warn-level test, which found rows last time and so was not recorded as passed.
    const unchanged = await build({ projectDir: dir, adapter });
    expect(unchanged.run!.results.filter((r) => r.status !== 'reused').map((r) => r.id)).toEqual(['test.shop.accepted_values_order_events_structured_event_type']);

    const second = await build({ projectDir: dir, adapter, force: true });
    expect(second.run!.results.filter((r) => r.status !== 'success')).toEqual([]);
    const incremental = second.run!.results.filter((r) => r.action === 'incremental').map((r) => r.id).sort();
    expect(incremental).toEqual(['model.shop.daily_channel_revenue', 'model.shop.daily_orders', 'model.shop.order_events_deduplicated', 'model.shop.order_facts', 'model.shop.order_status_log']);

    // The helpers computed what the models say (nested JSON path, day and week differences).
    expect(await rows(adapter, 'select order_id, customer_id, status, days_to_pay from shop_cleaned.orders order by 1')).toEqual([
      { order_id: 'o1', customer_id: 'c1', status: 'paid', days_to_pay: 0 },
      { order_id: 'o2', customer_id: 'c2', status: 'placed', days_to_pay: null },
      { order_id: 'o3', customer_id: 'c1', status: 'paid', days_to_pay: 1 },
    ]);
    expect(await rows(adapter, 'select customer_id, orders, follow_up_on::varchar as follow_up_on, weeks_to_first_order from shop_aggregate.customer_summary order by 1')).toEqual([
      { customer_id: 'c1', orders: 2, follow_up_on: '2024-01-31', weeks_to_first_order: 1 },
      { customer_id: 'c2', orders: 1, follow_up_on: '2024-02-01', weeks_to_first_order: 0 },
      { customer_id: 'c3', orders: 0, follow_up_on: null, weeks_to_first_order: null },
    ]);

    // The incremental runs kept one row per key.
    expect(await rows(adapter, 'select count(*) as n, count(distinct event_id) as events from shop_cleaned.order_events_deduplicated')).toEqual([{ n: 7, events: 7 }]);
    expect(await rows(adapter, 'select order_date::varchar as day, channel, orders, revenue::double as revenue from shop_aggregate.daily_orders order by 1, 2')).toEqual([
      { day: '2024-01-01', channel: 'web', orders: 1, revenue: 120.5 },
      { day: '2024-01-02', channel: 'app', orders: 1, revenue: 35 },
      { day: '2024-01-08', channel: 'web', orders: 1, revenue: null },
    ]);
    expect(await rows(adapter, 'select count(*) as n from shop_aggregate.order_status_log')).toEqual([{ n: 3 }]);
    // merge kept one row per order; insert_overwrite replaced the newest day it recomputed instead of adding to it.
    expect(await rows(adapter, 'select count(*) as n, count(distinct order_id) as orders from shop_aggregate.order_facts')).toEqual([{ n: 3, orders: 3 }]);
    expect(await rows(adapter, 'select order_date::varchar as day, channel, orders from shop_aggregate.daily_channel_revenue order by 1, 2')).toEqual([
      { day: '2024-01-01', channel: 'web', orders: 1 },
      { day: '2024-01-02', channel: 'app', orders: 1 },
      { day: '2024-01-08', channel: 'web', orders: 1 },
    ]);
  });

  it('reads the seeds with the types the BigQuery seed literals declare', async () => {
    const dir = copyOfFixture();
    adapter = await memoryDuckDB(dir);
    const result = await build({ projectDir: dir, adapter, kinds: ['seed'] });
    expect(result.run!.results.filter((r) => r.status !== 'success')).toEqual([]);
    const types = await rows(
      adapter,
      "select table_name || '.' || column_name as col, data_type from information_schema.columns where table_schema like '%_seeds' order by table_name, ordinal_position",
    );
    expect(types).toEqual([
      { col: 'channels.channel', data_type: 'VARCHAR' },
      { col: 'channels.label', data_type: 'VARCHAR' },
      { col: 'channels.launched_on', data_type: 'DATE' },
      { col: 'channels.commission_rate', data_type: 'DECIMAL(18,3)' }, // declared in domain.yaml
      { col: 'channels.is_marketplace', data_type: 'BOOLEAN' },
      { col: 'channels.updated_at', data_type: 'TIMESTAMP' },
      { col: 'currencies.currency', data_type: 'VARCHAR' },
    ]);
  });
});
