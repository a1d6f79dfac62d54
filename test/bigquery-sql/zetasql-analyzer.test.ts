/**
 * The ZetaSQL analyzer as the BigQuery SQL tests use it: BigQuery's language (not ZetaSQL's
 * maximum), tables however a statement spells their path, the columns a statement produces, and
 * rejections with their line and column.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnownTables, StatementAnalyzer } from '../support/statement-analyzer.js';
import { createZetaSqlAnalyzer } from '../support/zetasql.js';
import { typeProto, typeText } from '../support/zetasql-types.js';

const TABLES: KnownTables = new Map([
  ['shop-prod.checkout.orders', [
    { name: 'order_id', type: 'STRING' },
    { name: 'amount', type: 'NUMERIC(12, 2)' },
    { name: 'items', type: 'ARRAY<STRUCT<sku STRING, quantity INT64>>' },
    { name: 'ordered_at', type: 'TIMESTAMP' },
  ]],
  ['__mesh_tmp_orders', [{ name: 'order_id', type: 'STRING' }]],
]);

describe('the ZetaSQL analyzer with BigQuery features', () => {
  let analyzer: StatementAnalyzer;
  beforeAll(async () => {
    analyzer = await createZetaSqlAnalyzer();
  });
  afterAll(async () => {
    await analyzer?.close();
  });
  const analyze = (sql: string) => analyzer.analyze(sql, TABLES, 'shop-prod');

  it('gives the columns a CREATE TABLE … AS makes, in BigQuery type text', async () => {
    const result = await analyze('CREATE OR REPLACE TABLE `shop-prod.checkout.daily` AS\nSELECT DATE(ordered_at) AS day, sum(amount) AS revenue, ARRAY_AGG(STRUCT(order_id AS id)) AS ids\nFROM `shop-prod.checkout.orders`\nGROUP BY day');
    expect(result).toEqual({ ok: true, columns: [
      { name: 'day', type: 'DATE' },
      { name: 'revenue', type: 'NUMERIC' },
      { name: 'ids', type: 'ARRAY<STRUCT<id STRING>>' },
    ] });
  });

  it('finds a table however its path is split into identifiers, and in the default project', async () => {
    for (const path of ['`shop-prod.checkout.orders`', '`shop-prod`.checkout.orders', '`shop-prod.checkout`.orders', 'checkout.orders', '`checkout.orders`']) {
      expect(await analyze(`SELECT order_id FROM ${path}`), path).toEqual({ ok: true, columns: [{ name: 'order_id', type: 'STRING' }] });
    }
    expect(await analyze('SELECT order_id FROM __mesh_tmp_orders')).toMatchObject({ ok: true });
    expect(await analyze('SELECT column_name, data_type FROM `shop-prod.checkout`.INFORMATION_SCHEMA.COLUMNS')).toMatchObject({ ok: true });
  });

  it('rejects with the message, line and column', async () => {
    expect(await analyze('SELECT\n  order_idd\nFROM `shop-prod.checkout.orders`')).toEqual({ ok: false, message: 'Unrecognized name: order_idd; Did you mean order_id?', line: 2, column: 3 });
    expect(await analyze('SELECT * FROM `shop-prod.checkout.missing`')).toMatchObject({ ok: false, line: 1, column: 15 });
  });

  it('speaks BigQuery, not ZetaSQL at its maximum', async () => {
    expect(await analyze("SELECT order_id FROM `shop-prod.checkout.orders` QUALIFY ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY ordered_at DESC) = 1")).toMatchObject({ ok: true });
    // ZetaSQL can concatenate a number into a string; BigQuery cannot.
    expect(await analyze("SELECT CONCAT('order ', 1)")).toMatchObject({ ok: false });
    // PRODUCT_EXTERNAL: no INT32 nor UINT64.
    expect(await analyze('SELECT CAST(1 AS INT32)')).toMatchObject({ ok: false });
    expect(await analyze('SELECT CAST(1 AS UINT64)')).toMatchObject({ ok: false });
    expect(await analyze('SELECT ARRAY_FILTER([1, 2], e -> e > 1)')).toMatchObject({ ok: false });
    expect(await analyze('SELECT [1] AS a ORDER BY a')).toMatchObject({ ok: false });
    for (const sql of [
      'BEGIN TRANSACTION', 'COMMIT TRANSACTION', 'CREATE SCHEMA IF NOT EXISTS `shop-prod.checkout`',
      'CREATE OR REPLACE TEMP TABLE __mesh_tmp_x AS SELECT 1 AS a', 'DROP TABLE IF EXISTS `shop-prod.checkout.orders`',
      'MERGE `shop-prod.checkout.orders` AS t USING __mesh_tmp_orders AS s ON t.order_id = s.order_id WHEN MATCHED THEN UPDATE SET order_id = s.order_id WHEN NOT MATCHED THEN INSERT (order_id) VALUES (s.order_id)',
      'CREATE TABLE IF NOT EXISTS `shop-prod.meshwork.state` (id STRING, ts TIMESTAMP) PARTITION BY DATE(ts) CLUSTER BY id OPTIONS (description = \'x\')',
      "GRANT `roles/bigquery.dataViewer` ON SCHEMA `shop-prod.checkout` TO 'group:analysts@example.com'",
      // Shapes of dbt-bigquery's table and incremental materializations.
      "CREATE OR REPLACE TABLE `shop-prod.checkout.daily` PARTITION BY DATE_TRUNC(day, MONTH) CLUSTER BY order_id OPTIONS (require_partition_filter = true, partition_expiration_days = 30, labels = [('team', 'checkout')]) AS SELECT DATE(ordered_at) AS day, order_id FROM `shop-prod.checkout.orders`",
      'CREATE OR REPLACE TABLE `shop-prod.checkout.ranged` PARTITION BY RANGE_BUCKET(n, GENERATE_ARRAY(0, 100, 10)) AS SELECT 1 AS n',
      "ALTER TABLE `shop-prod.checkout.orders` SET OPTIONS (description = 'orders', labels = [('team', 'checkout')])",
      'MERGE `shop-prod.checkout.orders` AS t USING __mesh_tmp_orders AS s ON FALSE WHEN NOT MATCHED BY SOURCE AND DATE(t.ordered_at) IN UNNEST([CURRENT_DATE()]) THEN DELETE WHEN NOT MATCHED THEN INSERT (order_id) VALUES (s.order_id)',
      'INSERT INTO `shop-prod.checkout.orders` (order_id) SELECT order_id FROM __mesh_tmp_orders',
      'SELECT JSON_VALUE(JSON \'{"a": 1}\', \'$.a\'), CAST(1 AS BIGNUMERIC)',
    ]) expect(await analyze(sql), sql).toMatchObject({ ok: true });
  });

  it("knows BigQuery's type aliases, and still rejects what is not a type", async () => {
    const aliases = ['INT', 'SMALLINT', 'INTEGER', 'BIGINT', 'TINYINT', 'BYTEINT', 'DECIMAL', 'BIGDECIMAL'];
    const result = await analyze(`SELECT ${aliases.map((a) => `CAST('1' AS ${a.toLowerCase()}) AS ${a}`).join(', ')}`);
    expect(result).toEqual({ ok: true, columns: aliases.map((name) => ({ name, type: name === 'DECIMAL' ? 'NUMERIC' : name === 'BIGDECIMAL' ? 'BIGNUMERIC' : 'INT64' })) });
    expect(await analyze("SELECT CAST('1' AS INTEGR)")).toMatchObject({ ok: false, line: 1 });
    expect(await analyze("SELECT CAST('1' AS VARCHAR)")).toMatchObject({ ok: false });
  });

  it('parses script statements the analyzer cannot resolve alone', async () => {
    expect(await analyze('DECLARE cutoff TIMESTAMP DEFAULT (SELECT max(ordered_at) FROM `shop-prod.checkout.orders`)')).toEqual({ ok: true });
    expect(await analyze('DECLARE cutoff TIMESTAMP DEFAULT (SELECT max(ordered_at) FROM `shop-prod.checkout.nothing`)')).toMatchObject({ ok: false, message: expect.stringContaining('shop-prod.checkout.nothing') });
    expect(await analyze('DECLARE cutoff TIMESTAMP DEFAULT (SELECT FROM)')).toMatchObject({ ok: false, line: 1 });
  });

  it('carries declared variables into later statements, with their types', async () => {
    // dbt-bigquery's insert_overwrite shape: the partitions to replace in a variable, then a MERGE reading it.
    expect(await analyze('DECLARE days_to_replace ARRAY<DATE>')).toEqual({ ok: true });
    expect(await analyze('SET (days_to_replace) = (SELECT AS STRUCT ARRAY_AGG(DISTINCT DATE(ordered_at)) FROM __mesh_tmp_orders)')).toMatchObject({ ok: false });
    expect(await analyze('SET days_to_replace = (SELECT ARRAY_AGG(DISTINCT DATE(ordered_at)) FROM `shop-prod.checkout.orders`)')).toEqual({ ok: true });
    expect(await analyze('DELETE FROM `shop-prod.checkout.orders` WHERE DATE(ordered_at) IN UNNEST(days_to_replace)')).toEqual({ ok: true });
    // The variable has its declared type: a DATE array is not a string.
    expect(await analyze("SELECT CONCAT('x', days_to_replace)")).toMatchObject({ ok: false });
    expect(await analyze('DECLARE n DEFAULT (SELECT count(*) FROM `shop-prod.checkout.orders`)')).toEqual({ ok: true });
    expect(await analyze('SELECT n + 1 AS next')).toEqual({ ok: true, columns: [{ name: 'next', type: 'INT64' }] });
    expect(await analyze('SET never_declared = 1')).toMatchObject({ ok: false, message: 'Unrecognized name: never_declared' });
  });

  it('reads and writes BigQuery type text', () => {
    for (const text of ['STRING', 'ARRAY<STRUCT<a INT64, b ARRAY<STRING>>>', 'STRUCT<`order date` DATE, x NUMERIC>', 'JSON', 'BIGNUMERIC']) {
      expect(typeText(typeProto(text))).toBe(text);
    }
    expect(typeText(typeProto('STRUCT<a STRING(10), b NUMERIC(12, 2)>'))).toBe('STRUCT<a STRING, b NUMERIC>');
    expect(() => typeProto('VARCHAR')).toThrow();
  });
});
