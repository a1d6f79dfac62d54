/**
 * incremental_strategy: insert_overwrite on a real DuckDB: the partitions the new rows touch are
 * replaced (NULL being one), the others kept; a rerun with the same input changes nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { build } from '../../src/mesh.js';
import { memoryDuckDB, rows, updateProject, writeProject } from '../support/temp-project.js';

let adapter: DuckDBAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
});

async function buildIn(dir: string, fullRefresh = false) {
  adapter ??= await memoryDuckDB(dir);
  // Forced: these runs are about what each materialization does on a rerun, changed or not.
  const result = await build({ projectDir: dir, adapter, fullRefresh, force: true });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(result.run!.results.filter((r) => r.status !== 'success')).toEqual([]);
  return result.run!;
}

/** A raw view of events, as a VALUES list the test rewrites between builds. */
function events(values: readonly string[]): string {
  return `select * from (values ${values.join(', ')}) as t(id, day, ts, v)`;
}

const MODEL = [
  '/*',
  'materialized: incremental',
  'incremental_strategy: insert_overwrite',
  'partition_by: { field: day, data_type: date }',
  'cluster_by: id',
  'labels: { team: shop }',
  '*/',
  'select id, cast(day as date) as day, v',
  'from {{ref "events"}}',
  '{{#if is_incremental}}',
  "where cast(day as date) >= date '2024-01-02' or day is null",
  '{{/if}}',
  '',
].join('\r\n');

const table = () => rows(adapter!, 'select id, day::varchar as day, v from shop_aggregate.daily order by day nulls last, id nulls last, v');

describe('insert_overwrite on DuckDB', () => {
  it('replaces the partitions the new rows touch, the NULL one included, and a rerun changes nothing', async () => {
    const dir = writeProject({
      'domains/shop/raw/events.sql': events([
        "(1, '2024-01-01', null, 'a')",
        "(2, '2024-01-02', null, 'b')",
        "(2, '2024-01-02', null, 'b')", // a duplicate row: kept, as the query returns it
        "(null, '2024-01-02', null, 'c')", // a null key
        "(3, null, null, 'd')", // a null partition
      ]),
      'domains/shop/aggregate/daily.sql': MODEL,
    });
    const first = await buildIn(dir);
    expect(first.results.find((r) => r.id === 'model.shop.daily')?.action).toBe('create');
    const built = [
      { id: 1, day: '2024-01-01', v: 'a' },
      { id: 2, day: '2024-01-02', v: 'b' },
      { id: 2, day: '2024-01-02', v: 'b' },
      { id: null, day: '2024-01-02', v: 'c' },
      { id: 3, day: null, v: 'd' },
    ];
    expect(await table()).toEqual(built);

    const rerun = await buildIn(dir);
    expect(rerun.results.find((r) => r.id === 'model.shop.daily')?.action).toBe('incremental');
    expect(await table()).toEqual(built);

    updateProject(dir, {
      'domains/shop/raw/events.sql': events([
        "(1, '2024-01-01', null, 'changed, but outside the run')",
        "(4, '2024-01-02', null, 'e')",
        "(5, '2024-01-03', null, 'f')",
        "(6, null, null, 'g')",
      ]),
    });
    const third = await buildIn(dir);
    expect(third.results.find((r) => r.id === 'model.shop.daily')?.rowsAffected).toBe(3);
    expect(await table()).toEqual([
      { id: 1, day: '2024-01-01', v: 'a' },
      { id: 4, day: '2024-01-02', v: 'e' },
      { id: 5, day: '2024-01-03', v: 'f' },
      { id: 6, day: null, v: 'g' },
    ]);
  });

  it('replaces a whole timestamp partition of the granularity, not only the instants the new rows have', async () => {
    const model = (granularity: string) =>
      [
        '/*',
        'materialized: incremental',
        'incremental_strategy: insert_overwrite',
        `partition_by: { field: ts, data_type: timestamp, granularity: ${granularity} }`,
        '*/',
        'select id, cast(ts as timestamp) as ts, v from {{ref "events"}}',
        "{{#if is_incremental}}where cast(ts as timestamp) >= timestamp '2024-01-02 12:00:00'{{/if}}",
      ].join('\n');
    const dir = writeProject({
      'domains/shop/raw/events.sql': events(["(1, null, '2024-01-02 09:00:00', 'a')", "(2, null, '2024-01-02 15:00:00', 'b')", "(3, null, '2024-01-03 01:00:00', 'c')"]),
      'domains/shop/aggregate/by_day.sql': model('day'),
      'domains/shop/aggregate/by_hour.sql': model('hour'),
    });
    await buildIn(dir);
    // Only the 15:00 row is read again, now with another value: the day partition loses the 09:00 row, the hour partition keeps it.
    updateProject(dir, { 'domains/shop/raw/events.sql': events(["(1, null, '2024-01-02 09:00:00', 'a')", "(2, null, '2024-01-02 15:00:00', 'b2')"]) });
    await buildIn(dir);
    const at = (name: string) => rows(adapter!, `select id, v from shop_aggregate.${name} order by id`);
    expect(await at('by_day')).toEqual([
      { id: 2, v: 'b2' },
      { id: 3, v: 'c' },
    ]);
    expect(await at('by_hour')).toEqual([
      { id: 1, v: 'a' },
      { id: 2, v: 'b2' },
      { id: 3, v: 'c' },
    ]);
  });

  it('rebuilds the whole table with --full-refresh', async () => {
    const dir = writeProject({
      'domains/shop/raw/events.sql': events(["(1, '2024-01-01', null, 'a')", "(2, '2024-01-02', null, 'b')"]),
      'domains/shop/aggregate/daily.sql': MODEL,
    });
    await buildIn(dir);
    updateProject(dir, { 'domains/shop/raw/events.sql': events(["(9, '2024-01-05', null, 'z')"]) });
    const run = await buildIn(dir, true);
    expect(run.results.find((r) => r.id === 'model.shop.daily')?.action).toBe('full_refresh');
    expect(await table()).toEqual([{ id: 9, day: '2024-01-05', v: 'z' }]);
  });
});
