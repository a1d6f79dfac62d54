/**
 * The converter construct by construct: each dbt form, in files saved as editors save them (a BOM,
 * CRLF, tabs), becomes its meshwork form on the same line, or a `{{!-- dbt: … --}}` comment and a
 * problem at its line. Every output is also checked to hold no Jinja meshwork would reject.
 */
import { describe, expect, it } from 'vitest';
import { convertModelSql } from '../../../src/import/jinja/convert-model.js';
import { findJinja } from '../../../src/template/jinja-syntax.js';
import { jinjaContext } from './jinja-context.js';

/** As a Windows editor saves it. */
const windows = (...lines: string[]): string => `\uFEFF${lines.join('\r\n')}\r\n`;

function convert(text: string, context = jinjaContext()) {
  const out = convertModelSql(text, context);
  expect(findJinja(out.sql), out.sql).toEqual([]);
  // The same lines as the dbt file, so that meshwork's errors point at the lines the user knows.
  expect(out.sql.split('\n').length).toBe(text.split('\n').length);
  return out;
}

const problems = (out: ReturnType<typeof convert>) => out.problems.map((p) => `${p.file}:${p.line} ${p.construct} | ${p.message}`);

describe('ref, source, var, env_var, this', () => {
  it('ref: same domain, package-qualified, versioned into a contract, unknown kept and reported', () => {
    const seen: (string | undefined)[] = [];
    const context = { ...jinjaContext(), resolveRef: (name: string, pkg?: string) => (seen.push(pkg), jinjaContext().resolveRef(name, pkg)) };
    const out = convert(windows(
      'select * from {{ ref("stg_orders") }}',
      "join {{ref('jaffle', 'stg_payments')}} using (id)",
      "join {{ ref('customers_public', v=2) }} using (id)",
      "join {{ ref('customers_public') }} using (id)",
      "join {{ ref('nowhere') }} using (id)",
    ), context);
    expect(out.sql).toBe(['select * from {{ref "stg_orders"}}', 'join {{ref "stg_payments"}} using (id)', 'join {{contract "crm.customers" version=2}} using (id)', 'join {{contract "crm.customers" version=1}} using (id)', 'join {{ref "nowhere"}} using (id)', ''].join('\r\n'));
    expect(seen).toEqual([undefined, 'jaffle', undefined, undefined, undefined]);
    expect(problems(out)).toEqual([`models/marts/orders.sql:5 {{ ref('nowhere') }} | ref('nowhere') is not a model, seed or public model of the project: kept as {{ref "nowhere"}}`]);
    expect(out.problems[0]!.hint).toContain('nowhere');
  });

  it('a ref of a name that is not a literal is left as a comment', () => {
    const out = convert("{% set t = 'x' %}\nselect * from {{ ref(t ~ '_v2') }}\n");
    expect(out.sql).toBe("\nselect * from {{!-- dbt: {{ ref(t ~ '_v2') }} --}}\n");
    expect(problems(out)).toEqual(["models/marts/orders.sql:2 {{ ref(t ~ '_v2') }} | ref() takes a model's name in quotes here; left in place as {{!-- dbt: … --}}"]);
  });

  it('source: the declared meshwork source, or the table name reported', () => {
    const out = convert(windows("select * from {{ source('jaffle', 'orders') }}", "union all select * from {{ source('jaffle', 'refunds') }}"));
    expect(out.sql).toBe(['select * from {{source "raw_orders"}}', 'union all select * from {{source "refunds"}}', ''].join('\r\n'));
    expect(problems(out)).toEqual(["models/marts/orders.sql:2 {{ source('jaffle', 'refunds') }} | source('jaffle', 'refunds') is not declared in the dbt project's sources: written as {{source \"refunds\"}}"]);
  });

  it('var with and without a default; an undeclared var without one is reported; env_var and secrets', () => {
    const out = convert([
      "where d >= '{{ var('start_date') }}' and n < {{ var('limit', 10) }} and m = '{{ var(\"mode\", 'full') }}'",
      "and x = {{ var('missing') }}",
      "and r = '{{ env_var('REGION', 'eu') }}' and u = '{{ env_var('DBT_USER') }}' and t = {{ env_var('DBT_ENV_SECRET_TOKEN') }}",
      '',
    ].join('\n'));
    expect(out.sql.split('\n')).toEqual([
      `where d >= '{{var "start_date"}}' and n < {{var "limit" default=10}} and m = '{{var "mode" default="full"}}'`,
      'and x = {{var "missing"}}',
      `and r = '{{env "REGION" default="eu"}}' and u = '{{env "DBT_USER"}}' and t = {{env_secret "DBT_ENV_SECRET_TOKEN"}}`,
      '',
    ]);
    expect(problems(out)).toEqual([
      "models/marts/orders.sql:2 {{ var('missing') }} | var('missing') has no value in dbt_project.yml and no default",
      `models/marts/orders.sql:3 {{ env_var('DBT_ENV_SECRET_TOKEN') }} | env_var('DBT_ENV_SECRET_TOKEN') became {{env_secret "DBT_ENV_SECRET_TOKEN"}}, which inserts a quoted string literal (and keeps the value out of target/)`,
    ]);
  });

  it('this, target.name, target.type', () => {
    const out = convert("select '{{ target.name }}' as t, '{{ target.type }}' as e from {{ this }}\n");
    expect(out.sql).toBe("select '{{target.name}}' as t, '{{target.engine}}' as e from {{this}}\n");
    expect(out.problems).toEqual([]);
  });

  it('target.schema and this.name have no meshwork form', () => {
    const out = convert('select 1 from {{ target.schema }}.x, {{ this.name }}\n');
    expect(out.sql).toBe('select 1 from {{!-- dbt: {{ target.schema }} --}}.x, {{!-- dbt: {{ this.name }} --}}\n');
    expect(out.problems.map((p) => `${p.line} ${p.construct}`)).toEqual(['1 {{ target.schema }}', '1 {{ this.name }}']);
    expect(out.problems.map((p) => p.message)).toEqual([
      'target.schema has no meshwork form; left in place as {{!-- dbt: … --}}',
      'this.name has no meshwork form; left in place as {{!-- dbt: … --}}',
    ]);
  });
});

