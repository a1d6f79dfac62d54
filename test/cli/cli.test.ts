import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mesh } from '../support/run-cli.js';
import { writeProject } from '../support/temp-project.js';

const PROJECT = {
  'mesh.yaml': 'name: cli_mesh\ntargets:\n  dev:\n    engine: duckdb\n    path: .mesh/dev.duckdb\n    threads: 2\n',
  'domains/shop/raw/orders.sql': '/*\ncolumns:\n  id:\n    tests: [not_null]\n*/\nselect range as id from range(3)',
  'domains/shop/aggregate/order_count.sql': '/* tags: [kpi] */\nselect count(*) as n from {{ref "orders"}}',
};

describe('mesh CLI', () => {
  it('build prints one line per node and a summary, builds into the target file, exits 0', async () => {
    const dir = writeProject(PROJECT);
    const { code, out } = await mesh(['build', '--project', dir]);
    expect(code).toBe(0);
    const lines = out.filter((l) => / of 3 /.test(l));
    expect(lines).toHaveLength(3);
    expect(lines.find((l) => l.includes('shop_aggregate.order_count'))).toMatch(/^\d of 3 {2}OK +table +shop_aggregate\.order_count \.+ \[1 row in \d+\.\d\ds\]$/);
    expect(out.at(-1)?.trim()).toMatch(/^Done in \d+\.\d\ds: 3 OK, 0 errors, 0 skipped, 0 warnings\.$/);
    expect(existsSync(join(dir, '.mesh', 'dev.duckdb'))).toBe(true);
    expect(existsSync(join(dir, 'target', 'compiled', 'shop', 'aggregate', 'order_count.sql'))).toBe(true);
  });

  it('--log-format json prints the same events as JSON lines', async () => {
    const dir = writeProject(PROJECT);
    const { code, out } = await mesh(['build', '--project', dir, '--log-format', 'json']);
    expect(code).toBe(0);
    const events = out.map((l) => JSON.parse(l) as { type: string; phase?: string; state?: string; result?: { id: string; status: string } });
    // Phases before the first node and after the last; the run's summary comes last.
    expect(events.map((e) => (e.type === 'phase' ? `${e.phase}:${e.state}` : e.type)).filter((t) => !t.startsWith('node_'))).toEqual([
      'compile:started',
      'compile:finished',
      'plan:started',
      'plan:finished',
      'run_started',
      'lineage:started',
      'lineage:finished',
      'catalog:started',
      'catalog:finished',
      'openlineage:started',
      'openlineage:finished',
      'run_finished',
    ]);
    expect(events.filter((e) => e.type === 'node_finished').map((e) => `${e.result!.id}:${e.result!.status}`).sort()).toEqual([
      'model.shop.order_count:success',
      'model.shop.orders:success',
      'test.shop.not_null_orders_id:success',
    ]);
  });

  it('exits 1 when a node fails, and names the file and line of the error', async () => {
    const dir = writeProject({ ...PROJECT, 'domains/shop/cleaned/broken.sql': 'select\n  missing_col\nfrom {{ref "orders"}}' });
    const { code, out } = await mesh(['build', '--project', dir]);
    expect(code).toBe(1);
    expect(out.join('\n')).toContain('domains/shop/cleaned/broken.sql:2:3: Binder Error');
  });

  it('ls prints the selection in dependency order', async () => {
    const dir = writeProject(PROJECT);
    expect((await mesh(['ls', '--project', dir, '--select', '+order_count'])).out).toEqual([
      'model.shop.orders',
      'model.shop.order_count',
      'test.shop.not_null_orders_id',
    ]);
    expect((await mesh(['ls', '--project', dir, '--select', 'tag:kpi', '--output', 'path'])).out).toEqual(['domains/shop/aggregate/order_count.sql']);
    expect((await mesh(['ls', '--project', dir, '--select', 'stage:raw', '--exclude', 'kind:test'])).out).toEqual(['model.shop.orders']);
  });

  it('compile writes the SQL as rendered and a schema-versioned manifest', async () => {
    const dir = writeProject(PROJECT);
    const { code, out } = await mesh(['compile', '--project', dir]);
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^Compiled 3 nodes for target 'dev' \(duckdb\)/);
    const manifest = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8'));
    expect(manifest.metadata.schema_version).toBe('meshwork/manifest/v1');
    expect(manifest.nodes['model.shop.order_count']).toMatchObject({
      depends_on: ['model.shop.orders'],
      materialized: 'table',
      relation: '"shop_aggregate"."order_count"',
      file: 'domains/shop/aggregate/order_count.sql',
      compiled_path: 'target/compiled/shop/aggregate/order_count.sql',
    });
    expect(manifest.nodes['model.shop.order_count'].checksum).toMatch(/^[0-9a-f]{64}$/);
    // Line 1 held the header: the query starts on line 2, as in the model's file.
    expect(readFileSync(join(dir, 'target', 'compiled', 'shop', 'aggregate', 'order_count.sql'), 'utf8')).toBe(
      '\nselect count(*) as n from "shop_raw"."orders"\n',
    );
  });

  it('compile --format lays the SQL out with sql-formatter', async () => {
    const dir = writeProject(PROJECT);
    expect((await mesh(['compile', '--format', '--project', dir])).code).toBe(0);
    expect(readFileSync(join(dir, 'target', 'compiled', 'shop', 'aggregate', 'order_count.sql'), 'utf8')).toBe(
      'SELECT\n  count(*) AS n\nFROM\n  "shop_raw"."orders"\n',
    );
  });

  it('mesh test runs only the tests', async () => {
    const dir = writeProject(PROJECT);
    await mesh(['build', '--project', dir]);
    const { code, out } = await mesh(['test', '--project', dir, '--log-format', 'json']);
    expect(code).toBe(0);
    const finished = out.map((l) => JSON.parse(l)).filter((e) => e.type === 'node_finished');
    expect(finished.map((e) => e.result.id)).toEqual(['test.shop.not_null_orders_id']);
  });

  it('a bad flag exits 2 with a usage message', async () => {
    const { code, err } = await mesh(['build', '--threads', 'many', '--project', writeProject(PROJECT)]);
    expect(code).toBe(2);
    expect(err.join('\n')).toContain("--threads takes a whole number above 0, not 'many'");
  });
});

