import { describe, expect, it } from 'vitest';
import { runUnitTests } from '../../src/mesh.js';
import { mesh } from '../support/run-cli.js';
import { updateProject, writeProject } from '../support/temp-project.js';
import { totalsTest, UNIT_PROJECT } from './unit-project.js';

// Duplicated payment rows count twice, a null amount is filtered out, a null customer groups apart.
const PASSING = ['  rows:', '    - {customer_id: 7, name: ann, total: 20, n: 2}', '    - {customer_id: 8, name: null, total: 5, n: 1}', '    - {customer_id: null, total: 4, n: 1}'].join('\n');

describe('mesh test --unit', () => {
  it('passes a test whose model gives the expected rows from its given rows, not the source file', async () => {
    const dir = writeProject({ ...UNIT_PROJECT, 'domains/shop/tests/unit/totals_basic.yaml': totalsTest(PASSING) }, {});
    const run = await mesh(['test', '--unit', '--project', dir]);
    expect(run.err).toEqual([]);
    expect(run.out[0]).toMatch(/^PASS  shop\.totals_basic \(model totals\)/);
    expect(run.out.at(-1)).toBe('Unit tests: 1 passed, 0 failed (1 run).');
    expect(run.code).toBe(0);
  });

  it('fails with a row diff: the missing (-) and the unexpected (+) rows, per expected column only', async () => {
    const wrong = ['  rows:', '    - {customer_id: 7, total: 10}', '    - {customer_id: 8, total: 5}', '    - {customer_id: null, total: 4}'].join('\n');
    const dir = writeProject({ ...UNIT_PROJECT, 'domains/shop/tests/unit/totals_wrong.yaml': totalsTest(wrong) }, {});
    const run = await mesh(['test', '--unit', '--project', dir]);
    expect(run.code).toBe(1);
    const json = await mesh(['test', '--unit', '--project', dir, '--log-format', 'json']);
    expect(json.out.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ type: 'unit_test', name: 'shop.totals_wrong', status: 'fail', diff: { missing: [{ customer_id: 7, total: 10 }], unexpected: [{ customer_id: 7, total: 20 }], absentColumns: [] } }),
    ]);
    expect(run.out).toEqual([
      expect.stringMatching(/^FAIL  shop\.totals_wrong \(model totals\)/),
      '    customer_id | total',
      '  - 7           | 10',
      '  + 7           | 20',
      'Unit tests: 0 passed, 1 failed (1 run).',
    ]);
  });

  it('counts duplicates: a row expected once that the model gives twice is unexpected', async () => {
    const dir = writeProject({ ...UNIT_PROJECT, 'domains/shop/cleaned/paid.sql': '/*\nmaterialized: ephemeral\n*/\nselect order_id, amount from {{source "payments_raw"}}\n', 'domains/shop/aggregate/totals.sql': 'select order_id, amount from {{ref "paid"}}\n', 'domains/shop/tests/unit/dups.yaml': 'model: totals\ngiven:\n  - source: payments_raw\n    rows:\n      - {order_id: 1, amount: 10}\n      - {order_id: 1, amount: 10}\n      - {order_id: 2}\nexpect:\n  rows:\n    - {order_id: 1, amount: 10}\n    - {order_id: 2, amount: null}\n' }, {});
    const result = await runUnitTests({ projectDir: dir });
    expect(result.results.map((r) => r.status)).toEqual(['fail']);
    expect(result.results[0]!.diff).toEqual({ missing: [], unexpected: [{ order_id: 1, amount: 10 }], absentColumns: [] });
  });

  it('reads a given from a CSV file saved with CRLF and a BOM, relative to the test file; empty fields are null', async () => {
    const test = totalsTest(PASSING).replace(/  - source: payments_raw\n    rows:\n(      - .*\n)+/, '  - source: payments_raw\n    csv: fixtures/payments.csv\n');
    const dir = writeProject({
      ...UNIT_PROJECT,
      'domains/shop/tests/unit/totals_csv.yaml': test.replace(/\n/g, '\r\n'),
      'domains/shop/tests/unit/fixtures/payments.csv': '\uFEFForder_id,amount\r\n1,10\r\n1,10\r\n2,5\r\n2,\r\n3,4\r\n',
    }, {});
    const run = await mesh(['test', '--unit', '--project', dir]);
    expect(run.err).toEqual([]);
    expect(run.out[0]).toMatch(/^PASS  shop\.totals_csv/);
    expect(run.code).toBe(0);
  });

  it("renders the model with the test's vars, and honours ordered: true", async () => {
    const ordered = ['  ordered: true', '  rows:', '    - {customer_id: 7, total: 20}'].join('\n');
    const dir = writeProject({ ...UNIT_PROJECT, 'domains/shop/tests/unit/big.yaml': totalsTest(ordered, 'vars: {min_amount: 6}') }, {});
    const result = await runUnitTests({ projectDir: dir });
    expect(result.diagnostics).toEqual([]);
    expect(result.results.map((r) => r.status)).toEqual(['pass']);
  });
});

