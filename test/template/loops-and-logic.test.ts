import { describe, expect, it } from 'vitest';
import { compile } from '../../src/mesh.js';
import { writeProject } from '../support/temp-project.js';
import { createZetaSqlAnalyzer } from '../support/zetasql.js';

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
  '  methods: [card, cash]',
  '  flag_on: true',
  '  flag_off: false',
  '  empty: []',
  '  zero: 0',
  '  five: 5',
  '  word: abc',
  '  nothing: ~',
  '  regions: {eu: Europe, us: America}',
  '',
].join('\n');

const BASE: Record<string, string> = {
  'mesh.yaml': MESH_YAML,
  'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\nsources:\n  payments:\n    duckdb: data/payments.csv\n    bigquery: raw.payments\n',
  'domains/shop/data/payments.csv': 'id,method\n1,card\n',
  'domains/shop/raw/payments.sql': 'select * from {{source "payments"}}\n',
};

/** The model's compiled SQL on a target, with no problems. */
function compiled(model: string, target = 'dev'): string {
  const dir = writeProject({ ...BASE, 'domains/shop/cleaned/m.sql': model }, {});
  const result = compile({ projectDir: dir, cache: false, target });
  expect(result.diagnostics.map((d) => `${d.code} ${d.file}:${d.line} ${d.message}`)).toEqual([]);
  return result.compiled!.nodes.get('model.shop.m')!.select.sql;
}

function problems(model: string): string[] {
  const dir = writeProject({ ...BASE, 'domains/shop/cleaned/m.sql': model }, {});
  return compile({ projectDir: dir, cache: false }).diagnostics.map((d) => `${d.code} ${d.file}:${d.line} ${d.message}${d.hint ? ` | ${d.hint}` : ''}`);
}

/** `'<if branch>' as name` for each condition: y when true, n when false. */
function truth(conditions: Record<string, string>): Record<string, string> {
  const sql = compiled(`select\n${Object.entries(conditions).map(([name, c]) => `  '{{#if ${c}}}y{{else}}n{{/if}}' as ${name}`).join(',\n')}\nfrom {{ref "payments"}}\n`);
  return Object.fromEntries([...sql.matchAll(/'(y|n)' as (\w+)/g)].map((m) => [m[2]!, m[1]!]));
}

describe('{{#if}} on typed vars', () => {
  it('is false for false, an empty list, 0 and a false default, true for true, a list, a number and text', () => {
    expect(truth({ on: '(var "flag_on")', off: '(var "flag_off")', empty: '(var "empty")', zero: '(var "zero")', list: '(var "methods")', five: '(var "five")', word: '(var "word")', dflt: '(var "missing" default=false)' })).toEqual({
      on: 'y', off: 'n', empty: 'n', zero: 'n', list: 'y', five: 'y', word: 'y', dflt: 'n',
    });
  });
});

