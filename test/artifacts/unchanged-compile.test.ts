import { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mesh } from '../support/run-cli.js';
import { updateProject, writeProject } from '../support/temp-project.js';

// A real compile writes manifest.json anew (its generated_at changes): an identical manifest after a
// second `mesh compile` means the first one's outcome was reused, a different one that it compiled.
const manifest = (dir: string): string => readFileSync(join(dir, 'target', 'manifest.json'), 'utf8');
const compiledSql = (dir: string, path: string): string => readFileSync(join(dir, 'target', 'compiled', path), 'utf8');
const compile = (dir: string, ...args: string[]) => mesh(['compile', '--project', dir, '--log-format', 'json', ...args]);
/** What a JSON log printed (diagnostics on stderr, the summary on stdout), without the summary's duration. */
const events = (run: { out: readonly string[]; err: readonly string[] }) =>
  [...run.err, ...run.out].map((line) => JSON.parse(line) as Record<string, unknown>).map(({ duration_ms: _, ...rest }) => rest);

const PROJECT = {
  'domains/shop/raw/orders.sql': '-- orders as they come\r\nselect 1 as id, 2 as amount\r\n',
  'domains/shop/cleaned/big_orders.sql': '\uFEFFselect id from {{ref "orders"}} where amount > 1\n',
  // Not where meshwork looks: a MESH190 warning on every compile.
  'domains/shop/misplaced.sql': 'select 3\n',
};

describe('mesh compile with nothing changed', () => {
  it('keeps target/ as it is and reports the same warnings and summary', async () => {
    const dir = writeProject(PROJECT);
    const first = await compile(dir);
    expect(first.code).toBe(0);
    const written = manifest(dir);
    const second = await compile(dir);
    expect(second.code).toBe(0);
    expect(manifest(dir)).toBe(written);
    expect(events(second)).toEqual(events(first));
    const warning = events(second).find((e) => e.code === 'MESH190');
    expect(warning).toMatchObject({ file: 'domains/shop/misplaced.sql' });
    expect(events(second).at(-1)).toMatchObject({ type: 'compiled', nodes: 2, target: 'dev' });
  });

  it('compiles again for an edited file, not for a touched one; restores deleted or rewritten output', async () => {
    const dir = writeProject(PROJECT);
    await compile(dir);
    let written = manifest(dir);

    // Saved again with the same text (a newer time): the content decides, nothing is compiled.
    const orders = join(dir, 'domains/shop/raw/orders.sql');
    utimesSync(orders, new Date(Date.now() + 5000), new Date(Date.now() + 5000));
    await compile(dir);
    expect(manifest(dir)).toBe(written);

    updateProject(dir, { 'domains/shop/raw/orders.sql': '-- orders as they come\r\nselect 1 as id, 5 as amount\r\n' });
    expect((await compile(dir)).code).toBe(0);
    expect(compiledSql(dir, 'shop/raw/orders.sql')).toContain('5 as amount');
    expect(manifest(dir)).not.toBe(written);
    written = manifest(dir);

    rmSync(join(dir, 'target', 'compiled', 'shop', 'cleaned', 'big_orders.sql'));
    await compile(dir);
    expect(compiledSql(dir, 'shop/cleaned/big_orders.sql')).toContain('where amount > 1');

    writeFileSync(join(dir, 'target', 'manifest.json'), '{}');
    await compile(dir);
    expect(JSON.parse(manifest(dir)).nodes['model.shop.big_orders'].depends_on).toEqual(['model.shop.orders']);

    // A new file where meshwork does not look changes no node, but is a new warning.
    updateProject(dir, { 'domains/shop/another.sql': 'select 4\n' });
    const warned = await compile(dir);
    expect(events(warned).filter((e) => e.code === 'MESH190').map((e) => e.file)).toEqual(['domains/shop/another.sql', 'domains/shop/misplaced.sql']);
  });

  it('compiles again when --vars, --target or --format differ', async () => {
    const dir = writeProject(
      { 'domains/shop/raw/rate.sql': 'select {{var "rate"}} as rate\n' },
      { 'mesh.yaml': 'name: test_mesh\nvars:\n  rate: 1\ntargets:\n  dev:\n    engine: duckdb\n  other:\n    engine: duckdb\n    path: other.duckdb\n', 'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\n' },
    );
    await compile(dir, '--vars', '{rate: 2}');
    expect(compiledSql(dir, 'shop/raw/rate.sql')).toContain('select 2 as rate');
    await compile(dir, '--vars', '{rate: 3}');
    expect(compiledSql(dir, 'shop/raw/rate.sql')).toContain('select 3 as rate');
    const written = manifest(dir);
    await compile(dir, '--vars', '{rate: 3}', '--target', 'other');
    expect(JSON.parse(manifest(dir)).metadata.target).toBe('other');
    await compile(dir, '--vars', '{rate: 3}', '--target', 'other', '--format');
    expect(manifest(dir)).not.toBe(written);
  });

  it('always compiles a project that reads the environment, so a changed variable is never served stale', async () => {
    const dir = writeProject({ 'domains/shop/raw/region.sql': "select '{{env \"MESH_TEST_REGION\"}}' as region\n" });
    await mesh(['compile', '--project', dir], { MESH_TEST_REGION: 'eu' });
    expect(compiledSql(dir, 'shop/raw/region.sql')).toContain("'eu'");
    await mesh(['compile', '--project', dir], { MESH_TEST_REGION: 'us' });
    expect(compiledSql(dir, 'shop/raw/region.sql')).toContain("'us'");
  });

  it('after a compile with errors, going back to the last good files gives its outcome', async () => {
    const dir = writeProject(PROJECT);
    await compile(dir);
    const written = manifest(dir);
    updateProject(dir, { 'domains/shop/cleaned/big_orders.sql': 'select id from {{ref "order"}}\n' });
    const broken = await compile(dir);
    expect(broken.code).toBe(1);
    expect(events(broken).find((e) => e.severity === 'error')).toMatchObject({ file: 'domains/shop/cleaned/big_orders.sql', line: 1 });
    updateProject(dir, { 'domains/shop/cleaned/big_orders.sql': PROJECT['domains/shop/cleaned/big_orders.sql'] });
    const fixed = await compile(dir);
    expect(fixed.code).toBe(0);
    expect(manifest(dir)).toBe(written);
    expect(compiledSql(dir, 'shop/cleaned/big_orders.sql')).toContain('where amount > 1');
  });

  it('still prints the SQL of --select and --inline', async () => {
    const dir = writeProject(PROJECT);
    await compile(dir);
    const selected = await compile(dir, '--select', 'big_orders', '--inline', 'select count(*) from {{ref "orders"}}');
    expect(selected.code).toBe(0);
    const sql = events(selected).filter((e) => e.type === 'compiled_sql');
    expect(sql.map((e) => e.node ?? e.file)).toEqual(['model.shop.big_orders', expect.stringContaining('inline')]);
    expect(existsSync(join(dir, 'target', 'manifest.json'))).toBe(true);
  });
});

