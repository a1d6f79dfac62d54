/** dbt `unit_tests:` through `mesh import dbt`, then run by `mesh test --unit` on real DuckDB. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mesh } from '../support/run-cli.js';
import { dbtProject, importInto, windows } from './import-support.js';

/** A shop in the shape of dbt-labs' jaffle-shop: staging models on dbt-duckdb sources, marts, an incremental model, unit tests in properties ymls. */
const SHOP: Record<string, string> = {
  'dbt_project.yml': 'name: shop\nvars:\n  min_total: 0\n',
  'models/staging/sources.yml': [
    'sources:',
    '  - name: ecom',
    '    meta: {external_location: "data/{name}.csv"}',
    '    tables:',
    '      - name: raw_orders',
    '      - name: raw_items',
    '',
  ].join('\n'),
  'data/raw_orders.csv': 'id,customer,order_total,ordered_at\n1,c1,1200,2024-01-05 10:00:00\n',
  'data/raw_items.csv': 'id,order_id,sku\n1,1,BEV-001\n',
  'seeds/products.csv': 'sku,is_drink\nBEV-001,true\nJAF-001,false\n',
  'models/staging/stg_orders.sql': "select id as order_id, customer as customer_id, order_total / 100.0 as order_total, cast(ordered_at as date) as ordered_date\nfrom {{ source('ecom', 'raw_orders') }}\n",
  'models/staging/stg_items.sql': "select id as item_id, order_id, sku as product_id from {{ source('ecom', 'raw_items') }}\n",
  'models/marts/order_items.sql': "select i.item_id, i.order_id, p.is_drink\nfrom {{ ref('stg_items') }} as i\nleft join {{ ref('products') }} as p on p.sku = i.product_id\n",
  'models/marts/orders.sql': [
    'select o.order_id, o.customer_id, o.order_total,',
    '  count(i.item_id) filter (where i.is_drink) as drink_items,',
    '  coalesce(bool_or(i.is_drink), false) as is_drink_order',
    "from {{ ref('stg_orders') }} as o",
    "left join {{ ref('order_items') }} as i on i.order_id = o.order_id",
    "where o.order_total >= {{ var('min_total') }}",
    'group by 1, 2, 3',
    '',
  ].join('\n'),
  'models/marts/recent_orders.sql': [
    "{{ config(materialized='incremental', unique_key='order_id') }}",
    "select order_id, ordered_date from {{ ref('stg_orders') }}",
    '{% if is_incremental() %}',
    'where ordered_date > (select max(ordered_date) from {{ this }})',
    '{% endif %}',
    '',
  ].join('\n'),
  'tests/fixtures/two_items.csv': windows('item_id,order_id,is_drink\n1,1,true\n2,1,\n'),
  // Saved on Windows: a BOM and CRLF line ends.
  'models/marts/orders.yml': windows(
    [
      'models:',
      '  - name: orders',
      '    description: One row per order.',
      'unit_tests:',
      '  - name: test_orders_count_drinks', // line 5
      '    description: "Drinks are counted, an order without items is no drink order."',
      '    model: orders',
      '    config: {tags: [unit]}',
      '    given:',
      "      - input: ref('stg_orders')",
      '        rows:',
      '          - {order_id: 1, customer_id: c1, order_total: 12.0}',
      '          - {order_id: 2, customer_id: c2, order_total: 3.5}',
      '          - {order_id: 3, customer_id: c1, order_total: 0}',
      '      - input: ref("order_items")',
      '        rows:',
      '          - {item_id: 1, order_id: 1, is_drink: true}',
      '          - {item_id: 2, order_id: 1, is_drink: true}',
      '          - {item_id: 3, order_id: 2, is_drink: false}',
      '          - {item_id: 4, order_id: 2, is_drink: null}',
      '    overrides:',
      '      vars: {min_total: 1}',
      '    expect:',
      '      rows:',
      '        - {order_id: 1, drink_items: 2, is_drink_order: true}',
      '        - {order_id: 2, drink_items: 0, is_drink_order: false}',
      '  - name: test_orders_from_csv', // line 27
      '    model: orders',
      '    given:',
      "      - input: ref('stg_orders')",
      '        format: csv',
      '        rows: |',
      '          order_id,customer_id,order_total',
      '          1,c1,12.0',
      '          1,c1,12.0',
      "      - input: ref('order_items')",
      '        format: csv',
      '        fixture: two_items',
      '    expect:',
      '      format: csv',
      '      rows: |',
      '        order_id,customer_id,order_total,drink_items',
      '        1,c1,12.0,2',
      '  - name: test_orders_sql_given', // line 44
      '    model: orders',
      '    given:',
      "      - input: ref('stg_orders')",
      '        format: sql',
      '        rows: select 1 as order_id',
      "      - input: ref('order_items')",
      '        rows: [{item_id: 1, order_id: 1}]',
      '    expect: {rows: [{order_id: 1}]}',
      '',
    ].join('\n'),
  ),
  'models/marts/unit_tests.yml': [
    'unit_tests:',
    '  - name: test_recent_orders_incremental',
    '    model: recent_orders',
    '    versions: {include: [1]}',
    '    overrides:',
    '      macros: {is_incremental: true}',
    '    given:',
    "      - input: ref('stg_orders')",
    '        rows:',
    '          - {order_id: 1, ordered_date: 2024-01-01}',
    '          - {order_id: 2, ordered_date: 2024-01-03}',
    '          - {order_id: 3, ordered_date: null}',
    '      - input: this',
    '        rows:',
    '          - {order_id: 9, ordered_date: 2024-01-02}',
    '    expect:',
    '      rows:',
    '        - {order_id: 2, ordered_date: 2024-01-03}',
    '  - name: test_stg_orders_cents', // line 19
    '    model: stg_orders',
    '    given:',
    "      - input: source('ecom', 'raw_orders')",
    '        rows:',
    '          - {id: 1, customer: c1, order_total: 1250, ordered_at: "2024-01-05 23:59:00"}',
    '    expect:',
    '      rows:',
    '        - {order_id: 1, order_total: 12.5, ordered_date: 2024-01-05}',
    '  - name: test_order_items_no_items', // line 28
    '    model: order_items',
    '    given:',
    "      - input: ref('stg_items')",
    '        rows:',
    '          - {item_id: 1, order_id: 1, product_id: JAF-001}',
    "      - input: ref('products')",
    '        rows: []',
    '    expect:',
    '      rows:',
    '        - {item_id: 1, order_id: 1, is_drink: null}',
    '  - name: test_orders_count_drinks', // line 39: a second test of that name in the domain
    '    model: orders',
    '    given: []',
    '    expect: {rows: []}',
    '  - name: test_orders_clock', // line 43
    '    model: orders',
    '    overrides:',
    '      macros: {dbt.current_timestamp: "\'2024-01-01\'"}',
    '      env_vars: {REGION: eu}',
    "    given: [{input: ref('stg_orders'), rows: [{order_id: 1}]}, {input: ref('order_items'), rows: [{order_id: 1}]}]",
    '    expect: {rows: [{order_id: 1}]}',
    '  - name: test_off', // line 50
    '    model: orders',
    '    config: {enabled: false}',
    "    given: [{input: ref('nowhere'), rows: [{a: 1}]}]",
    '    expect: {rows: []}',
    '  - name: test_unknown_model', // line 55
    '    model: ordrs',
    "    given: [{input: \"source('ecom', 'raw_payments')\", rows: [{a: 1}]}]",
    '    expect: {rows: []}',
    '',
  ].join('\n'),
};

