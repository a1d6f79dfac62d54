import { cpSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileAndWrite } from '../../src/mesh.js';
import { Memo } from '../../src/cache/memo.js';
import { updateProject, writeProject } from '../support/temp-project.js';

const compiledFile = (dir: string, path: string) => join(dir, 'target', 'compiled', path);

describe('parse cache', () => {
  it('reuses an entry without parsing again, and drops entries not asked for', async () => {
    const first = new Memo<{ definition: undefined; diagnostics: [] }>();
    first.get('a', () => ({ definition: undefined, diagnostics: [] }));
    first.get('b', () => ({ definition: undefined, diagnostics: [] }));
    const second = new Memo(first.entries());
    let parsed = 0;
    second.get('a', () => (parsed++, { definition: undefined, diagnostics: [] }));
    expect(parsed).toBe(0);
    expect([...second.entries().keys()]).toEqual(['a']);
    expect(second.changed).toBe(true);
  });

  it('a changed file is parsed again; problems of unchanged files are still reported', async () => {
    const dir = writeProject({
      'domains/shop/raw/a.sql': '/* materialized: table */\nselect 1 as x',
      'domains/shop/stray/b.sql': 'select 2',
    });
    const first = await compileAndWrite({ projectDir: dir });
    expect(first.compiled?.nodes.get('model.shop.a')?.materialized).toBe('table');
    expect(first.diagnostics.map((d) => d.code)).toEqual(['MESH190']);
    expect(existsSync(join(dir, 'target', '.cache', 'parse.bin'))).toBe(true);

    updateProject(dir, { 'domains/shop/raw/a.sql': '/* materialized: view */\nselect 1 as x' });
    const second = await compileAndWrite({ projectDir: dir });
    expect(second.compiled?.nodes.get('model.shop.a')?.materialized).toBe('view');

    updateProject(dir, { 'domains/shop/raw/a.sql': '/* materialized: banana */\nselect 1 as x' });
    const third = await compileAndWrite({ projectDir: dir });
    expect(third.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.file}:${d.line}`)).toEqual(['MESH103 domains/shop/raw/a.sql:1']);
    // Unchanged since the third run: its problem comes from the cache and is still reported.
    const fourth = await compileAndWrite({ projectDir: dir });
    expect(fourth.diagnostics.map((d) => d.code)).toContain('MESH103');
  });

  it('a header with a model-level problem parsed from cache gives the same diagnostics as a fresh parse', async () => {
    const dir = writeProject({ 'domains/shop/raw/a.sql': '/*\ncolumns:\n  x:\n    tests: [unique, nope]\n*/\nselect 1 as x' });
    const fresh = (await compileAndWrite({ projectDir: dir, cache: false })).diagnostics;
    const again = (await compileAndWrite({ projectDir: dir })).diagnostics;
    expect(again).toEqual(fresh);
  });
});

describe('compiled SQL files', () => {
  it('rewrites only the files whose SQL changed and removes those of deleted nodes', async () => {
    const dir = writeProject({
      'domains/shop/raw/a.sql': 'select 1 as x',
      'domains/shop/raw/b.sql': 'select 2 as y',
      'domains/shop/cleaned/c.sql': 'select x from {{ref "a"}}',
    });
    await compileAndWrite({ projectDir: dir });
    const mtime = (p: string) => statSync(compiledFile(dir, p)).mtimeMs;
    const before = { a: mtime('shop/raw/a.sql'), c: mtime('shop/cleaned/c.sql') };
    updateProject(dir, { 'domains/shop/raw/a.sql': 'select 10 as x' });
    rmSync(join(dir, 'domains/shop/raw/b.sql'));
    await compileAndWrite({ projectDir: dir });
    expect(mtime('shop/raw/a.sql')).toBeGreaterThan(before.a);
    expect(mtime('shop/cleaned/c.sql')).toBe(before.c);
    expect(readFileSync(compiledFile(dir, 'shop/raw/a.sql'), 'utf8')).toBe('select 10 as x\n');
    expect(existsSync(compiledFile(dir, 'shop/raw/b.sql'))).toBe(false);
  });

  it('writes the SQL for the target compiled, switching when the target changes', async () => {
    const dir = writeProject({
      'mesh.yaml': 'name: t\ntargets:\n  dev:\n    engine: duckdb\n  prod:\n    engine: bigquery\n    project: p\n    location: EU\n',
      'domains/shop/raw/a.sql': 'select {{safe_cast "1" "integer"}} as x',
    });
    await compileAndWrite({ projectDir: dir });
    expect(readFileSync(compiledFile(dir, 'shop/raw/a.sql'), 'utf8')).toContain('TRY_CAST');
    await compileAndWrite({ projectDir: dir, target: 'prod' });
    expect(readFileSync(compiledFile(dir, 'shop/raw/a.sql'), 'utf8')).toContain('SAFE_CAST');
  });
});

describe('render cache', () => {
  const sqlOf = async (dir: string, id: string, target?: string) => (await compileAndWrite({ projectDir: dir, ...(target ? { target } : {}) })).compiled!.nodes.get(id)!.select.sql;

  it('renders again when an answer changes: a ref turned ephemeral, a var, a template override', async () => {
    const dir = writeProject({
      'mesh.yaml': 'name: t\nvars:\n  floor: 5\n',
      'domains/shop/raw/a.sql': 'select 1 as x',
      'domains/shop/cleaned/b.sql': 'select x from {{ref "a"}} where x > {{var "floor"}} and {{safe_cast "x" "integer"}} > 0',
    });
    expect(await sqlOf(dir, 'model.shop.b')).toBe('select x from "shop_raw"."a" where x > 5 and TRY_CAST(x AS BIGINT) > 0');
    updateProject(dir, { 'domains/shop/raw/a.sql': '/* materialized: ephemeral */\nselect 1 as x' });
    expect(await sqlOf(dir, 'model.shop.b')).toContain('from __mesh_ephemeral__shop__a where');
    updateProject(dir, { 'mesh.yaml': 'name: t\nvars:\n  floor: 7\n' });
    expect(await sqlOf(dir, 'model.shop.b')).toContain('where x > 7');
    updateProject(dir, { 'templates/duckdb/helpers/safe_cast.sql': 'CAST({{expr}} AS {{sql_type}})' });
    expect(await sqlOf(dir, 'model.shop.b')).toContain('CAST(x AS BIGINT) > 0');
    expect(await sqlOf(dir, 'model.shop.b')).not.toContain('TRY_CAST');
  });

  it('a cached render still reports the dependencies and lines of the node', async () => {
    const dir = writeProject({ 'domains/shop/raw/a.sql': 'select 1 as x', 'domains/shop/cleaned/b.sql': '\n\nselect x\nfrom {{ref "a"}}' });
    const first = (await compileAndWrite({ projectDir: dir })).compiled!.nodes.get('model.shop.b')!;
    const second = (await compileAndWrite({ projectDir: dir })).compiled!.nodes.get('model.shop.b')!;
    expect(second.dependsOn).toEqual([{ id: 'model.shop.a', line: 4 }]);
    expect(second.select).toEqual(first.select);
  });

  it('compiles the example project identically with and without the caches', async () => {
    const example = join(import.meta.dirname, '..', '..', 'example-project');
    const dir = writeProject({}, {});
    cpSync(example, dir, { recursive: true, filter: (src) => !/[\\/](target|\.mesh)$/.test(src) });
    const fresh = (await compileAndWrite({ projectDir: dir, cache: false })).compiled!;
    await compileAndWrite({ projectDir: dir });
    const cached = (await compileAndWrite({ projectDir: dir })).compiled!;
    expect([...cached.nodes.values()]).toEqual([...fresh.nodes.values()]);
  });
});

describe('compiled SQL written by build', () => {
  it('is the SQL as rendered (lines as in the model file); compile --format then lays it out', async () => {
    const { build } = await import('../../src/mesh.js');
    const { memoryDuckDB } = await import('../support/temp-project.js');
    const dir = writeProject({ 'domains/shop/raw/a.sql': 'select 1 as x,\n       2 as y' });
    const adapter = await memoryDuckDB(dir);
    try {
      await build({ projectDir: dir, adapter });
    } finally {
      await adapter.close();
    }
    expect(readFileSync(compiledFile(dir, 'shop/raw/a.sql'), 'utf8')).toBe('select 1 as x,\n       2 as y\n');
    await compileAndWrite({ projectDir: dir, format: true });
    expect(readFileSync(compiledFile(dir, 'shop/raw/a.sql'), 'utf8')).toBe('SELECT\n  1 AS x,\n  2 AS y\n');
  });
});
