import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { compile } from '../../src/mesh.js';
import { mesh } from '../support/run-cli.js';
import { updateProject, writeProject } from '../support/temp-project.js';

/** A file as an editor on Windows saves it: a BOM, CRLF line ends, a final newline. */
const windows = (...lines: string[]): string => `\uFEFF${lines.join('\r\n')}\r\n`;

const MESH_YAML = [
  'name: shop',
  'targets:',
  '  dev:',
  '    engine: duckdb',
  '    path: .mesh/dev.duckdb',
  '  prod:',
  '    engine: bigquery',
  '    project: shop-prod',
  '    location: EU',
  'default_target: dev',
  'vars:',
  '  methods: [card, cash, gift]',
  '  word: abc',
  '',
].join('\n');

const BASE: Record<string, string> = {
  'mesh.yaml': MESH_YAML,
  'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\nsources:\n  payments:\n    duckdb: data/payments.csv\n    bigquery: raw.payments\n',
  // Duplicates and nulls, as real data has them.
  'domains/shop/data/payments.csv': 'id,method,amount\n1,card,1050\n2,cash,200\n2,cash,200\n3,card,\n4,,999\n5,gift,1\n',
  'domains/shop/raw/payments.sql': 'select * from {{source "payments"}}\n',
  // CRLF and a BOM, as a Windows editor saves it; the header declares a required and a defaulted parameter.
  'macros/cents_to_dollars.sql': windows('/*', 'description: cents to dollars', 'params: [column, {scale: 2}]', '*/', 'round({{column}} / 100.0, {{scale}})'),
  'macros/bigquery/cents_to_dollars.sql': '/* params: [column, {scale: 2}] */\nROUND(SAFE_DIVIDE({{column}}, 100), {{scale}})\n',
  // A macro calling a macro, with a parameter that is a block param of the caller's loop.
  'macros/method_total.sql': '/* params: [method] */\nsum(case when method = {{literal method}} then {{cents_to_dollars "amount"}} else 0 end)\n',
  'macros/label.sql': "'project'\n",
  'domains/shop/macros/label.sql': "'domain'\n",
  'domains/shop/cleaned/converted.sql': [
    'select id,',
    '  {{cents_to_dollars "amount"}} as dollars,',
    '  {{cents_to_dollars column="amount" scale=4}} as dollars4,',
    '  {{cents_to_dollars "amount" 0}} as dollars0,',
    '  {{label}} as label',
    'from {{ref "payments"}}',
    '',
  ].join('\n'),
  'domains/shop/aggregate/by_method.sql': [
    'select',
    '{{#each (var "methods") as |method|}}',
    '  {{method_total method}} as {{identifier method}},',
    "  '{{@index}}{{#if @first}} first{{/if}}{{#if @last}} last{{/if}}' as pos_{{method}},",
    "  '{{this}}' as self_{{method}},",
    '{{/each}}',
    "  '{{this}}' as self",
    'from {{ref "payments"}}',
    '',
  ].join('\n'),
};

async function query(dir: string, sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBAdapter.open({ path: join(dir, '.mesh', 'dev.duckdb'), fileSearchPath: dir, connections: 1 });
  try {
    return await db.query(sql);
  } finally {
    await db.close();
  }
}

function problems(dir: string, target?: string): string[] {
  const result = compile({ projectDir: dir, cache: false, ...(target ? { target } : {}) });
  return result.diagnostics.map((d) => `${d.code} ${d.file}:${d.line ?? ''} ${d.message}${d.hint ? ` | ${d.hint}` : ''}`);
}

function selectOf(dir: string, id: string, target?: string): string {
  const result = compile({ projectDir: dir, cache: false, ...(target ? { target } : {}) });
  expect(result.diagnostics.map((d) => `${d.code} ${d.file}:${d.line} ${d.message}`)).toEqual([]);
  return result.compiled!.nodes.get(id)!.select.sql;
}

