import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mesh } from '../support/run-cli.js';
import { updateProject, writeProject } from '../support/temp-project.js';
import { UNIT_PROJECT } from './unit-project.js';

const where = (d: { code: string; file?: string; line?: number }): string => `${d.code} ${d.file ?? ''}:${d.line ?? ''}`;

/** UNIT_PROJECT whose source rows join its orders: a file saved with a BOM and CRLF, a duplicate payment, a null amount, a zip with a leading zero. */
const JOINED = {
  ...UNIT_PROJECT,
  'domains/shop/data/payments.csv': '\uFEFForder_id,amount,paid_at\r\n1,10,2024-01-01\r\n1,10,2024-01-01\r\n1,,2024-01-02\r\n',
  'domains/shop/seeds/customers.csv': 'customer_id,name,zip\n7,ann,01234\n8,,\n',
};

function json(out: readonly string[]): Record<string, unknown>[] {
  return out.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('mesh test --unit --generate <model>', () => {
  it('writes a test from the built inputs whose expected rows are the model\'s output on them: it passes as written', async () => {
    const dir = writeProject(JOINED, {});
    expect((await mesh(['build', '--project', dir])).code).toBe(0);
    const run = await mesh(['test', '--unit', '--generate', 'totals', '--project', dir]);
    expect(run.err).toEqual([]);
    expect(run.out).toEqual([
      'Wrote domains/shop/tests/unit/totals.yaml: given ref orders (1 row), source payments_raw (3 rows), seed customers (2 rows); 1 expected row.',
      'Edit it to the case you mean, then: mesh test --unit --select shop.totals',
    ]);
    expect(run.code).toBe(0);
    const text = readFileSync(join(dir, 'domains/shop/tests/unit/totals.yaml'), 'utf8');
    // Every row of each input as the target holds it (duplicates and nulls too), text quoted so that it reads back as text.
    expect(text).toContain(['model: "shop.totals"', 'given:', '  - ref: "orders"', '    rows:', '      - {order_id: 1, customer_id: 7}'].join('\n'));
    expect(text).toContain(['  - source: "payments_raw"', '    rows:', '      - {order_id: 1, amount: 10, paid_at: "2024-01-01"}', '      - {order_id: 1, amount: 10, paid_at: "2024-01-01"}', '      - {order_id: 1, amount: null, paid_at: "2024-01-02"}'].join('\n'));
    expect(text).toContain('      - {customer_id: 7, name: "ann", zip: "01234"}\n      - {customer_id: 8, name: null, zip: null}');
    // The model's output on them: the built table's one row (the null amount filtered, the duplicate summed).
    expect(text).toContain('expect:\n  rows:\n    - {customer_id: 7, name: "ann", total: 20, n: 2}\n');
    const tested = await mesh(['test', '--unit', '--project', dir]);
    expect(tested.out.at(-1)).toBe('Unit tests: 1 passed, 0 failed (1 run).');
    expect(tested.code).toBe(0);
    // Generated again: a new file beside it, the edited one is kept.
    updateProject(dir, { 'domains/shop/tests/unit/totals.yaml': `${text}# edited\n` });
    const again = await mesh(['test', '--unit', '--generate', 'shop.totals', '--project', dir, '--log-format', 'json']);
    expect(json(again.out)).toEqual([{ type: 'unit_test_generated', file: 'domains/shop/tests/unit/totals_2.yaml', given: expect.any(Array), expected: 1 }]);
    expect(readFileSync(join(dir, 'domains/shop/tests/unit/totals.yaml'), 'utf8')).toContain('# edited');
    // --limit: at most that many rows of each input.
    const limited = await mesh(['test', '--unit', '--generate', 'totals', '--limit', '2', '--project', dir]);
    expect(limited.out[0]).toMatch(/^Wrote domains\/shop\/tests\/unit\/totals_3\.yaml: given ref orders \(1 row\), source payments_raw \(2 rows\), seed customers \(2 rows\); /);
  });

  it('reads at most --limit rows of each input; rows that do not join give a test expecting none, with a warning (MESH294)', async () => {
    // The source's only payment is for order 99: nothing joins order 1.
    const dir = writeProject(UNIT_PROJECT, {});
    expect((await mesh(['build', '--project', dir])).code).toBe(0);
    const run = await mesh(['test', '--unit', '--generate', 'totals', '--limit', '1', '--project', dir, '--log-format', 'json']);
    expect(run.code).toBe(0);
    const [warning, written] = json([...run.err, ...run.out]);
    expect(warning).toMatchObject({ code: 'MESH294', severity: 'warning', file: 'domains/shop/tests/unit/totals.yaml', line: 14 });
    expect(written).toMatchObject({ file: 'domains/shop/tests/unit/totals.yaml', expected: 0 });
    const text = readFileSync(join(dir, 'domains/shop/tests/unit/totals.yaml'), 'utf8');
    expect(text.split('\n')[13]).toBe('expect:');
    expect(text).toContain('expect:\n  rows: []\n');
    expect((await mesh(['test', '--unit', '--project', dir])).code).toBe(0);
  });

  it('gives an input with no row as a CSV file of its header, so that its columns exist', async () => {
    const dir = writeProject({ ...JOINED, 'domains/shop/cleaned/orders.sql': '/*\nmaterialized: table\n*/\nselect 1 as order_id, 7 as customer_id where false\n' }, {});
    expect((await mesh(['build', '--project', dir])).code).toBe(0);
    const run = await mesh(['test', '--unit', '--generate', 'totals', '--project', dir]);
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, 'domains/shop/tests/unit/fixtures/totals__ref_orders.csv'), 'utf8')).toBe('order_id,customer_id\n');
    expect(readFileSync(join(dir, 'domains/shop/tests/unit/totals.yaml'), 'utf8')).toContain('  - ref: "orders"\n    csv: "fixtures/totals__ref_orders.csv"\n');
    expect((await mesh(['test', '--unit', '--project', dir])).code).toBe(0);
  });

  it('reports an unknown model with did-you-mean (MESH292), and an input the target has not built at the model (MESH293); writes nothing', async () => {
    const dir = writeProject(JOINED, {});
    const unknown = await mesh(['test', '--unit', '--generate', 'totls', '--project', dir, '--log-format', 'json']);
    expect(unknown.code).toBe(1);
    expect(json(unknown.err)).toEqual([expect.objectContaining({ code: 'MESH292', hint: "did you mean 'totals'?" })]);
    const unbuilt = await mesh(['test', '--unit', '--generate', 'totals', '--project', dir, '--log-format', 'json']);
    expect(unbuilt.code).toBe(1);
    const problems = json(unbuilt.err) as { code: string; file?: string; line?: number; message: string }[];
    expect(problems.map(where)).toEqual(['MESH293 domains/shop/aggregate/totals.sql:1', 'MESH293 domains/shop/aggregate/totals.sql:1']);
    expect(problems.map((p) => p.message.split(' that ')[0])).toEqual(["cannot read the ref 'shop.orders'", "cannot read the seed 'shop.customers'"]);
    expect(existsSync(join(dir, 'domains/shop/tests/unit'))).toBe(false);
    const misuse = await mesh(['test', '--generate', 'totals', '--project', dir]);
    expect(misuse.code).toBe(2);
  });
});