describe('config', () => {
  it('a multi-line config() leaves the SQL, its lines kept blank, and its arguments come back as values', () => {
    const out = convert(windows(
      '{{',
      '\tconfig(',
      "\t\tmaterialized = 'incremental', unique_key=['order_id', \"line\"],",
      "\t\ton_schema_change='fail', full_refresh=False, tags=('a',), meta={'owner': 'x', 'n': 2.5}, enabled=True, alias=None",
      '\t)',
      '}}',
      'select 1 as order_id',
    ));
    expect(out.sql).toBe('\r\n\r\n\r\n\r\n\r\n\r\nselect 1 as order_id\r\n');
    expect(out.config).toEqual({ materialized: 'incremental', unique_key: ['order_id', 'line'], on_schema_change: 'fail', full_refresh: false, tags: ['a'], meta: { owner: 'x', n: 2.5 }, enabled: true, alias: null });
    expect(out.problems).toEqual([]);
  });

  it('a config() inside a branch is reported and left as a comment', () => {
    const out = convert("{% if target.name == 'prod' %}{{ config(materialized='table') }}{% endif %}\nselect 1\n");
    expect(out.config).toEqual({});
    expect(out.sql).toBe('{{#if (eq target.name "prod")}}{{!-- dbt: {{ config(materialized=\'table\') }} --}}{{/if}}\nselect 1\n');
    expect(out.problems.map((p) => `${p.line} ${p.message}`)).toEqual(['1 config() inside {% if %} or {% for %} (its value would depend on the branch); left in place as {{!-- dbt: … --}}']);
  });

  it('a config value that is not a literal is left out and reported', () => {
    const out = convert("{{ config(materialized='table', schema=var('schema')) }}\nselect 1\n");
    expect(out.config).toEqual({ materialized: 'table' });
    expect(problems(out)).toEqual(["models/marts/orders.sql:1 {{ config(materialized='table', schema=var('schema')) }} | config schema= is not a literal value; left out of the header"]);
  });
});

