import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { mesh } from '../support/run-cli.js';
import { diagnose, lines } from './diagnose.js';

const MODEL = 'domains/shop/cleaned/orders.sql';
/** A three-line header, so that body lines and file lines differ. */
const HEADER = ['/*', 'description: Orders.', '*/'];
/** Models the constructs can ref. */
const UPSTREAM = { 'domains/shop/raw/stg_orders.sql': 'select 1 as id\n' };

/** `line:column written → hint` for every MESH132, in order: what a person reads off the output. */
function found(diagnostics: readonly Diagnostic[], file = MODEL): string[] {
  return diagnostics
    .filter((d) => d.code === 'MESH132')
    .map((d) => {
      expect(d.file).toBe(file);
      expect(d.message.startsWith('Jinja syntax in a template: ')).toBe(true);
      return `${d.line}:${d.column} ${d.message.slice('Jinja syntax in a template: '.length)} → ${d.hint!.replace('meshwork templates are Handlebars: write ', '')}`;
    });
}

function model(...body: string[]): Diagnostic[] {
  return diagnose({ ...UPSTREAM, [MODEL]: lines(...HEADER, ...body) });
}

describe('MESH132: Jinja written by habit, at its line and column, with the meshwork form', () => {
  it.each([
    ["select * from {{ ref('stg_orders') }}", "4:15 {{ ref('stg_orders') }} → {{ref \"stg_orders\"}}"],
    ["select * from {{ source('a', 'b') }}", "4:15 {{ source('a', 'b') }} → {{source \"b\"}}, the source declared by that name under sources: in domain.yaml"],
    ["{{ config(materialized='table') }}", "4:1 {{ config(materialized='table') }} → a YAML header comment at the top of the file: /* materialized: table */"],
    ["select {{ var('x') }} as x", "4:8 {{ var('x') }} → {{var \"x\"}}"],
    ["select {{ var('x', 'usd') }} as x", "4:8 {{ var('x', 'usd') }} → {{var \"x\" default=\"usd\"}}"],
    ["select {{ env_var('REGION') }} as x", "4:8 {{ env_var('REGION') }} → {{env \"REGION\"}}"],
    ["select {{ env_var('REGION', 'eu') }} as x", "4:8 {{ env_var('REGION', 'eu') }} → {{env \"REGION\" default=\"eu\"}}"],
    ['select 1 {# why #} as x', '4:10 {# why #} → {{!-- why --}}'],
    ['select {{ this() }}', '4:8 {{ this() }} → {{this}}'],
    ['select {{ is_incremental() }}', '4:8 {{ is_incremental() }} → {{#if is_incremental}} … {{/if}}'],
    ["select {{ dbt_utils.generate_surrogate_key(['a', 'b']) }}", "4:8 {{ dbt_utils.generate_surrogate_key(['a', 'b']) }} → {{surrogate_key (list \"a\" \"b\")}}"],
    ["select {{ dbt.dateadd('day', 3, 'd') }}", "4:8 {{ dbt.dateadd('day', 3, 'd') }} → {{date_add \"expr\" 3 \"day\"}}"],
  ])('%s', (body, expected) => {
    const diagnostics = model(body);
    expect(found(diagnostics)).toEqual([expected]);
    // Reported instead of Handlebars' grammar message, not beside it.
    expect(diagnostics.filter((d) => d.code === 'MESH130')).toEqual([]);
  });

  it('{% if %} and {% for %} blocks, with their ends, each at its own column', () => {
    expect(
      found(
        model(
          'select *',
          "from {{ref \"stg_orders\"}}",
          '{% if is_incremental() %} where id > 0 {% elif var("all") %} {% else %} {% endif %}',
          "{%- for m in var('methods') -%} , {{m}} {% endfor %}",
        ),
      ),
    ).toEqual([
      '6:1 {% if is_incremental() %} → {{#if is_incremental}} … {{/if}}',
      '6:40 {% elif var("all") %} → {{else if (var "all")}}',
      '6:62 {% else %} → {{else}}',
      '6:73 {% endif %} → {{/if}}',
      "7:1 {%- for m in var('methods') -%} → {{#each (var \"methods\") as |m|}} … {{/each}}",
      '7:41 {% endfor %} → {{/each}}',
    ]);
  });

  it('every construct of a file at once, and those of a singular test', () => {
    const diagnostics = diagnose({
      ...UPSTREAM,
      [MODEL]: lines(...HEADER, "{{ config(materialized='table') }}", '{# dedup #}', "select * from {{ ref('stg_orders') }}"),
      'domains/shop/tests/positive.sql': lines("select * from {{ ref('stg_orders') }} where id < 0"),
    });
    const mesh132 = diagnostics.filter((d) => d.code === 'MESH132').map((d) => `${d.file}:${d.line}:${d.column}`);
    expect(mesh132).toEqual([
      'domains/shop/cleaned/orders.sql:4:1',
      'domains/shop/cleaned/orders.sql:5:1',
      'domains/shop/cleaned/orders.sql:6:15',
      'domains/shop/tests/positive.sql:1:15',
    ]);
  });

  it('a contract mapping', () => {
    const diagnostics = diagnose(
      {
        'domains/checkout/contracts/orders.odcs.yaml': readFileSync(new URL('../contracts/fixtures/orders.odcs.yaml', import.meta.url), 'utf8'),
        'domains/checkout/cleaned/orders.sql': 'select 1 as id\n',
        'domains/checkout/contracts/orders.sql': lines('select id as order_id', "from {{ ref('orders') }}"),
      },
      { base: { 'mesh.yaml': 'name: shop\n', 'domains/checkout/domain.yaml': 'name: checkout\nowner: team-checkout\n' } },
    );
    expect(found(diagnostics, 'domains/checkout/contracts/orders.sql')).toEqual(["2:6 {{ ref('orders') }} → {{ref \"orders\"}}"]);
  });

  it('a file saved with a BOM and CRLF line ends: the same lines and columns', () => {
    const diagnostics = diagnose({ ...UPSTREAM, [MODEL]: `\ufeff${[...HEADER, 'select *', "from {{ ref('stg_orders') }}", '{% if true %}', ''].join('\r\n')}` });
    expect(found(diagnostics)).toEqual(["5:6 {{ ref('stg_orders') }} → {{ref \"stg_orders\"}}", '6:1 {% if true %} → {{#if true}} … {{/if}}']);
  });

  it('no false alarm: Handlebars, and {% or {# inside SQL strings and comments', () => {
    const diagnostics = model(
      'select *, {{literal (var "x" default="a")}} as x',
      "from {{ref \"stg_orders\"}} -- {% if %} is Jinja's",
      "where '{%' like '%{#%' /* {# #} {% endif %} */",
      "  and $$ {% $$ = '' or 'it''s {%' = '' or E'\\' {%' = ''",
    );
    expect(diagnostics.filter((d) => d.code === 'MESH132')).toEqual([]);
  });

  it('a -- comment ends at its line break, also one inside a {{!-- --}} written in it', () => {
    expect(found(model('select 1 as x -- {{!-- a', 'b --}} {% if x %}'))).toEqual(['5:8 {% if x %} → {{#if x}} … {{/if}}']);
  });

  it('a Jinja call inside a SQL string is still found: Handlebars parses {{ }} everywhere', () => {
    expect(found(model("select * from {{ref \"stg_orders\"}} where d > '{{ var('start') }}'"))).toEqual(["4:47 {{ var('start') }} → {{var \"start\"}}"]);
  });

  it('the example project stays clean', async () => {
    const { code, out, err } = await mesh(['check', '--project', new URL('../../example-project', import.meta.url).pathname]);
    expect([...out, ...err].join('\n')).not.toMatch(/MESH132/);
    expect(code).toBe(0);
  });
});

describe('docs/diagnostics.md and the migration table', () => {
  it('documents MESH132 and the dbt / Jinja → meshwork table', () => {
    expect(readFileSync(new URL('../../docs/diagnostics.md', import.meta.url), 'utf8')).toMatch(/\| MESH132 \| error \|/);
    const templates = readFileSync(new URL('../../docs/templates.md', import.meta.url), 'utf8');
    for (const form of ['{{ref "stg_orders"}}', '{{source "b"}}', '{{var "x"}}', '{{#if is_incremental}}', '{{#each', '{{!--', '/* materialized: table */']) expect(templates).toContain(form);
  });
});
