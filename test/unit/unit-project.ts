/** A small shop project whose models read a local source, a seed, another model through an ephemeral, and vars. */
export const UNIT_PROJECT: Record<string, string> = {
  'mesh.yaml': 'name: unit_lab\nvars:\n  min_amount: 0\n',
  'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\ndescription: orders\nsources:\n  payments_raw:\n    duckdb: data/payments.csv\n',
  // The source file is never read by a unit test: its rows below differ from every given.
  'domains/shop/data/payments.csv': 'order_id,amount,paid_at\n99,1000,2024-01-01\n',
  'domains/shop/seeds/customers.csv': 'customer_id,name\n7,ann\n',
  'domains/shop/cleaned/orders.sql': '/*\nmaterialized: table\n*/\nselect 1 as order_id, 7 as customer_id\n',
  'domains/shop/cleaned/paid.sql': '/*\nmaterialized: ephemeral\n*/\nselect order_id, amount from {{source "payments_raw"}} where amount is not null\n',
  'domains/shop/aggregate/totals.sql': [
    '/*',
    'materialized: table',
    '*/',
    'select o.customer_id, c.name, sum(p.amount) as total, count(*) as n',
    'from {{ref "orders"}} as o',
    'join {{ref "paid"}} as p on p.order_id = o.order_id',
    'left join {{ref "customers"}} as c on c.customer_id = o.customer_id',
    'where p.amount > {{var "min_amount"}}',
    'group by o.customer_id, c.name',
    '',
  ].join('\n'),
};

/** A unit test of totals, with `expect` rows given by the caller. */
export function totalsTest(expect: string, extra = ''): string {
  return [
    'model: totals',
    'given:',
    '  - ref: orders',
    '    rows:',
    '      - {order_id: 1, customer_id: 7}',
    '      - {order_id: 2, customer_id: 8}',
    '      - {order_id: 3}',
    '  - source: payments_raw',
    '    rows:',
    '      - {order_id: 1, amount: 10}',
    '      - {order_id: 1, amount: 10}',
    '      - {order_id: 2, amount: 5}',
    '      - {order_id: 2}',
    '      - {order_id: 3, amount: 4}',
    '  - seed: customers',
    '    rows:',
    '      - {customer_id: 7, name: ann}',
    extra,
    'expect:',
    expect,
    '',
  ].filter((l) => l !== '').join('\n');
}