describe('if, for, set, loop', () => {
  it('if / elif / else with and, or, not, comparisons, in, is none, is_incremental and target.type', () => {
    const out = convert(windows(
      "select * from t",
      "{% if is_incremental() and target.type == 'duckdb' %}",
      'where a > (select max(a) from {{ this }})',
      "{% elif var('flag') or not var('other', False) %}",
      "where b in ('x')",
      "{% elif target.name != 'prod' and var('n', 3) >= 2 and var('n', 3) <= 5 and var('n', 3) < 9 and var('n', 3) > 0 %}",
      'where c',
      "{% elif target.name in ['dev', 'ci'] or target.name not in ('prod',) or not var('x', none) or var('y', 1) is not none %}",
      'where d',
      '{% else %}',
      'where e',
      '{% endif %}',
    ));
    expect(out.sql.split('\r\n')).toEqual([
      'select * from t',
      '{{#if (and is_incremental (eq target.engine "duckdb"))}}',
      'where a > (select max(a) from {{this}})',
      '{{else if (or (var "flag") (not (var "other" default=false)))}}',
      "where b in ('x')",
      '{{else if (and (and (and (and (ne target.name "prod") (not (lt (var "n" default=3) 2))) (not (gt (var "n" default=3) 5))) (lt (var "n" default=3) 9)) (gt (var "n" default=3) 0))}}',
      'where c',
      '{{else if (or (or (or (in target.name (list "dev" "ci")) (not (in target.name (list "prod")))) (not (var "x" default=false))) (ne (var "y" default=1) null))}}',
      'where d',
      '{{else}}',
      'where e',
      '{{/if}}',
      '',
    ]);
    expect(out.problems).toEqual([]);
  });

  it('for over a literal list, a set list, a var, a mapping\'s items(), with loop.first/last/index0 and for-else', () => {
    const out = convert(windows(
      "{%- set methods = ['card', 'cash'] -%}",
      "{% set sep = ', ' %}",
      "select {% for c in ['a', 'b'] %}{{ c }}{% if not loop.last %},{% endif %}{% endfor %}",
      "{% for m in methods %}, {{ loop.index0 }} as i_{{ m }}{% if loop.first %} /* first */{% endif %}{% endfor %}",
      "{% for m in var('payment_methods') %}, '{{ m }}'{{ sep }}{% else %}, 0{% endfor %}",
      "{% for k, v in var('renames', {}).items() -%}",
      '  , {{ v }} as {{ k }}',
      '{%- endfor %}',
    ));
    expect(out.sql.split('\r\n')).toEqual([
      '',
      '',
      'select {{#each (list "a" "b") as |c|}}{{c}}{{#if (not @last)}},{{/if}}{{/each}}',
      '{{#each (list "card" "cash") as |m|}}, {{@index}} as i_{{m}}{{#if @first}} /* first */{{/if}}{{/each}}',
      `{{#each (var "payment_methods") as |m|}}, '{{m}}', {{else}}, 0{{/each}}`,
      '{{!-- dbt: {% for k, v in var(\'renames\', {}).items() -%}',
      '  , {{ v }} as {{ k }}',
      '{%- endfor %} --}}',
      '',
    ]);
    // A mapping written in the template has no Handlebars form; from a var it loops.
    expect(problems(out)).toEqual(["models/marts/orders.sql:6 {% for k, v in var('renames', {}).items() -%} | a mapping written in the template has no Handlebars form; left in place as {{!-- dbt: … --}}"]);
    const items = convert("{% for k, v in var('renames').items() -%}\n , {{ v }} as {{ k }}\n{%- endfor %}\n", jinjaContext({ vars: { renames: { a: 'b' } } }));
    expect(items.sql).toBe('{{#each (var "renames") as |v k|~}}\n , {{v}} as {{k}}\n{{~/each}}\n');
  });

  it('whitespace control becomes Handlebars ~ on blocks and mustaches', () => {
    const out = convert("{%- if var('flag') -%}\n  {{- var('a') -}}\n{%- else %}b{% endif -%}\n");
    expect(out.sql).toBe('{{~#if (var "flag")~}}\n  {{~var "a"~}}\n{{~else}}b{{/if~}}\n');
  });

  it('loop.index (1-based) and loop outside a for are reported; the block is left as a comment', () => {
    const out = convert(windows("{% for m in ['a'] %}", "  {{ loop.index }}", '{% endfor %}', "{{ loop.first }}"));
    expect(out.sql.split('\r\n')).toEqual(['{{#each (list "a") as |m|}}', '  {{!-- dbt: {{ loop.index }} --}}', '{{/each}}', '{{!-- dbt: {{ loop.first }} --}}', '']);
    expect(problems(out)).toEqual([
      "models/marts/orders.sql:2 {{ loop.index }} | loop.index counts from 1, and Handlebars' @index from 0; left in place as {{!-- dbt: … --}}",
      'models/marts/orders.sql:4 {{ loop.first }} | loop.first outside a {% for %}; left in place as {{!-- dbt: … --}}',
    ]);
  });

  it('set: a scalar is printed where it is used; a value that is not a literal, or a set inside a block, is reported', () => {
    const out = convert([
      "{% set col = 'amount' %}{% set n = 3 %}{% set on = true %}",
      'select {{ col }} * {{ n }} as x, {{ on }} as b',
      "{% set cols = adapter.get_columns_in_relation(ref('stg_orders')) %}",
      "{% if var('flag') %}{% set y = 1 %}{% endif %}",
      '{% set block %}select 1{% endset %}',
      '',
    ].join('\n'));
    expect(out.sql.split('\n')).toEqual([
      '',
      'select amount * 3 as x, True as b',
      "{{!-- dbt: {% set cols = adapter.get_columns_in_relation(ref('stg_orders')) %} --}}",
      '{{#if (var "flag")}}{{!-- dbt: {% set y = 1 %} --}}{{/if}}',
      '{{!-- dbt: {% set block %}select 1{% endset %} --}}',
      '',
    ]);
    expect(out.problems.map((p) => `${p.line} ${p.message}`)).toEqual([
      '3 {% set %} of a value that is not a literal (a string, number, boolean, list or mapping) nor a ref, source or var; left in place as {{!-- dbt: … --}}',
      '4 {% set %} inside {% if %} or {% for %} (its value would depend on the branch); left in place as {{!-- dbt: … --}}',
      '5 {% set %} … {% endset %} has no meshwork form here; left in place as {{!-- dbt: … --}}',
    ]);
  });
});