describe('comparison and boolean helpers', () => {
  it('compare typed values: eq, ne, lt, gt, and, or, not, in', () => {
    expect(
      truth({
        eq_num: '(eq (var "five") 5)',
        eq_text_num: '(eq (var "five") "5")',
        eq_engine: '(eq target.engine "duckdb")',
        ne: '(ne target.name "prod")',
        lt: '(lt (var "zero") (var "five"))',
        gt: '(gt (var "zero") (var "five"))',
        gt_text: '(gt "b" "a")',
        and_t: '(and (var "flag_on") (var "five") "x")',
        and_f: '(and (var "flag_on") (var "empty"))',
        or_t: '(or (var "flag_off") (var "methods"))',
        or_f: '(or (var "flag_off") (var "zero"))',
        not: '(not (var "flag_off"))',
        in_t: '(in target.engine (list "duckdb" "bigquery"))',
        in_f: '(in "gift" (var "methods"))',
        else_if: 'false',
      }),
    ).toEqual({ eq_num: 'y', eq_text_num: 'n', eq_engine: 'y', ne: 'y', lt: 'y', gt: 'n', gt_text: 'y', and_t: 'y', and_f: 'n', or_t: 'y', or_f: 'n', not: 'y', in_t: 'y', in_f: 'n', else_if: 'n' });
  });

  it('branch per engine with target.engine', () => {
    const model = 'select {{#if (eq target.engine "bigquery")}}SAFE_DIVIDE(1, 2){{else}}1 / 2{{/if}} as half from {{ref "payments"}}\n';
    expect(compiled(model, 'prod')).toContain('select SAFE_DIVIDE(1, 2) as half');
    expect(compiled(model, 'dev')).toContain('select 1 / 2 as half');
  });

  it('reports comparisons of the wrong kind and wrong arities at their line', () => {
    expect(problems('select\n{{#if (lt (var "word") 5)}}1{{/if}}\n{{#if (in "a" (var "word"))}}2{{/if}}\n{{#if (eq (var "methods") 1)}}3{{/if}}\n{{#if (not 1 2)}}4{{/if}}\nfrom {{ref "payments"}}')).toEqual([
      expect.stringMatching(/^MESH136 domains\/shop\/cleaned\/m.sql:2 \(lt …\) orders two numbers or two texts, not the text 'abc' and the number 5/),
      expect.stringMatching(/^MESH136 domains\/shop\/cleaned\/m.sql:3 \(in …\) looks for a value in a list, and its second argument is the text 'abc'/),
      expect.stringMatching(/^MESH136 domains\/shop\/cleaned\/m.sql:4 \(eq …\) compares text, numbers, booleans or null, not a list/),
      expect.stringMatching(/^MESH131 domains\/shop\/cleaned\/m.sql:5 \(not …\) takes 1 argument, got 2/),
    ]);
  });
});

