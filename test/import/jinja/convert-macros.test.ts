/**
 * dbt `macros/*.sql` files: each `{% macro %}` whose body meshwork can express becomes a meshwork
 * macro (params in the header's form), each `{% test %}` a generic test reading {{model}} and
 * {{column}}; the rest are problems at their lines, and the macro is left out.
 */
import { describe, expect, it } from 'vitest';
import { convertMacroFile } from '../../../src/import/jinja/convert-macros.js';
import { findJinja } from '../../../src/template/jinja-syntax.js';
import { jinjaContext } from './jinja-context.js';

const windows = (...lines: string[]): string => `\uFEFF${lines.join('\r\n')}\r\n`;
const context = (macros: string[] = ['cents_to_dollars', 'money']) => jinjaContext({ file: 'macros/money.sql', macros });

describe('convertMacroFile', () => {
  it('macros with required and defaulted params, calling each other and branching on the engine; a BOM and CRLF', () => {
    const out = convertMacroFile(windows(
      '{# money helpers #}',
      "{% macro cents_to_dollars(column_name, scale=2, label='usd', strict=False, parts=['a', 1]) -%}",
      '\t({{ column_name }} / 100)::numeric(16, {{ scale }})',
      '{%- endmacro %}',
      '',
      '{% macro money(col) %}',
      "  {% if target.type == 'bigquery' %}cast({{ cents_to_dollars(col) }} as numeric){% else %}{{ cents_to_dollars(column_name=col, scale=4) }}{% endif %}",
      '{% endmacro %}',
    ), context());
    expect(out.problems).toEqual([]);
    expect(out.tests).toEqual([]);
    expect(out.macros).toEqual([
      { name: 'cents_to_dollars', params: ['column_name', { scale: 2 }, { label: 'usd' }, { strict: false }, { parts: ['a', 1] }], sql: '\t({{column_name}} / 100)::numeric(16, {{scale}})\r\n', line: 2 },
      {
        name: 'money',
        params: ['col'],
        sql: '  {{#if (eq target.engine "bigquery")}}cast({{cents_to_dollars col}} as numeric){{else}}{{cents_to_dollars column_name=col scale=4}}{{/if}}\r\n',
        line: 6,
      },
    ]);
    for (const m of out.macros) expect(findJinja(m.sql)).toEqual([]);
  });

  it('a generic test: model and column_name become {{model}} and {{column}}, its other params the header\'s', () => {
    const out = convertMacroFile(windows(
      '{% test at_least(model, column_name, min=0, inclusive=True) %}',
      'select {{ column_name }} from {{ model }}',
      "where {{ column_name }} {% if inclusive == True %}<{% else %}<={% endif %} {{ min }}",
      '{% endtest %}',
      '{% test not_ref(model, column_name) %}',
      "select * from {{ model }} where {{ column_name }} not in (select id from {{ ref('stg_orders') }})",
      '{% endtest %}',
      '{% test named(model, column_name) %}',
      "select '{{ model.name }}' as m from {{ model }}",
      '{% endtest %}',
      '{% test not_eq(model, column_name, value) %}',
      "select * from {{ model }} where {% if value != 'x' %}{{ column_name }} = '{{ value }}'{% endif %}",
      '{% endtest %}',
    ), context());
    expect(out.tests).toEqual([
      { name: 'at_least', params: [{ min: 0 }, { inclusive: true }], sql: 'select {{column}} from {{model}}\r\nwhere {{column}} {{#if (eq inclusive true)}}<{{else}}<={{/if}} {{min}}\r\n', line: 1 },
    ]);
    expect(out.problems.map((p) => `${p.file}:${p.line} ${p.construct} | ${p.message}`)).toEqual([
      "macros/money.sql:6 {{ ref('stg_orders') }} | test not_ref not converted: a generic test cannot call ref()",
      "macros/money.sql:9 {{ model.name }} | test named not converted: model.name has no meshwork form: a generic test's {{model}} is the quoted name itself",
      "macros/money.sql:12 {% if value != 'x' %} | test not_eq not converted: a generic test has no 'ne' helper (only eq and Handlebars' blocks)",
    ]);
  });

  it('a macro using what meshwork cannot express is a problem at its lines, not a macro; other blocks and stray tags too', () => {
    const out = convertMacroFile(windows(
      '{% macro get_methods() %}',
      "  {% set results = run_query('select distinct m from t') %}",
      '  {{ return(results) }}',
      '{% endmacro %}',
      "{% macro limit_dev(days=var('days')) %}where 1 = 1{% endmacro %}",
      '{% materialization custom, default %}select 1{% endmaterialization %}',
      "{% set x = 1 %}",
      '{% macro fine() %}1{% endmacro %}',
      '{% macro open() %}',
    ), context());
    expect(out.macros.map((m) => m.name)).toEqual(['fine']);
    expect(out.problems.map((p) => `${p.line} ${p.message}`)).toEqual([
      '2 macro get_methods not converted: {% set %} of a value that is not a literal (a string, number, boolean, list or mapping) nor a ref, source or var',
      '3 macro get_methods not converted: return() has no meshwork form: a meshwork macro is the SQL it renders',
      '5 the macro signature is not one the converter reads; not converted',
      '6 {% materialization %} … {% endmaterialization %} has no meshwork form; not converted',
      '7 {% set x = 1 %} outside a macro is not converted',
      '9 {% macro %} without {% endmacro %}; not converted',
    ]);
    for (const p of out.problems) expect(p.hint).not.toBe('');
  });
});

