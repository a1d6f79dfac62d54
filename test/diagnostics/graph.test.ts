import { describe, expect, it } from 'vitest';
import { diagnose, expectWhere, lines, only } from './diagnose.js';

describe('MESH150: two nodes with one name in one domain', () => {
  it('two models in two stages: names both files', () => {
    const diagnostics = diagnose({
      'domains/shop/raw/orders.sql': 'select 1 as id\n',
      'domains/shop/cleaned/orders.sql': 'select 2 as id\n',
    });
    expectWhere(diagnostics, ['error MESH150 domains/shop/raw/orders.sql:1']);
    expect(diagnostics[0]!.message).toBe("two nodes named 'orders' in domain 'shop': domains/shop/cleaned/orders.sql and domains/shop/raw/orders.sql");
    expect(diagnostics[0]!.hint).toBe(
      'names are unique within a domain across stages, seeds and tests: rename domains/shop/raw/orders.sql or domains/shop/cleaned/orders.sql',
    );
  });

  it('a model and a seed', () => {
    const d = only(diagnose({ 'domains/shop/raw/customers.sql': 'select 1 as id\n', 'domains/shop/seeds/customers.csv': 'id\n1\n' }), 'MESH150');
    expect([d.file, d.line]).toEqual(['domains/shop/seeds/customers.csv', 1]);
    expect(d.message).toBe("two nodes named 'customers' in domain 'shop': domains/shop/raw/customers.sql and domains/shop/seeds/customers.csv");
  });

  it('a model and a singular test', () => {
    const d = only(diagnose({ 'domains/shop/raw/orders.sql': 'select 1 as id\n', 'domains/shop/tests/orders.sql': 'select * from {{ref "orders"}} where id is null\n' }), 'MESH150');
    expect(d.file).toBe('domains/shop/tests/orders.sql');
  });

  it('one name in two domains is fine', () => {
    const diagnostics = diagnose({
      'domains/shop/raw/orders.sql': 'select 1 as id\n',
      'domains/billing/domain.yaml': 'name: billing\nowner: team-billing\n',
      'domains/billing/raw/orders.sql': 'select 1 as id\n',
    });
    expect(diagnostics).toEqual([]);
  });

  it('is reported next to the other problems of the files', () => {
    const diagnostics = diagnose({
      'domains/shop/raw/orders.sql': lines('/*', 'materialized: banana', '*/', 'select 1 as id'),
      'domains/shop/cleaned/orders.sql': 'select 2 as id\n',
    });
    expectWhere(diagnostics, ['error MESH150 domains/shop/raw/orders.sql:1', 'error MESH103 domains/shop/raw/orders.sql:2']);
  });
});

describe('MESH160: dependency cycles', () => {
  it('three models across two stages: the whole path, each file, at the line of the ref', () => {
    const diagnostics = diagnose({
      'domains/shop/raw/a_orders.sql': lines('/*', 'description: reads c', '*/', 'select *', 'from {{ref "c_totals"}}'),
      'domains/shop/cleaned/b_items.sql': lines('select *', 'from {{ref "a_orders"}}'),
      'domains/shop/cleaned/c_totals.sql': lines('', '', 'select * from {{ref "b_items"}}'),
    });
    expectWhere(diagnostics, ['error MESH160 domains/shop/raw/a_orders.sql:5']);
    expect(diagnostics[0]!.message).toBe(
      'dependency cycle: model.shop.a_orders (domains/shop/raw/a_orders.sql) -> model.shop.c_totals (domains/shop/cleaned/c_totals.sql)' +
        ' -> model.shop.b_items (domains/shop/cleaned/b_items.sql) -> model.shop.a_orders (domains/shop/raw/a_orders.sql)',
    );
    expect(diagnostics[0]!.hint).toBe('each node reads the next one; remove one of these references');
  });

  it('two separate cycles are two errors', () => {
    const diagnostics = diagnose({
      'domains/shop/raw/a.sql': 'select * from {{ref "b"}}\n',
      'domains/shop/raw/b.sql': '\nselect * from {{ref "a"}}\n',
      'domains/shop/raw/x.sql': '\n\nselect * from {{ref "y"}}\n',
      'domains/shop/raw/y.sql': 'select * from {{ref "x"}}\n',
    });
    expectWhere(diagnostics, ['error MESH160 domains/shop/raw/a.sql:1', 'error MESH160 domains/shop/raw/x.sql:3']);
  });

  it('a cycle through another domain, by way of two contracts', () => {
    const contract = (domain: string, product: string, model: string) =>
      lines('apiVersion: v3.1.0', 'kind: DataContract', `id: ${domain}-${product}`, 'version: 1.0.0', 'status: active', `domain: ${domain}`, `dataProduct: ${product}`,
        'schema:', `  - name: ${product}`, '    customProperties: [{ property: model, value: ' + model + ' }]', '    properties:', '      - name: id', '        logicalType: integer');
    const diagnostics = diagnose({
      'domains/shop/raw/orders.sql': 'select * from {{contract "billing.invoices" version=1}}\n',
      'domains/shop/contracts/orders.odcs.yaml': contract('shop', 'orders', 'raw.orders'),
      'domains/billing/domain.yaml': 'name: billing\nowner: team-billing\n',
      'domains/billing/raw/invoices.sql': 'select * from {{contract "shop.orders" version=1}}\n',
      'domains/billing/contracts/invoices.odcs.yaml': contract('billing', 'invoices', 'raw.invoices'),
    }).filter((d) => d.code === 'MESH160');
    expectWhere(diagnostics, ['error MESH160 domains/billing/contracts/invoices.odcs.yaml:10']);
    expect(diagnostics[0]!.message).toMatch(/domains\/shop\/raw\/orders\.sql/);
    expect(diagnostics[0]!.message).toMatch(/domains\/billing\/raw\/invoices\.sql/);
  });
});
