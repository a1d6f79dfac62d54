/**
 * Files cut anywhere (an unclosed tag, a half string, a dangling block), as a user's broken file can
 * be: the converter still returns SQL with the file's lines and no Jinja left, and never throws.
 */
import { describe, expect, it } from 'vitest';
import { convertMacroFile } from '../../../src/import/jinja/convert-macros.js';
import { convertModelSql } from '../../../src/import/jinja/convert-model.js';
import { findJinja } from '../../../src/template/jinja-syntax.js';
import { jinjaContext } from './jinja-context.js';

const MODEL = `{{ config(materialized='incremental', unique_key=['a', "b"]) }}
{% set methods = ['card', 'cash'] %}
select {% for m in methods -%} {{ m }}{{ ',' if not loop.last }} {%- endfor %},
  {# it's a note with {{ braces }} #} '{{ var("x", 'd') }}' as "q}}",
  {{ dbt_utils.star(from=ref('stg_orders'), except=['a']) }}
from {{ ref('stg_orders') }}
{% if is_incremental() and target.type != 'bigquery' %} where a > (select max(a) from {{ this }}) {% else %} {{ run_query('x') }} {% endif %}
{% raw %}{{ x }}{% endraw %}
`;

const MACROS = `{% macro m(a, b='x') -%} {{ a }} {% if b == 'x' %}{{ m2(a) }}{% endif %} {%- endmacro %}
{% test t(model, column_name) %}select * from {{ model }} where {{ column_name }} is null{% endtest %}
`;

describe('a file cut at any character', () => {
  it('converts every prefix of a model without throwing, keeping its lines and leaving no Jinja', () => {
    for (let end = 0; end <= MODEL.length; end++) {
      const text = MODEL.slice(0, end);
      const out = convertModelSql(text, jinjaContext());
      expect(out.sql.split('\n').length, text).toBe(text.split('\n').length);
      expect(findJinja(out.sql), text).toEqual([]);
    }
  });

  it('converts every prefix of a macro file without throwing', () => {
    for (let end = 0; end <= MACROS.length; end++) {
      const out = convertMacroFile(MACROS.slice(0, end), jinjaContext({ macros: ['m', 'm2'] }));
      for (const m of [...out.macros, ...out.tests]) expect(findJinja(m.sql)).toEqual([]);
    }
  });
});
