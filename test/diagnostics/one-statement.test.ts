import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { build, check, compile, list } from '../../src/mesh.js';
import { mesh } from '../support/run-cli.js';
import { memoryDuckDB, writeProject } from '../support/temp-project.js';
import { where } from './diagnose.js';

/** A file as an editor saves it: lines joined by `eol`, with a final newline. */
const saved = (eol: '\n' | '\r\n', ...text: string[]): string => `${text.join(eol)}${eol}`;

let adapter: DuckDBAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
});

const MESH121 = (diagnostics: readonly Diagnostic[]): string[] =>
  diagnostics.filter((d) => d.code === 'MESH121').map(where);

describe('MESH121: a model or test is one statement', () => {
  for (const eol of ['\n', '\r\n'] as const) {
    const name = eol === '\n' ? 'LF' : 'CRLF';

    it(`a second statement in a model file, at its line (${name})`, () => {
      const dir = writeProject({
        'domains/shop/raw/orders.sql': saved(eol, '/*', 'description: Orders.', '*/', 'select 1 as x;', '', 'drop table shop_raw.customers'),
      });
      const diagnostics = compile({ projectDir: dir, cache: false }).diagnostics;
      expect(MESH121(diagnostics)).toEqual(['error MESH121 domains/shop/raw/orders.sql:6']);
      expect(diagnostics.find((d) => d.code === 'MESH121')!.message).toBe("model 'orders' holds more than one SQL statement: a second one starts here (drop table shop_raw.customers)");
    });

    it(`a second statement in a singular test, past a comment (${name})`, () => {
      const dir = writeProject({
        'domains/shop/raw/orders.sql': saved(eol, 'select 1 as x'),
        'domains/shop/tests/no_negative.sql': saved(eol, 'select * from {{ref "orders"}}', "where x < 0 and ';' <> '' ;", '-- and then', 'delete from shop_raw.orders'),
      });
      expect(MESH121(compile({ projectDir: dir, cache: false }).diagnostics)).toEqual(['error MESH121 domains/shop/tests/no_negative.sql:4']);
    });

    it(`a var from mesh.yaml whose value closes the string: at the line of the {{var}} call (${name})`, () => {
      const dir = writeProject({
        'mesh.yaml': saved(eol, 'name: test_mesh', 'vars:', `  currency: "EUR'; drop table shop_raw.customers; select '"`),
        'domains/shop/raw/orders.sql': saved(eol, '/*', 'description: Orders.', '*/', 'select', '  1 as x,', "  '{{var \"currency\"}}' as currency", 'from range(3)'),
      });
      const diagnostics = compile({ projectDir: dir, cache: false }).diagnostics;
      expect(MESH121(diagnostics)).toEqual(['error MESH121 domains/shop/raw/orders.sql:6']);
      expect(diagnostics.find((d) => d.code === 'MESH121')!.hint).toContain('{{literal (var "name")}}');
    });
  }

  it('in a file saved with a UTF-8 BOM and CRLF', () => {
    const dir = writeProject({ 'domains/shop/raw/orders.sql': `\uFEFF${saved('\r\n', '-- orders', 'select 1 as x', ';select 2')}` });
    expect(MESH121(compile({ projectDir: dir, cache: false }).diagnostics)).toEqual(['error MESH121 domains/shop/raw/orders.sql:3']);
  });

  it("on a BigQuery target, by BigQuery's rules: triple-quoted strings, backslash escapes, backtick names", () => {
    const base = { 'mesh.yaml': 'name: test_mesh\ntargets:\n  prod:\n    engine: bigquery\n    project: p\n    location: EU\n' };
    const fine = writeProject({ ...base, 'domains/shop/raw/orders.sql': "select '''a; b''' as s, 'it\\'s; ok' as t, `odd;name` from x # done; really\n" });
    expect(compile({ projectDir: fine, target: 'prod', cache: false }).diagnostics).toEqual([]);
    const two = writeProject({ ...base, 'domains/shop/raw/orders.sql': "select 'it\\'s' as t;\nselect 2\n" });
    expect(MESH121(compile({ projectDir: two, target: 'prod', cache: false }).diagnostics)).toEqual(['error MESH121 domains/shop/raw/orders.sql:2']);
  });

  it('only in the is_incremental branch of an incremental model', () => {
    const dir = writeProject({
      'domains/shop/raw/events.sql': 'select 1 as id\n',
      'domains/shop/cleaned/orders.sql': saved('\n', '/*', 'materialized: incremental', '*/', 'select id from {{ref "events"}}', '{{#if is_incremental}}', 'where id > 0; drop table x', '{{/if}}'),
    });
    expect(MESH121(compile({ projectDir: dir, cache: false }).diagnostics)).toEqual(['error MESH121 domains/shop/cleaned/orders.sql:6']);
  });

  it('in a contract mapping, at the mapping file line', () => {
    const orders = readFileSync(new URL('../contracts/fixtures/orders.odcs.yaml', import.meta.url), 'utf8');
    const dir = writeProject({
      'mesh.yaml': 'name: shop\n',
      'domains/checkout/domain.yaml': 'name: checkout\nowner: team-checkout\n',
      'domains/checkout/contracts/orders.odcs.yaml': orders,
      'domains/checkout/cleaned/orders.sql': "select 'o1' as order_id, 'c1' as customer_id, 1.5 as order_total, timestamp '2024-01-02' as ordered_at, 'paid' as status\n",
      'domains/checkout/contracts/orders.sql': saved('\r\n', 'select *', 'from {{ref "orders"}};', 'select 2'),
    }, {});
    expect(MESH121(compile({ projectDir: dir, cache: false }).diagnostics)).toEqual(['error MESH121 domains/checkout/contracts/orders.sql:3']);
  });

  it("in a project's own column test template, at the test's line in the header", () => {
    const dir = writeProject({
      'templates/duckdb/tests/not_null.sql': 'select * from {{relation}} where {{column}} is null; select 1',
      'domains/shop/raw/orders.sql': saved('\n', '/*', 'columns:', '  x:', '    tests: [not_null]', '*/', 'select 1 as x'),
    });
    expect(MESH121(compile({ projectDir: dir, cache: false }).diagnostics)).toEqual(['error MESH121 domains/shop/raw/orders.sql:4']);
  });

  it('mesh check, mesh ls and mesh compile report it; mesh build runs nothing', async () => {
    const dir = writeProject({
      'domains/shop/raw/customers.sql': 'select 1 as id\n',
      'domains/shop/raw/orders.sql': 'select 1 as x; drop table shop_raw.customers\n',
    });
    const expected = ['error MESH121 domains/shop/raw/orders.sql:1'];
    expect(MESH121((await check({ projectDir: dir })).diagnostics)).toEqual(expected);
    expect(MESH121(list({ projectDir: dir }).diagnostics)).toEqual(expected);
    const ls = await mesh(['ls', '--project', dir]);
    expect(ls.code).toBe(1);
    expect(ls.err.join('\n')).toContain('domains/shop/raw/orders.sql:1: error MESH121');
    const compiled = await mesh(['compile', '--project', dir]);
    expect(compiled.code).toBe(1);
    expect(compiled.err.join('\n')).toContain('domains/shop/raw/orders.sql:1: error MESH121');

    adapter = await memoryDuckDB(dir);
    await adapter.execute([{ sql: 'create schema shop_raw' }, { sql: 'create table shop_raw.customers as select 1 as id' }]);
    const result = await build({ projectDir: dir, adapter });
    expect(MESH121(result.diagnostics)).toEqual(expected);
    expect(result.run).toBeUndefined();
    expect(await adapter.query('select count(*) as n from shop_raw.customers')).toEqual([{ n: 1 }]);
  });
});

