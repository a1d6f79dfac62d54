import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { compile } from '../../src/commands/compile.js';
import { promoteEnvironment } from '../../src/commands/env.js';
import { fingerprintNodes } from '../../src/state/fingerprints.js';
import { localSourceStamps } from '../../src/state/local-source-stamps.js';
import { CapableDuckDB } from '../support/capable-duckdb.js';
import { memoryDuckDB, updateProject, writeProject } from '../support/temp-project.js';
import { buildEnv, CONTRACT, targetThenEnvironment, THREE, ORDERS_CONTRACT, orders, PROJECT, relationsOf } from './env-project.js';

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

describe('mesh env promote', () => {
  it("repoints the target's contract view to the environment's audited candidate, recording its state, without recomputing", async () => {
    const dir = await targetThenFeature();
    const before = await adapter!.query('select published_at from meshwork.published_contracts');
    const targetOrders = await adapter!.query('select count(*) as n from checkout_cleaned.orders');

    const result = await promoteEnvironment({ projectDir: dir, name: 'feature', adapter });
    expect(result.diagnostics).toEqual([]);
    expect(result.promoted).toEqual([
      { id: CONTRACT, relation: '"checkout"."orders_v1"', candidate: expect.stringMatching(/^"checkout_private__feature"\."__promoted_orders_v1__\w+"$/), version: '1.2.0' },
    ]);
    // The target's public view now serves exactly the environment's rows.
    expect(await publicRows('checkout')).toEqual(await publicRows('checkout__feature'));
    expect(await publicRows('checkout')).toHaveLength(3);
    // Nothing recomputed: the target's own models are as they were (promote moves contracts only).
    expect(await adapter!.query('select count(*) as n from checkout_cleaned.orders')).toEqual(targetOrders);
    // Its published state and node state record the promotion; its own old candidate is gone.
    const after = await adapter!.query('select version, published_at from meshwork.published_contracts');
    expect(after).toHaveLength(1);
    expect(after[0]!.published_at).not.toEqual(before[0]!.published_at);
    // The environment built it from the project as it is: the target records it as its own build of it.
    const target = compile({ projectDir: dir });
    const print = fingerprintNodes(target.compiled!, localSourceStamps(dir, 'duckdb')).get(CONTRACT)!;
    expect(await adapter!.query(`select relation, data_fingerprint from meshwork.node_state where node_id = '${CONTRACT}'`)).toEqual([{ relation: '"checkout"."orders_v1"', data_fingerprint: print.data }]);
    expect(await adapter!.query("select environment, node_id from meshwork.environment_promotions")).toEqual([{ environment: 'feature', node_id: CONTRACT }]);
    expect(Object.keys(await relationsOf(adapter!, ['checkout_private']))).toEqual([]);

    // Promoting again changes nothing.
    const again = await promoteEnvironment({ projectDir: dir, name: 'feature', adapter });
    expect(again).toEqual({ diagnostics: [], promoted: [], unchanged: [CONTRACT] });

    // The environment builds on: its next publish leaves the promoted candidate the target reads.
    updateProject(dir, orders([['o9', 'c1', 90, 'paid']]));
    await buildEnv(dir, adapter!, 'feature');
    expect(await publicRows('checkout__feature')).toHaveLength(1);
    expect(await publicRows('checkout')).toHaveLength(3);
    // Promoted again: the target reads the new candidate, and the one promoted before is dropped.
    expect((await promoteEnvironment({ projectDir: dir, name: 'feature', adapter })).promoted).toHaveLength(1);
    expect((await publicRows('checkout')).map((r) => r.order_id)).toEqual(['o9']);
    expect(Object.keys(await relationsOf(adapter!, ['checkout_private__feature']))).toEqual([expect.stringMatching(/^checkout_private__feature\.__promoted_orders_v1__/)]);
  });

  it('refuses a contract whose audits failed in the environment (MESH255): the public view never shows unaudited data', async () => {
    // A negative total and a null key break the contract's rules.
    const dir = await targetThenFeature(orders([['o1', 'c1', 10, 'paid'], [null, 'c2', -5, 'paid']]));
    const before = await publicRows('checkout');
    const result = await promoteEnvironment({ projectDir: dir, name: 'feature', adapter });
    expect(result.promoted).toEqual([]);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: 'MESH255', severity: 'error', file: 'domains/checkout/contracts/orders.odcs.yaml', line: 1, message: expect.stringContaining('never published') }),
    ]);
    expect(await publicRows('checkout')).toEqual(before);
  });

  it('after a later build of the environment failed its audits, promotes the candidate its view still serves, never the failed one', async () => {
    const dir = await targetThenFeature();
    updateProject(dir, orders([['o1', 'c1', 10, 'paid'], [null, 'c2', -5, 'paid']]));
    const failed = await buildEnv(dir, adapter!, 'feature');
    expect(failed.run!.results.find((r) => r.id === CONTRACT)!.status).toBe('error');
    const result = await promoteEnvironment({ projectDir: dir, name: 'feature', adapter });
    expect(result.diagnostics).toEqual([]);
    expect(result.promoted).toHaveLength(1);
    expect((await publicRows('checkout')).map((r) => r.order_id)).toEqual(['o1', 'o2', 'o3']);
  });

  it('refuses while the environment holds a candidate a stopped build wrote and never audited (MESH255)', async () => {
    const dir = await targetThenFeature();
    // What a build stopped between writing the candidate and auditing it leaves behind.
    await adapter!.query("create table checkout_private__feature.__mesh_orders_v1__stopped as select 'bad' as order_id");
    const result = await promoteEnvironment({ projectDir: dir, name: 'feature', adapter });
    expect(result.promoted).toEqual([]);
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: 'MESH255', message: expect.stringContaining('holds 2 candidates') })]);
    expect((await publicRows('checkout')).map((r) => r.order_id)).toEqual(['o1', 'o2']);
  });

  it("refuses a contract the target's breaking-change gate would refuse (MESH215, at the change's line)", async () => {
    // The status column removed, as a minor version: the environment publishes it (it has no state to compare with), the target's gate does not.
    const withoutStatus = ORDERS_CONTRACT.replace(/      - name: status[\s\S]*?(?=slaProperties:)/, '').replace('version: 1.2.0', 'version: 1.3.0');
    const dir = await targetThenFeature({ 'domains/checkout/contracts/orders.odcs.yaml': withoutStatus });
    expect(await adapter!.query('select version from meshwork__feature.published_contracts')).toEqual([{ version: '1.3.0' }]);
    const result = await promoteEnvironment({ projectDir: dir, name: 'feature', adapter });
    expect(result.promoted).toEqual([]);
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: 'MESH215', file: 'domains/checkout/contracts/orders.odcs.yaml', line: expect.any(Number) })]);
    expect(result.diagnostics[0]!.message).toContain('status');
    expect(await adapter!.query('select version from meshwork.published_contracts')).toEqual([{ version: '1.2.0' }]);
    expect(Object.keys((await publicRows('checkout'))[0]!)).toContain('status');
  });

  it("on an engine with per-schema access, authorizes the target's view on the environment's private schema", async () => {
    const dir = writeProject(PROJECT);
    adapter = await memoryDuckDB(dir);
    const capable = await CapableDuckDB.wrap(adapter, { capabilities: { schemaAccess: true } });
    await buildEnv(dir, capable);
    updateProject(dir, THREE);
    await buildEnv(dir, capable, 'feature');
    const before = (await capable.access()).authorized;
    expect(before).toContainEqual({ view_schema: 'checkout', view_name: 'orders_v1', reads: 'checkout_private' });
    expect((await promoteEnvironment({ projectDir: dir, name: 'feature', adapter: capable })).promoted).toHaveLength(1);
    const after = (await capable.access()).authorized;
    expect(after.filter((a) => !before.some((b) => JSON.stringify(a) === JSON.stringify(b)))).toEqual([
      { view_schema: 'checkout', view_name: 'orders_v1', reads: 'checkout_private__feature' },
    ]);
  });

  it('reports an environment that was never built (MESH257)', async () => {
    const dir = writeProject(PROJECT);
    adapter = await memoryDuckDB(dir);
    await buildEnv(dir, adapter);
    const result = await promoteEnvironment({ projectDir: dir, name: 'nope', adapter });
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: 'MESH257', severity: 'error' })]);
  });
});
