import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { build } from '../../src/mesh.js';
import { memoryDuckDB, updateProject, writeProject } from '../support/temp-project.js';
import { AS_OF, buildEnv, orders, PROJECT, relationsOf } from './env-project.js';

let adapter: DuckDBAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
});

describe('mesh build --env', () => {
  it('builds only the edited model and its descendants; the rest are views onto the target, which stays as it was', async () => {
    const dir = writeProject(PROJECT);
    adapter = await memoryDuckDB(dir);
    await buildEnv(dir, adapter);
    const targetBefore = await adapter.query('select * from checkout_aggregate.order_totals order by customer_id');

    updateProject(dir, orders([['o1', 'c1', 10, 'paid'], ['o2', 'c2', 20, 'placed'], ['o3', 'c2', 5, 'paid']]));
    const env = await buildEnv(dir, adapter, 'feature');
    const actions = Object.fromEntries(env.run!.results.filter((r) => r.kind !== 'test').map((r) => [r.id, [r.status, r.action]]));
    expect(actions).toEqual({
      'model.checkout.customers': ['success', 'view'],
      'model.checkout.customer_names': ['success', 'view'],
      'model.checkout.orders': ['success', 'table'],
      'model.checkout.order_totals': ['success', 'table'],
      'model.checkout.paid_orders': ['success', 'view'],
      'contract.checkout.orders_v1': ['success', 'contract'],
    });
    // Unchanged: views onto the target's relations. Changed and below: built in the environment.
    expect(await relationsOf(adapter, ['checkout_raw__feature', 'checkout_cleaned__feature', 'checkout_aggregate__feature', 'checkout__feature'])).toEqual({
      'checkout__feature.orders_v1': 'VIEW',
      'checkout_aggregate__feature.customer_names': 'VIEW',
      'checkout_aggregate__feature.order_totals': 'BASE TABLE',
      'checkout_aggregate__feature.paid_orders': 'VIEW',
      'checkout_cleaned__feature.orders': 'BASE TABLE',
      'checkout_raw__feature.customers': 'VIEW',
    });
    const pointing = await adapter.query(
      "select table_schema || '.' || table_name as name, view_definition from information_schema.views where table_schema like '%__feature' order by 1",
    );
    expect(pointing.map((v) => [v.name, String(v.view_definition).replace(/\s+/g, ' ').replace(/;$/, '')])).toEqual([
      ['checkout__feature.orders_v1', expect.stringMatching(/FROM checkout_private__feature\.__mesh_orders_v1__\w+$/)],
      ['checkout_aggregate__feature.customer_names', 'CREATE VIEW checkout_aggregate__feature.customer_names AS SELECT * FROM checkout_aggregate.customer_names'],
      ['checkout_aggregate__feature.paid_orders', "CREATE VIEW checkout_aggregate__feature.paid_orders AS SELECT * FROM checkout_cleaned__feature.orders WHERE (status = 'paid')"],
      ['checkout_raw__feature.customers', 'CREATE VIEW checkout_raw__feature.customers AS SELECT * FROM checkout_raw.customers'],
    ]);
    // The environment reads its own orders; the target's relations are untouched.
    expect(await adapter.query('select * from checkout_aggregate__feature.order_totals order by customer_id')).toEqual([
      { customer_id: 'c1', total: 10 },
      { customer_id: 'c2', total: 25 },
    ]);
    expect(await adapter.query('select * from checkout_aggregate.order_totals order by customer_id')).toEqual(targetBefore);
    expect(await adapter.query('select count(*) as n from checkout.orders_v1')).toEqual([{ n: 2 }]);
    expect(await adapter.query('select count(*) as n from checkout__feature.orders_v1')).toEqual([{ n: 3 }]);
    // Duplicates and nulls read through the view as the target holds them.
    expect(await adapter.query('select count(*) as n, count(name) as named from checkout_raw__feature.customers')).toEqual([{ n: 3, named: 1 }]);
    // The environment has its own state schema: the target's published state is untouched.
    expect(await adapter.query('select count(*) as n from meshwork__feature.published_contracts')).toEqual([{ n: 1 }]);
  });

  it('with --select, reads unselected parents from the target (as --defer does) and keeps what the environment built of them', async () => {
    const dir = writeProject(PROJECT);
    adapter = await memoryDuckDB(dir);
    await buildEnv(dir, adapter);
    updateProject(dir, orders([['o1', 'c1', 10, 'paid'], ['o2', 'c2', 20, 'placed'], ['o3', 'c2', 5, 'paid']]));
    const only = await buildEnv(dir, adapter, 'feature', { select: ['order_totals'] });
    expect(only.run!.results.filter((r) => r.kind !== 'test').map((r) => [r.id, r.action]).sort()).toEqual([
      ['model.checkout.customer_names', 'view'],
      ['model.checkout.customers', 'view'],
      ['model.checkout.order_totals', 'table'],
      ['model.checkout.orders', 'view'],
      ['model.checkout.paid_orders', 'view'],
    ]);
    // order_totals read the target's orders: the edit to orders was not selected.
    expect(await adapter.query('select sum(total) as total from checkout_aggregate__feature.order_totals')).toEqual([{ total: 30 }]);

    // The whole environment, then order_totals alone again: the environment's own orders stay.
    await buildEnv(dir, adapter, 'feature');
    const again = await buildEnv(dir, adapter, 'feature', { select: ['order_totals'] });
    expect(again.run!.results.filter((r) => r.kind !== 'test').map((r) => r.id)).toEqual(['model.checkout.order_totals']);
    expect((await relationsOf(adapter, ['checkout_cleaned__feature']))['checkout_cleaned__feature.orders']).toBe('BASE TABLE');
    expect(await adapter.query('select sum(total) as total from checkout_aggregate__feature.order_totals')).toEqual([{ total: 35 }]);
  });

  it('builds everything in a new environment of a target that recorded no state', async () => {
    const dir = writeProject(PROJECT);
    adapter = await memoryDuckDB(dir);
    const env = await build({ projectDir: dir, adapter, asOf: AS_OF, environment: 'feature' });
    expect(env.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(await relationsOf(adapter, ['checkout_raw__feature', 'checkout_raw'])).toEqual({ 'checkout_raw__feature.customers': 'BASE TABLE' });
  });

  it('refuses a name that cannot end a schema name (MESH254), with a name that can', async () => {
    const dir = writeProject(PROJECT);
    adapter = await memoryDuckDB(dir);
    const result = await build({ projectDir: dir, adapter, asOf: AS_OF, environment: 'Feature-X' });
    expect(result.run).toBeUndefined();
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: 'MESH254', severity: 'error', hint: 'use --env feature_x' })]);
    expect(await adapter.query("select count(*) as n from information_schema.schemata where schema_name like '%checkout%'")).toEqual([{ n: 0 }]);
  });
});
