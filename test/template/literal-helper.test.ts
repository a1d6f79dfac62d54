import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { build, compile } from '../../src/mesh.js';
import { memoryDuckDB, updateProject, writeProject } from '../support/temp-project.js';

const EVIL = "'; drop table shop_raw.customers; select '";
const MESH_YAML = [
  'name: test_mesh',
  'targets:',
  '  dev:',
  '    engine: duckdb',
  '  prod:',
  '    engine: bigquery',
  '    project: p', '    location: EU',
  'vars:',
  '  currency: EUR',
  `  evil: "${EVIL}"`,
  '  code: "5"',
  '  limit: 5',
  '  ratio: -0.25',
  '  enabled: true',
  '  path: C:\\data\\new',
  '  regions: [eu, us]',
  '',
].join('\r\n');
const MODEL = [
  'select',
  '  {{literal (var "currency")}} as currency,',
  '  {{literal (var "evil")}} as evil,',
  '  {{literal (var "code")}} as code,',
  '  {{literal (var "limit")}} as lim,',
  '  {{literal (var "ratio")}} as ratio,',
  '  {{literal (var "enabled")}} as enabled,',
  '  {{literal (var "path")}} as path,',
  '  {{literal null}} as nothing,',
  '  {{literal "it\'s"}} as quoted,',
  '  {{var "limit"}} + 1 as raw',
  '',
].join('\r\n');

let adapter: DuckDBAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
});

const project = (model = MODEL) =>
  writeProject({ 'mesh.yaml': MESH_YAML, 'domains/shop/raw/customers.sql': 'select 1 as id\n', 'domains/shop/raw/settings.sql': model });

const rendered = (dir: string, target: string) => compile({ projectDir: dir, target, cache: false }).compiled!.nodes.get('model.shop.settings')!.select.sql.split('\r\n');

describe('{{literal}}: a value as a SQL literal of the target dialect', () => {
  it('DuckDB: strings quoted with doubled quotes, numbers and booleans bare, null as NULL', () => {
    expect(rendered(project(), 'dev')).toEqual([
      'select',
      "  'EUR' as currency,",
      "  '''; drop table shop_raw.customers; select ''' as evil,",
      "  '5' as code,",
      '  5 as lim,',
      '  -0.25 as ratio,',
      '  TRUE as enabled,',
      "  'C:\\data\\new' as path,",
      '  NULL as nothing,',
      "  'it''s' as quoted,",
      '  5 + 1 as raw',
      '',
    ]);
  });

  it('BigQuery: strings quoted with backslash escapes', () => {
    expect(rendered(project(), 'prod')).toEqual([
      'select',
      "  'EUR' as currency,",
      "  '\\'; drop table shop_raw.customers; select \\'' as evil,",
      "  '5' as code,",
      '  5 as lim,',
      '  -0.25 as ratio,',
      '  TRUE as enabled,',
      "  'C:\\\\data\\\\new' as path,",
      '  NULL as nothing,',
      "  'it\\'s' as quoted,",
      '  5 + 1 as raw',
      '',
    ]);
  });

  it("on DuckDB, a var holding '; drop table …; select ' is a harmless string", async () => {
    const dir = project();
    adapter = await memoryDuckDB(dir);
    const result = await build({ projectDir: dir, adapter });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.run!.success).toBe(true);
    expect(await adapter.query('select currency, evil, code, lim, ratio, enabled, path, nothing, quoted, raw from shop_raw.settings')).toEqual([
      { currency: 'EUR', evil: EVIL, code: '5', lim: 5, ratio: -0.25, enabled: true, path: 'C:\\data\\new', nothing: null, quoted: "it's", raw: 6 },
    ]);
    expect(await adapter.query('select count(*) as n from shop_raw.customers')).toEqual([{ n: 1 }]);
  });

  it('a list (or a call without one value) is MESH131 at the line of the call', () => {
    const dir = project(['select', '  {{literal (var "regions")}} as regions,', '  {{literal}} as nothing', 'from range(1)', ''].join('\r\n'));
    const diagnostics = compile({ projectDir: dir, cache: false }).diagnostics;
    expect(diagnostics.map((d) => `${d.code} ${d.file}:${d.line}`)).toEqual(['MESH131 domains/shop/raw/settings.sql:2', 'MESH131 domains/shop/raw/settings.sql:3']);
    expect(diagnostics[0]!.message).toBe('{{literal}} inserts a string, number, boolean or null, not a list');
  });

  it('elsewhere {{var}} stays text: eq, if and ref compare and use its text', () => {
    const dir = project('select {{#if (eq (var "currency") "EUR")}}\'euro\'{{else}}\'other\'{{/if}} as kind, {{literal (var "limit")}} as lim, x from {{ref (var "table")}}\n');
    updateProject(dir, { 'mesh.yaml': MESH_YAML.replace('vars:', 'vars:\r\n  table: customers') });
    expect(rendered(dir, 'dev')).toEqual(['select \'euro\' as kind, 5 as lim, x from "shop_raw"."customers"\n']);
  });

  it('a var that changes type renders again, though its text is the same (5 → "5")', () => {
    const dir = project('select {{literal (var "limit")}} as lim\n');
    expect(compile({ projectDir: dir }).compiled!.nodes.get('model.shop.settings')!.select.sql).toBe('select 5 as lim\n');
    updateProject(dir, { 'mesh.yaml': MESH_YAML.replace('limit: 5', 'limit: "5"') });
    expect(compile({ projectDir: dir }).compiled!.nodes.get('model.shop.settings')!.select.sql).toBe("select '5' as lim\n");
  });
});
