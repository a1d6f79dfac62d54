import { describe, expect, it } from 'vitest';
import { check } from '../../src/mesh.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { writeProject } from '../support/temp-project.js';

/** A shop over a CSV with duplicates and nulls, as an export leaves it; each test adds its models. */
const SHOP: Record<string, string> = {
  'mesh.yaml': 'name: shop\n',
  'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\ndescription: the shop\nsources:\n  orders:\n    duckdb: data/orders.csv\n',
  'domains/shop/data/orders.csv': 'order_id,customer_id,amount,status,placed_at\n1,c1,10.5,paid,2024-01-01 10:00:00\n1,c1,10.5,paid,2024-01-01 10:00:00\n2,,,,\n3,c2,7,open,2024-01-02 09:30:00\n',
  'domains/shop/raw/orders.sql': 'select order_id, customer_id, amount, status, placed_at\nfrom {{source "orders"}}\n',
  'domains/shop/cleaned/paid_orders.sql': '/*\nmaterialized: ephemeral\n*/\nselect order_id, customer_id, amount\nfrom {{ref "orders"}}\nwhere status = \'paid\'\n',
  'domains/shop/cleaned/customers.sql': 'select customer_id, count(*) as orders\nfrom {{ref "orders"}}\ngroup by customer_id\n',
  'domains/shop/aggregate/daily.sql':
    '/*\nmaterialized: incremental\nunique_key: day\n*/\nselect cast(placed_at as date) as day, sum(amount) as revenue\nfrom {{ref "orders"}}\n{{#if is_incremental}}\nwhere cast(placed_at as date) >= (select max(day) from {{this}})\n{{/if}}\ngroup by 1\n',
  'domains/shop/aggregate/revenue.sql': 'select customer_id, sum(amount) as revenue\nfrom {{ref "paid_orders"}}\ngroup by customer_id\n',
};

const where = (d: Diagnostic): string => `${d.severity} ${d.code} ${d.file}:${d.line}${d.column ? `:${d.column}` : ''}`;

async function problems(files: Record<string, string>): Promise<Diagnostic[]> {
  const dir = writeProject(files, SHOP);
  return [...(await check({ projectDir: dir })).diagnostics];
}

