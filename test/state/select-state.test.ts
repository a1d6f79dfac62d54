import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileAndWrite, list } from '../../src/mesh.js';
import { mesh } from '../support/run-cli.js';
import { updateProject, writeProject } from '../support/temp-project.js';

const TOTALS =
  "/*\ncolumns:\n  status:\n    tests: [not_null]\n*/\nselect o.status, s.label, sum(o.amount) as total -- per status\nfrom {{ref \"orders_clean\"}} as o\njoin {{ref \"statuses\"}} as s on s.status = o.status\ngroup by 1, 2\n";

const PROJECT = {
  'mesh.yaml': 'name: state_mesh\n',
  'domains/shop/domain.yaml': 'name: shop\r\nowner: team-shop\r\nsources:\r\n  feed:\r\n    duckdb: data/feed.csv\r\n',
  'domains/shop/data/feed.csv': 'id,amount,status\n1,2.5,paid\n1,2.5,paid\n2,,open\n',
  'domains/shop/seeds/statuses.csv': 'status,label\npaid,Paid\nopen,Open\n',
  'domains/shop/raw/orders.sql': '\uFEFF/*\ndescription: Orders as exported.\n*/\nselect * from {{source "feed"}}\n',
  'domains/shop/cleaned/orders_clean.sql': 'select distinct id, amount, status from {{ref "orders"}}\n',
  'domains/shop/aggregate/totals.sql': TOTALS,
  'domains/shop/aggregate/other.sql': 'select 1 as one\n',
};

const TOTALS_AND_TEST = ['model.shop.totals', 'test.shop.not_null_totals_status'];

