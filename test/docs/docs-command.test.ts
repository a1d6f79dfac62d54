import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/catalog-types.js';
import { build } from '../../src/mesh.js';
import { mesh } from '../support/run-cli.js';
import { writeProject } from '../support/temp-project.js';

const PROJECT = {
  'mesh.yaml': 'name: docs_mesh\ntargets:\n  dev:\n    engine: duckdb\n    path: .mesh/dev.duckdb\n    threads: 1\n',
  'domains/shop/raw/orders.sql': '/* description: Orders as exported. */\nselect range as id from range(3)',
};

/** The catalog the site carries, read back from its script. */
function siteCatalog(dir: string): Catalog {
  const window: { MESH_CATALOG?: Catalog } = {};
  runInNewContext(readFileSync(join(dir, 'catalog-data.js'), 'utf8'), { window });
  return window.MESH_CATALOG!;
}

describe('mesh docs', () => {
  it('writes the site to target/docs with the results of the last build', async () => {
    const dir = writeProject(PROJECT);
    const before = await mesh(['docs', '--project', dir]);
    expect(before.code).toBe(0);
    expect(before.out.at(-1)).toMatch(/^Docs site of 0 data products and 1 datasets → file:\/\/.*\/target\/docs\/index\.html$/);
    expect(siteCatalog(join(dir, 'target', 'docs')).datasets['model.shop.orders']?.lastResult).toBeUndefined();

    await build({ projectDir: dir });
    expect((await mesh(['docs', '--project', dir])).code).toBe(0);
    const catalog = siteCatalog(join(dir, 'target', 'docs'));
    expect(catalog.datasets['model.shop.orders']).toMatchObject({ description: 'Orders as exported.', lastResult: { status: 'success' } });
    expect(catalog.lastRun?.success).toBe(true);
  });

  it('shows the SQL laid out by sql-formatter, from a cache by content when it did not change; catalog.json keeps it as rendered', async () => {
    const dir = writeProject({ ...PROJECT, 'domains/shop/cleaned/big_orders.sql': '/* tags: [k] */\nselect id   -- kept\n  from {{ref "orders"}} where id > 1\n' });
    expect((await mesh(['docs', '--project', dir])).code).toBe(0);
    const shown = () => siteCatalog(join(dir, 'target', 'docs')).datasets['model.shop.big_orders']?.sql;
    expect(shown()).toBe('SELECT\n  id -- kept\nFROM\n  "shop_raw"."orders"\nWHERE\n  id > 1');
    const written = JSON.parse(readFileSync(join(dir, 'target', 'catalog.json'), 'utf8')) as Catalog;
    expect(written.datasets['model.shop.big_orders']?.sql).toBe('\nselect id   -- kept\n  from "shop_raw"."orders" where id > 1\n');
    // A warm run takes the laid-out text from target/.cache: a marked entry shows it was not formatted again.
    const cacheFile = join(dir, 'target', '.cache', 'docs-sql.bin');
    const stored = deserialize(readFileSync(cacheFile)) as { entries: Map<string, string> };
    for (const [key, text] of stored.entries) stored.entries.set(key, text.replace('-- kept', '-- from the cache'));
    writeFileSync(cacheFile, serialize(stored));
    expect((await mesh(['docs', '--project', dir])).code).toBe(0);
    expect(shown()).toContain('-- from the cache');
    // Changed SQL is laid out again.
    writeFileSync(join(dir, 'domains/shop/cleaned/big_orders.sql'), 'select id from {{ref "orders"}} -- changed\n');
    expect((await mesh(['docs', '--project', dir])).code).toBe(0);
    expect(shown()).toBe('SELECT\n  id\nFROM\n  "shop_raw"."orders" -- changed');
  });

  it('--out writes elsewhere; a project with errors writes no site and exits 1', async () => {
    const dir = writeProject(PROJECT);
    expect((await mesh(['docs', '--project', dir, '--out', join(dir, 'site')])).code).toBe(0);
    expect(existsSync(join(dir, 'site', 'index.html'))).toBe(true);
    const broken = writeProject({ ...PROJECT, 'domains/shop/raw/orders.sql': 'select * from {{ref "missing"}}' });
    const result = await mesh(['docs', '--project', broken]);
    expect(result.code).toBe(1);
    expect(result.err.join('\n')).toContain('missing');
    expect(existsSync(join(broken, 'target', 'docs'))).toBe(false);
  });

  it('--serve on a port in use says so and exits 1; a port out of range is a usage error', async () => {
    const dir = writeProject(PROJECT);
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    try {
      const { port } = taken.address() as AddressInfo;
      const result = await mesh(['docs', '--project', dir, '--serve', '--port', String(port)]);
      expect(result.code).toBe(1);
      expect(result.err).toEqual([`error: cannot serve on port ${port} (EADDRINUSE): pass --port <n>, or --port 0 for any free port`]);
    } finally {
      taken.close();
    }
    const usage = await mesh(['docs', '--project', dir, '--serve', '--port', '70000']);
    expect(usage.code).toBe(2);
    expect(usage.err.join('\n')).toContain('a port is a whole number from 0 to 65535');
  });
});