describe('comments and what is not converted', () => {
  it('{# #} becomes a Handlebars comment, multi-line and with --}} inside', () => {
    const out = convert(windows('{# a note', '   on two lines --}} #}', 'select 1 {#- short -#}'));
    expect(out.sql).toBe(['{{!-- a note', '   on two lines -- }} --}}', 'select 1 {{!-- short --}}', ''].join('\r\n'));
  });

  it('run_query, statement blocks, execute, do, log, package macros and filters: a comment at their place and a problem each', () => {
    const text = windows(
      "{% call statement('payment_methods', fetch_result=True) %}",
      "select distinct payment_method from {{ ref('stg_payments') }}",
      '{% endcall %}',
      '{% if execute %}',
      "{% set methods = load_result('payment_methods')['data'] %}",
      '{% endif %}',
      "{% do log('hello', info=True) %}",
      "select {{ dbt_utils.pivot('m', ['a']) }}, {{ 'x' | upper }}, {{ run_query('select 1') }}",
      '{{ adapter.get_columns_in_relation(this) }}',
    );
    const out = convert(text);
    expect(out.sql.split('\r\n')).toEqual([
      "{{!-- dbt: {% call statement('payment_methods', fetch_result=True) %}",
      "select distinct payment_method from {{ ref('stg_payments') }}",
      '{% endcall %} --}}',
      '{{!-- dbt: {% if execute %}',
      "{% set methods = load_result('payment_methods')['data'] %}",
      '{% endif %} --}}',
      "{{!-- dbt: {% do log('hello', info=True) %} --}}",
      "select {{!-- dbt: {{ dbt_utils.pivot('m', ['a']) }} --}}, {{!-- dbt: {{ 'x' | upper }} --}}, {{!-- dbt: {{ run_query('select 1') }} --}}",
      '{{!-- dbt: {{ adapter.get_columns_in_relation(this) }} --}}',
      '',
    ]);
    expect(out.problems.map((p) => `${p.line} ${p.construct} | ${p.message}`)).toEqual([
      "1 {% call statement('payment_methods', fetch_result=True) %} | {% call %} … {% endcall %} has no meshwork form here; left in place as {{!-- dbt: … --}}",
      "4 {% if execute %} | execute (dbt's parse/run flag) has no meshwork form: meshwork never runs queries while compiling; left in place as {{!-- dbt: … --}}",
      "7 {% do log('hello', info=True) %} | {% do %} has no meshwork form; left in place as {{!-- dbt: … --}}",
      "8 {{ dbt_utils.pivot('m', ['a']) }} | dbt_utils.pivot() is a macro of a package or of dbt that meshwork does not have; left in place as {{!-- dbt: … --}}",
      "8 {{ 'x' | upper }} | the filter |upper has no meshwork form; left in place as {{!-- dbt: … --}}",
      "8 {{ run_query('select 1') }} | run_query() runs a query while compiling; meshwork templates never query the warehouse; left in place as {{!-- dbt: … --}}",
      '9 {{ adapter.get_columns_in_relation(this) }} | adapter.get_columns_in_relation() reads the warehouse while compiling; meshwork does not; left in place as {{!-- dbt: … --}}',
    ]);
    for (const p of out.problems) expect(p.hint.length).toBeGreaterThan(5);
  });

  it('an unclosed block and a stray end tag are reported', () => {
    const out = convert("select 1\n{% endif %}\n{% if var('flag') %}\nwhere x\n");
    expect(out.sql).toBe("select 1\n{{!-- dbt: {% endif %} --}}\n{{!-- dbt: {% if var('flag') %}\nwhere x\n --}}");
    expect(out.problems.map((p) => `${p.line} ${p.message}`)).toEqual([
      '2 {% endif %} without its opening tag; left in place as {{!-- dbt: … --}}',
      '3 {% if %} without {% endif %}; left in place as {{!-- dbt: … --}}',
    ]);
  });

  it('{% raw %} is printed as written, a {{ in it escaped for Handlebars', () => {
    const out = convert("select '{% raw %}{{ not jinja }}{% endraw %}' as s\n");
    expect(out.sql).toBe("select '\\{{ not jinja }}' as s\n");
  });
});