describe('{{#each}}', () => {
  it('loops over a var list, a literal list and a mapping with @index, @first, @last, @key; {{this}} stays the relation', () => {
    const sql = compiled(
      [
        'select',
        '{{#each (var "methods") as |m i|}}',
        "  '{{m}}:{{i}}:{{@index}}:{{#if @first}}first{{/if}}{{#if @last}}last{{/if}}:{{this}}' as c_{{m}},",
        '{{/each}}',
        '{{#each (list "x" 2) as |v|}}',
        "  '{{v}}' as l_{{@index}},",
        '{{/each}}',
        '{{#each (var "regions") as |name code|}}',
        "  '{{name}}' as r_{{code}}_{{@key}},",
        '{{/each}}',
        '{{#each (var "empty") as |e|}}',
        '  {{e}} as never,',
        '{{else}}',
        "  'none' as empty_list,",
        '{{/each}}',
        '  1 as one',
        'from {{ref "payments"}}',
      ].join('\n'),
    );
    expect(sql).toContain(`'card:0:0:first:"shop_cleaned"."m"' as c_card,`);
    expect(sql).toContain(`'cash:1:1:last:"shop_cleaned"."m"' as c_cash,`);
    expect(sql).toContain(`'x' as l_0,\n  '2' as l_1,`);
    expect(sql).toContain(`'Europe' as r_eu_eu,\n  'America' as r_us_us,`);
    expect(sql).toContain(`'none' as empty_list,`);
    expect(sql).not.toContain('never');
  });

  it('over something that is not a list is an error at its line, never an empty render', () => {
    expect(problems('select\n{{#each (var "word") as |w|}}{{w}},{{/each}}\n{{#each (var "five") as |w|}}{{w}},{{/each}}\n1 from {{ref "payments"}}')).toEqual([
      "MESH136 domains/shop/cleaned/m.sql:2 {{#each}} loops over a list, and it was given the text 'abc' | give it a list: a var holding one (vars: {methods: [card, cash]}), (list \"a\" \"b\"), or a macro parameter passed one",
      expect.stringMatching(/^MESH136 domains\/shop\/cleaned\/m.sql:3 \{\{#each\}\} loops over a list, and it was given the number 5/),
    ]);
  });

  it('over a missing var reports the var once', () => {
    expect(problems('select\n{{#each (var "nope") as |w|}}{{w}},{{/each}}\n1 from {{ref "payments"}}')).toEqual([
      expect.stringMatching(/^MESH142 domains\/shop\/cleaned\/m.sql:2 var 'nope' is not defined/),
    ]);
  });

  it('needs block params, so that {{this}} keeps meaning the relation; {{#with}} is not offered', () => {
    expect(problems('select\n{{#each (var "methods")}}{{this}},{{/each}}\n{{#with (var "regions")}}{{eu}}{{/with}}\n1 from {{ref "payments"}}')).toEqual([
      'MESH137 domains/shop/cleaned/m.sql:2 {{#each}} needs a name for its item: {{#each … as |item|}} | write {{#each (var "methods") as |method|}} … {{method}} … {{/each}}: {{this}} stays the relation the model builds',
      expect.stringMatching(/^MESH137 domains\/shop\/cleaned\/m.sql:3 \{\{#with\}\} is not offered/),
    ]);
  });

  it('refuses to print a list or a mapping, and names what is unknown with did-you-mean', () => {
    expect(problems('select\n{{#each (list (var "methods")) as |m|}}{{m}}{{/each}},\n{{list "a"}},\n{{#each (var "methods") as |method|}}{{methd}}{{/each}}\n1 from {{ref "payments"}}')).toEqual([
      expect.stringMatching(/^MESH136 domains\/shop\/cleaned\/m.sql:2 a list cannot be printed/),
      expect.stringMatching(/^MESH136 domains\/shop\/cleaned\/m.sql:3 a list cannot be printed/),
      expect.stringMatching(/^MESH131 domains\/shop\/cleaned\/m.sql:4 unknown helper or value 'methd' \| did you mean 'method'\?/),
    ]);
    expect(problems('select {{#each (list (var "methods")) as |m|}}{{m}}{{/each}} from {{ref "payments"}}')).toEqual([
      expect.stringMatching(/^MESH136 domains\/shop\/cleaned\/m.sql:1 a list cannot be printed/),
    ]);
  });
});

describe('identifier and csv_literals', () => {
  const model = 'select id as {{identifier "order id"}}, method as {{identifier (var "word")}}\nfrom {{ref "payments"}}\nwhere method in ({{csv_literals (var "methods")}}) and cast(id as string) in ({{csv_literals (list "1" "it\'s")}})\n';

  it('quote for DuckDB', () => {
    expect(compiled(model, 'dev')).toContain(`select id as "order id", method as "abc"\nfrom "shop_raw"."payments"\nwhere method in ('card', 'cash') and cast(id as string) in ('1', 'it''s')`);
    expect(compiled('select {{csv_literals (list 1 2.5 true)}}, {{csv_literals (var "methods")}} from {{ref "payments"}}', 'dev')).toContain("select 1, 2.5, TRUE, 'card', 'cash' from");
  });

  it('quote for BigQuery, and ZetaSQL accepts the statement', async () => {
    const sql = compiled(model, 'prod');
    expect(sql).toContain("select id as `order id`, method as `abc`\nfrom `shop-prod.shop_raw.payments`\nwhere method in ('card', 'cash') and cast(id as string) in ('1', 'it\\'s')");
    const analyzer = await createZetaSqlAnalyzer();
    try {
      const tables = new Map([['shop-prod.shop_raw.payments', [{ name: 'id', type: 'INT64' }, { name: 'method', type: 'STRING' }]]]);
      expect(await analyzer.analyze(sql, tables, 'shop-prod')).toEqual({ ok: true, columns: [{ name: 'order id', type: 'INT64' }, { name: 'abc', type: 'STRING' }] });
    } finally {
      await analyzer.close();
    }
  }, 60_000);

  it('report a list that is empty or not a list', () => {
    expect(problems('select 1 from {{ref "payments"}}\nwhere a in ({{csv_literals (var "empty")}})\nand b in ({{csv_literals (var "word")}})')).toEqual([
      expect.stringMatching(/^MESH136 domains\/shop\/cleaned\/m.sql:2 \{\{csv_literals\}\} inserts the items of a list, not an empty list/),
      expect.stringMatching(/^MESH136 domains\/shop\/cleaned\/m.sql:3 \{\{csv_literals\}\} inserts the items of a list, not string abc/),
    ]);
  });
});
