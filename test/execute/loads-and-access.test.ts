import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CompiledProject } from '../../src/compile/compiled-node.js';
import { hasErrors } from '../../src/diagnostics/diagnostic.js';
import { executePlan } from '../../src/execute/execute-plan.js';
import { build, compile } from '../../src/mesh.js';
import { planBuild } from '../../src/plan/build-plan.js';
import { CapableDuckDB, type CapableOptions } from '../support/capable-duckdb.js';
import { memoryDuckDB, writeProject } from '../support/temp-project.js';

let adapter: CapableDuckDB | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
});

const CONTRACT = [
  'apiVersion: v3.1.0',
  'kind: DataContract',
  'id: shop-channels',
  'name: channels',
  'version: 1.0.0',
  'status: active',
  'domain: shop',
  'dataProduct: channels',
  'description:',
  '  purpose: Sales channels for other domains.',
  'team:',
  '  name: team-shop',
  'slaProperties:',
  '  - property: latency',
  '    value: 1',
  '    unit: d',
  'schema:',
  '  - name: channels',
  '    physicalType: view',
  '    customProperties:',
  '      - property: model',
  '        value: cleaned.channel_rates',
  '    properties:',
  '      - name: code',
  '        description: The channel.',
  '        logicalType: string',
  '        required: true',
  '      - name: rate',
  '        description: Its commission.',
  '        logicalType: number',
  'roles:',
  '  - role: analysts',
  '    access: read',
  '',
].join('\n');

const PROJECT = {
  'mesh.yaml': 'name: shop\n',
  'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\nseeds:\n  channels:\n    column_types:\n      code: varchar\n      rate: double\n',
  // As an editor on Windows saves it: a BOM and CRLF; a duplicate row and an empty (null) label.
  'domains/shop/seeds/channels.csv': '\uFEFFcode,label,rate,launched_on\r\n01,web,0.1,2024-01-01\r\n01,web,0.1,2024-01-01\r\n02,,0.25,\r\n',
  'domains/shop/cleaned/channel_rates.sql': '/*\nmaterialized: table\n*/\nselect distinct code, rate from {{ref "channels"}}\n',
  'domains/shop/contracts/channels.odcs.yaml': CONTRACT,
};

async function capable(dir: string, options: CapableOptions): Promise<CapableDuckDB> {
  adapter = await CapableDuckDB.wrap(await memoryDuckDB(dir), options);
  return adapter;
}