describe('macros and cross-database macros', () => {
  it('project macro calls, positional and by keyword, with loop variables as arguments', () => {
    const out = convert("select {{ cents_to_dollars('amount') }}, {{ cents_to_dollars(column_name='fee', scale=4) }}\n{% for c in ['a'] %}{{ cents_to_dollars(c, 0) }}{% endfor %}\n");
    expect(out.sql).toBe('select {{cents_to_dollars "amount"}}, {{cents_to_dollars column_name="fee" scale=4}}\n{{#each (list "a") as |c|}}{{cents_to_dollars c 0}}{{/each}}\n');
  });

  it('dbt.date_trunc, dateadd, datediff, safe_cast (prefixed, un-prefixed, dbt_utils.), surrogate key and star', () => {
    const out = convert(windows(
      "select {{ dbt.date_trunc('month', 'created_at') }}, {{ date_trunc('Day', 'created_at') }},",
      "  {{ dbt.dateadd(datepart='day', interval=-3, from_date_or_timestamp='d') }}, {{ dbt_utils.dateadd('year', 1, 'd') }},",
      "  {{ dbt.datediff('a', 'b', 'week') }}, {{ datediff(\"a\", 'b', 'quarter') }},",
      "  {{ dbt.safe_cast('x', 'int') }}, {{ safe_cast('x', api.Column.translate_type('varchar')) }}, {{ dbt.safe_cast('x', dbt.type_timestamp()) }}, {{ dbt_utils.safe_cast('x', 'numeric(10,2)') }},",
      "  {{ dbt_utils.generate_surrogate_key(['order_id', 'line']) }} as k, {{ dbt_utils.surrogate_key('a', 'b') }} as k2,",
      "  {{ dbt_utils.star(from=ref('stg_orders'), except=['a', 'b'], relation_alias='o') }}, {{ dbt_utils.star(ref('stg_orders')) }}",
      "  {{ dbt.date_trunc('hour', 'ts') }}, {{ dbt_utils.star(from=ref('stg_orders'), prefix='o_') }}, {{ dbt.safe_cast('x', 'geography') }}",
    ));
    expect(out.sql.split('\r\n')).toEqual([
      'select {{date_trunc "month" "created_at"}}, {{date_trunc "day" "created_at"}},',
      '  {{date_add "d" -3 "day"}}, {{date_add "d" 1 "year"}},',
      '  {{date_diff "week" "a" "b"}}, {{date_diff "quarter" "a" "b"}},',
      '  {{safe_cast "x" "integer"}}, {{safe_cast "x" "string"}}, {{safe_cast "x" "timestamp"}}, {{safe_cast "x" "decimal"}},',
      '  {{surrogate_key (list "order_id" "line")}} as k, {{surrogate_key (list "a" "b")}} as k2,',
      '  {{star except=(list "a" "b") relation_alias="o"}}, {{star}}',
      "  {{!-- dbt: {{ dbt.date_trunc('hour', 'ts') }} --}}, {{!-- dbt: {{ dbt_utils.star(from=ref('stg_orders'), prefix='o_') }} --}}, {{!-- dbt: {{ dbt.safe_cast('x', 'geography') }} --}}",
      '',
    ]);
    expect(out.problems.map((p) => `${p.line} ${p.message}`)).toEqual([
      "7 the date part 'hour' has no meshwork helper (it has day, week, month, quarter, year); left in place as {{!-- dbt: … --}}",
      '7 dbt_utils.star() with prefix= has no meshwork form ({{star}} writes * with exceptions); left in place as {{!-- dbt: … --}}',
      '7 safe_cast to geography has no meshwork type; left in place as {{!-- dbt: … --}}',
    ]);
  });

  it('dbt.current_timestamp(), alone and as an argument of another cross-database macro', () => {
    const out = convert(windows(
      'select {{ dbt.current_timestamp() }} as loaded_at,',
      "  {{ dbt.datediff('e.hire_date', dbt.current_timestamp(), 'day') }} as tenure_days,",
      "  {{ dbt.date_trunc('month', dbt.current_timestamp()) }} as this_month, {{ current_timestamp() }} as now",
    ));
    expect(out.sql.split('\r\n')).toEqual([
      'select {{current_timestamp}} as loaded_at,',
      '  {{date_diff "day" "e.hire_date" (current_timestamp)}} as tenure_days,',
      '  {{date_trunc "month" (current_timestamp)}} as this_month, {{current_timestamp}} as now',
      '',
    ]);
    expect(out.problems).toEqual([]);
  });

  it('a project macro named like a cross-database one wins over the helper', () => {
    const out = convert("select {{ date_trunc('month', 'd') }}\n", jinjaContext({ macros: ['date_trunc'] }));
    expect(out.sql).toBe('select {{date_trunc "month" "d"}}\n');
    const qualified = convert("select {{ dbt.date_trunc('month', 'd') }}\n", jinjaContext({ macros: ['date_trunc'] }));
    expect(qualified.sql).toBe('select {{date_trunc "month" "d"}}\n');
  });
});

