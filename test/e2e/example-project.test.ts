import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import type { RunResults } from '../../src/execute/run-events.js';
import { build } from '../../src/mesh.js';

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
    // 29 models of which one is ephemeral (not run), 2 seeds, column and singular tests.
    expect(kinds.model).toBe(28);
    expect(kinds.seed).toBe(2);
    expect(kinds.test).toBeGreaterThanOrEqual(100);
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

  it('a second build takes the incremental path and changes nothing', async () => {
    const second = await build({ projectDir: dir, adapter });
    const incremental = second.run!.results.find((r) => r.id === 'model.checkout.order_events_deduplicated');
    expect(incremental).toMatchObject({ action: 'incremental', status: 'success', rowsAffected: 0 });
    expect(second.run!.success).toBe(true);
    expect(await adapter.query('select count(*) as n from checkout_cleaned.order_events_deduplicated')).toEqual([{ n: 1416 }]);
  });
});
