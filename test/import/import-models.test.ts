/** What `mesh import dbt` writes into model headers, contracts and domain.yaml, and what it reports. */
import { describe, expect, it } from 'vitest';
import { dbtProject, importInto, windows } from './import-support.js';

describe('model configs', () => {
  it('apply folder < properties yml config: < {{ config() }}, add up tags, and report keys meshwork lacks at their line', () => {
    const dbt = dbtProject({
      'dbt_project.yml': windows('name: shop\nmodels:\n  shop:\n    +tags: [nightly]\n    marts:\n      +materialized: view\n      +schema: analytics\n      +post-hook: "grant select on {{ this }} to reporter"\n'),
      'models/marts/schema.yml': windows('version: 2\nmodels:\n  - name: orders\n    config:\n      materialized: table\n      tags: [finance]\n  - name: customers\n    config:\n      materialized: table\n'),
      'models/marts/orders.sql': "{{ config(materialized='incremental', unique_key='order_id', incremental_strategy='delete+insert', tags=['kpi']) }}\nselect 1 as order_id\n",
      'models/marts/customers.sql': 'select 1 as customer_id\n',
      'models/marts/visits.sql': 'select 1 as visit_id\n',
    });
    const r = importInto(dbt);
    expect(r.diagnostics).toEqual([]);
    expect(r.read('domains/shop/aggregate/orders.sql')).toBe(
      '/*\nmaterialized: incremental\nunique_key: order_id\nincremental_strategy: delete+insert\ntags:\n  - nightly\n  - finance\n  - kpi\n*/\nselect 1 as order_id\n',
    );
    // table is the aggregate stage's default: not written.
    expect(r.read('domains/shop/aggregate/customers.sql')).toBe('/*\ntags:\n  - nightly\n*/\nselect 1 as customer_id\n');
    expect(r.read('domains/shop/aggregate/visits.sql')).toBe('/*\nmaterialized: view\ntags:\n  - nightly\n*/\nselect 1 as visit_id\n');
    const reported = r.problems.filter((p) => p.file === 'dbt_project.yml' && p.line > 1);
    expect(reported).toEqual([
      expect.objectContaining({ line: 7, construct: '+schema: analytics', message: 'config schema has no meshwork equivalent: not imported' }),
      expect.objectContaining({ line: 8, construct: '+post-hook: "grant select on {{ this }} to reporter"', hint: expect.stringContaining('meshwork has no hooks') }),
    ]);
  });

  it('leave out a disabled model, reported', () => {
    const r = importInto(dbtProject({ 'dbt_project.yml': 'name: shop\n', 'models/marts/old.sql': "{{ config(enabled=false) }}\nselect 1 as x\n", 'models/marts/new.sql': 'select 1 as x\n' }));
    expect(r.has('domains/shop/aggregate/old.sql')).toBe(false);
    expect(r.problems).toContainEqual(expect.objectContaining({ file: 'models/marts/old.sql', line: 1, message: 'model old is disabled (enabled: false): not imported' }));
  });
});

describe('schema.yml tests', () => {
  it('become header tests (tests: and data_tests:, dbt_utils names, arguments: and config:), others are reported at their line', () => {
    const dbt = dbtProject({
      'dbt_project.yml': 'name: shop\n',
      'models/marts/customers.sql': 'select 1 as customer_id\n',
      'models/marts/orders.sql': 'select 1 as order_id, 1 as customer_id, 1 as line, 5 as amount\n',
      'models/marts/schema.yml': windows(`version: 2
models:
  - name: orders
    description: One row per order line.
    data_tests:
      - dbt_utils.unique_combination_of_columns:
          combination_of_columns: [order_id, line]
      - dbt_utils.expression_is_true:
          expression: "amount >= 0"
          config:
            where: "line > 0"
    columns:
      - name: order_id
        description: The order.
        tests:
          - not_null
          - name: order_id_is_unique
            test_name: unique
      - name: customer_id
        data_tests:
          - relationships:
              arguments:
                to: ref('customers')
                field: customer_id
              config:
                severity: warn
                warn_if: ">10"
      - name: amount
        tests:
          - dbt_expectations.expect_column_values_to_be_between:
              min_value: 0
`),
    });
    const r = importInto(dbt);
    expect(r.read('domains/shop/aggregate/orders.sql')).toBe(`/*
description: One row per order line.
tests:
  - unique_combination:
      columns:
        - order_id
        - line
  - expression_is_true:
      expression: amount >= 0
      where: line > 0
columns:
  order_id:
    description: The order.
    tests:
      - not_null
      - unique
  customer_id:
    tests:
      - relationships:
          to: customers
          field: customer_id
          severity: warn
*/
select 1 as order_id, 1 as customer_id, 1 as line, 5 as amount
`);
    expect(r.problems.filter((p) => p.file === 'models/marts/schema.yml')).toEqual([
      expect.objectContaining({ line: 21, message: expect.stringContaining('setting warn_if is not supported') }),
      expect.objectContaining({ line: 30, construct: '- dbt_expectations.expect_column_values_to_be_between:', message: 'test dbt_expectations.expect_column_values_to_be_between has no meshwork equivalent: not imported' }),
    ]);
  });
});

