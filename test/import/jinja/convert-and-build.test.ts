/**
 * Converted dbt files, built by meshwork on real DuckDB: jaffle_shop's orders.sql (the
 * payment-method loop over a {% set %} list), staging models calling a converted macro, an
 * incremental model run twice, a loop over a var with a target.type branch, and a converted
 * generic test. The rows are checked, not the strings: a conversion that does not render fails here.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuckDBAdapter } from '../../../src/adapters/duckdb/duckdb-adapter.js';
import type { ConvertedMacroFile, JinjaContext } from '../../../src/import/import-types.js';
import { convertMacroFile } from '../../../src/import/jinja/convert-macros.js';
import { convertModelSql } from '../../../src/import/jinja/convert-model.js';
import { compile } from '../../../src/mesh.js';
import { mesh } from '../../support/run-cli.js';
import { updateProject, writeProject } from '../../support/temp-project.js';
import { jinjaContext } from './jinja-context.js';

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
const windows = (text: string): string => `\uFEFF${text.replace(/\n/g, '\r\n')}`;

// dbt-labs/jaffle_shop's macro, as the dbt docs write it, and a generic test.
const MACROS = windows(`{% macro cents_to_dollars(column_name, scale=2) %}
    ({{ column_name }} / 100)::numeric(16, {{ scale }})
{% endmacro %}

{# dbt passes model and column_name to every generic test #}
{% test at_least(model, column_name, min=0) %}
select {{ column_name }} from {{ model }} where {{ column_name }} < {{ min }}
{% endtest %}
`);

const DBT_MODELS: Record<string, string> = {
  stg_orders: `select id as order_id, user_id as customer_id, order_date, status
from {{ source('jaffle', 'orders') }}
`,
  stg_payments: windows(`with source as (
    select * from {{ source('jaffle', 'payments') }}
),
renamed as (
    select
        id as payment_id,
        order_id,
        payment_method,
        -- \`amount\` is stored in cents, so we convert it to dollars
        {{ cents_to_dollars('amount') }} as amount
    from source
)
select * from renamed
`),
  // dbt-labs/jaffle_shop models/orders.sql, as it is.
  orders: `{% set payment_methods = ['credit_card', 'coupon', 'bank_transfer', 'gift_card'] %}

with orders as (

    select * from {{ ref('stg_orders') }}

),

payments as (

    select * from {{ ref('stg_payments') }}

),

order_payments as (

    select
        order_id,

        {% for payment_method in payment_methods -%}
        sum(case when payment_method = '{{ payment_method }}' then amount else 0 end) as {{ payment_method }}_amount,
        {% endfor -%}

        sum(amount) as total_amount

    from payments

    group by order_id

),

final as (

    select
        orders.order_id,
        orders.customer_id,
        orders.order_date,
        orders.status,

        {% for payment_method in payment_methods -%}

        order_payments.{{ payment_method }}_amount,

        {% endfor -%}

        order_payments.total_amount as amount

    from orders


    left join order_payments
        on orders.order_id = order_payments.order_id

)

select * from final
`,
  orders_incremental: windows(`{{
    config(
        materialized='incremental',
        unique_key='order_id'
    )
}}

select order_id, status, order_date
from {{ ref('stg_orders') }}
{% if is_incremental() %}
  -- only the orders newer than the newest one already loaded
  where order_date > (select max(order_date) from {{ this }})
{% endif %}
`),
  payment_summary: `select
{%- for m in var('payment_methods') %}
  sum(case when payment_method = '{{ m }}' then amount end) as {{ m }}_total{% if not loop.last %},{% endif %}
{%- endfor %}
{% if target.type == 'duckdb' %}, 'duck' as engine{% else %}, 'other' as engine{% endif %}
, count(*) as n
from {{ ref('stg_payments') }}
`,
};

const LAYERS: Record<string, string> = { stg_orders: 'raw', stg_payments: 'raw', orders: 'aggregate', orders_incremental: 'aggregate', payment_summary: 'aggregate' };

const ORDERS_CSV = 'id,user_id,order_date,status\n1,1,2018-01-01,completed\n2,2,2018-01-02,returned\n3,1,2018-01-03,placed\n';
// A duplicated payment and a null amount, as real data has them.
const PAYMENTS_CSV = 'id,order_id,payment_method,amount\n1,1,credit_card,1000\n2,1,coupon,250\n2,1,coupon,250\n3,2,bank_transfer,1999\n4,2,bank_transfer,1\n5,2,gift_card,500\n6,2,credit_card,\n';

/** The header the importer writes from config(): one key a line. */
function header(config: Readonly<Record<string, unknown>>): string {
  const keys = Object.entries(config);
  return keys.length === 0 ? '' : `/*\n${keys.map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n')}\n*/\n`;
}