describe('mesh check binds every model in an empty DuckDB', () => {
  it('a correct project with raw, cleaned, ephemeral and incremental models binds clean, and says how many it bound', async () => {
    const dir = writeProject({}, SHOP);
    const result = await check({ projectDir: dir });
    expect(result.diagnostics).toEqual([]);
    // raw, ephemeral, cleaned, incremental, the ephemeral's reader: all five bound.
    expect(result.binding).toEqual({ nodes: 5, bound: 5, notBound: 0, cached: false });
  });

  it('an unknown column in a raw model (over the source file) is MESH124 at its line and column', async () => {
    const diagnostics = await problems({ 'domains/shop/raw/orders.sql': 'select order_id, customer_id,\n  amount, stauts, placed_at\nfrom {{source "orders"}}\n' });
    expect(diagnostics.map(where)).toEqual(['error MESH124 domains/shop/raw/orders.sql:2:11']);
    expect(diagnostics[0]!.message).toMatch(/^model 'shop\.orders' does not bind: Binder Error: Referenced column "stauts" not found/);
    expect(diagnostics[0]!.message).toContain('Candidate bindings: "status"');
    expect(diagnostics[0]!.message).toContain('\n  2 |   amount, stauts, placed_at\n    |           ^');
    expect(diagnostics[0]!.hint).toMatch(/^a column that does not exist/);
  });

  it('an unknown table, and an unknown function, each in its model: all failing models at once', async () => {
    const diagnostics = await problems({
      'domains/shop/cleaned/customers.sql': 'select customer_id, count(*) as orders\nfrom {{ref "orders"}}\njoin customer_master using (customer_id)\ngroup by customer_id\n',
      'domains/shop/aggregate/daily.sql': SHOP['domains/shop/aggregate/daily.sql']!.replace('sum(amount)', 'summ(amount)'),
    });
    expect(diagnostics.map(where)).toEqual(['error MESH124 domains/shop/aggregate/daily.sql:5:40', 'error MESH124 domains/shop/cleaned/customers.sql:3:6']);
    expect(diagnostics[0]!.message).toContain('Function with name summ does not exist');
    expect(diagnostics[0]!.hint).toMatch(/a function DuckDB does not have/);
    expect(diagnostics[1]!.message).toContain('Table with name customer_master does not exist');
    expect(diagnostics[1]!.hint).toMatch(/\{\{ref "…"\}\}/);
  });

  it('a mistake in an ephemeral model is reported once, at the ephemeral model\'s own file, not at its readers', async () => {
    const diagnostics = await problems({
      'domains/shop/cleaned/paid_orders.sql': '/*\nmaterialized: ephemeral\n*/\nselect order_id, customer_id, amount\nfrom {{ref "orders"}}\nwhere state = \'paid\'\n',
      'domains/shop/aggregate/other_revenue.sql': 'select sum(amount) as revenue\nfrom {{ref "paid_orders"}}\n',
    });
    expect(diagnostics.map(where)).toEqual(['error MESH124 domains/shop/cleaned/paid_orders.sql:6:7']);
    expect(diagnostics[0]!.message).toMatch(/^model 'shop\.paid_orders' does not bind: Binder Error: Referenced column "state" not found/);
  });

  it('a mistake in the model reading an ephemeral one is at the reader\'s line, through the inlined CTE', async () => {
    const diagnostics = await problems({ 'domains/shop/aggregate/revenue.sql': 'select customer_id,\n  sum(amount) as revenue,\n  max(placed_at) as last\nfrom {{ref "paid_orders"}}\ngroup by customer_id\n' });
    expect(diagnostics.map(where)).toEqual(['error MESH124 domains/shop/aggregate/revenue.sql:3:7']);
  });

  it('the is_incremental SELECT is bound against the table the full refresh creates', async () => {
    const diagnostics = await problems({ 'domains/shop/aggregate/daily.sql': SHOP['domains/shop/aggregate/daily.sql']!.replace('select max(day) from {{this}}', 'select max(dy) from {{this}}') });
    expect(diagnostics.map(where)).toEqual(['error MESH124 domains/shop/aggregate/daily.sql:8:46']);
    expect(diagnostics[0]!.message).toMatch(/^model 'shop\.daily' does not bind \(its is_incremental SELECT\): Binder Error: Referenced column "dy" not found/);
  });

  it('a file saved with CRLF and a BOM maps its error past the header to the right line and column', async () => {
    const text = '\ufeff/*\r\ndescription: customers\r\ncolumns:\r\n  customer_id:\r\n    tests: [not_null]\r\n*/\r\nselect\r\n  customer_id,\r\n  count(*) as orders,\r\n  max(totl) as biggest\r\nfrom {{ref "orders"}}\r\ngroup by customer_id\r\n';
    const diagnostics = await problems({ 'domains/shop/cleaned/customers.sql': text });
    expect(diagnostics.map(where)).toEqual(['error MESH124 domains/shop/cleaned/customers.sql:10:7']);
    expect(diagnostics[0]!.message).toContain('  10 |   max(totl) as biggest');
  });

  it('a model downstream of a failing one is not reported again, and is counted as not bound', async () => {
    const dir = writeProject(
      {
        'domains/shop/raw/orders.sql': 'select order_id, custmer_id, amount, status, placed_at\nfrom {{source "orders"}}\n',
        // Its own mistake shows once the raw model is fixed.
        'domains/shop/cleaned/customers.sql': 'select customer_id, nope from {{ref "orders"}}\n',
      },
      SHOP,
    );
    const result = await check({ projectDir: dir });
    expect(result.diagnostics.map(where)).toEqual(['error MESH124 domains/shop/raw/orders.sql:1:18']);
    expect(result.binding).toMatchObject({ bound: 0, notBound: 4 });
  });

  it('a singular test that reads a column the model does not produce is MESH124 at the test file', async () => {
    const diagnostics = await problems({ 'domains/shop/tests/no_negative_revenue.sql': 'select *\nfrom {{ref "revenue"}}\nwhere revenu < 0\n' });
    expect(diagnostics.map(where)).toEqual(['error MESH124 domains/shop/tests/no_negative_revenue.sql:3:7']);
    expect(diagnostics[0]!.message).toMatch(/^test 'shop\.no_negative_revenue' does not bind/);
  });
});
