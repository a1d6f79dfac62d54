/** Adapter conformance: write-audit-publish of a contract view, and the published state the next build reads, on every engine. */
import { expect, it } from 'vitest';
import { updateProject, writeProject } from '../support/temp-project.js';
import { describeOnEngines } from './conformance-engines.js';
import { CONTRACT, conformanceFiles, ORDERS_DISTINCT, ORDERS_WITH_DUPLICATES } from './conformance-project.js';

const CONTRACT_ID = 'contract.shop.orders_v1';

describeOnEngines('write-audit-publish', (engine) => {
  it('a passing audit publishes; a failing one keeps the previous view and drops its candidate; the public schema holds only the view', async () => {
    const e = engine();
    const dir = writeProject(conformanceFiles(), {});
    const first = await e.build(dir);
    expect(first.run?.results.find((r) => r.id === CONTRACT_ID)).toMatchObject({ status: 'success', action: 'contract' });
    expect(await e.relations('shop')).toEqual(['orders_v1']);
    expect(await e.kind('shop', 'orders_v1')).toBe('view');
    const [candidate, ...others] = await e.relations('shop_private');
    expect(others).toEqual([]);
    expect(candidate).toMatch(/^__mesh_orders_v1__/);
    expect(await e.kind('shop_private', candidate!)).toBe('table');
    expect(await e.viewSql('shop', 'orders_v1')).toContain(candidate);
    expect(await e.columns('shop', 'orders_v1')).toEqual(['order_id', 'amount']);
    const served = await e.rows('select order_id, amount from shop.orders_v1 order by order_id');
    if (served) expect(served).toEqual([{ order_id: 'o1', amount: 10 }, { order_id: 'o2', amount: 20 }, { order_id: 'o3', amount: null }]);

    // New data breaks the unique key: the candidate is audited, found wanting, and dropped.
    updateProject(dir, { 'domains/shop/cleaned/orders.sql': ORDERS_WITH_DUPLICATES });
    e.duplicatesInCandidate(true);
    const failed = (await e.build(dir)).run!.results.find((r) => r.id === CONTRACT_ID)!;
    expect(failed.status).toBe('error');
    expect(failed.message).toMatch(/^contract audits failed; the public view still serves the last good data:\n {2}- unique: order_id \(line \d+\): 1 found, mustBe 0/);
    expect(failed.audits?.find((a) => a.name === 'unique: order_id')).toMatchObject({ success: false, value: 1 });
    expect(await e.relations('shop_private')).toEqual([candidate]);
    expect(await e.viewSql('shop', 'orders_v1')).toContain(candidate);
    expect(await e.relations('shop')).toEqual(['orders_v1']);
    const still = await e.rows('select count(*) as n from shop.orders_v1');
    if (still) expect(still).toEqual([{ n: 3 }]);
    // Only the public view is protected: the model itself was rebuilt with the duplicate.
    const model = await e.rows('select count(*) as n from shop_cleaned.orders');
    if (model) expect(model).toEqual([{ n: 4 }]);

    // Good data again: a new candidate is published and the previous one dropped.
    updateProject(dir, { 'domains/shop/cleaned/orders.sql': ORDERS_DISTINCT });
    e.duplicatesInCandidate(false);
    expect((await e.build(dir)).run!.results.find((r) => r.id === CONTRACT_ID)?.status).toBe('success');
    const [next, ...rest] = await e.relations('shop_private');
    expect(rest).toEqual([]);
    expect(next).not.toBe(candidate);
    expect(await e.viewSql('shop', 'orders_v1')).toContain(next);
    expect(await e.relations('shop')).toEqual(['orders_v1']);
  });

  it('the published state is read by the next build: a breaking change without a new major is refused', async () => {
    const e = engine();
    const dir = writeProject(conformanceFiles(), {});
    expect((await e.build(dir)).run?.success).toBe(true);
    const view = await e.viewSql('shop', 'orders_v1');
    const state = await e.rows('select version from meshwork.published_contracts');
    if (state) expect(state).toEqual([{ version: '1.0.0' }]);

    // amount removed, as a minor version: refused against what the first build published.
    const withoutAmount = CONTRACT.replace(/ {6}- name: amount\n[\s\S]*$/, '').replace('version: 1.0.0', 'version: 1.1.0');
    updateProject(dir, { 'domains/shop/contracts/orders.odcs.yaml': withoutAmount });
    const refused = (await e.build(dir)).run!.results.find((r) => r.id === CONTRACT_ID)!;
    expect(refused.status).toBe('error');
    expect(refused.message).toContain('property-removed');
    expect(await e.viewSql('shop', 'orders_v1')).toBe(view);

    // As a new major version it is published beside _v1, which keeps serving.
    updateProject(dir, { 'domains/shop/contracts/orders.odcs.yaml': withoutAmount.replace('version: 1.1.0', 'version: 2.0.0') });
    const v2 = await e.build(dir);
    expect(v2.run!.results.find((r) => r.id === 'contract.shop.orders_v2')?.status).toBe('success');
    expect(await e.relations('shop')).toEqual(['orders_v1', 'orders_v2']);
    expect(await e.columns('shop', 'orders_v2')).toEqual(['order_id']);
    expect(await e.viewSql('shop', 'orders_v1')).toBe(view);
  });
});