describe('mesh build when the database cannot be opened', () => {
  it('reports MESH181 and runs nothing when the DuckDB file cannot be opened', async () => {
    const dir = writeProject({ ...PROJECT, 'mesh.yaml': 'name: cli_mesh\ntargets:\n  dev:\n    engine: duckdb\n    path: .mesh/x/dev.duckdb\n' });
    // A directory where the database file should be: DuckDB cannot open it.
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, '.mesh', 'x', 'dev.duckdb'), { recursive: true });
    const { code, err } = await mesh(['build', '--project', dir]);
    expect(code).toBe(1);
    // At the line of the target's path: in mesh.yaml, with what to do about a folder there.
    expect(err.join('\n')).toMatch(/^mesh\.yaml:5: error MESH181: cannot open the database of target 'dev'.*\n {2}hint: point the target's path at a DuckDB database file/m);
    expect(existsSync(join(dir, 'target', 'run_results.json'))).toBe(false);
  });
});

describe('mesh check', () => {
  it('passes a sound project without touching a warehouse or writing target/', async () => {
    const dir = writeProject(PROJECT);
    const { code, out } = await mesh(['check', '--project', dir]);
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^Checked 3 nodes in \d+\.\d\ds: no errors\.$/);
    expect(existsSync(join(dir, 'target', 'compiled'))).toBe(false);
    expect(existsSync(join(dir, '.mesh'))).toBe(false);
  });

  it('fails with every problem listed', async () => {
    const dir = writeProject({ ...PROJECT, 'domains/shop/cleaned/x.sql': 'select * from {{ref "order"}}\n{{source "nope"}}' });
    const { code, err } = await mesh(['check', '--project', dir]);
    expect(code).toBe(1);
    expect(err.filter((l) => / error MESH/.test(l))).toEqual([
      "domains/shop/cleaned/x.sql:1:15: error MESH140: ref to 'order', which is not a model or seed of domain 'shop'\n  hint: did you mean 'orders', 'order_count'?",
      "domains/shop/cleaned/x.sql:2:1: error MESH141: source 'nope' is not declared in domains/shop/domain.yaml\n  hint: declare it under sources: in domain.yaml",
    ]);
  });
});
