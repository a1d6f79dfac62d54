/**
 * A dbt project in the shape of dbt-labs/jaffle-shop: a dispatching macro with default, postgres,
 * bigquery and fabric variants, a family with a duckdb variant and no dispatcher (models call
 * adapter.dispatch themselves), and sources in schema raw loaded by the project's own seeds (+schema:
 * raw, enabled by a var), one saved with a BOM and CRLF line ends, with duplicates and nulls.
 */
import { windows } from './import-support.js';

/** Lines: dispatcher 3, default__ 7, postgres__ 11, bigquery__ 15, fabric__ 19. */
export const CENTS_TO_DOLLARS = `{# A basic example for a project-wide macro to cast a column uniformly #}

{% macro cents_to_dollars(column_name) -%}
    {{ return(adapter.dispatch('cents_to_dollars')(column_name)) }}
{%- endmacro %}

{% macro default__cents_to_dollars(column_name) -%}
    ({{ column_name }} / 100)::numeric(16, 2)
{%- endmacro %}

{% macro postgres__cents_to_dollars(column_name) -%}
    ({{ column_name }}::numeric(16, 2) / 100)
{%- endmacro %}

{% macro bigquery__cents_to_dollars(column_name) %}
    round(cast(({{ column_name }} / 100) as numeric), 2)
{% endmacro %}

{% macro fabric__cents_to_dollars(column_name) %}
    cast({{ column_name }} / 100 as numeric(16,2))
{% endmacro %}
`;

/** No dispatcher: default__ and duckdb__ only. */
export const SAFE_DIVIDE = `{% macro default__safe_divide(numerator, denominator) -%}
    ({{ numerator }} / nullif({{ denominator }}, 0))
{%- endmacro %}

{% macro duckdb__safe_divide(numerator, denominator) -%}
    round({{ numerator }} / nullif({{ denominator }}, 0), 4)
{%- endmacro %}
`;

/** BOM and CRLF; order o2 twice (a duplicate row), o3 without a customer and a tax of 0. */
export const RAW_ORDERS = windows('id,customer,ordered_at,subtotal,tax_paid\no1,c1,2024-01-05T10:00:00,1300,100\no2,c2,2024-01-06T11:30:00,300,24\no2,c2,2024-01-06T11:30:00,300,24\no3,,2024-01-07T09:00:00,0,0\n');
export const RAW_CUSTOMERS = 'id,name\nc1,Ann\nc2,\n';

/** Lines in __sources.yml: raw_orders 7, raw_customers 9, raw_items 11 (no seed loads it). */
export const SOURCES = `version: 2

sources:
  - name: ecom
    schema: raw
    tables:
      - name: raw_orders
        loaded_at_field: ordered_at
      - name: raw_customers
        description: One record per customer
      - name: raw_items
        description: Not loaded by a seed of the project
`;

export const DISPATCH_PROJECT: Readonly<Record<string, string>> = {
  'dbt_project.yml': `name: "jaffle_shop"\nseed-paths: ["seeds"]\nseeds:\n  jaffle_shop:\n    +schema: raw\n    jaffle-data:\n      +enabled: "{{ var('load_source_data', false) }}"\nmodels:\n  jaffle_shop:\n    staging:\n      +materialized: view\n    marts:\n      +materialized: table\n`,
  'macros/cents_to_dollars.sql': CENTS_TO_DOLLARS,
  'macros/safe_divide.sql': windows(SAFE_DIVIDE),
  'seeds/jaffle-data/raw_orders.csv': RAW_ORDERS,
  'seeds/jaffle-data/raw_customers.csv': RAW_CUSTOMERS,
  'seeds/.gitkeep': '',
  'models/staging/__sources.yml': SOURCES,
  'models/staging/stg_orders.sql': `with source as (\n    select * from {{ source('ecom', 'raw_orders') }}\n)\nselect\n    id as order_id,\n    customer as customer_id,\n    {{ cents_to_dollars('subtotal') }} as subtotal,\n    {{ cents_to_dollars('tax_paid') }} as tax_paid,\n    {{ adapter.dispatch('safe_divide')('tax_paid', 'subtotal') }} as tax_rate\nfrom source\n`,
  'models/staging/stg_customers.sql': "select id as customer_id, name as customer_name from {{ source('ecom', 'raw_customers') }}\n",
  'models/marts/customers.sql': "select c.customer_id, c.customer_name, count(o.order_id) as orders, sum(o.subtotal) as spent\nfrom {{ ref('stg_customers') }} c\nleft join {{ ref('stg_orders') }} o on o.customer_id = c.customer_id\ngroup by 1, 2\n",
};
