/** Adapter conformance: what a first build, a rerun and a switch of kinds do, on every engine. */
import { expect, it } from 'vitest';
import { updateProject, writeProject } from '../support/temp-project.js';
import { lines } from '../diagnostics/diagnose.js';
import { describeOnEngines } from './conformance-engines.js';
import { conformanceFiles } from './conformance-project.js';

describeOnEngines('plan semantics', (engine) => {
  it('a first build creates every relation with its kind; a rerun takes the incremental branch and replaces views and tables', async () => {
    const e = engine();
    const dir = writeProject(conformanceFiles(), {});
    const first = await e.build(dir);
    expect(first.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(first.run?.results.filter((r) => r.status !== 'success')).toEqual([]);
    const action = (run: typeof first.run, name: string) => run!.results.find((r) => r.id.endsWith(`.${name}`) && r.kind !== 'test')?.action;

    expect(await e.kind('shop_seeds', 'countries')).toBe('table');
    expect(await e.kind('shop_raw', 'order_lines')).toBe('view');
    expect(await e.kind('shop_cleaned', 'orders')).toBe('table');
    expect(await e.kind('shop_aggregate', 'orders_by_country')).toBe('view');
    for (const name of ['orders_merged', 'orders_appended', 'orders_replaced', 'orders_by_day']) {
      expect(await e.kind('shop_aggregate', name), name).toBe('table');
      expect(action(first.run, name), name).toBe('create');
      expect(await e.columns('shop_aggregate', name), name).toEqual(['order_id', 'amount', 'ordered_on']);
    }
    // The ephemeral model is inlined where it is read: it exists nowhere.
    for (const schema of ['shop_cleaned', 'shop_aggregate']) expect(await e.relations(schema)).not.toContain('named_countries');
    expect(await e.columns('shop_aggregate', 'orders_by_country')).toEqual(['country', 'name', 'orders']);

    const seed = first.run!.results.find((r) => r.id === 'seed.shop.countries')!;
    // Every line of the CSV arrives, the duplicate and the empty name included.
    expect(seed.rowsAffected).toBe(4);
    expect(await e.seedRows('shop_seeds', 'countries')).toEqual([
      ['DE', 'Germany'],
      ['FR', 'France'],
      ['FR', 'France'],
      ['XX', null],
    ]);
    const rows = await e.rows('select country, name, orders from shop_aggregate.orders_by_country order by country nulls last');
    if (rows) {
      expect(rows).toEqual([
        { country: 'DE', name: 'Germany', orders: 1 },
        { country: 'FR', name: 'France', orders: 1 },
        { country: null, name: null, orders: 1 },
      ]);
      expect(await e.rows('select count(*) as n from shop_cleaned.orders')).toEqual([{ n: 3 }]);
      expect(await e.rows('select count(*) as n, count(name) as named from shop_seeds.countries')).toEqual([{ n: 4, named: 3 }]);
    }
    const firstSent = e.sent();
    if (firstSent) {
      // The endpoint: the seed arrived through a load job, not as SQL; the ephemeral model is inlined in its reader's SQL.
      expect(firstSent.filter((sql) => /^(INSERT INTO|CREATE (OR REPLACE )?TABLE) `acme-data\.shop_seeds\.countries`/i.test(sql))).toEqual([]);
      expect(firstSent.some((sql) => /CREATE OR REPLACE VIEW `acme-data\.shop_aggregate\.orders_by_country`[\s\S]*where name is not null/i.test(sql))).toBe(true);
    }

    // o3's amount becomes known: the rows of its day come again, changed.
    updateProject(dir, { 'domains/shop/raw/order_lines.sql': conformanceFiles()['domains/shop/raw/order_lines.sql']!.replace("'o3', null, null", "'o3', null, 30") });
    const rerun = await e.build(dir);
    // The seed did not change: on every engine it is reused, not loaded again.
    expect(rerun.run?.results.filter((r) => r.status !== 'success').map((r) => [r.id, r.status])).toEqual([['seed.shop.countries', 'reused']]);
    for (const name of ['orders_merged', 'orders_appended', 'orders_replaced', 'orders_by_day']) expect(action(rerun.run, name), name).toBe('incremental');
    expect(action(rerun.run, 'orders')).toBe('table');
    expect(action(rerun.run, 'order_lines')).toBe('view');
    const again = await e.rows('select (select count(*) from shop_aggregate.orders_merged) as merged, (select count(*) from shop_aggregate.orders_appended) as appended, (select count(*) from shop_aggregate.orders_replaced) as replaced, (select count(*) from shop_aggregate.orders_by_day) as by_day');
    if (again) {
      // The rows since the newest day (o3) come again: merge and delete+insert replace them, append adds them, insert_overwrite replaces the day.
      expect(again).toEqual([{ merged: 3, appended: 4, replaced: 3, by_day: 3 }]);
      const o3 = (table: string) => e.rows(`select amount from shop_aggregate.${table} where order_id = 'o3' order by amount nulls first`);
      expect(await o3('orders_merged')).toEqual([{ amount: 30 }]);
      expect(await o3('orders_appended')).toEqual([{ amount: null }, { amount: 30 }]);
      expect(await o3('orders_replaced')).toEqual([{ amount: 30 }]);
      expect(await o3('orders_by_day')).toEqual([{ amount: 30 }]);
      // The days before were not touched.
      expect(await e.rows("select order_id, amount from shop_aggregate.orders_by_day where order_id <> 'o3' order by 1")).toEqual([{ order_id: 'o1', amount: 10 }, { order_id: 'o2', amount: 20 }]);
    }
    const rerunSent = e.sent();
    if (rerunSent) {
      const into = (name: string) => rerunSent.filter((sql) => sql.includes(`\`acme-data.shop_aggregate.${name}\``));
      // The incremental branch on BigQuery: a MERGE that updates every column, an INSERT, a DELETE then INSERT, and the partitions replaced.
      expect(into('orders_merged').some((sql) => /^MERGE\s+(INTO\s+)?`acme-data\.shop_aggregate\.orders_merged`[\s\S]*WHEN MATCHED THEN UPDATE SET[\s\S]*`amount`[\s\S]*`ordered_on`[\s\S]*WHEN NOT MATCHED THEN INSERT/i.test(sql))).toBe(true);
      expect(into('orders_appended').some((sql) => /^INSERT INTO/i.test(sql))).toBe(true);
      expect(into('orders_appended').some((sql) => /^CREATE OR REPLACE TABLE/i.test(sql))).toBe(false);
      expect(into('orders_replaced').some((sql) => /^DELETE FROM/i.test(sql))).toBe(true);
      expect(into('orders_by_day').some((sql) => /^MERGE[\s\S]*WHEN NOT MATCHED BY SOURCE[\s\S]*`ordered_on` IN UNNEST[\s\S]*THEN DELETE/i.test(sql))).toBe(true);
      // Views and tables are replaced in place.
      expect(rerunSent.some((sql) => /^CREATE OR REPLACE VIEW `acme-data\.shop_raw\.order_lines`/.test(sql))).toBe(true);
      expect(rerunSent.some((sql) => /^CREATE OR REPLACE TABLE `acme-data\.shop_cleaned\.orders`/.test(sql))).toBe(true);
    }
  });

  it('switching a model view ↔ table replaces the relation of the other kind', async () => {
    const e = engine();
    const dir = writeProject(conformanceFiles(), {});
    expect((await e.build(dir)).run?.success).toBe(true);
    updateProject(dir, {
      'domains/shop/raw/order_lines.sql': conformanceFiles()['domains/shop/raw/order_lines.sql']!.replace('materialized: view', 'materialized: table'),
      'domains/shop/cleaned/orders.sql': lines('/*', 'materialized: view', '*/', 'select distinct order_id, country, amount, ordered_on', 'from {{ref "order_lines"}}'),
    });
    e.sent();
    const switched = await e.build(dir);
    expect(switched.run?.results.filter((r) => r.status !== 'success').map((r) => [r.id, r.status])).toEqual([['seed.shop.countries', 'reused']]);
    expect(await e.kind('shop_raw', 'order_lines')).toBe('table');
    expect(await e.kind('shop_cleaned', 'orders')).toBe('view');
    const rows = await e.rows('select count(*) as n from shop_cleaned.orders');
    if (rows) expect(rows).toEqual([{ n: 3 }]);
    const sent = e.sent();
    if (sent) {
      // The relation of the other kind is dropped before the new one is made (BigQuery cannot replace a view with a table).
      const dropView = sent.findIndex((sql) => /^DROP VIEW IF EXISTS `acme-data\.shop_raw\.order_lines`/.test(sql));
      const dropTable = sent.findIndex((sql) => /^DROP TABLE IF EXISTS `acme-data\.shop_cleaned\.orders`/.test(sql));
      expect(dropView).toBeGreaterThanOrEqual(0);
      expect(dropTable).toBeGreaterThanOrEqual(0);
      expect(sent.findIndex((sql) => /^CREATE OR REPLACE TABLE `acme-data\.shop_raw\.order_lines`/.test(sql))).toBeGreaterThan(dropView);
      expect(sent.findIndex((sql) => /^CREATE OR REPLACE VIEW `acme-data\.shop_cleaned\.orders`/.test(sql))).toBeGreaterThan(dropTable);
    }
  });
});