describe('printed expressions', () => {
  it('an inline if (a separator) becomes a block; ~ prints each side in turn', () => {
    const out = convert("select {% for c in ['a', 'b'] %}{{ c }}{{ ',' if not loop.last }}{% endfor %},\n  {{ 'x' if target.name == 'prod' else 'y' }} as t, '{{ 'pre_' ~ var('suffix', 'z') ~ '_' ~ target.name }}' as s\n");
    expect(out.sql).toBe('select {{#each (list "a" "b") as |c|}}{{c}}{{#if (not @last)}},{{/if}}{{/each}},\n  {{#if (eq target.name "prod")}}x{{else}}y{{/if}} as t, \'pre_{{var "suffix" default="z"}}_{{target.name}}\' as s\n');
    expect(out.problems).toEqual([]);
  });
});

describe('quoting', () => {
  it('adapter.quote and dbt.string_literal become identifier and literal; a printed {{ is escaped', () => {
    const out = convert("{% for c in ['order id'] %}select {{ adapter.quote(c) }}, {{ dbt.string_literal(c) }}, '{{ '{{' }}' as braces{% endfor %}\n");
    expect(out.sql).toBe('{{#each (list "order id") as |c|}}select {{identifier c}}, {{literal c}}, \'\\{{\' as braces{{/each}}\n');
    expect(out.problems).toEqual([]);
  });
});

describe('none', () => {
  it('var(x, none) tested for truth defaults to false; compared or printed it is reported, as meshwork has no null var', () => {
    const out = convert("{% if var('x', none) and not var('y', None) %}a{% endif %}{% if var('x', none) is none %}b{% endif %}{{ var('z', none) }}\n");
    expect(out.sql).toBe("{{#if (and (var \"x\" default=false) (not (var \"y\" default=false)))}}a{{/if}}{{!-- dbt: {% if var('x', none) is none %}b{% endif %} --}}{{!-- dbt: {{ var('z', none) }} --}}\n");
    expect(out.problems.map((p) => p.message)).toEqual([
      "var('x', none): meshwork has no var holding null (one that is null is not defined); left in place as {{!-- dbt: … --}}",
      "var('z', none): meshwork has no var holding null (one that is null is not defined); left in place as {{!-- dbt: … --}}",
    ]);
  });
});

