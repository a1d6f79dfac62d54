import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { build, check, compile } from '../../src/mesh.js';
import { memoryDuckDB, writeProject } from '../support/temp-project.js';

const ORDERS = readFileSync(new URL('./fixtures/orders.odcs.yaml', import.meta.url), 'utf8');
/** Internal models whose columns do not match the contract's names: the mapping renames and joins. */
const INTERNAL = {
  'mesh.yaml': 'name: shop\n',
  'domains/checkout/domain.yaml': 'name: checkout\nowner: team-checkout\n',
  'domains/checkout/contracts/orders.odcs.yaml': ORDERS,
  'domains/checkout/cleaned/orders.sql': "select * from (values ('o1', 'c1', 1250, timestamp '2024-01-02 08:00:00'), ('o2', 'c2', 990, timestamp '2024-01-02 09:00:00')) as t(id, customer, total_cents, placed)",
  'domains/checkout/cleaned/order_states.sql': "select * from (values ('o1', 'paid'), ('o2', 'placed')) as t(id, state)",
};
const MAPPING = [
  'select',
  '  o.id as order_id,',
  '  o.customer as customer_id,',
  '  o.total_cents / 100.0 as order_total,',
  '  o.placed as ordered_at,',
  '  s.state as status',
  'from {{ref "orders"}} as o',
  'join {{ref "order_states"}} as s using (id)',
].join('\n');

let adapter: DuckDBAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
});

describe('contracts/<product>.sql: a mapping from internal models to the contract', () => {
  it('fills the contract view: the mapping selects, the view casts to the contracted types and depends on what the mapping reads', async () => {
    const dir = writeProject({ ...INTERNAL, 'domains/checkout/contracts/orders.sql': MAPPING });
    const compiled = compile({ projectDir: dir, cache: false });
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const view = compiled.compiled!.nodes.get('contract.checkout.orders_v1')!;
    expect(view.dependsOn.map((d) => d.id).sort()).toEqual(['model.checkout.order_states', 'model.checkout.orders']);
    expect(view.select.sql).toMatch(/^SELECT\n {2}CAST\("order_id" AS VARCHAR\) AS "order_id",[\s\S]*FROM \(\nselect\n {2}o\.id as order_id,[\s\S]*join "checkout_cleaned"\."order_states" as s using \(id\)\n\) AS mapped$/);
    // Lines of the mapping's SQL are the mapping file's own.
    const at = view.select.sql.split('\n').indexOf('join "checkout_cleaned"."order_states" as s using (id)');
    expect(view.select.lines[at]).toBe(8);

    expect((await check({ projectDir: dir, cache: false })).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    adapter = await memoryDuckDB(dir);
    const run = (await build({ projectDir: dir, adapter, asOf: '2024-01-02T12:00:00Z' })).run!;
    expect(run.results.find((r) => r.id === 'contract.checkout.orders_v1')).toMatchObject({ status: 'success' });
    expect(await adapter.query('select order_id, order_total, status, length(customer_id) as hashed from checkout.orders_v1 order by 1')).toEqual([
      { order_id: 'o1', order_total: 12.5, status: 'paid', hashed: 32 },
      { order_id: 'o2', order_total: 9.9, status: 'placed', hashed: 32 },
    ]);
  });

  it('a contract column the mapping does not select is MESH214 at the contract property, naming the mapping', async () => {
    const dir = writeProject({ ...INTERNAL, 'domains/checkout/contracts/orders.sql': MAPPING.replace('s.state as status', 's.state as state') });
    const errors = (await check({ projectDir: dir, cache: false })).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.code} ${d.file}:${d.line}`)).toEqual([`MESH214 domains/checkout/contracts/orders.odcs.yaml:${ORDERS.split('\n').indexOf('      - name: status') + 1}`]);
    expect(errors[0]!.message).toBe("contract column 'status' is not provided by the mapping domains/checkout/contracts/orders.sql (domains/checkout/contracts/orders.sql)");
  });

  it('a mapping with no contract beside it is MESH219; one that reads another domain is MESH211', () => {
    const dir = writeProject({
      ...INTERNAL,
      'domains/checkout/contracts/order.sql': MAPPING,
      'domains/checkout/contracts/orders.sql': MAPPING.replace('{{ref "order_states"}}', '{{ref "payments.order_states"}}'),
      'domains/payments/domain.yaml': 'name: payments\nowner: team-payments\n',
      'domains/payments/cleaned/order_states.sql': "select 'o1' as id, 'paid' as state",
    });
    const errors = compile({ projectDir: dir, cache: false }).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.code} ${d.file}:${d.line}`)).toEqual(['MESH219 domains/checkout/contracts/order.sql:1', 'MESH211 domains/checkout/contracts/orders.sql:8']);
    expect(errors[0]!.hint).toBe('name it after its contract: orders.sql');
  });
});
