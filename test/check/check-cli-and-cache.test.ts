import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { build, check } from '../../src/mesh.js';
import { mesh } from '../support/run-cli.js';
import { updateProject, writeProject } from '../support/temp-project.js';

const SHOP: Record<string, string> = {
  'mesh.yaml': 'name: shop\n',
  'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\ndescription: the shop\nsources:\n  orders:\n    duckdb: data/orders.csv\n',
  'domains/shop/data/orders.csv': 'order_id,customer_id,amount\n1,c1,10.5\n1,c1,10.5\n2,,\n',
  'domains/shop/raw/orders.sql': 'select order_id, customer_id, amount from {{source "orders"}}\n',
  'domains/shop/cleaned/customers.sql': '/*\ncolumns:\n  customer_id:\n    tests: [not_null]\n*/\nselect customer_id, sum(amount) as spent\nfrom {{ref "orders"}}\ngroup by customer_id\n',
};

const EXAMPLE = fileURLToPath(new URL('../../example-project/', import.meta.url));
const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

describe('mesh check: remembered in target/.cache, checked again after an edit', () => {
  it('a second check with nothing changed is answered from the cache; an edit is bound again', async () => {
    const dir = writeProject({}, SHOP);
    expect((await check({ projectDir: dir })).binding).toEqual({ nodes: 2, bound: 2, notBound: 0, cached: false });
    expect((await check({ projectDir: dir })).binding).toEqual({ nodes: 2, bound: 2, notBound: 0, cached: true });

    updateProject(dir, { 'domains/shop/cleaned/customers.sql': readFileSync(join(dir, 'domains/shop/cleaned/customers.sql'), 'utf8').replace('sum(amount)', 'sum(amont)') });
    const edited = await check({ projectDir: dir });
    expect(edited.binding?.cached).toBe(false);
    expect(edited.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}:${d.column}`)).toEqual(['MESH124 domains/shop/cleaned/customers.sql:6:25']);
    // The failure is remembered as a failure.
    const again = await check({ projectDir: dir });
    expect(again.binding?.cached).toBe(true);
    expect(again.diagnostics).toEqual(edited.diagnostics);
  });

  it('lines moved by a header edit (same SQL) are not answered from the cache with the old line', async () => {
    const dir = writeProject({ 'domains/shop/cleaned/customers.sql': 'select customer_id, nope\nfrom {{ref "orders"}}\n' }, SHOP);
    expect((await check({ projectDir: dir })).diagnostics.map((d) => d.line)).toEqual([1]);
    updateProject(dir, { 'domains/shop/cleaned/customers.sql': '/*\ndescription: customers\n*/\nselect customer_id, nope\nfrom {{ref "orders"}}\n' });
    expect((await check({ projectDir: dir })).diagnostics.map((d) => d.line)).toEqual([4]);
  });

  it('a data change in a source file is bound again (its columns come from the file)', async () => {
    const dir = writeProject({}, SHOP);
    expect((await check({ projectDir: dir })).diagnostics).toEqual([]);
    writeFileSync(join(dir, 'domains/shop/data/orders.csv'), 'order_id,customer,amount\n1,c1,10.5\n');
    const diagnostics = (await check({ projectDir: dir })).diagnostics;
    expect(diagnostics.map((d) => `${d.code} ${d.file}:${d.line}`)).toEqual(['MESH124 domains/shop/raw/orders.sql:1']);
  });
});

describe('mesh check on the CLI', () => {
  it('exits 1 and prints each failing model as file:line:col: error CODE, with the line under it', async () => {
    const dir = writeProject({ 'domains/shop/cleaned/customers.sql': 'select customer_id,\n  sum(amont) as spent\nfrom {{ref "orders"}}\ngroup by customer_id\n' }, SHOP);
    const { code, out, err } = await mesh(['check', '--project', dir]);
    expect(code).toBe(1);
    expect(out).toEqual([]);
    const text = err.join('\n');
    expect(text).toMatch(/^domains\/shop\/cleaned\/customers\.sql:2:7: error MESH124: model 'shop\.customers' does not bind: Binder Error: Referenced column "amont" not found in FROM clause!/);
    expect(text).toContain('  2 |   sum(amont) as spent\n    |       ^');
    expect(text).toContain('  hint: a column that does not exist where it is read');
    expect(text).toMatch(/1 error: nothing was run\.$/);
  });

  it('a clean check says how many it bound, and --log-format json carries the counts', async () => {
    const dir = writeProject({}, SHOP);
    const human = await mesh(['check', '--project', dir]);
    expect(human.code).toBe(0);
    expect(human.out).toEqual([expect.stringMatching(/^Checked 3 nodes in \d+\.\d\ds: no errors\.$/), 'Bound 2 of 2 models, seeds, contract views and singular tests in an empty DuckDB.']);
    const json = await mesh(['check', '--project', dir, '--log-format', 'json']);
    expect(JSON.parse(json.out.at(-1)!)).toMatchObject({ type: 'checked', binding: { nodes: 2, bound: 2, notBound: 0, cached: true } });
  });
});

describe('mesh check on the example project (copied to a temp folder)', () => {
  it('binds every model clean on dev and on the BigQuery target: no false positives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mesh-check-example-'));
    copies.push(dir);
    cpSync(EXAMPLE, dir, { recursive: true, filter: (src) => !/[/\\](\.mesh|target)([/\\]|$)/.test(src.slice(EXAMPLE.length - 1)) });
    const dev = await check({ projectDir: dir, cache: false });
    expect(dev.diagnostics).toEqual([]);
    expect(dev.binding?.notBound).toBe(0);
    expect(dev.binding?.bound).toBe(dev.binding?.nodes);
    expect(dev.binding!.nodes).toBeGreaterThan(30);
    const prod = await check({ projectDir: dir, target: 'prod', cache: false });
    expect(prod.diagnostics).toEqual([]);
    expect(prod.binding).toEqual({ ...dev.binding, cached: false });
  });
});

describe('mesh build does not bind every model first', () => {
  it('a model with an unknown column fails as a node of the build, at the same line, with no MESH124 before it runs', async () => {
    const dir = writeProject({ 'domains/shop/cleaned/customers.sql': 'select customer_id,\n  sum(amont) as spent\nfrom {{ref "orders"}}\ngroup by customer_id\n' }, SHOP);
    const result = await build({ projectDir: dir });
    expect(result.diagnostics.filter((d) => d.code === 'MESH124')).toEqual([]);
    // The raw model before it was built: the build ran, and found the same mistake itself.
    const byId = new Map(result.run!.results.map((r) => [r.id, r]));
    expect(byId.get('model.shop.orders')?.status).toBe('success');
    expect(byId.get('model.shop.customers')).toMatchObject({ status: 'error', file: 'domains/shop/cleaned/customers.sql', line: 2, column: 7 });
    // No binding cache: only what the build's own contract check needs (nothing here) was bound.
    expect(existsSync(join(dir, 'target', '.cache', 'binding-dev.bin'))).toBe(false);
  });
});
