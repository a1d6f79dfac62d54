/**
 * What the planner writes for tables and incremental models on BigQuery: the incremental merge
 * as one MERGE naming the existing table's columns (PlanOptions.columns), the table layout in the
 * DDL of a first build and of a full refresh, and that `mesh build` hands the columns over.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RelationKind } from '../../src/adapters/adapter.js';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { build, compile } from '../../src/mesh.js';
import { planBuild, type PlanOptions } from '../../src/plan/build-plan.js';
import { memoryDuckDB, rows, updateProject, writeProject } from '../support/temp-project.js';

const MESH = 'name: m\ntargets:\n  dev:\n    engine: duckdb\n  prod:\n    engine: bigquery\n    project: p\n    location: EU\n';

const FACTS = [
  '/*',
  'materialized: incremental',
  'unique_key: [order_id, line]',
  'partition_by: { field: placed_at, data_type: timestamp }',
  'cluster_by: [customer_id]',
  'require_partition_filter: false',
  'labels: { team: shop }',
  '*/',
  'select order_id, line, customer_id, placed_at from {{ref "orders"}}',
  '{{#if is_incremental}}where placed_at > (select max(placed_at) from {{this}}){{/if}}',
].join('\n');

function planned(files: Record<string, string>, existing: Record<string, RelationKind>, options: Partial<PlanOptions> = {}) {
  const dir = writeProject({ 'mesh.yaml': MESH, 'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\n', ...files }, {});
  const result = compile({ projectDir: dir, target: 'prod' });
  expect(result.diagnostics).toEqual([]);
  const plan = planBuild(result.compiled!, [...result.compiled!.nodes.keys()], new Map(Object.entries(existing)), result.engine!, { fullRefresh: false, ...options });
  return (id: string) => plan.steps.find((s) => s.id === id)!;
}