describe('macros', () => {
  it('build on DuckDB: positional, named and default params, a macro calling a macro, a loop over a var, the domain shadowing the project', async () => {
    const dir = writeProject(BASE, {});
    const r = await mesh(['build', '--project', dir], {});
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(await query(dir, 'select id, dollars, dollars4, dollars0, label from shop_cleaned.converted order by id, dollars nulls last')).toEqual([
      { id: 1, dollars: 10.5, dollars4: 10.5, dollars0: 11, label: 'domain' },
      { id: 2, dollars: 2, dollars4: 2, dollars0: 2, label: 'domain' },
      { id: 2, dollars: 2, dollars4: 2, dollars0: 2, label: 'domain' },
      { id: 3, dollars: null, dollars4: null, dollars0: null, label: 'domain' },
      { id: 4, dollars: 9.99, dollars4: 9.99, dollars0: 10, label: 'domain' },
      { id: 5, dollars: 0.01, dollars4: 0.01, dollars0: 0, label: 'domain' },
    ]);
    const [row] = await query(dir, 'select * from shop_aggregate.by_method');
    expect(row).toEqual({
      card: 10.5,
      pos_card: '0 first',
      self_card: '"shop_aggregate"."by_method"',
      cash: 4,
      pos_cash: '1',
      self_cash: '"shop_aggregate"."by_method"',
      gift: 0.01,
      pos_gift: '2 last',
      self_gift: '"shop_aggregate"."by_method"',
      self: '"shop_aggregate"."by_method"',
    });
  });

  it('dispatches on the engine: macros/bigquery/<name>.sql wins on a BigQuery target, macros/<name>.sql elsewhere', () => {
    const dir = writeProject(BASE, {});
    expect(selectOf(dir, 'model.shop.converted', 'prod')).toContain('ROUND(SAFE_DIVIDE(amount, 100), 4) as dollars4');
    expect(selectOf(dir, 'model.shop.converted', 'dev')).toContain('round(amount / 100.0, 4) as dollars4');
    // The nested call in method_total dispatches too, and identifier quotes for the engine.
    const bq = selectOf(dir, 'model.shop.by_method', 'prod');
    expect(bq).toContain("sum(case when method = 'cash' then ROUND(SAFE_DIVIDE(amount, 100), 2) else 0 end) as `cash`,");
    expect(selectOf(dir, 'model.shop.by_method', 'dev')).toContain(`sum(case when method = 'cash' then round(amount / 100.0, 2) else 0 end) as "cash",`);
  });

  it('a macro only for another engine is unknown here, and the hint says where it is', () => {
    const dir = writeProject({ ...BASE, 'macros/duckdb/only_duck.sql': 'epoch_ms(1)\n', 'domains/shop/cleaned/m.sql': 'select\n  {{only_duck}} as x from {{ref "payments"}}\n' }, {});
    expect(problems(dir, 'prod')).toEqual([
      'MESH131 domains/shop/cleaned/m.sql:2 unknown helper or value \'only_duck\' | macros/duckdb/only_duck.sql is for another engine only: add macros/only_duck.sql for every engine, or a variant for this one',
    ]);
    expect(problems(dir, 'dev')).toEqual([]);
  });

  it('reports an unknown macro with did-you-mean, a missing, unknown or repeated parameter, at the calling line', () => {
    const dir = writeProject({
      ...BASE,
      'domains/shop/cleaned/m.sql': [
        'select',
        '  {{cents_to_dolars "amount"}} as a,',
        '  {{cents_to_dollars}} as b,',
        '  {{cents_to_dollars column="amount" scal=3}} as c,',
        '  {{cents_to_dollars "amount" column="amount"}} as d,',
        '  {{cents_to_dollars "amount" 2 3}} as e',
        'from {{ref "payments"}}',
      ].join('\n'),
    }, {});
    const found = problems(dir);
    expect(found).toHaveLength(5);
    expect(found[0]).toMatch(/^MESH131 domains\/shop\/cleaned\/m.sql:2 unknown helper or value 'cents_to_dolars' \| did you mean 'cents_to_dollars'/);
    expect(found[1]).toMatch(/^MESH134 domains\/shop\/cleaned\/m.sql:3 macro 'cents_to_dollars' needs parameter 'column' \| write \{\{cents_to_dollars column=…\}\}/);
    expect(found[2]).toMatch(/^MESH134 domains\/shop\/cleaned\/m.sql:4 macro 'cents_to_dollars' has no parameter 'scal' \| did you mean 'scale'\?/);
    expect(found[3]).toMatch(/^MESH134 domains\/shop\/cleaned\/m.sql:5 parameter 'column' of macro 'cents_to_dollars' is given twice/);
    expect(found[4]).toMatch(/^MESH134 domains\/shop\/cleaned\/m.sql:6 macro 'cents_to_dollars' takes 2 parameters \(column, scale\), got 3/);
  });

  it('reports an error inside a macro at the macro file and line, naming the calling line', () => {
    const dir = writeProject({
      ...BASE,
      'macros/broken.sql': windows('/*', 'params: [column]', '*/', 'coalesce(', '  {{colum}}, 0)'),
      'macros/bad_ref.sql': '/* params: [name] */\n{{ref "nope"}}\n',
      'domains/shop/cleaned/m.sql': 'select\n  id,\n  {{broken "amount"}} as a,\n  {{bad_ref "x"}} as b\nfrom {{ref "payments"}}\n',
    }, {});
    expect(problems(dir)).toEqual([
      expect.stringMatching(/^MESH140 macros\/bad_ref.sql:2 ref to 'nope', which is not a model or seed of domain 'shop' \(in a macro called from domains\/shop\/cleaned\/m.sql:4\)/),
      expect.stringMatching(/^MESH131 macros\/broken.sql:5 unknown helper or value 'colum' \(in a macro called from domains\/shop\/cleaned\/m.sql:3\) \| did you mean 'column'\?/),
    ]);
  });

  it('refuses recursion, direct or through another macro, naming the cycle', () => {
    const dir = writeProject({
      ...BASE,
      'macros/a.sql': '{{b}}\n',
      'macros/b.sql': '1 +\n{{a}}\n',
      'macros/self.sql': '{{self}}\n',
      'domains/shop/cleaned/m.sql': 'select\n  {{a}} as x,\n  {{self}} as y\nfrom {{ref "payments"}}\n',
    }, {});
    const found = problems(dir);
    expect(found).toEqual([
      expect.stringMatching(/^MESH135 macros\/b.sql:2 macro 'a' calls itself: a → b → a \(in a macro called from domains\/shop\/cleaned\/m.sql:2\)/),
      expect.stringMatching(/^MESH135 macros\/self.sql:1 macro 'self' calls itself: self → self \(in a macro called from domains\/shop\/cleaned\/m.sql:3\)/),
    ]);
  });

  it('refuses a macro named like a builtin helper, or with a parameter named like one, at the macro file', () => {
    const dir = writeProject({ ...BASE, 'macros/ref.sql': 'x\n', 'domains/shop/macros/m2.sql': '/*\nparams:\n  - column\n  - literal\n*/\n{{column}}\n' }, {});
    expect(problems(dir)).toEqual([
      expect.stringMatching(/^MESH133 domains\/shop\/macros\/m2.sql:4 parameter 'literal' of macro 'm2' has the name of a builtin helper or value/),
      expect.stringMatching(/^MESH133 macros\/ref.sql:1 macro 'ref' has the name of a builtin helper or value/),
    ]);
  });

  it('maps an engine error below a multi-line macro expansion to the model line', async () => {
    const dir = writeProject({
      ...BASE,
      'macros/spread.sql': '/* params: [column] */\ncase\n  when {{column}} is null then 0\n  else {{column}}\nend\n',
      'domains/shop/cleaned/m.sql': 'select\n  {{spread "amount"}} as a,\n  {{spread "id"}} as b,\n  no_such_column as c\nfrom {{ref "payments"}}\n',
    }, {});
    const r = await mesh(['build', '--project', dir], {});
    expect(r.code).toBe(1);
    // Each call expands to four lines: unmapped, the error would be on line 10 of the rendered SQL.
    expect(r.out.join('\n')).toContain('domains/shop/cleaned/m.sql:4:3: Binder Error: Referenced column "no_such_column" not found');
    expect(r.out.join('\n')).toContain('    4 |   no_such_column as c');
  });

  it('re-renders (through the render cache) the models that call a macro when it is edited', () => {
    const dir = writeProject(BASE, {});
    const first = compile({ projectDir: dir });
    expect(first.diagnostics).toEqual([]);
    expect(first.compiled!.nodes.get('model.shop.converted')!.select.sql).toContain("'domain' as label");
    updateProject(dir, { 'domains/shop/macros/label.sql': "'edited'\n" });
    const second = compile({ projectDir: dir });
    expect(second.compiled!.nodes.get('model.shop.converted')!.select.sql).toContain("'edited' as label");
    // A macro called from a macro: its callers' callers are re-rendered too.
    updateProject(dir, { 'macros/cents_to_dollars.sql': '/* params: [column, {scale: 2}] */\nround({{column}} / 100.0, {{scale}}) + 0\n' });
    const third = compile({ projectDir: dir });
    expect(third.compiled!.nodes.get('model.shop.converted')!.select.sql).toContain('round(amount / 100.0, 4) + 0 as dollars4');
    expect(third.compiled!.nodes.get('model.shop.by_method')!.select.sql).toContain('round(amount / 100.0, 2) + 0 else 0 end');
  });

  it('reports a problem found before rendering with those found while rendering, on every run', () => {
    const dir = writeProject({ ...BASE, 'domains/shop/cleaned/m.sql': 'select {{cents_to_dollars}} as a,\n  {{json_text "x"}} as b\nfrom {{ref "payments"}}\n' }, {});
    for (let run = 0; run < 2; run++) {
      expect(compile({ projectDir: dir }).diagnostics.map((d) => `${d.code} ${d.file}:${d.line}`)).toEqual(['MESH134 domains/shop/cleaned/m.sql:1', 'MESH131 domains/shop/cleaned/m.sql:2']);
    }
  });

  it('reports a syntax error in a macro that nothing calls, at its file and line', () => {
    const dir = writeProject({ ...BASE, 'macros/unused.sql': windows('/* params: [a] */', 'coalesce({{a}},', '  {{#if a}}0)') }, {});
    expect(problems(dir)).toEqual([expect.stringMatching(/^MESH130 macros\/unused.sql:3 template syntax error: \{\{#if\}\} is never closed/)]);
  });

  it('takes a list as a parameter and loops over it; a parameter shadows a macro of its name; lookup reads a mapping', () => {
    const dir = writeProject({
      ...BASE,
      'macros/coalesce_all.sql': '/* params: [columns, {label: none}] */\n{{#each columns as |c|}}coalesce({{c}}, 0) as {{c}}_{{label}}{{#unless @last}}, {{/unless}}{{/each}}\n',
      // `label` is also a macro: inside coalesce_all, the parameter wins.
      'domains/shop/cleaned/m.sql': 'select {{coalesce_all (list "id" "amount") label="filled"}}, {{coalesce_all (var "methods")}}, {{lookup (list "a" "b") 1}} as l\nfrom {{ref "payments"}}\n',
    }, {});
    expect(selectOf(dir, 'model.shop.m')).toBe('select coalesce(id, 0) as id_filled, coalesce(amount, 0) as amount_filled, coalesce(card, 0) as card_none, coalesce(cash, 0) as cash_none, coalesce(gift, 0) as gift_none, b as l\nfrom "shop_raw"."payments"\n');
  });

  it('column lineage reads through a macro expansion and a loop', async () => {
    const dir = writeProject(BASE, {});
    const r = await mesh(['lineage', '--project', dir, 'shop.by_method.cash', '--upstream'], {});
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const text = r.out.join('\n');
    // amount through cents_to_dollars inside method_total, method through the loop's case when.
    expect(text).toContain('├─ model.shop.payments.amount  AGGREGATION');
    expect(text).toContain('└─ model.shop.payments.method  INDIRECT CONDITIONAL');
  });

  it('warns about a folder under macros/ that is not an engine', () => {
    const dir = writeProject({ ...BASE, 'macros/duckbd/x.sql': '1\n' }, {});
    const result = compile({ projectDir: dir, cache: false });
    expect(result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.file} ${d.message} | ${d.hint}`)).toEqual([
      "warning MESH190 macros/duckbd folder 'macros/duckbd' is not an engine's; its macros are ignored | did you mean 'duckdb'? per-engine macros go in macros/duckdb/ or macros/bigquery/",
    ]);
  });

  it('a helper written as a template override is not a helper: the hint says to make it a macro', () => {
    const dir = writeProject({ ...BASE, 'templates/duckdb/helpers/to_dollars.sql': '{{expr}} / 100\n', 'domains/shop/cleaned/m.sql': 'select {{to_dollars "amount"}} from {{ref "payments"}}\n' }, {});
    expect(problems(dir)).toEqual([
      "MESH131 domains/shop/cleaned/m.sql:1 unknown helper or value 'to_dollars' | templates/duckdb/helpers/to_dollars.sql overrides a builtin template, it does not add a helper: move it to macros/to_dollars.sql (macros/<engine>/to_dollars.sql for one engine)",
    ]);
  });

  it("sees the calling node's {{this}}, target and is_incremental", () => {
    const dir = writeProject({
      ...BASE,
      'macros/since_last.sql': "/* params: [column] */\n{{#if is_incremental}}where {{column}} > (select max({{column}}) from {{this}}){{else}}where true{{/if}} -- {{target.engine}} {{target.name}}\n",
      'domains/shop/cleaned/m.sql': '/*\nmaterialized: incremental\n*/\nselect * from {{ref "payments"}}\n{{since_last "id"}}\n',
    }, {});
    const result = compile({ projectDir: dir, cache: false });
    expect(result.diagnostics).toEqual([]);
    const node = result.compiled!.nodes.get('model.shop.m')!;
    expect(node.select.sql).toContain('where true -- duckdb dev');
    expect(node.incrementalSelect!.sql).toContain('where id > (select max(id) from "shop_cleaned"."m") -- duckdb dev');
  });
});