// Each test imports again: temp folders are removed after each test.
const importShop = (): ReturnType<typeof importInto> => importInto(dbtProject(SHOP));

describe('dbt unit tests', () => {

  it('become meshwork unit tests in the domain of their model, counted in the report', () => {
    const imported = importShop();
    expect(imported.diagnostics).toEqual([]);
    expect(imported.counts?.unitTests).toBe(5);
    expect(imported.read('import-report.md')).toContain('| unit tests | 5 |');
    expect(imported.read('domains/shop/tests/unit/test_orders_count_drinks.yaml')).toBe(
      [
        '# Imported from the dbt unit test test_orders_count_drinks (models/marts/orders.yml, line 5).',
        'model: orders',
        'description: Drinks are counted, an order without items is no drink order.',
        'given:',
        '  - ref: stg_orders',
        '    rows:',
        '      - {order_id: 1, customer_id: "c1", order_total: 12}',
        '      - {order_id: 2, customer_id: "c2", order_total: 3.5}',
        '      - {order_id: 3, customer_id: "c1", order_total: 0}',
        '  - ref: order_items',
        '    rows:',
        '      - {item_id: 1, order_id: 1, is_drink: true}',
        '      - {item_id: 2, order_id: 1, is_drink: true}',
        '      - {item_id: 3, order_id: 2, is_drink: false}',
        '      - {item_id: 4, order_id: 2, is_drink: null}',
        'vars:',
        '  min_total: 1',
        'expect:',
        '  rows:',
        '    - {order_id: 1, drink_items: 2, is_drink_order: true}',
        '    - {order_id: 2, drink_items: 0, is_drink_order: false}',
        '',
      ].join('\n'),
    );
  });

  it('write CSV givens as files beside the test (a fixture copied byte for byte), CSV expectations as rows, a seed with no rows as its header', () => {
    const imported = importShop();
    const csvTest = imported.read('domains/shop/tests/unit/test_orders_from_csv.yaml');
    expect(csvTest).toContain('  - ref: stg_orders\n    csv: fixtures/test_orders_from_csv__ref_stg_orders.csv\n  - ref: order_items\n    csv: fixtures/two_items.csv\n');
    // The duplicated order row joins each item twice: one group, two drinks.
    expect(csvTest).toContain('expect:\n  rows:\n    - {order_id: "1", customer_id: "c1", order_total: "12.0", drink_items: "2"}\n');
    expect(imported.read('domains/shop/tests/unit/fixtures/test_orders_from_csv__ref_stg_orders.csv')).toBe('order_id,customer_id,order_total\n1,c1,12.0\n1,c1,12.0\n');
    expect(imported.read('domains/shop/tests/unit/fixtures/two_items.csv')).toBe(SHOP['tests/fixtures/two_items.csv']);
    expect(imported.read('domains/shop/tests/unit/test_order_items_no_items.yaml')).toContain('  - seed: products\n    csv: fixtures/test_order_items_no_items__seed_products.csv\n');
    expect(imported.read('domains/shop/tests/unit/fixtures/test_order_items_no_items__seed_products.csv')).toBe('sku,is_drink\n');
    const incremental = imported.read('domains/shop/tests/unit/test_recent_orders_incremental.yaml');
    expect(incremental).toContain('  - this: true\n    rows:\n      - {order_id: 9, ordered_date: "2024-01-02"}\n');
    expect(incremental).toContain('is_incremental: true\n');
    expect(imported.read('domains/shop/tests/unit/test_stg_orders_cents.yaml')).toContain('  - source: raw_orders\n');
    // A fixture is not a singular test.
    expect(imported.has('domains/shop/tests/two_items.sql')).toBe(false);
  });

  it('report every entry not converted, and what was dropped, by file and line (CRLF and BOM files too)', () => {
    const imported = importShop();
    const at = (file: string, line: number, message: string) => expect.objectContaining({ file, line, message: expect.stringContaining(message) });
    expect(imported.problems).toEqual(
      expect.arrayContaining([
        at('models/marts/orders.yml', 8, 'config tags of unit test test_orders_count_drinks: dropped'),
        at('models/marts/orders.yml', 48, 'unit test test_orders_sql_given gives ref(\'stg_orders\') as SQL (format: sql), which meshwork unit tests do not read: not converted'),
        at('models/marts/unit_tests.yml', 4, 'versions: of unit test test_recent_orders_incremental: dropped'),
        at('models/marts/unit_tests.yml', 39, 'unit test test_orders_count_drinks is a second unit test named test_orders_count_drinks in domain shop (the first is in models/marts/orders.yml line 5): not converted'),
        at('models/marts/unit_tests.yml', 46, 'unit test test_orders_clock overrides the macro dbt.current_timestamp'),
        at('models/marts/unit_tests.yml', 47, 'unit test test_orders_clock overrides env_vars'),
        at('models/marts/unit_tests.yml', 52, 'unit test test_off is disabled (enabled: false): not converted'),
        at('models/marts/unit_tests.yml', 56, 'unit test test_unknown_model tests model ordrs, which was not imported'),
      ]),
    );
    expect(imported.problems).toContainEqual(expect.objectContaining({ line: 56, hint: 'did you mean orders? import the model, or fix model:, and import again' }));
    expect(imported.problems.filter((p) => p.message.includes('unit test'))).toHaveLength(8);
    expect(imported.has('domains/shop/tests/unit/test_orders_sql_given.yaml')).toBe(false);
    expect(imported.has('domains/shop/tests/unit/test_orders_clock.yaml')).toBe(false);
    expect(imported.read('import-report.md')).toContain("- line 48: `format: sql`\n  - done: unit test test_orders_sql_given gives ref('stg_orders') as SQL (format: sql)");
  });

  it('pass under mesh test --unit on the imported project; one edited expected row fails it (exit 1)', async () => {
    const imported = importShop();
    const passing = await mesh(['test', '--unit', '--project', imported.out]);
    expect(passing.err).toEqual([]);
    expect(passing.out.at(-1)).toBe('Unit tests: 5 passed, 0 failed (5 run).');
    expect(passing.code).toBe(0);

    const file = join(imported.out, 'domains/shop/tests/unit/test_orders_count_drinks.yaml');
    writeFileSync(file, imported.read('domains/shop/tests/unit/test_orders_count_drinks.yaml').replace('{order_id: 2, drink_items: 0,', '{order_id: 2, drink_items: 1,'));
    const failing = await mesh(['test', '--unit', '--project', imported.out]);
    expect(failing.code).toBe(1);
    expect(failing.out).toContainEqual(expect.stringMatching(/^FAIL  shop\.test_orders_count_drinks \(model orders\)/));
    expect(failing.out.at(-1)).toBe('Unit tests: 4 passed, 1 failed (5 run).');
  });
});