describe('BigQuery materializations in the plan', () => {
  const files = { 'domains/shop/raw/orders.sql': 'select 1 as order_id', 'domains/shop/aggregate/facts.sql': FACTS };

  it('merges into an existing table with one MERGE naming every column it has', () => {
    const step = planned(files, { 'shop_aggregate.facts': 'table' }, { columns: new Map([['shop_aggregate.facts', ['order_id', 'line', 'customer_id', 'placed_at']]]) })('model.shop.facts');
    expect(step.action).toBe('incremental');
    expect(step.statements).toHaveLength(1);
    expect(step.statements[0]!.reportsRows).toBe(true);
    expect(step.statements[0]!.sql).toBe(
      [
        'MERGE `p.shop_aggregate.facts` AS target',
        'USING (',
        '',
        'select order_id, line, customer_id, placed_at from `p.shop_raw.orders`',
        'where placed_at > (select max(placed_at) from `p.shop_aggregate.facts`)',
        ') AS source',
        'ON target.`order_id` = source.`order_id` AND target.`line` = source.`line`',
        'WHEN MATCHED THEN UPDATE SET `order_id` = source.`order_id`, `line` = source.`line`, `customer_id` = source.`customer_id`, `placed_at` = source.`placed_at`',
        'WHEN NOT MATCHED THEN INSERT (`order_id`, `line`, `customer_id`, `placed_at`) VALUES (`order_id`, `line`, `customer_id`, `placed_at`)',
      ].join('\n'),
    );
    // The query's lines still map to the model file (line 9 is the select, 10 the incremental filter).
    expect(step.sources[0]!.lines.slice(3, 5)).toEqual([9, 10]);
  });

  it('replaces rows by delete and insert in one transaction when the columns are unknown', () => {
    const step = planned(files, { 'shop_aggregate.facts': 'table' })('model.shop.facts');
    expect(step.statements.map((s) => s.sql.split('\n')[0])).toEqual([
      'CREATE OR REPLACE TEMP TABLE `__mesh_tmp_facts` AS',
      'BEGIN TRANSACTION',
      'DELETE FROM `p.shop_aggregate.facts` AS target',
      'INSERT INTO `p.shop_aggregate.facts` SELECT * FROM `__mesh_tmp_facts`',
      'COMMIT TRANSACTION',
      'DROP TABLE `__mesh_tmp_facts`',
    ]);
  });

  it('creates an incremental table with its layout, and drops it first on --full-refresh', () => {
    const ddl = [
      'CREATE OR REPLACE TABLE `p.shop_aggregate.facts`',
      'PARTITION BY TIMESTAMP_TRUNC(`placed_at`, DAY)',
      'CLUSTER BY `customer_id`',
      "OPTIONS(require_partition_filter=false, labels=[('team', 'shop')]) AS",
    ].join('\n');
    const first = planned(files, {})('model.shop.facts');
    expect(first.action).toBe('create');
    expect(first.statements.map((s) => s.sql.split('\n\nselect')[0])).toEqual([ddl]);

    const refresh = planned(files, { 'shop_aggregate.facts': 'table' }, { fullRefresh: true })('model.shop.facts');
    expect(refresh.action).toBe('full_refresh');
    expect(refresh.statements.map((s) => s.sql.split('\n\nselect')[0])).toEqual(['DROP TABLE IF EXISTS `p.shop_aggregate.facts`', ddl]);
  });

  it('replaces a plain table atomically, and drops it first only on --full-refresh (its partitioning may have been removed)', () => {
    const plain = { 'domains/shop/aggregate/t.sql': 'select 1 as x' };
    expect(planned(plain, { 'shop_aggregate.t': 'table' })('model.shop.t').statements.map((s) => s.sql)).toEqual(['CREATE OR REPLACE TABLE `p.shop_aggregate.t` AS\nselect 1 as x']);
    expect(planned(plain, { 'shop_aggregate.t': 'table' }, { fullRefresh: true })('model.shop.t').statements.map((s) => s.sql)).toEqual([
      'DROP TABLE IF EXISTS `p.shop_aggregate.t`',
      'CREATE OR REPLACE TABLE `p.shop_aggregate.t` AS\nselect 1 as x',
    ]);
  });

  it('writes every partition kind as BigQuery DDL spells it', () => {
    const table = (name: string, partition: string) => ({ [`domains/shop/aggregate/${name}.sql`]: `/*\npartition_by: ${partition}\n*/\nselect 1 as x` });
    const step = planned(
      {
        ...table('d_day', '{ field: d, data_type: date }'),
        ...table('d_month', '{ field: d, data_type: date, granularity: month }'),
        ...table('dt_hour', '{ field: dt, data_type: datetime, granularity: hour }'),
        ...table('ts_year', '{ field: ts, data_type: timestamp, granularity: year }'),
        ...table('n_range', '{ field: n, data_type: int64, range: { start: -10, end: 50, interval: 5 } }'),
      },
      {},
    );
    const partition = (name: string) => /\nPARTITION BY (.*?)(?: AS)?\n/.exec(step(`model.shop.${name}`).statements[0]!.sql)?.[1];
    expect(partition('d_day')).toBe('`d`');
    expect(partition('d_month')).toBe('DATE_TRUNC(`d`, MONTH)');
    expect(partition('dt_hour')).toBe('DATETIME_TRUNC(`dt`, HOUR)');
    expect(partition('ts_year')).toBe('TIMESTAMP_TRUNC(`ts`, YEAR)');
    expect(partition('n_range')).toBe('RANGE_BUCKET(`n`, GENERATE_ARRAY(-10, 50, 5))');
  });

  it('overwrites the partitions of a timestamp field as values of the same type', () => {
    const model = FACTS.replace('unique_key: [order_id, line]', 'incremental_strategy: insert_overwrite').replace('require_partition_filter: false\n', '');
    const step = planned({ ...files, 'domains/shop/aggregate/facts.sql': model }, { 'shop_aggregate.facts': 'table' })('model.shop.facts');
    const sql = step.statements.map((s) => s.sql);
    expect(sql[0]).toBe('DECLARE _mesh_partitions ARRAY<TIMESTAMP>');
    expect(sql[3]).toContain('ARRAY_AGG(DISTINCT TIMESTAMP_TRUNC(`placed_at`, DAY) IGNORE NULLS), LOGICAL_OR(TIMESTAMP_TRUNC(`placed_at`, DAY) IS NULL)');
    expect(sql[4]).toContain('AND (TIMESTAMP_TRUNC(target.`placed_at`, DAY) IN UNNEST(_mesh_partitions) OR (_mesh_null_partition AND TIMESTAMP_TRUNC(target.`placed_at`, DAY) IS NULL))');
    // Without the table's columns, the new rows are inserted as they come.
    expect(sql[4]).toMatch(/WHEN NOT MATCHED THEN INSERT ROW$/);
  });

  it('puts labels on a view', () => {
    const step = planned({ 'domains/shop/cleaned/v.sql': '/*\nlabels: { team: shop, tier: "1" }\n*/\nselect 1 as x' }, {})('model.shop.v');
    expect(step.statements[0]!.sql).toBe("CREATE OR REPLACE VIEW `p.shop_cleaned.v`\nOPTIONS(labels=[('team', 'shop'), ('tier', '1')]) AS\n\nselect 1 as x");
  });
});

describe('mesh build hands the existing incremental tables\' columns to the plan', () => {
  let adapter: DuckDBAdapter | undefined;
  afterEach(async () => {
    await adapter?.close();
    adapter = undefined;
  });

  it('so a template may name them (a project override of DuckDB append that inserts by the listed columns)', async () => {
    const dir = writeProject({
      'templates/duckdb/materializations/incremental_append.sql': '{{#statement rows=true}}\nINSERT INTO {{relation}} ({{join columns ", "}})\nSELECT {{join columns ", "}} FROM (\n{{sql}}\n)\n{{/statement}}\n',
      'domains/shop/aggregate/log.sql': '/*\nmaterialized: incremental\n*/\nselect 1 as a, 2 as b',
    });
    adapter = await memoryDuckDB(dir);
    expect((await build({ projectDir: dir, adapter })).run!.success).toBe(true);
    // The query now returns its columns in another order: the override inserts by name.
    updateProject(dir, { 'domains/shop/aggregate/log.sql': '/*\nmaterialized: incremental\n*/\nselect 4 as b, 3 as a' });
    const second = await build({ projectDir: dir, adapter });
    expect(second.run!.results.map((r) => [r.action, r.status])).toEqual([['incremental', 'success']]);
    expect(await rows(adapter, 'select a, b from shop_aggregate.log order by a')).toEqual([
      { a: 1, b: 2 },
      { a: 3, b: 4 },
    ]);
  });
});
