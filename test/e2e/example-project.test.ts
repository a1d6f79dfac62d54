import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import type { RunResults } from '../../src/execute/run-events.js';
import { build, compile } from '../../src/mesh.js';

const EXAMPLE = join(import.meta.dirname, '..', '..', 'example-project');

/** The example mesh, built end to end on a DuckDB file in a copy of the project. */
describe('example-project end to end', () => {
  let dir: string;
  let adapter: DuckDBAdapter;
  let first: RunResults;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mesh-example-'));
    cpSync(EXAMPLE, dir, { recursive: true, filter: (src) => !/[\\/](target|\.mesh)$/.test(src) });
    adapter = await DuckDBAdapter.open({ path: join(dir, 'e2e.duckdb'), fileSearchPath: dir, connections: 4 });
    const result = await build({ projectDir: dir, adapter });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    first = result.run!;
  });

  afterAll(async () => {
    await adapter?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('builds every node successfully', () => {
    const failed = first.results.filter((r) => r.status !== 'success');
    expect(failed).toEqual([]);
    const kinds = first.results.reduce<Record<string, number>>((n, r) => ({ ...n, [r.kind]: (n[r.kind] ?? 0) + 1 }), {});
    // 31 models of which one is ephemeral (not run) and one a snapshot, 2 seeds, 4 contract views
    // (checkout orders v1 and v2, payments, shipping), column, model-level, generic and singular
    // tests, and the unit test of payments.refunds, run before it.
    expect(kinds.model).toBe(30);
    expect(kinds.seed).toBe(2);
    expect(kinds.contract).toBe(4);
    expect(kinds.test).toBe(112);
    expect(kinds.unit_test).toBe(1);
    expect(first.results).toHaveLength(149);
  });

  it.each([
    ['checkout.orders_v1', ['order_id VARCHAR', 'customer_id VARCHAR', 'channel VARCHAR', 'ship_country VARCHAR', 'order_total DOUBLE', 'placed_at TIMESTAMP', 'status VARCHAR']],
    // Version 2 dropped ship_country (a breaking change, so a new major); v1 keeps serving beside it.
    ['checkout.orders_v2', ['order_id VARCHAR', 'customer_id VARCHAR', 'channel VARCHAR', 'order_total DOUBLE', 'placed_at TIMESTAMP', 'status VARCHAR']],
    ['payments.order_payments_v1', ['order_id VARCHAR', 'first_captured_at TIMESTAMP', 'captured_amount DOUBLE', 'refunded_amount DOUBLE', 'net_amount DOUBLE']],
    ['shipping.shipments_v1', ['shipment_id VARCHAR', 'order_id VARCHAR', 'shipped_at TIMESTAMP', 'delivered_at TIMESTAMP']],
  ])('contract view %s has exactly the contracted columns, in contract order', async (view, columns) => {
    const described = await adapter.query(`select column_name, column_type from (describe ${view})`);
    expect(described.map((c) => `${c.column_name} ${c.column_type}`)).toEqual(columns);
  });

  it.each([
    ['checkout.orders_v1', 697],
    ['payments.order_payments_v1', 683],
    ['shipping.shipments_v1', 651],
  ])('contract view %s publishes every row of its backing model (%i)', async (view, expected) => {
    expect(await adapter.query(`select count(*) as n from ${view}`)).toEqual([{ n: expected }]);
  });

  it('management reads the other domains only through their contract views', () => {
    const { compiled, diagnostics } = compile({ projectDir: dir, cache: false });
    expect(diagnostics).toEqual([]);
    const nodes = compiled!.nodes;
    expect(nodes.get('model.management.order_facts')!.dependsOn.map((d) => d.id).sort()).toEqual([
      'contract.checkout.orders_v1',
      'contract.payments.order_payments_v1',
      'contract.shipping.shipments_v1',
    ]);
    // No node of the mesh (model, seed or test) depends on a model or seed of another domain:
    // across domains there are only contract views, and those read their own domain's model.
    const crossDomain = [...nodes.values()].flatMap((node) =>
      node.dependsOn
        .map((d) => nodes.get(d.id)!)
        .filter((dep) => dep.domain !== node.domain && dep.kind !== 'contract')
        .map((dep) => `${node.id} -> ${dep.id}`),
    );
    expect(crossDomain).toEqual([]);
    // What management reads from other domains, over all its models and tests: the three contract views.
    const management = [...nodes.values()].filter((n) => n.domain === 'management');
    const external = new Set(management.flatMap((n) => n.dependsOn.map((d) => nodes.get(d.id)!)).filter((dep) => dep.domain !== 'management').map((dep) => `${dep.kind} ${dep.id}`));
    expect([...external].sort()).toEqual([
      'contract contract.checkout.orders_v1',
      'contract contract.payments.order_payments_v1',
      'contract contract.shipping.shipments_v1',
    ]);
    for (const view of ['contract.checkout.orders_v1', 'contract.payments.order_payments_v1', 'contract.shipping.shipments_v1']) {
      const contract = nodes.get(view)!;
      expect(contract.dependsOn.map((d) => nodes.get(d.id)!.domain)).toEqual([contract.domain]);
    }
  });

  it('payments reads checkout\'s orders version 2: every order once, and no money received for cancelled ones', async () => {
    const totals = await adapter.query("select sum(orders) as orders, cast(sum(received_amount) filter (where status = 'cancelled') as double) as cancelled_received from payments_aggregate.order_collection");
    expect(totals).toEqual([{ orders: 697, cancelled_received: 0 }]);
  });

  it.each([
    ['checkout_raw.order_events', 1428],
    ['checkout_cleaned.order_events_deduplicated', 1416],
    ['checkout_cleaned.orders', 697],
    ['checkout_cleaned.customers', 320],
    ['payments_cleaned.payment_events_deduplicated', 1574],
    ['payments_cleaned.payments', 763],
    ['shipping_cleaned.shipment_snapshots', 3541],
    ['shipping_cleaned.shipments_current', 651],
    ['management_seeds.sales_forecast', 32],
    ['management_cleaned.order_facts', 697],
    ['management_aggregate.monthly_revenue', 14],
    ['management_aggregate.forecast_vs_actual', 32],
    ['payments_aggregate.order_collection', 6],
  ])('%s has %i rows', async (relation, expected) => {
    expect(await adapter.query(`select count(*) as n from ${relation}`)).toEqual([{ n: expected }]);
  });

  it('applies the cleaning steps: defaults, renamed fields, outliers, completeness', async () => {
    const [orders] = await adapter.query(`
      select count(*) filter (where is_amount_outlier) as outliers,
             count(*) filter (where not is_complete) as incomplete,
             count(*) filter (where status = 'paid') as paid
      from checkout_cleaned.orders`);
    expect(orders).toEqual({ outliers: 2, incomplete: 9, paid: 627 });
    const [revenue] = await adapter.query('select round(sum(net_revenue), 2)::double as total from management_aggregate.monthly_revenue');
    expect(revenue).toEqual({ total: 65213.15 });
  });

  it('a second build reuses every node; forced, it takes the incremental path and changes nothing', async () => {
    const unchanged = await build({ projectDir: dir, adapter });
    expect(unchanged.run!.results.filter((r) => r.status !== 'reused')).toEqual([]);
    expect(unchanged.run!.results.length).toBe(148);
    const second = await build({ projectDir: dir, adapter, force: true });
    const incremental = second.run!.results.find((r) => r.id === 'model.checkout.order_events_deduplicated');
    expect(incremental).toMatchObject({ action: 'incremental', status: 'success', rowsAffected: 0 });
    expect(second.run!.success).toBe(true);
    expect(await adapter.query('select count(*) as n from checkout_cleaned.order_events_deduplicated')).toEqual([{ n: 1416 }]);
  });
});