describe('dbt unit tests across domains', () => {
  it('give a public contracted model of another domain as its contract; a this given outside the incremental branch is dropped', async () => {
    const dbt = dbtProject({
      'dbt_project.yml': 'name: shop\n',
      'models/groups.yml': 'groups:\n  - name: sales\n    owner: {name: S}\n  - name: finance\n    owner: {name: F}\n',
      'seeds/raw_orders.csv': 'id,amount\n1,100\n',
      'models/staging/stg_orders.sql': "{{ config(group='sales') }}\nselect id as order_id, amount from {{ ref('raw_orders') }}\n",
      'models/marts/revenue.sql': "{{ config(group='finance') }}\nselect sum(amount) as revenue, count(*) as orders from {{ ref('stg_orders') }}\n",
      'models/staging/stg_orders.yml': [
        'models:',
        '  - name: stg_orders',
        '    access: public',
        '    config: {contract: {enforced: true}}',
        '    columns:',
        '      - {name: order_id, data_type: bigint}',
        '      - {name: amount, data_type: bigint}',
        'unit_tests:',
        '  - name: revenue_sums_duplicates',
        '    model: revenue',
        '    given:',
        "      - input: ref('stg_orders')",
        '        rows:',
        '          - {order_id: 1, amount: 10}',
        '          - {order_id: 1, amount: 10}',
        '          - {order_id: 2, amount: null}',
        '      - input: this', // line 17
        '        rows: [{revenue: 0}]',
        '    expect:',
        '      rows: [{revenue: 20, orders: 3}]',
        '',
      ].join('\n'),
    });
    const r = importInto(dbt);
    expect(r.read('domains/finance/tests/unit/revenue_sums_duplicates.yaml')).toContain('given:\n  - contract: sales.stg_orders\n    version: 1\n    rows:\n');
    expect(r.read('domains/finance/tests/unit/revenue_sums_duplicates.yaml')).not.toContain('this');
    expect(r.problems).toContainEqual(expect.objectContaining({ file: 'models/staging/stg_orders.yml', line: 17, message: expect.stringContaining('gives this without overrides') }));
    const run = await mesh(['test', '--unit', '--project', r.out]);
    // Governance warnings on the imported contract (no descriptions, no SLA), as docs/import-dbt.md says.
    expect(run.err.filter((l) => / error /.test(l))).toEqual([]);
    expect(run.out.at(-1)).toBe('Unit tests: 1 passed, 0 failed (1 run).');
    expect(run.code).toBe(0);
  });
});