describe('sources', () => {
  it('go to the domain.yaml of the domain reading them, with freshness and the DuckDB file copied; a missing location is reported', () => {
    const dbt = dbtProject({
      'dbt_project.yml': 'name: shop\n',
      'data/orders.csv': 'id,loaded\n1,2024-01-01\n',
      'models/staging/stg_orders.sql': "select * from {{ source('erp', 'orders') }}\n",
      'models/staging/stg_items.sql': "select * from {{ source('erp', 'items') }}\n",
      'models/staging/sources.yml': windows(`version: 2
sources:
  - name: erp
    database: shop-prod
    schema: erp_raw
    loaded_at_field: loaded
    freshness:
      warn_after: {count: 6, period: hour}
      error_after: {count: 1, period: day}
      filter: "id > 0"
    tables:
      - name: orders
        description: Orders from the ERP.
        meta:
          external_location: data/orders.csv
      - name: items
        identifier: ITEMS_V2
        freshness: null
        columns:
          - name: id
            tests: [unique]
`),
    });
    const r = importInto(dbt);
    expect(r.read('domains/shop/domain.yaml')).toBe(`name: shop
owner: shop-team
sources:
  orders:
    description: Orders from the ERP.
    duckdb: data/orders.csv
    bigquery: shop-prod.erp_raw.orders
    freshness:
      loaded_at: loaded
      warn_after: 6 hours
      error_after: 1 day
      filter: id > 0
  items:
    bigquery: shop-prod.erp_raw.ITEMS_V2
`);
    expect(r.read('domains/shop/data/orders.csv')).toBe('id,loaded\n1,2024-01-01\n');
    expect(r.read('domains/shop/raw/stg_orders.sql')).toBe('select * from {{source "orders"}}\n');
    expect(r.problems).toContainEqual(expect.objectContaining({ file: 'models/staging/sources.yml', line: 16, construct: '- name: items', message: expect.stringContaining('has no DuckDB location') }));
    expect(r.problems).toContainEqual(expect.objectContaining({ file: 'models/staging/sources.yml', line: 21, construct: '- unique', message: 'test unique on source erp.items: not imported (meshwork tests models, not sources)', hint: 'put the test on the staging model that reads the source' }));
  });
});

describe('contracts', () => {
  const GROUPS = 'groups:\n  - name: sales\n    owner: {name: Sales}\n  - name: finance\n    owner: {name: Finance}\n';
  it('a public model with an enforced contract gets an ODCS contract; refs from another group read it, refs to a private model are kept and reported', () => {
    const dbt = dbtProject({
      'dbt_project.yml': 'name: shop\nmodels:\n  shop:\n    marts:\n      +group: sales\n',
      'models/groups.yml': GROUPS,
      'models/staging/stg_payments.sql': 'select 1 as payment_id, 2.5 as amount\n',
      'models/staging/stg_refunds.sql': 'select 1 as refund_id\n',
      'models/staging/props.yml': `models:
  - name: stg_payments
    description: Payments.
    access: public
    config: {group: finance, contract: {enforced: true}}
    constraints:
      - type: primary_key
        columns: [payment_id]
    columns:
      - name: payment_id
        data_type: bigint
        constraints: [{type: not_null}, {type: unique}]
      - name: amount
        data_type: decimal(10, 2)
        description: In EUR.
  - name: stg_refunds
    config: {group: finance, access: public}
`,
      'models/marts/revenue.sql': "select * from {{ ref('stg_payments') }}\njoin {{ ref('stg_refunds') }} on true\n",
    });
    const r = importInto(dbt);
    expect(r.read('domains/finance/contracts/stg_payments.odcs.yaml')).toBe(`apiVersion: v3.1.0
kind: DataContract
id: finance-stg-payments
name: stg_payments
version: 1.0.0
status: active
domain: finance
dataProduct: stg_payments
description:
  purpose: Payments.
team:
  name: Finance
schema:
  - name: stg_payments
    physicalType: view
    description: Payments.
    customProperties:
      - property: model
        value: raw.stg_payments
    properties:
      - name: payment_id
        logicalType: integer
        required: true
        unique: true
        primaryKey: true
        primaryKeyPosition: 1
      - name: amount
        logicalType: number
        physicalType: decimal(10,2)
        description: In EUR.
`);
    expect(r.read('domains/sales/aggregate/revenue.sql')).toBe('select * from {{contract "finance.stg_payments" version=1}}\njoin {{ref "stg_refunds"}} on true\n');
    expect(r.problems).toContainEqual(expect.objectContaining({ file: 'models/marts/revenue.sql', line: 2, message: expect.stringContaining('ref to stg_refunds of domain finance from domain sales'), hint: expect.stringContaining('make stg_refunds public with a contract') }));
    expect(r.problems).toContainEqual(expect.objectContaining({ file: 'models/staging/props.yml', line: 17, message: 'model stg_refunds is public but has no enforced contract with columns: no ODCS contract written, and other domains cannot read it' }));
    expect(r.counts?.contracts).toBe(1);
  });
});

