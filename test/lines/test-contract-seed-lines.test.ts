import { describe, expect, it } from 'vitest';
import { writeProject } from '../support/temp-project.js';
import { expectFailedAt, failingBuilds } from './build-failure.js';
import { lineOf, SAVINGS, saved } from './editor-files.js';

const failure = failingBuilds();

const BASE = { 'domains/shop/raw/base.sql': 'select range as id from range(3)\n' };

/** A contract over cleaned.orders whose `amount` is an integer: text that is no number fails the view's cast. */
const CONTRACT = [
  'apiVersion: v3.1.0',
  'kind: DataContract',
  'id: shop-orders',
  'name: Shop orders',
  'version: 1.0.0',
  'status: active',
  'domain: shop',
  'dataProduct: orders',
  'team:',
  '  name: team-shop',
  'schema:',
  '  - name: orders',
  '    physicalType: view',
  '    customProperties:',
  '      - property: model',
  '        value: cleaned.orders',
  '    properties:',
  '      - name: order_id',
  '        logicalType: string',
  '        description: Order identifier.',
  '      - name: amount',
  '        logicalType: integer',
  '        description: Amount in cents.',
];

describe.each(SAVINGS)('an engine error in a file saved with $name names its line', (saving) => {
  it('in a singular test', async () => {
    const lines = ['/*', 'severity: error', '*/', 'select *', 'from {{ref "base"}}', 'where nope is null'];
    const dir = writeProject({ ...BASE, 'domains/shop/tests/no_gaps.sql': saved(saving, lines) });
    expectFailedAt(await failure(dir, 'test.shop.no_gaps'), 'domains/shop/tests/no_gaps.sql', 6, 7);
  });

  it("in a column test: the test's line in the model's header", async () => {
    const lines = ['/*', 'materialized: table', 'columns:', '  id:', '    tests: [unique]', '  ghost:', '    tests: [not_null]', '*/', 'select range as id from range(3)'];
    const dir = writeProject({ 'domains/shop/cleaned/m.sql': saved(saving, lines) });
    const found = await failure(dir, 'test.shop.not_null_m_ghost');
    // The query is meshwork's, not the header's text: a line, no column.
    expectFailedAt(found, 'domains/shop/cleaned/m.sql', lineOf(lines, 'not_null'));
    expect(found.result.message).toContain('"ghost"');
  });

  it("in a contract view: the column's line in the contract", async () => {
    const dir = writeProject({
      'domains/shop/cleaned/orders.sql': saved(saving, ["select 'o' || range as order_id, 'x' || range as amount", 'from range(3)']),
      'domains/shop/contracts/orders.odcs.yaml': saved(saving, CONTRACT),
    });
    const found = await failure(dir, 'contract.shop.orders_v1');
    expectFailedAt(found, 'domains/shop/contracts/orders.odcs.yaml', lineOf(CONTRACT, 'name: amount'));
    expect(found.result.message).toMatch(/^Conversion Error: /);
  });

  it('in a contract mapping: the mapping file and its line', async () => {
    const mapping = ['select', '  o.order_id,', '  cast(o.amount_text as integer) as amount', 'from {{ref "orders"}} as o'];
    const dir = writeProject({
      'domains/shop/cleaned/orders.sql': saved(saving, ["select 'o' || range as order_id, 'x' || range as amount_text", 'from range(3)']),
      'domains/shop/contracts/orders.odcs.yaml': saved(saving, CONTRACT),
      'domains/shop/contracts/orders.sql': saved(saving, mapping),
    });
    expectFailedAt(await failure(dir, 'contract.shop.orders_v1'), 'domains/shop/contracts/orders.sql', 3, 3);
  });
});

describe('an engine error while a seed loads', () => {
  it('names the CSV file', async () => {
    // Past the rows DuckDB samples to pick column types, a value that does not fit the type picked.
    const rows = Array.from({ length: 30_000 }, (_, i) => `${i},${i % 7}`);
    const dir = writeProject({ 'domains/shop/seeds/codes.csv': saved(SAVINGS[1]!, ['code,weight', ...rows, 'x,1']) });
    const { result, written } = await failure(dir, 'seed.shop.codes');
    expect({ status: result.status, file: result.file, line: result.line }).toEqual({ status: 'error', file: 'domains/shop/seeds/codes.csv', line: undefined });
    expect(written.file).toBe('domains/shop/seeds/codes.csv');
    expect(result.message).toContain('x,1');
    expect(result.message).not.toMatch(/\bLINE \d+:/);
  });
});