function paramsHeader(params: readonly unknown[], extra = ''): string {
  return params.length === 0 && !extra ? '' : `/*\n${params.length ? `params: ${JSON.stringify(params)}\n` : ''}${extra}*/\n`;
}

function convertProject(context: (file: string) => JinjaContext): { files: Record<string, string>; macros: ConvertedMacroFile; problems: string[] } {
  const macros = convertMacroFile(MACROS, context('macros/jaffle.sql'));
  const files: Record<string, string> = {
    'mesh.yaml': 'name: jaffle\ntargets:\n  dev:\n    engine: duckdb\n    path: .mesh/dev.duckdb\ndefault_target: dev\nvars:\n  payment_methods: [credit_card, coupon]\n',
    'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\nsources:\n  raw_orders:\n    duckdb: data/orders.csv\n  raw_payments:\n    duckdb: data/payments.csv\n',
    'domains/shop/data/orders.csv': ORDERS_CSV,
    'domains/shop/data/payments.csv': PAYMENTS_CSV,
  };
  for (const m of macros.macros) files[`macros/${m.name}.sql`] = paramsHeader(m.params) + m.sql;
  for (const t of macros.tests) files[`tests/generic/${t.name}.sql`] = paramsHeader(t.params) + t.sql;
  const problems = macros.problems.map((p) => `${p.file}:${p.line} ${p.message}`);
  for (const [name, text] of Object.entries(DBT_MODELS)) {
    const file = `models/${name}.sql`;
    const out = convertModelSql(text, context(file));
    // The column test the dbt schema.yml would give, as the importer writes it.
    const tests = name === 'stg_payments' ? 'columns:\n  amount:\n    tests:\n      - at_least: { min: 0 }\n' : '';
    const head = tests ? `/*\n${tests}*/\n` : header(out.config);
    files[`domains/shop/${LAYERS[name]}/${name}.sql`] = head + out.sql;
    problems.push(...out.problems.map((p) => `${p.file}:${p.line} ${p.message}`));
  }
  return { files, macros, problems };
}

async function query(dir: string, sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBAdapter.open({ path: join(dir, '.mesh', 'dev.duckdb'), fileSearchPath: dir, connections: 1 });
  try {
    return await db.query(sql);
  } finally {
    await db.close();
  }
}

const context = (file: string): JinjaContext => jinjaContext({ file, vars: { payment_methods: ['credit_card', 'coupon'] }, models: Object.keys(DBT_MODELS) });