describe('fields', () => {
  it("item['field'] and item.field of a loop over a var of mappings; an index by number is reported", () => {
    const out = convert("{% for c in var('columns') %}{{ c['name'] }} as {{ c.alias }}, {{ c[0] }}{% endfor %}\n", jinjaContext({ vars: { columns: [{ name: 'a', alias: 'b' }] } }));
    expect(out.sql).toBe('{{#each (var "columns") as |c|}}{{c.name}} as {{c.alias}}, {{!-- dbt: {{ c[0] }} --}}{{/each}}\n');
    expect(out.problems.map((p) => p.message)).toEqual(['this expression has no meshwork form; left in place as {{!-- dbt: … --}}']);
  });
});

describe('types', () => {
  it("dbt.type_*() and api.Column.translate_type() become {{sql_type}}", () => {
    const out = convert("select cast(a as {{ dbt.type_string() }}), cast(b as {{ type_bigint() }}), cast(c as {{ api.Column.translate_type('numeric') }}), cast(d as {{ dbt.type_timestamp() }}), cast(e as {{ dbt.type_float() }})\n");
    expect(out.sql).toBe('select cast(a as {{sql_type "string"}}), cast(b as {{sql_type "integer"}}), cast(c as {{sql_type "decimal"}}), cast(d as {{sql_type "timestamp"}}), cast(e as {{sql_type "number"}})\n');
    expect(out.problems).toEqual([]);
  });
});

describe('set of a ref, source or var', () => {
  it('the name stands for the call, printed and as an argument', () => {
    const out = convert(windows(
      "{% set orders = ref('stg_orders') %}",
      "{% set raw = source('jaffle', 'orders') %}",
      "{% set methods = var('payment_methods') %}",
      'select * from {{ orders }} join {{ raw }} using (id)',
      "{% for m in methods %}, '{{ m }}'{% endfor %}",
      "{% set missing = ref('nowhere', 'x', 'y') %}",
    ));
    expect(out.sql.split('\r\n')).toEqual([
      '',
      '',
      '',
      'select * from {{ref "stg_orders"}} join {{source "raw_orders"}} using (id)',
      `{{#each (var "payment_methods") as |m|}}, '{{m}}'{{/each}}`,
      "{{!-- dbt: {% set missing = ref('nowhere', 'x', 'y') %} --}}",
      '',
    ]);
    expect(out.problems.map((p) => `${p.line} ${p.message}`)).toEqual([`6 ref() takes a model's name in quotes here; left in place as {{!-- dbt: … --}}`]);
  });
});

describe('filters', () => {
  it("dbt's as_number, as_bool, as_text, as_native change nothing; another filter is reported", () => {
    const out = convert("select {{ var('limit', 5) | as_number }} as n{% if var('flag') | as_bool %}, 1 as f{% endif %}, '{{ var('start_date') | as_text }}' as d, {{ var('x', 'a') | upper }} as u\n");
    expect(out.sql).toBe(`select {{var "limit" default=5}} as n{{#if (var "flag")}}, 1 as f{{/if}}, '{{var "start_date"}}' as d, {{!-- dbt: {{ var('x', 'a') | upper }} --}} as u\n`);
    expect(out.problems.map((p) => p.message)).toEqual(['the filter |upper has no meshwork form; left in place as {{!-- dbt: … --}}']);
  });
});

describe('range', () => {
  it('range() of literal numbers is a literal list; of anything else, reported', () => {
    const out = convert("{% for i in range(3) %}{{ i }}{% endfor %}{% for i in range(1, 7, 2) %}{{ i }}{% endfor %}{% for i in range(var('n')) %}{{ i }}{% endfor %}\n");
    expect(out.sql).toBe(`{{#each (list 0 1 2) as |i|}}{{i}}{{/each}}{{#each (list 1 3 5) as |i|}}{{i}}{{/each}}{{!-- dbt: {% for i in range(var('n')) %}{{ i }}{% endfor %} --}}\n`);
    expect(out.problems.map((p) => p.message)).toEqual(['range() of values that are not literal whole numbers; left in place as {{!-- dbt: … --}}']);
  });
});
