import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { main } from '../../src/cli/main.js';
import { readContract } from '../../src/contracts/read-contract.js';
import { duration } from '../../src/contracts/contract-audits.js';
import { freshnessSlas } from '../../src/contracts/freshness.js';
import { build, compile } from '../../src/mesh.js';
import { memoryDuckDB, updateProject, writeProject } from '../support/temp-project.js';

const ORDERS = readFileSync(new URL('./fixtures/orders.odcs.yaml', import.meta.url), 'utf8');
/** The fixture promises `latency: 1 d` on orders.ordered_at. */
const project = (orderedAt: string, meshYaml = 'name: shop\n') =>
  writeProject({
    'mesh.yaml': meshYaml,
    'domains/checkout/domain.yaml': 'name: checkout\nowner: team-checkout\n',
    'domains/checkout/contracts/orders.odcs.yaml': ORDERS,
    'domains/checkout/cleaned/orders.sql': `select 'o1' as order_id, 'c1' as customer_id, 10.0 as order_total, timestamp '${orderedAt}' as ordered_at, 'paid' as status`,
  });

function slasOf(sla: string) {
  const text = ORDERS.replace(/slaProperties:[\s\S]*$/, `slaProperties:\n${sla}`);
  const { contract } = readContract({ path: 'domains/checkout/contracts/orders.odcs.yaml', text }, { domain: 'checkout' });
  return freshnessSlas(contract!);
}

let adapter: DuckDBAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
});

describe('freshness SLAs', () => {
  it('reports ages as durations', () => {
    expect([duration(0), duration(12), duration(2_700), duration(86_400), duration(97_200), duration(90_061)]).toEqual(['0 s', '12 s', '45 min', '1 d', '1 d 3 h', '1 d 1 h']);
  });

  it('a latency on <table>.<column> or a bare column, in any ODCS unit, is audited in seconds', () => {
    expect(slasOf('  - property: latency\n    value: 1\n    unit: d\n    element: orders.ordered_at\n').slas).toMatchObject([{ object: 'orders', column: 'ordered_at', seconds: 86_400, text: '1 d' }]);
    expect(slasOf('  - property: freshness\n    value: 36\n    unit: hours\n    element: ordered_at\n').slas).toMatchObject([{ object: 'orders', column: 'ordered_at', seconds: 129_600 }]);
    // Other SLA properties, and a latency with no element, are prose: nothing to measure, nothing to say.
    expect(slasOf('  - property: retention\n    value: 3\n    unit: y\n  - property: latency\n    value: 1\n    unit: d\n')).toEqual({ slas: [], problems: [] });
  });

  it('an element or unit meshwork cannot use is a MESH208 warning at the SLA', () => {
    const dir = writeProject({
      'mesh.yaml': 'name: shop\n',
      'domains/checkout/domain.yaml': 'name: checkout\nowner: team-checkout\n',
      'domains/checkout/contracts/orders.odcs.yaml': ORDERS.replace('element: orders.ordered_at', 'element: orders.shipped_at').replace('unit: d', 'unit: fortnight'),
      'domains/checkout/cleaned/orders.sql': "select 'o1' as order_id",
    });
    const warnings = compile({ projectDir: dir, cache: false }).diagnostics.filter((d) => d.code === 'MESH208');
    expect(warnings.map((d) => [d.severity, d.line, d.message])).toEqual([
      ['warning', ORDERS.split('\n').findIndex((l) => l.includes('- property: latency')) + 1, "the latency SLA is not audited: its unit 'fortnight' is not one of s, m, h, d, w, y"],
    ]);
    const element = slasOf('  - property: latency\n    value: 1\n    unit: d\n    element: orders.shipped_at\n');
    expect(element.problems.map((p) => p.why)).toEqual(["its element 'orders.shipped_at' names no column of schema object 'orders'"]);
  });

  it('stale data is not published: the view keeps serving the last fresh data, measured at --as-of or the target\'s as_of', async () => {
    const dir = project('2024-01-02 00:00:00');
    adapter = await memoryDuckDB(dir);
    const fresh = await build({ projectDir: dir, adapter, asOf: '2024-01-02T23:00:00Z' });
    expect(fresh.run!.results.find((r) => r.id === 'contract.checkout.orders_v1')).toMatchObject({ status: 'success' });

    updateProject(dir, { 'domains/checkout/cleaned/orders.sql': "select 'o2' as order_id, 'c2' as customer_id, 20.0 as order_total, timestamp '2024-01-03 00:00:00' as ordered_at, 'paid' as status" });
    const stale = await build({ projectDir: dir, adapter, asOf: '2024-01-05T00:00:00Z' });
    const result = stale.run!.results.find((r) => r.id === 'contract.checkout.orders_v1')!;
    expect(result.status).toBe('error');
    expect(result.message).toContain('  - freshness: newest ordered_at at most 1 d old at 2024-01-05T00:00:00Z (line 72): newest is 2 d old, allowed at most 1 d');
    expect(await adapter.query('select order_id from checkout.orders_v1')).toEqual([{ order_id: 'o1' }]);

    // The target's clock, when the build is given none.
    updateProject(dir, { 'mesh.yaml': 'name: shop\ntargets:\n  dev:\n    engine: duckdb\n    as_of: 2024-01-03T12:00:00Z\n' });
    const pinned = await build({ projectDir: dir, adapter });
    expect(pinned.run!.results.find((r) => r.id === 'contract.checkout.orders_v1')).toMatchObject({ status: 'success' });
    expect(await adapter.query('select order_id from checkout.orders_v1')).toEqual([{ order_id: 'o2' }]);
  });

  it('an empty candidate has no newest row, and fails its freshness SLA', async () => {
    const dir = project('2024-01-02 00:00:00');
    updateProject(dir, { 'domains/checkout/cleaned/orders.sql': "select 'o1' as order_id, 'c1' as customer_id, 10.0 as order_total, timestamp '2024-01-02' as ordered_at, 'paid' as status where false" });
    adapter = await memoryDuckDB(dir);
    const result = (await build({ projectDir: dir, adapter, asOf: '2024-01-02T12:00:00Z' })).run!.results.find((r) => r.id === 'contract.checkout.orders_v1')!;
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/freshness: newest ordered_at .*: newest is 19724 d 12 h old, allowed at most 1 d$/);
  });

  it('as_of and --as-of must be instants', async () => {
    const dir = project('2024-01-02 00:00:00', 'name: shop\ntargets:\n  dev:\n    engine: duckdb\n    as_of: yesterday\n');
    expect(compile({ projectDir: dir, cache: false }).diagnostics.map((d) => `${d.code} ${d.file}:${d.line} ${d.message}`)).toEqual(["MESH103 mesh.yaml:5 as_of 'yesterday' is not a date or timestamp"]);
    const err: string[] = [];
    const code = await main(['build', '--project', dir, '--as-of', 'soon'], { out: () => {}, err: (l) => err.push(l) });
    expect([code, err]).toEqual([2, ["--as-of takes an ISO 8601 date or timestamp (e.g. 2024-07-01T12:00:00Z), not 'soon'"]]);
  });
});
