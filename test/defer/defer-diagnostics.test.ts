/**
 * Every problem --defer reports (MESH250–253), with its code, file and line, before anything runs;
 * and the other database refused (MESH181).
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { build } from '../../src/mesh.js';
import { memoryDuckDB, writeProject } from '../support/temp-project.js';

const MESH_YAML = [
  'name: defer_lab',
  'targets:',
  '  dev:',
  '    engine: duckdb',
  '    path: .mesh/dev.duckdb',
  '  prod:',
  '    engine: duckdb',
  '    path: .mesh/prod.duckdb',
  '  warehouse:',
  '    engine: bigquery',
  '    project: lab-prod',
  '    location: EU',
  'default_target: dev',
  '',
].join('\n');

const FILES = {
  'mesh.yaml': MESH_YAML,
  'domains/shop/domain.yaml': '\uFEFFname: shop\r\nowner: team-shop\r\ndescription: orders\r\n',
  'domains/shop/cleaned/orders.sql': 'select 1 as id\n',
  'domains/shop/aggregate/summary.sql': 'select count(*) as n from {{ref "orders"}}\n',
};

let adapter: DuckDBAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
});

/** Builds the leaf on an in-memory dev with these options; returns the diagnostics as `severity code file:line`. */
async function problems(options: Record<string, unknown>, files: Record<string, string> = {}): Promise<{ where: string[]; messages: string[]; hints: string[]; ran: boolean }> {
  const dir = writeProject({ ...FILES, ...files }, {});
  adapter = await memoryDuckDB(dir);
  const resolved = typeof options.state === 'string' ? { ...options, state: join(dir, options.state) } : options;
  const result = await build({ projectDir: dir, adapter, select: ['summary'], ...resolved });
  const found = result.diagnostics.filter((d) => d.code.startsWith('MESH25') || d.code === 'MESH181');
  return {
    where: found.map((d) => `${d.severity} ${d.code} ${d.file}:${d.line ?? ''}`),
    messages: found.map((d) => d.message),
    hints: found.map((d) => d.hint ?? ''),
    ran: result.run !== undefined,
  };
}

describe('--defer diagnostics', () => {
  it('MESH250: --defer with neither --state nor --defer-to', async () => {
    const found = await problems({ defer: true });
    expect(found.where).toEqual(['error MESH250 undefined:']);
    expect(found.hints[0]).toContain('--defer-to prod');
    expect(found.ran).toBe(false);
  });

  it('MESH250: --favor-state without --defer', async () => {
    const found = await problems({ favorState: true });
    expect(found.where).toEqual(['error MESH250 undefined:']);
    expect(found.ran).toBe(false);
  });

  it('MESH250: a state folder with no manifest, or one that is not meshwork\'s', async () => {
    expect((await problems({ defer: true, state: 'prod-run' })).where).toEqual(['error MESH250 prod-run/manifest.json:']);
    const other = await problems({ defer: true, state: 'prod-run' }, { 'prod-run/manifest.json': '{"metadata": {"dbt_schema_version": "v12"}, "nodes": {}}\n' });
    expect(other.where).toEqual(['error MESH250 prod-run/manifest.json:']);
    expect(other.messages[0]).toContain('is not a meshwork manifest');
    expect((await problems({ defer: true, state: 'prod-run' }, { 'prod-run/manifest.json': '{ nope\n' })).messages[0]).toContain('is not JSON');
  });

  it('MESH252: --defer-to a target mesh.yaml does not have, with did-you-mean', async () => {
    const found = await problems({ deferTo: 'prd' });
    expect(found.where).toEqual(['error MESH252 mesh.yaml:']);
    expect(found.hints[0]).toMatch(/^did you mean prod\?/);
    expect(found.ran).toBe(false);
  });

  it('MESH252: a DuckDB state manifest of a target mesh.yaml does not define', async () => {
    const manifest = JSON.stringify({ metadata: { schema_version: 'meshwork/manifest/v1', target: 'prod_old', engine: 'duckdb' }, nodes: { 'model.shop.orders': { relation: '"shop_cleaned"."orders"' } } });
    const found = await problems({ defer: true, state: 'prod-run' }, { 'prod-run/manifest.json': `${manifest}\n` });
    expect(found.where).toEqual(['error MESH252 prod-run/manifest.json:']);
    expect(found.hints[0]).toMatch(/^did you mean prod\?/);
  });

  it('MESH253: --defer-to a target on another engine, at its line in mesh.yaml', async () => {
    const found = await problems({ deferTo: 'warehouse' });
    expect(found.where).toEqual(['error MESH253 mesh.yaml:9']);
    expect(found.messages[0]).toContain('bigquery');
    expect(found.hints[0]).toContain('targets: prod');
    expect(found.ran).toBe(false);
  });

  it('MESH253: a state manifest from another engine', async () => {
    const manifest = JSON.stringify({ metadata: { schema_version: 'meshwork/manifest/v1', target: 'warehouse', engine: 'bigquery' }, nodes: {} });
    const found = await problems({ defer: true, state: 'prod-run/manifest.json' }, { 'prod-run/manifest.json': manifest });
    expect(found.where).toEqual(['error MESH253 prod-run/manifest.json:']);
  });

  it("MESH181: the other target's database file cannot be opened, at its line in mesh.yaml", async () => {
    const found = await problems({ deferTo: 'prod' });
    expect(found.where).toEqual(['error MESH181 mesh.yaml:8']);
    expect(found.messages[0]).toMatch(/^target 'prod': cannot open its database/);
    expect(found.ran).toBe(false);
  });

  it('nothing to defer (the parents are selected): no attach, no problem', async () => {
    const dir = writeProject(FILES, {});
    adapter = await memoryDuckDB(dir);
    const result = await build({ projectDir: dir, adapter, select: ['+summary'], deferTo: 'prod' });
    expect(result.diagnostics).toEqual([]);
    expect(result.run?.success).toBe(true);
  });
});
