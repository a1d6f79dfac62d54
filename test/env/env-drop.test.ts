import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { dropEnvironment, promoteEnvironment } from '../../src/commands/env.js';
import { buildEnv, CONTRACT, targetThenEnvironment } from './env-project.js';

let adapter: DuckDBAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
});

const publicRows = (schema: string) => adapter!.query(`select * from ${schema}.orders_v1 order by order_id`);

async function targetThenFeature(files?: Record<string, string>): Promise<string> {
  const built = await targetThenEnvironment(files);
  adapter = built.adapter;
  return built.dir;
}

describe('mesh env drop', () => {
  it("removes the environment's schemas, leaving the target's", async () => {
    const dir = await targetThenFeature();
    const result = await dropEnvironment({ projectDir: dir, name: 'feature', adapter });
    expect(result.diagnostics).toEqual([]);
    expect(result.dropped).toEqual([
      'checkout__feature', 'checkout_aggregate__feature', 'checkout_cleaned__feature', 'checkout_private__feature', 'checkout_raw__feature', 'meshwork__feature',
    ]);
    expect(await adapter!.query("select count(*) as n from information_schema.schemata where schema_name like '%\\_\\_feature' escape '\\'")).toEqual([{ n: 0 }]);
    expect(await publicRows('checkout')).toHaveLength(2);
    expect(await adapter!.query('select count(*) as n from checkout_aggregate.order_totals')).toEqual([{ n: 2 }]);
  });

  it('refuses while a target view reads a promoted candidate (MESH256), unless forced or the target published again', async () => {
    const dir = await targetThenFeature();
    await promoteEnvironment({ projectDir: dir, name: 'feature', adapter });
    const refused = await dropEnvironment({ projectDir: dir, name: 'feature', adapter });
    expect(refused.dropped).toEqual([]);
    expect(refused.diagnostics).toEqual([expect.objectContaining({ code: 'MESH256', severity: 'error', message: expect.stringContaining('"checkout"."orders_v1" reads "checkout_private__feature"."__promoted_orders_v1__') })]);
    expect(await publicRows('checkout')).toHaveLength(3);

    // The target publishes its own candidate again: the environment may go. That candidate reads
    // the target's own orders, which promote did not move (2 rows, not the environment's 3).
    await buildEnv(dir, adapter!, undefined, { fullRefresh: true, select: [CONTRACT] });
    const dropped = await dropEnvironment({ projectDir: dir, name: 'feature', adapter });
    expect(dropped.diagnostics).toEqual([]);
    expect(dropped.dropped).toContain('checkout_private__feature');
    expect(await publicRows('checkout')).toHaveLength(2);
  });

  it('with --force, drops anyway and says which target views now fail', async () => {
    const dir = await targetThenFeature();
    await promoteEnvironment({ projectDir: dir, name: 'feature', adapter });
    const forced = await dropEnvironment({ projectDir: dir, name: 'feature', adapter, force: true });
    expect(forced.diagnostics).toEqual([expect.objectContaining({ code: 'MESH256', severity: 'warning' })]);
    await expect(publicRows('checkout')).rejects.toThrow(/__promoted_orders_v1__/);
  });
});