describe('what is not imported', () => {
  it('on-run-end hooks, dbt snapshots, Python models, versioned models, exposures, and --domain-map beside groups are reported at their lines', () => {
    const dbt = dbtProject({
      'dbt_project.yml': 'name: shop\non-run-end:\n  - "grant usage on schema {{ target.schema }} to reporter"\n',
      'models/groups.yml': 'groups:\n  - name: shop\n    owner: {name: S}\n',
      'models/marts/orders.sql': "{{ config(group='shop') }}\nselect 1 as id\n",
      'models/marts/score.py': 'def model(dbt, session):\n    return None\n',
      'models/marts/props.yml': 'models:\n  - name: orders\n    latest_version: 1\n    versions:\n      - v: 1\nexposures:\n  - name: dashboard\n',
      'snapshots/orders_snapshot.sql': "-- history of orders\n{% snapshot orders_snapshot %}\n{{ config(unique_key='id', strategy='check', check_cols='all') }}\nselect * from {{ ref('orders') }}\n{% endsnapshot %}\n",
    });
    const r = importInto(dbt, { domainMap: 'marts=sales' });
    expect(r.has('domains/shop/aggregate/orders.sql')).toBe(true);
    expect(r.problems.map((p) => [p.file, p.line, p.construct])).toEqual([
      ['dbt_project.yml', 2, 'on-run-end:'],
      ['models/marts/score.py', 1, 'score.py'],
      ['models/marts/props.yml', 4, 'versions:'],
      ['models/marts/props.yml', 6, 'exposures:'],
      ['snapshots/orders_snapshot.sql', 2, '{% snapshot orders_snapshot %}'],
      ['models/groups.yml', 2, '- name: shop'],
    ]);
    expect(r.problems[4]!.hint).toContain('materialized: snapshot');
  });
});

describe('shared inputs', () => {
  it('a source read by two domains is declared in the one whose staging model reads it, and the other reader is reported', () => {
    const dbt = dbtProject({
      'dbt_project.yml': 'name: shop\n',
      'models/staging/sources.yml': 'sources:\n  - name: erp\n    tables:\n      - name: orders\n',
      'models/marts/kpis.sql': "select count(*) as n\nfrom {{ source('erp', 'orders') }}\n",
      'models/staging/stg_orders.sql': "select * from {{ source('erp', 'orders') }}\n",
    });
    const r = importInto(dbt, { domainMap: 'staging=checkout,marts=management' });
    expect(r.read('domains/checkout/domain.yaml')).toContain('sources:\n  orders:\n    bigquery: erp.orders\n');
    expect(r.read('domains/management/domain.yaml')).not.toContain('sources:');
    expect(r.problems).toContainEqual(expect.objectContaining({ file: 'models/marts/kpis.sql', line: 2, message: 'source erp.orders is declared in domain checkout, which reads it first; domain management reads it too' }));
  });

  it('a unique_combination_of_columns of one column becomes that column\'s unique test', () => {
    const dbt = dbtProject({
      'dbt_project.yml': 'name: shop\n',
      'models/marts/days.sql': 'select current_date as day\n',
      'models/marts/props.yml': 'models:\n  - name: days\n    tests:\n      - dbt_utils.unique_combination_of_columns:\n          combination_of_columns: [day]\n          config: {severity: warn}\n',
    });
    expect(importInto(dbt).read('domains/shop/aggregate/days.sql')).toBe('/*\ncolumns:\n  day:\n    tests:\n      - unique:\n          severity: warn\n*/\nselect current_date as day\n');
  });
});

describe('docs blocks', () => {
  it('replace {{ doc("x") }} in descriptions with the block of a .md file (BOM, CRLF); a block the project lacks is reported', () => {
    const dbt = dbtProject({
      'dbt_project.yml': 'name: shop\n',
      'models/docs.md': `\uFEFF${windows('{% docs order_status %}\n\nOne of **placed**, shipped or returned.\n\n{% enddocs %}\n\n{%- docs order_id -%}The order.{%- enddocs -%}\n')}`,
      'models/marts/orders.sql': "select 1 as order_id, 'placed' as status\n",
      'models/marts/schema.yml': windows(`version: 2
models:
  - name: orders
    description: '{{ doc("order_id") }} One row each.'
    columns:
      - name: status
        description: "{{ doc('order_status') }}"
      - name: order_id
        description: '{{ doc("missing_block") }}'
`),
    });
    const r = importInto(dbt);
    expect(r.diagnostics).toEqual([]);
    const header = r.read('domains/shop/aggregate/orders.sql');
    expect(header).toContain('description: The order. One row each.');
    expect(header).toContain('One of **placed**, shipped or returned.');
    expect(header).not.toContain('order_status');
    // At its description's line.
    expect(r.problems).toContainEqual(expect.objectContaining({ file: 'models/marts/schema.yml', line: 9, construct: '{{ doc("missing_block") }}' }));
  });
});
