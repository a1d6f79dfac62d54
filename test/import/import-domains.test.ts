/** Where `mesh import dbt` puts each model: domains from groups, --domain-map or one domain; stages from folders. */
import { describe, expect, it } from 'vitest';
import { dbtProject, importInto, windows } from './import-support.js';

const MODELS = {
  'models/staging/stg_orders.sql': "select 1 as order_id\n",
  'models/staging/payments/stg_payments.sql': "select 1 as payment_id\n",
  'models/marts/orders.sql': "select * from {{ ref('stg_orders') }}\n",
};

describe('domains', () => {
  it('come from dbt groups, with their owners, and a model of no group goes to the project-named domain (reported)', () => {
    const dbt = dbtProject({
      'dbt_project.yml': windows("name: 'Jaffle-Shop'\nmodels:\n  Jaffle-Shop:\n    staging:\n      +group: sales\n"),
      'models/groups.yml': windows('groups:\n  - name: sales\n    owner: {name: Sales, email: sales@x.example}\n  - name: Finance-Team\n    owner: {email: fin@x.example}\n'),
      'models/staging/payments/props.yml': 'models:\n  - name: stg_payments\n    config:\n      group: Finance-Team\n',
      ...MODELS,
    });
    const r = importInto(dbt);
    expect(r.diagnostics).toEqual([]);
    expect(r.has('domains/sales/raw/stg_orders.sql')).toBe(true);
    expect(r.has('domains/finance_team/raw/stg_payments.sql')).toBe(true);
    expect(r.has('domains/jaffle_shop/aggregate/orders.sql')).toBe(true);
    expect(r.read('domains/sales/domain.yaml')).toContain('owner: Sales <sales@x.example>');
    expect(r.read('domains/finance_team/domain.yaml')).toContain('owner: fin@x.example');
    expect(r.read('mesh.yaml')).toContain('name: jaffle_shop');
    expect(r.problems).toContainEqual(expect.objectContaining({ file: 'models/marts/orders.sql', line: 1, message: expect.stringContaining('belongs to no group') }));
  });

  it('come from --domain-map (the longest folder prefix wins) without groups, and the rest goes to one domain', () => {
    const dbt = dbtProject({ 'dbt_project.yml': 'name: shop\n', ...MODELS, 'models/other/misc.sql': 'select 1 as x\n' });
    const r = importInto(dbt, { domainMap: 'staging=checkout, staging/payments=payments,marts=checkout' });
    expect(r.diagnostics).toEqual([]);
    expect(r.has('domains/checkout/raw/stg_orders.sql')).toBe(true);
    expect(r.has('domains/payments/raw/stg_payments.sql')).toBe(true);
    expect(r.has('domains/checkout/aggregate/orders.sql')).toBe(true);
    expect(r.has('domains/shop/cleaned/misc.sql')).toBe(true);
    expect(r.problems).toContainEqual(expect.objectContaining({ file: 'models/other/misc.sql', message: expect.stringContaining('no --domain-map folder holds other/misc.sql') }));
  });

  it('is one domain named after the project when there are no groups and no map', () => {
    const r = importInto(dbtProject({ 'dbt_project.yml': 'name: shop\n', ...MODELS }));
    expect(r.files.filter((f) => f.endsWith('.sql')).sort()).toEqual(['domains/shop/aggregate/orders.sql', 'domains/shop/raw/stg_orders.sql', 'domains/shop/raw/stg_payments.sql']);
    expect(r.read('domains/shop/domain.yaml')).toBe('name: shop\nowner: shop-team\n');
    expect(r.problems).toContainEqual(expect.objectContaining({ file: 'dbt_project.yml', message: expect.stringContaining('domain shop has no owner') }));
  });
});

describe('stages', () => {
  it('follow the folder (staging, intermediate, marts); a model elsewhere goes to cleaned, reported', () => {
    const dbt = dbtProject({ 'dbt_project.yml': 'name: shop\n', ...MODELS, 'models/intermediate/int_orders.sql': 'select 1 as x\n', 'models/loose.sql': 'select 2 as y\n' });
    const r = importInto(dbt);
    expect(r.has('domains/shop/cleaned/int_orders.sql')).toBe(true);
    expect(r.has('domains/shop/cleaned/loose.sql')).toBe(true);
    expect(r.problems).toEqual([
      expect.objectContaining({ file: 'dbt_project.yml' }),
      expect.objectContaining({ file: 'models/loose.sql', line: 1, message: 'model loose is in no staging, intermediate or marts folder: written to cleaned/' }),
    ]);
  });

  it('follow --stage-map when given: folders and model names, over the default folders', () => {
    const r = importInto(
      dbtProject({
        'dbt_project.yml': 'name: shop\n',
        'models/base/a.sql': 'select 1 as x\n',
        'models/reporting/b.sql': 'select 1 as x\n',
        'models/staging/stg_c.sql': 'select 1 as x\n',
        // At the models folder's root, as in the classic jaffle_shop: only its name can map it.
        'models/customers.sql': 'select 1 as x\n',
      }),
      { stageMap: 'base=raw,reporting=aggregate,customers=aggregate' },
    );
    expect(r.files.filter((f) => f.endsWith('.sql')).sort()).toEqual(['domains/shop/aggregate/b.sql', 'domains/shop/aggregate/customers.sql', 'domains/shop/raw/a.sql', 'domains/shop/raw/stg_c.sql']);
    expect(r.problems.filter((p) => p.message.includes('no staging'))).toEqual([]);
  });

  it('hint, for a model at the root of the models folder, the --stage-map that maps it', () => {
    const r = importInto(dbtProject({ 'dbt_project.yml': 'name: shop\n', 'models/orders.sql': 'select 1 as x\n' }));
    expect(r.problems).toContainEqual(expect.objectContaining({ file: 'models/orders.sql', hint: expect.stringContaining("map the model with --stage-map 'orders=aggregate'") }));
  });

  it('keep model names unique per domain: the second of a name is reported and left out', () => {
    const r = importInto(dbtProject({ 'dbt_project.yml': 'name: shop\n', 'models/marts/orders.sql': 'select 1 as a\n', 'models/staging/legacy/Orders.sql': 'select 2 as b\n' }));
    expect(r.files.filter((f) => f.endsWith('.sql'))).toEqual(['domains/shop/aggregate/orders.sql']);
    expect(r.problems).toContainEqual(expect.objectContaining({ file: 'models/staging/legacy/Orders.sql', message: expect.stringContaining('a second model named Orders in domain shop (the first is models/marts/orders.sql)') }));
  });
});

describe('mesh.yaml', () => {
  it('takes the project vars, the ones scoped to the project merged in', () => {
    const r = importInto(dbtProject({ 'dbt_project.yml': "name: shop\nvars:\n  start: '2024-01-01'\n  shop:\n    methods: [card, cash]\n  other_package:\n    x: 1\n", 'models/a.sql': 'select 1 as x\n' }));
    expect(r.read('mesh.yaml')).toContain("vars:\n  start: 2024-01-01\n  other_package:\n    x: 1\n  methods:\n    - card\n    - cash\n");
    expect(r.read('mesh.yaml')).toContain('targets:\n  dev:\n    engine: duckdb\n    path: .mesh/dev.duckdb\n');
  });
});