/** A project compiled once as mesh build compiles it (fingerprints in target/manifest.json), that manifest copied aside as the previous state. */
async function withPreviousState(): Promise<{ dir: string; state: string }> {
  const dir = writeProject(PROJECT, {});
  const written = await compileAndWrite({ projectDir: dir, fingerprints: true });
  expect(written.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const state = join(dir, 'prod-state');
  mkdirSync(state);
  cpSync(join(dir, 'target', 'manifest.json'), join(state, 'manifest.json'));
  return { dir, state };
}

function selected(dir: string, state: string, ...select: string[]): { ids: readonly string[]; warnings: string[] } {
  const result = list({ projectDir: dir, select, state });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { ids: result.ids, warnings: result.diagnostics.filter((d) => d.severity === 'warning').map((d) => `${d.code} ${d.message}`) };
}

describe('state: selectors against --state <dir>', () => {
  it('an unchanged project has nothing modified or new, and says against what', async () => {
    const { dir, state } = await withPreviousState();
    expect(selected(dir, state, 'state:modified')).toEqual({
      ids: [],
      warnings: ["MESH170 --select: selector 'state:modified' matches no node: nothing differs from prod-state/manifest.json"],
    });
    expect(selected(dir, state, 'state:new').ids).toEqual([]);
  });

  it("editing a model's SQL modifies that model only; state:modified+ adds what reads it", async () => {
    const { dir, state } = await withPreviousState();
    updateProject(dir, { 'domains/shop/raw/orders.sql': PROJECT['domains/shop/raw/orders.sql'].replace('select *', 'select id, amount, status') });
    // The descendants' data fingerprints changed too (they hash their parents'), yet they did not change themselves.
    expect(selected(dir, state, 'state:modified').ids).toEqual(['model.shop.orders']);
    expect(selected(dir, state, 'state:modified.data').ids).toEqual(['model.shop.orders']);
    expect(selected(dir, state, 'state:modified+').ids).toEqual(['model.shop.orders', 'model.shop.orders_clean', ...TOTALS_AND_TEST]);
    expect(selected(dir, state, 'state:modified+1').ids).toEqual(['model.shop.orders', 'model.shop.orders_clean']);
  });

  it("a parent's change: the child is selected by state:modified+ and +state:modified reaches its own parents", async () => {
    const { dir, state } = await withPreviousState();
    updateProject(dir, { 'domains/shop/cleaned/orders_clean.sql': 'select id, amount, status from {{ref "orders"}}\n' });
    expect(selected(dir, state, 'state:modified').ids).toEqual(['model.shop.orders_clean']);
    expect(selected(dir, state, 'state:modified+').ids).toEqual(['model.shop.orders_clean', ...TOTALS_AND_TEST]);
    expect(selected(dir, state, '+state:modified').ids).toEqual(['model.shop.orders', 'model.shop.orders_clean']);
    expect(list({ projectDir: dir, select: ['state:modified+'], exclude: ['totals+'], state }).ids).toEqual(['model.shop.orders_clean']);
  });

  it('a description-only change is a metadata modification, not a data one', async () => {
    const { dir, state } = await withPreviousState();
    updateProject(dir, { 'domains/shop/raw/orders.sql': PROJECT['domains/shop/raw/orders.sql'].replace('Orders as exported.', 'Orders, one row per export line.') });
    expect(selected(dir, state, 'state:modified').ids).toEqual(['model.shop.orders']);
    expect(selected(dir, state, 'state:modified.metadata').ids).toEqual(['model.shop.orders']);
    const data = selected(dir, state, 'state:modified.data');
    expect(data.ids).toEqual([]);
    expect(data.warnings).toHaveLength(1);
  });

  it('state:new selects an added model; state:modified holds it too (as in dbt)', async () => {
    const { dir, state } = await withPreviousState();
    updateProject(dir, { 'domains/shop/aggregate/by_id.sql': 'select id, count(*) as n\nfrom {{ref "orders"}}\ngroup by id\n' });
    expect(selected(dir, state, 'state:new').ids).toEqual(['model.shop.by_id']);
    expect(selected(dir, state, 'state:modified').ids).toEqual(['model.shop.by_id']);
    expect(selected(dir, state, 'state:new,domain:shop').ids).toEqual(['model.shop.by_id']);
  });

  it('a file saved again with CRLF line ends, a BOM and re-indented SQL is not modified', async () => {
    const { dir, state } = await withPreviousState();
    updateProject(dir, {
      'domains/shop/aggregate/totals.sql': `\uFEFF${TOTALS.replace('-- per status', '/* per status */').replace('group by 1, 2', '  group by\n    1, 2').replace(/\n/g, '\r\n')}`,
      'domains/shop/raw/orders.sql': PROJECT['domains/shop/raw/orders.sql'].replace('\uFEFF', '').replace(/\n/g, '\r\n'),
    });
    expect(selected(dir, state, 'state:modified')).toEqual({
      ids: [],
      warnings: ["MESH170 --select: selector 'state:modified' matches no node: nothing differs from prod-state/manifest.json"],
    });
  });

  it("a column test added in a model's header: the model's metadata and the new test", async () => {
    const { dir, state } = await withPreviousState();
    updateProject(dir, { 'domains/shop/aggregate/totals.sql': TOTALS.replace('tests: [not_null]', 'tests: [not_null, unique]') });
    expect(selected(dir, state, 'state:new').ids).toEqual(['test.shop.unique_totals_status']);
    // The new test comes with its model, as every test of a selected model does.
    expect(selected(dir, state, 'state:modified.metadata').ids).toEqual([...TOTALS_AND_TEST, 'test.shop.unique_totals_status']);
    expect(selected(dir, state, 'state:modified.data').ids).toEqual([]);
  });

  it("a source file's new content modifies the models reading the source", async () => {
    const { dir, state } = await withPreviousState();
    updateProject(dir, { 'domains/shop/data/feed.csv': `${PROJECT['domains/shop/data/feed.csv']}3,7.25,paid\n` });
    expect(selected(dir, state, 'state:modified').ids).toEqual(['model.shop.orders']);
  });
});

describe('state: problems', () => {
  it('a state: selector with nothing to compare with is MESH246 with a hint naming --state', () => {
    const dir = writeProject(PROJECT, {});
    const result = list({ projectDir: dir, select: ['tag:x', 'state:modified+'] });
    expect(result.ids).toEqual([]);
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.message, d.hint])).toEqual([
      [
        'MESH246',
        'error',
        "--select: 'state:modified+' compares with a previous state, and this command has none to compare with",
        "give --state <dir>, the target folder of a previous run holding its manifest.json (mesh build without --state compares with the target's recorded node state)",
      ],
    ]);
  });

  it('a misspelt state value is MESH170 with the values it takes', () => {
    const dir = writeProject(PROJECT, {});
    const result = list({ projectDir: dir, select: ['state:modifed'], state: dir });
    expect(result.diagnostics.map((d) => [d.code, d.message, d.hint])).toEqual([
      ['MESH247', `--state ${dir}: there is no manifest.json to compare with`, expect.stringContaining('target/ folder')],
    ]);
    const written = list({ projectDir: dir, select: ['state:modifed'] });
    expect(written.diagnostics.map((d) => [d.code, d.hint])).toEqual([['MESH170', 'state is one of modified, new, modified.data, modified.metadata']]);
  });

  it('a missing, unreadable, foreign or fingerprint-less manifest is MESH247 with its file', async () => {
    const dir = writeProject(PROJECT, {});
    const problem = (state: string) => {
      const result = list({ projectDir: dir, select: ['state:modified'], state });
      expect(result.ids).toEqual([]);
      return result.diagnostics.map((d) => [d.code, d.file, d.message]);
    };
    expect(problem(join(dir, 'nowhere'))).toEqual([['MESH247', 'nowhere/manifest.json', `--state ${join(dir, 'nowhere')}: there is no nowhere/manifest.json to compare with`]]);

    mkdirSync(join(dir, 'broken'));
    writeFileSync(join(dir, 'broken', 'manifest.json'), '{"metadata": ');
    expect(problem(join(dir, 'broken'))).toEqual([['MESH247', 'broken/manifest.json', `--state ${join(dir, 'broken')}: broken/manifest.json is not JSON`]]);

    writeFileSync(join(dir, 'broken', 'manifest.json'), '{"metadata": {"dbt_schema_version": "v12"}, "nodes": {}}');
    expect(problem(join(dir, 'broken'))[0]![2]).toBe(`--state ${join(dir, 'broken')}: broken/manifest.json has schema_version null, and this meshwork reads meshwork/manifest/v1`);

    // mesh compile without --state writes no fingerprints: the manifest of an older meshwork looks the same.
    expect((await mesh(['compile', '--project', dir])).code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8')) as { nodes: Record<string, { fingerprint?: unknown }> };
    expect(Object.values(manifest.nodes).some((n) => n.fingerprint !== undefined)).toBe(false);
    expect(problem(join(dir, 'target'))).toEqual([
      ['MESH247', 'target/manifest.json', `--state ${join(dir, 'target')}: target/manifest.json records no fingerprints (node seed.shop.statuses): it was written by an older meshwork`],
    ]);
  });
});

describe('--state on the command line', () => {
  it('mesh ls and mesh compile select by state, with --state relative to the working directory', async () => {
    const { dir } = await withPreviousState();
    updateProject(dir, { 'domains/shop/aggregate/other.sql': 'select 2 as one\n' });
    const ls = await mesh(['ls', '--project', dir, '--select', 'state:modified', '--state', join(dir, 'prod-state')]);
    expect(ls).toEqual({ code: 0, out: ['model.shop.other'], err: [] });
    const compiled = await mesh(['compile', '--project', dir, '--select', 'state:modified', '--state', join(dir, 'prod-state')]);
    expect(compiled.code).toBe(0);
    expect(compiled.out.slice(1)).toEqual(['-- model.shop.other (domains/shop/aggregate/other.sql)', 'select 2 as one']);
    // --state target: read before this run wrote target/ again, which now records the edit.
    const again = await mesh(['ls', '--project', dir, '--select', 'state:modified', '--state', join(dir, 'target')]);
    expect(again.out).toEqual([]);
  });
});
