/** Seeds, macros, generic and singular tests through `mesh import dbt`. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dbtProject, importInto, windows } from './import-support.js';

describe('seeds', () => {
  it('go byte for byte to the domain of the models that ref them, with column_types; a second reading domain is reported', () => {
    const bom = '\uFEFFid,amount\r\n1,100\r\n1,100\r\n2,\r\n';
    const dbt = dbtProject({
      'dbt_project.yml': 'name: shop\nseeds:\n  shop:\n    +delimiter: ";"\n    raw_payments:\n      +column_types: {amount: bigint}\n',
      'models/groups.yml': 'groups:\n  - name: finance\n    owner: {name: F}\n  - name: sales\n    owner: {name: S}\n',
      'seeds/raw_payments.csv': bom,
      'seeds/props.yml': 'seeds:\n  - name: raw_payments\n    description: Payments in cents.\n    config:\n      column_types: {id: varchar}\n',
      'models/staging/stg_payments.sql': "{{ config(group='finance') }}\nselect * from {{ ref('raw_payments') }}\n",
      'models/marts/sales.sql': "{{ config(group='sales') }}\nselect * from {{ ref('raw_payments') }}\n",
    });
    const r = importInto(dbt);
    expect(readFileSync(join(r.out, 'domains/finance/seeds/raw_payments.csv'), 'utf8')).toBe(bom);
    expect(r.has('domains/sales/seeds/raw_payments.csv')).toBe(false);
    expect(r.read('domains/finance/domain.yaml')).toBe('name: finance\nowner: F\ndescription: Imported from the dbt group finance.\nseeds:\n  raw_payments:\n    description: Payments in cents.\n    column_types:\n      amount: bigint\n      id: varchar\n');
    expect(r.problems).toContainEqual(expect.objectContaining({ file: 'models/marts/sales.sql', line: 2, message: expect.stringContaining('ref to seed raw_payments, which goes to domain finance (its first reader), from domain sales') }));
    expect(r.problems).toContainEqual(expect.objectContaining({ file: 'dbt_project.yml', line: 4, message: 'seed config delimiter has no meshwork equivalent: not imported' }));
  });
});

describe('macros and tests', () => {
  it('write macros with params, generic tests to tests/generic, singular tests to the domain they read, with their config', () => {
    const dbt = dbtProject({
      'dbt_project.yml': 'name: shop\n',
      'macros/generate_schema_name.sql': "{% macro generate_schema_name(custom_schema_name, node) -%}\n    {{ custom_schema_name }}\n{%- endmacro %}\n",
      'macros/money.sql': windows("{% macro cents_to_dollars(column_name, scale=2) -%}\n    ({{ column_name }} / 100)::numeric(16, {{ scale }})\n{%- endmacro %}\n"),
      'tests/generic/at_least.sql': '{% test at_least(model, column_name, min=0) %}\nselect * from {{ model }} where {{ column_name }} < {{ min }}\n{% endtest %}\n',
      'models/marts/orders.sql': "select {{ cents_to_dollars('amount_cents') }} as amount from {{ ref('raw') }}\n",
      'models/marts/schema.yml': 'models:\n  - name: orders\n    columns:\n      - name: amount\n        tests:\n          - at_least: {min: 1}\n',
      'seeds/raw.csv': 'amount_cents\n100\n',
      'tests/orders_positive.sql': "{{ config(severity='WARN') }}\nselect * from {{ ref('orders') }} where amount < 0\n",
    });
    const r = importInto(dbt);
    expect(r.read('macros/cents_to_dollars.sql')).toBe('/*\nparams:\n  - column_name\n  - scale: 2\n*/\n    ({{column_name}} / 100)::numeric(16, {{scale}})\n');
    expect(r.read('tests/generic/at_least.sql')).toContain('/*\nparams:\n  - min: 0\n*/\n');
    expect(r.read('domains/shop/aggregate/orders.sql')).toBe('/*\ncolumns:\n  amount:\n    tests:\n      - at_least:\n          min: 1\n*/\nselect {{cents_to_dollars "amount_cents"}} as amount from {{ref "raw"}}\n');
    expect(r.read('domains/shop/tests/orders_positive.sql')).toMatch(/^\/\*\nseverity: warn\n\*\/\n/);
    expect(r.counts).toMatchObject({ models: 1, seeds: 1, tests: 2, macros: 1, genericTests: 1 });
    expect(r.has('macros/generate_schema_name.sql')).toBe(false);
    expect(r.problems).toContainEqual(expect.objectContaining({ file: 'macros/generate_schema_name.sql', line: 1, message: expect.stringContaining('generate_schema_name overrides how dbt names relations') }));
  });
});
