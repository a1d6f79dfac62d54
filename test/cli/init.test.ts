import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { projectNameFor } from '../../src/commands/init.js';
import { mesh } from '../support/run-cli.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temp folder (removed after the test); the project goes into a folder inside it. */
function tempBase(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'mesh-init-')));
  made.push(dir);
  return dir;
}

/** Every file under `dir`, relative, `/`-separated, sorted. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

const WRITTEN = [
  '.gitignore',
  'domains/sales/aggregate/daily_sales.sql',
  'domains/sales/cleaned/orders.sql',
  'domains/sales/contracts/daily_sales.odcs.yaml',
  'domains/sales/data/orders_export.csv',
  'domains/sales/domain.yaml',
  'domains/sales/raw/orders_export.sql',
  'domains/sales/tests/daily_sales_match_orders.sql',
  'domains/sales/tests/unit/orders_dedup.yaml',
  'mesh.yaml',
];

describe('mesh init', () => {
  it('writes a project that checks with no warnings and builds, contract published, into a folder it creates', async () => {
    const dir = join(tempBase(), 'nested', 'My Demo-1');
    const init = await mesh(['init', dir]);
    expect(init.err).toEqual([]);
    expect(init.code).toBe(0);
    expect(filesUnder(dir)).toEqual(WRITTEN);
    for (const file of WRITTEN) expect(readFileSync(join(dir, file), 'utf8'), file).toMatch(/[^\n]\n$/);
    expect(readFileSync(join(dir, 'mesh.yaml'), 'utf8')).toMatch(/^name: my_demo_1$/m);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['target/', '.mesh/']));
    // What was written, and the next commands, naming the folder (quoted: it has a space).
    const printed = init.out.join('\n');
    expect(printed).toContain("Wrote project 'my_demo_1' in");
    expect(printed).toContain('  domains/sales/contracts/daily_sales.odcs.yaml');
    expect(printed).toContain(`mesh build --project '${relative(process.cwd(), dir)}'`);

    const check = await mesh(['check', '--project', dir]);
    expect(check.err).toEqual([]);
    expect(check.code).toBe(0);
    expect(check.out.join('\n')).toMatch(/Checked 10 nodes in \d+\.\d\ds: no errors\.$/m);

    const build = await mesh(['build', '--project', dir]);
    expect(build.err).toEqual([]);
    expect(build.code).toBe(0);
    // The unit test of orders runs first, then the 10 nodes.
    expect(build.out.at(-1)).toMatch(/: 11 OK, 0 errors, 0 skipped, 0 warnings\.$/);
    expect(build.out.join('\n')).toMatch(/OK +unit test +sales\.orders_dedup/);
    const unit = await mesh(['test', '--unit', '--project', dir]);
    expect(unit.out.at(-1)).toBe('Unit tests: 1 passed, 0 failed (1 run).');
    const adapter = await DuckDBAdapter.open({ path: join(dir, '.mesh', 'dev.duckdb'), fileSearchPath: dir, connections: 1 });
    try {
      // The cleaned model has work to do: 6 exported rows, one a duplicate, one without an amount.
      expect(await adapter.query('select count(*) as n from sales_raw.orders_export')).toEqual([{ n: 6 }]);
      expect(await adapter.query('select order_id from sales_cleaned.orders order by order_id')).toEqual(['o1', 'o2', 'o4', 'o5'].map((order_id) => ({ order_id })));
      const published = await adapter.query('select cast(order_date as varchar) as day, orders, round(revenue, 2) as revenue from sales.daily_sales_v1 order by 1');
      expect(published).toEqual([
        { day: '2024-01-02', orders: 2, revenue: 52.5 },
        { day: '2024-01-03', orders: 2, revenue: 27.15 },
      ]);
      expect((await adapter.query('select * from meshwork.published_contracts')).length).toBe(1);
    } finally {
      await adapter.close();
    }
  });

  it('writes a commented BigQuery prod target that is valid once uncommented', async () => {
    const dir = join(tempBase(), 'demo');
    expect((await mesh(['init', dir])).code).toBe(0);
    const config = readFileSync(join(dir, 'mesh.yaml'), 'utf8');
    expect(config).toContain('  # prod:\n  #   engine: bigquery\n');
    writeFileSync(join(dir, 'mesh.yaml'), config.replace(/^ {2}# (prod:)$/m, '  $1').replace(/^ {2}# {3}/gm, '    '));
    const check = await mesh(['check', '--project', dir]);
    expect(check.err).toEqual([]);
    expect(check.code).toBe(0);
    // On prod, the sample's source has no BigQuery table until one is written in domain.yaml.
    const prod = await mesh(['check', '--project', dir, '--target', 'prod']);
    expect(prod.code).toBe(1);
    expect(prod.err[0]).toContain("error MESH141: source 'orders_export' has no bigquery location");
  });

  it('refuses a folder that is not empty, and writes nothing', async () => {
    const dir = join(tempBase(), 'existing');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    const { code, out, err } = await mesh(['init', dir]);
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err).toEqual([
      `${dir}: error MESH100: mesh init writes a new project, and this folder is not empty (it holds notes.txt)\n  hint: name a new or empty folder (mesh init <dir> creates it); nothing was written`,
    ]);
    expect(filesUnder(dir)).toEqual(['notes.txt']);
  });

  it('refuses a path that is a file', async () => {
    const file = join(tempBase(), 'taken');
    writeFileSync(file, 'x\n');
    const { code, err } = await mesh(['init', file]);
    expect(code).toBe(1);
    expect(err[0]).toBe(`${file}: error MESH100: cannot write a new project here: it is a file, not a folder\n  hint: name a new or empty folder: mesh init <dir>`);
    expect(readFileSync(file, 'utf8')).toBe('x\n');
  });

  it('writes into the current folder by default, named after it', async () => {
    const dir = join(tempBase(), 'shop-analytics');
    mkdirSync(dir);
    const before = process.cwd();
    process.chdir(dir);
    try {
      const { code, out } = await mesh(['init']);
      expect(code).toBe(0);
      expect(out[0]).toBe("Wrote project 'shop_analytics' in the current folder:");
      expect(out).toContain('  mesh build    # build it into .mesh/dev.duckdb');
    } finally {
      process.chdir(before);
    }
    expect(existsSync(join(dir, 'mesh.yaml'))).toBe(true);
    expect(readFileSync(join(dir, 'mesh.yaml'), 'utf8')).toMatch(/^name: shop_analytics$/m);
  });

  it.each([
    ['demo', 'demo'],
    ['My Shop-2', 'my_shop_2'],
    ['2024-data', 'mesh_2024_data'],
    ['café', 'cafe'],
    ['--', 'mesh_project'],
  ])('derives a valid project name from the folder %j: %s', (folder, name) => {
    expect(projectNameFor(folder)).toBe(name);
    expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
  });
});