describe('mesh test --unit: selection and the incremental branch', () => {
  const INCREMENTAL = '/*\nmaterialized: incremental\n*/\nselect order_id, amount from {{source "payments_raw"}}\n{{#if is_incremental}}where order_id > (select max(order_id) from {{this}}){{/if}}\n';
  const GIVEN = '  - source: payments_raw\n    rows:\n      - {order_id: 1, amount: 10}\n      - {order_id: 2, amount: 5}\n      - {order_id: 3}\n';

  it('tests an incremental model in its incremental branch, reading the given this', async () => {
    const dir = writeProject({
      ...UNIT_PROJECT,
      'domains/shop/cleaned/new_payments.sql': INCREMENTAL,
      'domains/shop/tests/unit/first.yaml': `model: new_payments\ngiven:\n${GIVEN}expect:\n  rows:\n    - {order_id: 1, amount: 10}\n    - {order_id: 2, amount: 5}\n    - {order_id: 3, amount: null}\n`,
      'domains/shop/tests/unit/later.yaml': `model: new_payments\nis_incremental: true\ngiven:\n${GIVEN}  - this: true\n    rows:\n      - {order_id: 1, amount: 10}\nexpect:\n  rows:\n    - {order_id: 2, amount: 5}\n    - {order_id: 3, amount: null}\n`,
    }, {});
    const result = await runUnitTests({ projectDir: dir, select: ['new_payments'] });
    expect(result.diagnostics).toEqual([]);
    expect(result.results.map((r) => [r.name, r.status])).toEqual([['shop.first', 'pass'], ['shop.later', 'pass']]);
  });

  it('runs only the selected tests: by test name, or by the selected models', async () => {
    const dir = writeProject({
      ...UNIT_PROJECT,
      'domains/shop/cleaned/new_payments.sql': INCREMENTAL,
      'domains/shop/tests/unit/first.yaml': `model: new_payments\ngiven:\n${GIVEN}expect:\n  rows: []\n`,
      'domains/shop/tests/unit/totals_basic.yaml': totalsTest(PASSING),
    }, {});
    expect((await runUnitTests({ projectDir: dir, select: ['totals_basic'] })).results.map((r) => r.name)).toEqual(['shop.totals_basic']);
    expect((await runUnitTests({ projectDir: dir, select: ['tag:none', 'shop.first'] })).results.map((r) => [r.name, r.status])).toEqual([['shop.first', 'fail']]);
    const byModel = await mesh(['test', '--unit', '--select', 'totals', '--project', dir]);
    expect(byModel.out.at(-1)).toBe('Unit tests: 1 passed, 0 failed (1 run).');
    expect(byModel.code).toBe(0);
  });
});

describe('mesh check --unit', () => {
  it('runs the unit tests after the checks: a failing one makes the check exit 1', async () => {
    const dir = writeProject({ ...UNIT_PROJECT, 'domains/shop/tests/unit/totals_basic.yaml': totalsTest(PASSING) }, {});
    const passing = await mesh(['check', '--unit', '--project', dir]);
    expect(passing.out.at(-1)).toBe('Unit tests: 1 passed, 0 failed (1 run).');
    expect(passing.code).toBe(0);
    updateProject(dir, { 'domains/shop/tests/unit/totals_basic.yaml': totalsTest(PASSING.replace('total: 20', 'total: 21')) });
    const failing = await mesh(['check', '--unit', '--project', dir]);
    expect(failing.out.at(-1)).toBe('Unit tests: 0 passed, 1 failed (1 run).');
    expect(failing.code).toBe(1);
    // Without --unit, mesh check does not run them.
    expect((await mesh(['check', '--project', dir])).code).toBe(0);
  });
});