describe('dbt unit test fixtures', () => {
  it('read expected rows from a CSV fixture; a missing or SQL fixture is reported at its line', async () => {
    const dbt = dbtProject({
      'dbt_project.yml': 'name: shop\ntest-paths: [data-tests]\n',
      'seeds/raw_items.csv': 'id,price\n1,250\n',
      'models/staging/stg_items.sql': "select id as item_id, price / 100.0 as price from {{ ref('raw_items') }}\n",
      'data-tests/fixtures/expected_items.csv': windows('item_id,price\n1,2.5\n1,2.5\n2,\n'),
      'data-tests/fixtures/items_sql.sql': 'select 1 as id, 250 as price\n',
      'models/staging/unit.yml': [
        'unit_tests:',
        '  - name: items_in_dollars',
        '    model: stg_items',
        '    given:',
        "      - input: ref('raw_items')",
        '        rows: [{id: 1, price: 250}, {id: 1, price: 250}, {id: 2, price: null}]',
        '    expect: {format: csv, fixture: expected_items}',
        '  - name: items_from_nowhere',
        '    model: stg_items',
        '    given:',
        "      - input: ref('raw_items')",
        '        format: csv',
        '        fixture: no_such_file', // line 13
        '    expect: {rows: []}',
        '  - name: items_from_sql',
        '    model: stg_items',
        '    given:',
        "      - input: ref('raw_items')",
        '        format: sql',
        '        fixture: items_sql', // line 20
        '    expect: {rows: []}',
        '',
      ].join('\n'),
    });
    const r = importInto(dbt);
    expect(r.read('domains/shop/tests/unit/items_in_dollars.yaml')).toContain('  - seed: raw_items\n');
    expect(r.read('domains/shop/tests/unit/items_in_dollars.yaml')).toContain('expect:\n  rows:\n    - {item_id: "1", price: "2.5"}\n    - {item_id: "1", price: "2.5"}\n    - {item_id: "2", price: null}\n');
    expect(r.problems).toContainEqual(expect.objectContaining({ file: 'models/staging/unit.yml', line: 13, message: expect.stringContaining('from fixture no_such_file, which is no file') }));
    expect(r.problems).toContainEqual(expect.objectContaining({ file: 'models/staging/unit.yml', line: 19, message: expect.stringContaining('as SQL (format: sql)') }));
    expect(r.counts?.unitTests).toBe(1);
    // Fixtures are not singular tests.
    expect(r.has('domains/shop/tests/items_sql.sql')).toBe(false);
    const run = await mesh(['test', '--unit', '--project', r.out]);
    expect(run.out.at(-1)).toBe('Unit tests: 1 passed, 0 failed (1 run).');
    expect(run.code).toBe(0);
  });
});