describe('converted dbt models build on DuckDB', () => {
  it('jaffle_shop orders, staging with a macro, an incremental model run twice, a var loop, a generic test', async () => {
    const { files, macros, problems } = convertProject(context);
    expect(problems).toEqual([]);
    expect(macros.macros.map((m) => [m.name, m.params, m.line])).toEqual([['cents_to_dollars', ['column_name', { scale: 2 }], 1]]);
    expect(macros.tests.map((t) => [t.name, t.params, t.line])).toEqual([['at_least', [{ min: 0 }], 6]]);
    const dir = writeProject(files, {});
    const first = await mesh(['build', '--project', dir], {});
    expect(first.err).toEqual([]);
    expect(first.code).toBe(0);
    expect(first.out.join('\n')).toMatch(/OK +test +shop\.at_least_.*pass/);

    const orders = await query(dir, `select order_id, customer_id, strftime(order_date, '%Y-%m-%d') as order_date, status,
      credit_card_amount::double as cc, coupon_amount::double as coupon, bank_transfer_amount::double as bank, gift_card_amount::double as gift, amount::double as amount
      from shop_aggregate.orders order by order_id`);
    expect(orders).toEqual([
      { order_id: 1, customer_id: 1, order_date: '2018-01-01', status: 'completed', cc: 10, coupon: 5, bank: 0, gift: 0, amount: 15 },
      { order_id: 2, customer_id: 2, order_date: '2018-01-02', status: 'returned', cc: 0, coupon: 0, bank: 20, gift: 5, amount: 25 },
      { order_id: 3, customer_id: 1, order_date: '2018-01-03', status: 'placed', cc: null, coupon: null, bank: null, gift: null, amount: null },
    ]);
    expect(await query(dir, 'select credit_card_total::double as cc, coupon_total::double as coupon, engine, n::int as n from shop_aggregate.payment_summary')).toEqual([
      { cc: 10, coupon: 5, engine: 'duck', n: 7 },
    ]);
    expect(await query(dir, 'select order_id, status from shop_aggregate.orders_incremental order by order_id')).toEqual([
      { order_id: 1, status: 'completed' },
      { order_id: 2, status: 'returned' },
      { order_id: 3, status: 'placed' },
    ]);

    // A new order, and a status changed on an old one: the incremental run takes only the new order,
    // which it can only do if {% if is_incremental() %} and {{ this }} were converted.
    updateProject(dir, { 'domains/shop/data/orders.csv': ORDERS_CSV.replace('3,1,2018-01-03,placed', '3,1,2018-01-03,shipped') + '4,3,2018-01-04,placed\n' });
    const second = await mesh(['build', '--project', dir, '--select', 'stg_orders+'], {});
    expect(second.err).toEqual([]);
    expect(second.code).toBe(0);
    expect(await query(dir, 'select order_id, status from shop_aggregate.orders_incremental order by order_id')).toEqual([
      { order_id: 1, status: 'completed' },
      { order_id: 2, status: 'returned' },
      { order_id: 3, status: 'placed' },
      { order_id: 4, status: 'placed' },
    ]);
  });

  it('the converted generic test fails on failing rows', async () => {
    const { files } = convertProject(context);
    const dir = writeProject({ ...files, 'domains/shop/data/payments.csv': `${PAYMENTS_CSV}7,3,coupon,-100\n` }, {});
    const r = await mesh(['build', '--project', dir], {});
    expect(r.code).toBe(1);
    expect(r.out.join('\n')).toMatch(/ERROR test +shop\.at_least_.*1 failing/);
    expect(r.out.join('\n')).toContain('-1.00');
  });

  it('a problem meshwork finds in a converted model is at the dbt file\'s line', () => {
    const text = "{{\n  config(materialized='table')\n}}\n{% set n = 2 %}\nselect {{ var('not_declared') }} * {{ n }} as x\n";
    const out = convertModelSql(text, context('models/x.sql'));
    const dir = writeProject({ ...convertProject(context).files, 'domains/shop/aggregate/x.sql': out.sql }, {});
    const result = compile({ projectDir: dir, cache: false });
    expect(result.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}`)).toEqual(['MESH142 domains/shop/aggregate/x.sql:5']);
  });
});

describe('every converted construct renders and runs', () => {
  it('set literals, loops over lists and mapping items, inline if, ~, comparisons, cross-database macros, surrogate key, star, a construct left as a comment', async () => {
    const model = windows(`{{ config(materialized='table') }}
{% set cols = ['id', 'method'] %}
{% set label = 'pay' %}
select
  {{ dbt_utils.generate_surrogate_key(cols) }} as k,
  {% for c in cols %}{{ adapter.quote(c) }} as c_{{ c }}{{ ',' if not loop.last }}{% endfor %},
  '{{ label ~ '_' ~ target.name }}' as label,
  {% if var('n', 3) >= 2 and var('n', 3) <= 5 and not var('off', False) %}'mid'{% elif var('n', 3) > 5 %}'high'{% else %}'low'{% endif %} as band,
  {% if target.name in ['prod', 'ci'] or var('x', none) %}true{% else %}false{% endif %} as prod_or_x,
  {%- for k, v in var('renames').items() %} {{ v }} as {{ k }},{% endfor %}
  {{ dbt.date_trunc('month', 'paid_at') }} as month,
  {{ dbt.dateadd('day', 3, 'paid_at') }} as plus3,
  {{ dbt.datediff('paid_at', "date '2018-03-01'", 'day') }} as days,
  {{ dbt.safe_cast('amount_text', api.Column.translate_type('integer')) }} as amount_int,
  {{ dbt.datediff('paid_at', dbt.current_timestamp(), 'day') }} as age_days,
  {{ run_query('select 1') }} 1 as one
from {{ ref('stg_payments_raw') }}
`);
    const ctx = jinjaContext({ file: 'models/wide.sql', vars: { renames: { raw_amount: 'amount_text' } }, models: ['stg_payments_raw', 'wide'] });
    const wide = convertModelSql(model, ctx);
    expect(wide.problems.map((p) => `${p.line} ${p.construct}`)).toEqual(["16 {{ run_query('select 1') }}"]);
    expect(wide.config).toEqual({ materialized: 'table' });
    const starred = convertModelSql("select {{ dbt_utils.star(from=ref('wide'), except=['k', 'one'], relation_alias='w') }} from {{ ref('wide') }} as w\n", ctx);
    const dir = writeProject({
      'mesh.yaml': 'name: jaffle\ntargets:\n  dev:\n    engine: duckdb\n    path: .mesh/dev.duckdb\ndefault_target: dev\nvars:\n  renames: {raw_amount: amount_text}\n',
      'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\nsources:\n  payments:\n    duckdb: data/payments.csv\n',
      'domains/shop/data/payments.csv': 'id,method,paid_at,amount_text\n1,card,2018-01-15,12\n2,,2018-02-20,x\n2,,2018-02-20,x\n',
      'domains/shop/raw/stg_payments_raw.sql': 'select * from {{source "payments"}}\n',
      'domains/shop/cleaned/wide.sql': `/* materialized: table */\n${wide.sql}`,
      'domains/shop/cleaned/starred.sql': starred.sql,
    }, {});
    const r = await mesh(['build', '--project', dir], {});
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const rows = await query(dir, "select k, c_id, c_method, label, band, prod_or_x, raw_amount, strftime(month, '%Y-%m-%d') as month, strftime(plus3, '%Y-%m-%d') as plus3, days::int as days, amount_int, one from shop_cleaned.wide order by c_id");
    expect(rows).toEqual([
      { k: md5('1-card'), c_id: 1, c_method: 'card', label: 'pay_dev', band: 'mid', prod_or_x: false, raw_amount: '12', month: '2018-01-01', plus3: '2018-01-18', days: 45, amount_int: 12, one: 1 },
      { k: md5('2-_dbt_utils_surrogate_key_null_'), c_id: 2, c_method: null, label: 'pay_dev', band: 'mid', prod_or_x: false, raw_amount: 'x', month: '2018-02-01', plus3: '2018-02-23', days: 9, amount_int: null, one: 1 },
      { k: md5('2-_dbt_utils_surrogate_key_null_'), c_id: 2, c_method: null, label: 'pay_dev', band: 'mid', prod_or_x: false, raw_amount: 'x', month: '2018-02-01', plus3: '2018-02-23', days: 9, amount_int: null, one: 1 },
    ]);
    // dbt.current_timestamp() inside another macro: the build's clock, years after 2018.
    expect(await query(dir, 'select bool_and(age_days > 365 * 8) as old from shop_cleaned.wide')).toEqual([{ old: true }]);
    expect(Object.keys((await query(dir, 'select * from shop_cleaned.starred limit 1'))[0]!)).toEqual(['c_id', 'c_method', 'label', 'band', 'prod_or_x', 'raw_amount', 'month', 'plus3', 'days', 'amount_int', 'age_days']);
  });
});