/** Every file and folder of the project (not target/) as last modified a minute ago: old enough for its stamps to be trusted. */
function age(dir: string, seconds = 60): void {
  const past = new Date(Date.now() - seconds * 1000);
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name === 'target') continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      utimesSync(path, past, past);
    }
  };
  walk(dir);
  utimesSync(dir, past, past);
}
const recordedInputs = (dir: string): Record<string, string> => JSON.parse(readFileSync(join(dir, 'target', '.cache', 'compile.json'), 'utf8')).inputs;

describe('mesh compile with nothing changed, by stamps', () => {
  it('trusts size, time and inode only when they were old when taken; recent files are checked by content', async () => {
    const dir = writeProject(PROJECT);
    await compile(dir);
    // Just written: too recent to trust, so the next compile reads and hashes the files.
    expect(Object.values(recordedInputs(dir))).toContain('recent');
    age(dir);
    // target/compiled's folders old too: the record keeps their stamps, which vouch for the files in them.
    for (const folder of ['', 'shop', 'shop/raw', 'shop/cleaned']) utimesSync(join(dir, 'target', 'compiled', folder), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const written = manifest(dir);
    const second = await compile(dir);
    expect(second.code).toBe(0);
    expect(manifest(dir)).toBe(written);
    // Same content, older stamps: recorded, so the next compile need not read a file.
    const inputs = recordedInputs(dir);
    expect(Object.values(inputs)).not.toContain('recent');
    expect(Object.keys(inputs)).toContain(join(dir, 'domains/shop/raw/orders.sql'));
    expect(Object.keys(inputs)).toContain(join(dir, 'domains/shop/cleaned'));
    const third = await compile(dir);
    expect(events(third)).toEqual(events(second));
    expect(manifest(dir)).toBe(written);
    // A compiled file deleted: its folder's stamp changed, so it is looked for, and written again.
    rmSync(join(dir, 'target', 'compiled', 'shop', 'raw', 'orders.sql'));
    await compile(dir);
    expect(compiledSql(dir, 'shop/raw/orders.sql')).toContain('2 as amount');
  });

  it('compiles again when a file changed though its size did not, or a file with an old time was added', async () => {
    const dir = writeProject(PROJECT);
    await compile(dir);
    age(dir);
    await compile(dir);
    // Same size, another time: the stamp differs, the content is read, and it changed.
    const orders = join(dir, 'domains/shop/raw/orders.sql');
    const size = statSync(orders).size;
    writeFileSync(orders, '-- orders as they come\r\nselect 1 as id, 7 as amount\r\n');
    expect(statSync(orders).size).toBe(size);
    await compile(dir);
    expect(compiledSql(dir, 'shop/raw/orders.sql')).toContain('7 as amount');
    age(dir);
    await compile(dir);

    // Copied in with its old time kept (cp -p): its folder changed.
    updateProject(dir, { 'domains/shop/raw/returns.sql': 'select 2 as id\n' });
    const past = new Date(Date.now() - 120_000);
    utimesSync(join(dir, 'domains/shop/raw/returns.sql'), past, past);
    const added = await compile(dir);
    expect(events(added).at(-1)).toMatchObject({ type: 'compiled', nodes: 3 });
    expect(compiledSql(dir, 'shop/raw/returns.sql')).toContain('select 2 as id');

    // Removed: its folder changed too.
    rmSync(join(dir, 'domains/shop/raw/returns.sql'));
    const removed = await compile(dir);
    expect(events(removed).at(-1)).toMatchObject({ type: 'compiled', nodes: 2 });
  });
});