describe('a ; that only ends the query', () => {
  it('is dropped: the model, its view and a singular test build', async () => {
    const dir = writeProject({
      'domains/shop/raw/orders.sql': saved('\r\n', '/*', 'materialized: table', '*/', "select 1 as x, ';' as s;", '-- the end', ''),
      'domains/shop/cleaned/orders_view.sql': 'select * from {{ref "orders"}} ;;\n/* done; */\n',
      'domains/shop/tests/positive.sql': 'select * from {{ref "orders_view"}} where x < 0;\n',
    });
    const compiled = compile({ projectDir: dir, cache: false });
    expect(compiled.diagnostics).toEqual([]);
    expect(compiled.compiled!.nodes.get('model.shop.orders')!.select.sql).toBe("\r\nselect 1 as x, ';' as s\r\n-- the end\r\n\r\n");
    adapter = await memoryDuckDB(dir);
    const result = await build({ projectDir: dir, adapter });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.run!.results.map((r) => [r.id, r.status])).toEqual([
      ['model.shop.orders', 'success'],
      ['model.shop.orders_view', 'success'],
      ['test.shop.positive', 'success'],
    ]);
    expect(await adapter.query('select x, s from shop_cleaned.orders_view')).toEqual([{ x: 1, s: ';' }]);
  });
});