describe('names meshwork keeps for itself', () => {
  it('a macro or parameter named like a meshwork helper, and dbt\'s naming overrides, are problems', () => {
    const out = convertMacroFile(windows(
      '{% macro star(cols) %}1{% endmacro %}',
      '{% macro as_type(literal, type) %}cast({{ literal }} as {{ type }}){% endmacro %}',
      '{% macro generate_schema_name(custom_schema_name, node) %}{{ custom_schema_name }}{% endmacro %}',
      '{% macro ok(type) %}{{ type }}{% endmacro %}',
    ), context());
    expect(out.macros.map((m) => m.name)).toEqual(['ok']);
    expect(out.problems.map((p) => `${p.line} ${p.message}`)).toEqual([
      "1 macro star not converted: 'star' is the name of a meshwork helper or value",
      "2 macro as_type not converted: 'literal' is the name of a meshwork helper or value",
      '3 macro generate_schema_name overrides how dbt names relations; not converted',
    ]);
  });
});

describe('adapter.dispatch', () => {
  it('a macro that only returns adapter.dispatch(…)(its params) is a dispatcher, not a macro; its variants are macros', () => {
    const out = convertMacroFile(windows(
      '{% macro cents_to_dollars(column_name, scale=2) -%}',
      "    {# dispatched #}{{ return(adapter.dispatch('cents_to_dollars', 'jaffle_shop')(column_name, scale=scale)) }}",
      '{%- endmacro %}',
      '{% macro money(col) %}',
      "  {{ adapter.dispatch('cents_to_dollars')(col) }}",
      '{% endmacro %}',
      '{% macro default__cents_to_dollars(column_name, scale) %}({{ column_name }} / 100){% endmacro %}',
    ), context());
    expect(out.problems).toEqual([]);
    expect(out.dispatchers).toEqual([{ name: 'cents_to_dollars', params: ['column_name', { scale: 2 }], line: 1 }]);
    expect(out.macros.map((m) => [m.name, m.sql])).toEqual([
      ['money', '  {{cents_to_dollars col}}\r\n'],
      ['default__cents_to_dollars', '({{column_name}} / 100)\n'],
    ]);
  });

  it('a dispatch of a macro the project lacks, or one passing other values, stays a problem at its line', () => {
    const out = convertMacroFile(windows(
      '{% macro a(x) %}',
      "  {{ return(adapter.dispatch('a')(x, 1)) }}",
      '{% endmacro %}',
      '{% macro b(x) %}',
      "  {{ adapter.dispatch('nowhere')(x) }}",
      '{% endmacro %}',
    ), context());
    expect(out.dispatchers).toEqual([]);
    expect(out.macros).toEqual([]);
    expect(out.problems.map((p) => [p.line, p.message])).toEqual([
      [2, expect.stringContaining('macro a not converted: return() has no meshwork form')],
      [5, expect.stringContaining('macro b not converted: adapter.dispatch() is written as per-engine macros in meshwork')],
    ]);
  });
});