describe('an engine that loads files, grants access and reports cost (DuckDB doing each for real)', () => {
  it('loads the seed from its file with the planned types; every call carries the run and node; costs add up per node and per run', async () => {
    const dir = writeProject(PROJECT, {});
    const db = await capable(dir, { capabilities: { loadsFiles: true }, cost: true });
    const result = await build({ projectDir: dir, adapter: db });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const run = result.run!;
    expect(run.success).toBe(true);

    // The seed went through load, not through its SQL.
    const load = db.calls.find((c) => c.method === 'load')!;
    expect(load.context).toEqual({ runId: result.openlineage!.runId, node: 'seed.shop.channels', domain: 'shop', stage: 'seeds' });
    expect(db.calls.filter((c) => c.method === 'execute').some((c) => c.statements!.some((s) => s.includes('"shop_seeds"."channels" AS')))).toBe(false);
    expect(await db.inner.query("select column_name as name, data_type as type from information_schema.columns where table_schema = 'shop_seeds' order by ordinal_position")).toEqual([
      { name: 'code', type: 'VARCHAR' },
      { name: 'label', type: 'VARCHAR' },
      { name: 'rate', type: 'DOUBLE' },
      { name: 'launched_on', type: 'DATE' },
    ]);
    expect(await db.inner.query('select code, label, rate from shop_seeds.channels order by code, label nulls last')).toEqual([
      { code: '01', label: 'web', rate: 0.1 },
      { code: '01', label: 'web', rate: 0.1 },
      { code: '02', label: null, rate: 0.25 },
    ]);
    expect(run.results.find((r) => r.id === 'seed.shop.channels')).toMatchObject({ status: 'success', rowsAffected: 3 });

    // Every call of a node names the build's run, the node, its domain and stage.
    for (const call of db.calls.filter((c) => c.method === 'execute' && c.context?.node)) {
      const step = run.results.find((r) => r.id === call.context!.node)!;
      expect(call.context).toEqual({ runId: result.openlineage!.runId, node: step.id, domain: 'shop', stage: step.id.startsWith('contract.') ? 'contracts' : 'cleaned' });
    }
    // The published state's setup belongs to the run, not to a node.
    const setup = db.calls.find((c) => c.method === 'execute' && c.statements!.some((sql) => sql.includes('CREATE TABLE IF NOT EXISTS "meshwork"')))!;
    expect(setup.context).toEqual({ runId: result.openlineage!.runId });
    // The contract's calls (candidate, publish) are summed into its cost, the nodes' into the run's.
    const built = run.results.filter((r) => r.kind !== 'test');
    for (const r of built) expect(r.cost?.slotMs, r.id).toBeGreaterThan(0);
    const sum = built.reduce((total, r) => total + r.cost!.slotMs!, 0);
    expect(run.cost!.slotMs).toBeCloseTo(sum, 6);
    const contractCalls = db.calls.filter((c) => c.context?.node === 'contract.shop.channels_v1');
    expect(contractCalls.map((c) => c.method)).toEqual(['execute', 'execute']);

    const written = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')) as { cost: Record<string, unknown>; results: { unique_id: string; cost?: { slot_ms: number } }[] };
    expect(written.cost).toEqual({ bytes_processed: null, bytes_billed: null, slot_ms: run.cost!.slotMs, cache_hit: null });
    expect(written.results.find((r) => r.unique_id === 'seed.shop.channels')!.cost!.slot_ms).toBe(run.results.find((r) => r.id === 'seed.shop.channels')!.cost!.slotMs);
  });

  it('authorizes the published view on the private schema; a role the target does not map is a warning at its line', async () => {
    const dir = writeProject(PROJECT, {});
    const db = await capable(dir, { capabilities: { schemaAccess: true } });
    const result = await build({ projectDir: dir, adapter: db });
    expect(result.run!.success).toBe(true);
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.file, d.line])).toEqual([['MESH208', 'warning', 'domains/shop/contracts/channels.odcs.yaml', 32]]);
    expect(await db.access()).toEqual({ authorized: [{ view_schema: 'shop', view_name: 'channels_v1', reads: 'shop_private' }], grants: [] });
    // In order: the view is published before it is authorized.
    const order = db.calls.filter((c) => c.context?.node === 'contract.shop.channels_v1' || c.method === 'authorizeView').map((c) => c.method);
    expect(order).toEqual(['execute', 'execute', 'authorizeView']);
  });

  it('grants read on the public schema to the principals the target maps the contract roles to', async () => {
    const dir = writeProject(PROJECT, {});
    const db = await capable(dir, { capabilities: { schemaAccess: true } });
    const { compiled, engine } = compiled_(dir);
    const withRoles: CompiledProject = {
      ...compiled,
      target: { ...compiled.target, bigquery: { projects: {}, method: 'adc', jobRetries: 3, priority: 'interactive', labels: {}, roles: { analysts: ['group:analysts@example.com', 'user:ada@example.com'] } } },
    };
    const plan = planBuild(withRoles, [...compiled.nodes.keys()], new Map(), engine, { fullRefresh: false, capabilities: db.capabilities, asOf: '2024-01-02T00:00:00Z' });
    const run = await executePlan(plan, db, { threads: 2, failFast: false, target: 'dev', fileOf: (id) => compiled.nodes.get(id)!.file });
    expect(run.success).toBe(true);
    expect((await db.access()).grants).toEqual([
      { schema_name: 'shop', principal: 'group:analysts@example.com' },
      { schema_name: 'shop', principal: 'user:ada@example.com' },
    ]);
  });

  for (const refused of ['authorizeView', 'grantRead'] as const) {
    it(`an engine refusing ${refused} fails the contract node, saying the view is published and what to do`, async () => {
      const dir = writeProject(PROJECT, {});
      const db = await capable(dir, { capabilities: { schemaAccess: true }, refuse: refused });
      const { compiled, engine } = compiled_(dir);
      const withRoles: CompiledProject = { ...compiled, target: { ...compiled.target, bigquery: { projects: {}, method: 'adc', jobRetries: 3, priority: 'interactive', labels: {}, roles: { analysts: ['group:analysts@example.com'] } } } };
      const plan = planBuild(withRoles, [...compiled.nodes.keys()], new Map(), engine, { fullRefresh: false, capabilities: db.capabilities, asOf: '2024-01-02T00:00:00Z' });
      const run = await executePlan(plan, db, { threads: 2, failFast: false, target: 'dev', fileOf: (id) => compiled.nodes.get(id)!.file });
      const contract = run.results.find((r) => r.id === 'contract.shop.channels_v1')!;
      expect(contract.status).toBe('error');
      expect(contract.file).toBe('domains/shop/contracts/channels.odcs.yaml');
      expect(contract.message).toContain(refused === 'authorizeView' ? 'shop.channels_v1 is published but not authorized on shop_private' : 'shop.channels_v1 is published and authorized, but read on shop could not be granted to group:analysts@example.com');
      expect(contract.message).toContain('Access Denied');
      expect(contract.message).toMatch(/then build it again/);
      // Published all the same: the view serves the audited data.
      expect(await db.inner.query('select code from shop.channels_v1 order by code')).toEqual([{ code: '01' }, { code: '02' }]);
      expect(run.success).toBe(false);
    });
  }

  it('an engine without the capabilities builds as before: SQL seeds, no access calls, no cost', async () => {
    const dir = writeProject(PROJECT, {});
    const db = await capable(dir, { capabilities: {} });
    const result = await build({ projectDir: dir, adapter: db });
    expect(result.run!.success).toBe(true);
    expect(result.diagnostics).toEqual([]);
    expect(db.calls.map((c) => c.method).filter((m) => m !== 'execute' && m !== 'ensureSchemas')).toEqual([]);
    expect(result.run!.cost).toBeUndefined();
    expect(result.run!.results.every((r) => r.cost === undefined)).toBe(true);
    const written = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')) as Record<string, unknown>;
    expect('cost' in written).toBe(false);
    expect(existsSync(join(dir, 'target/dry_run_results.json'))).toBe(false);
  });
});

function compiled_(dir: string) {
  const result = compile({ projectDir: dir });
  if (!result.compiled || !result.engine || hasErrors(result.diagnostics)) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return { compiled: result.compiled, engine: result.engine };
}
