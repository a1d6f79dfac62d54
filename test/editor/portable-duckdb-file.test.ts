import { readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { mesh } from '../support/run-cli.js';
import { writeProject } from '../support/temp-project.js';

/** A source file whose path has a space, in a domain.yaml saved with CRLF and a BOM; a seed; a model reading a file by hand. */
const FILES: Record<string, string> = {
  'mesh.yaml': 'name: portable\r\ntargets:\r\n  dev:\r\n    engine: duckdb\r\n    path: .mesh/dev.duckdb\r\n',
  'domains/shop/domain.yaml':
    '\ufeffname: shop\r\nowner: team-shop\r\ndescription: test domain\r\nsources:\r\n  raw_orders:\r\n    duckdb: data/raw orders.csv\r\n  events:\r\n    duckdb: data/events.jsonl\r\n',
  'domains/shop/data/raw orders.csv': 'id,customer,amount\n1,ana,10.5\n2,bo,\n2,bo,\n3,,7\n',
  'domains/shop/data/events.jsonl': '{"id": 1, "kind": "paid"}\n{"id": 2, "kind": null}\n',
  'domains/shop/data/extra.csv': 'id,note\n1,x\n',
  'domains/shop/seeds/regions.csv': 'code,name\nde,Germany\nfr,France\n',
  'domains/shop/raw/order_rows.sql': 'select * from {{source "raw_orders"}}\n',
  'domains/shop/raw/event_rows.sql': 'select * from {{source "events"}}\n',
  'domains/shop/raw/extra.sql': "select * from read_csv('domains/shop/data/extra.csv')\n",
  'domains/shop/cleaned/orders.sql': 'select distinct id, customer, amount from {{ref "order_rows"}}\n',
  'domains/shop/aggregate/region_names.sql': '/*\nmaterialized: view\n*/\nselect name from {{ref "regions"}}\n',
};

/** Every view of the database file, each queried from a fresh instance that knows nothing of the project. */
async function queryEveryView(file: string): Promise<Map<string, number>> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const views = (await (await connection.run("select schema_name, view_name from duckdb_views() where not internal order by all")).getRows()).map(
      ([schema, name]) => `"${String(schema)}"."${String(name)}"`,
    );
    const counts = new Map<string, number>();
    for (const view of views) counts.set(view, Number((await (await connection.run(`select count(*) from ${view}`)).getRows())[0]![0]));
    return counts;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('a built DuckDB file outside meshwork', () => {
  it('answers every view from any folder without file_search_path; compiled SQL keeps the paths relative', async () => {
    const dir = writeProject(FILES);
    const build = await mesh(['build', '--project', dir]);
    expect(build.err).toEqual([]);
    expect(build.code).toBe(0);

    // The test runs in the repository's folder, not the project's: a relative path would not resolve.
    expect(process.cwd()).not.toBe(dir);
    const counts = await queryEveryView(join(dir, '.mesh/dev.duckdb'));
    expect(Object.fromEntries(counts)).toEqual({
      '"shop_aggregate"."region_names"': 2,
      '"shop_cleaned"."orders"': 3,
      '"shop_raw"."event_rows"': 2,
      '"shop_raw"."extra"': 1,
      '"shop_raw"."order_rows"': 4,
    });

    // The compiled SQL is the same wherever the project lies (OpenLineage names a file by its absolute path on purpose).
    const compiled = [...filesUnder(join(dir, 'target/compiled')), join(dir, 'target/manifest.json'), join(dir, 'target/run_results.json')];
    const holding = compiled.filter((f) => readFileSync(f, 'utf8').includes(`${dir}/domains`));
    expect(readFileSync(join(dir, 'target/compiled/shop/raw/order_rows.sql'), 'utf8')).toContain("'domains/shop/data/raw orders.csv'");
    expect(holding).toEqual([]);
  });

  it('a project moved after its build: the views read the old folder until the next build', async () => {
    const dir = writeProject(FILES);
    expect((await mesh(['build', '--project', dir])).code).toBe(0);
    const moved = `${dir}-moved`;
    renameSync(dir, moved);
    try {
      await expect(queryEveryView(join(moved, '.mesh/dev.duckdb'))).rejects.toThrow(/No files found|does not exist/);
      expect((await mesh(['build', '--project', moved])).code).toBe(0);
      expect((await queryEveryView(join(moved, '.mesh/dev.duckdb'))).size).toBe(5);
    } finally {
      renameSync(moved, dir);
    }
  });
});
