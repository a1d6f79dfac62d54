import { describe, expect, it } from 'vitest';
import { runUnitTests } from '../../src/mesh.js';
import { mesh } from '../support/run-cli.js';
import { writeProject } from '../support/temp-project.js';
import { UNIT_PROJECT } from './unit-project.js';

const where = (d: { code: string; file?: string; line?: number }): string => `${d.code} ${d.file}:${d.line}`;

describe('unit test diagnostics', () => {
  it('reports an unknown model with did-you-mean, at the line of model:', async () => {
    const dir = writeProject({ ...UNIT_PROJECT, 'domains/shop/tests/unit/t.yaml': '# totals by customer\nmodel: totls\ngiven: []\nexpect:\n  rows: []\n' }, {});
    const result = await runUnitTests({ projectDir: dir });
    expect(result.diagnostics.map(where)).toEqual(['MESH275 domains/shop/tests/unit/t.yaml:2']);
    expect(result.diagnostics[0]!.hint).toContain("did you mean 'totals'?");
    expect(result.results.map((r) => r.status)).toEqual(['error']);
  });

  it('reports a given the model does not read (MESH276) and each input without a given (MESH277), all at once', async () => {
    const test = ['model: totals', 'given:', '  - ref: order', '    rows:', '      - {order_id: 1}', '  - seed: customers', '    rows:', '      - {customer_id: 7}', 'expect:', '  rows: []', ''].join('\n');
    const dir = writeProject({ ...UNIT_PROJECT, 'domains/shop/tests/unit/t.yaml': test }, {});
    const run = await mesh(['test', '--unit', '--project', dir]);
    expect(run.code).toBe(1);
    const result = await runUnitTests({ projectDir: dir });
    expect(result.diagnostics.map(where)).toEqual(['MESH277 domains/shop/tests/unit/t.yaml:2', 'MESH277 domains/shop/tests/unit/t.yaml:2', 'MESH276 domains/shop/tests/unit/t.yaml:3']);
    expect(result.diagnostics.find((d) => d.code === 'MESH276')!.hint).toContain("did you mean 'orders'?");
    // The source is read through the ephemeral model paid: it is an input of totals all the same.
    expect(result.diagnostics.filter((d) => d.code === 'MESH277').map((d) => d.message)).toEqual([
      "no given for the ref 'orders' that 'totals' reads",
      "no given for the source 'payments_raw' that 'totals' reads",
    ]);
  });

  it('reports a bad CSV given at its line in the CSV file, and a missing one at the csv: line', async () => {
    const test = ['model: paid_only', 'given:', '  - source: payments_raw', '    csv: fixtures/bad.csv', 'expect:', '  rows: []', ''].join('\n');
    const other = test.replace('bad.csv', 'none.csv');
    const dir = writeProject({
      ...UNIT_PROJECT,
      'domains/shop/cleaned/paid_only.sql': 'select * from {{source "payments_raw"}}\n',
      'domains/shop/tests/unit/a.yaml': test,
      'domains/shop/tests/unit/b.yaml': other,
      'domains/shop/tests/unit/fixtures/bad.csv': 'order_id,amount\r\n1,10\r\n2,5,extra\r\n',
    }, {});
    const result = await runUnitTests({ projectDir: dir });
    expect(result.diagnostics.map(where)).toEqual(['MESH278 domains/shop/tests/unit/b.yaml:4', 'MESH278 domains/shop/tests/unit/fixtures/bad.csv:3']);
  });

  it("reports the model's query failing on its given rows at the model's line (MESH279)", async () => {
    const test = ['model: paid_only', 'given:', '  - source: payments_raw', '    rows:', '      - {order_id: 1}', 'expect:', '  rows: []', ''].join('\n');
    const dir = writeProject({
      ...UNIT_PROJECT,
      'domains/shop/cleaned/paid_only.sql': '-- amounts paid\nselect order_id,\n  amount_paid\nfrom {{source "payments_raw"}}\n',
      'domains/shop/tests/unit/t.yaml': test,
    }, {});
    const result = await runUnitTests({ projectDir: dir });
    expect(result.diagnostics.map(where)).toEqual(['MESH279 domains/shop/cleaned/paid_only.sql:3']);
    // The source's columns are its file's (order_id, amount, paid_at): amount_paid is none of them.
    expect(result.diagnostics[0]!.message).toContain('amount_paid');
  });
});

describe('unit tests: seed givens', () => {
  const test = (customer: string): string => ['model: names', 'given:', '  - seed: customers', '    rows:', `      - ${customer}`, 'expect:', '  rows:', '    - {customer_id: 7, name: null}', ''].join('\n');
  const files = { ...UNIT_PROJECT, 'domains/shop/aggregate/names.sql': 'select customer_id, name from {{ref "customers"}}\n' };

  it("makes every column of the seed's file, typed as the build loads it: a column not given is null", async () => {
    const dir = writeProject({ ...files, 'domains/shop/tests/unit/t.yaml': test('{customer_id: 7}') }, {});
    const result = await runUnitTests({ projectDir: dir });
    expect(result.diagnostics).toEqual([]);
    expect(result.results.map((r) => r.status)).toEqual(['pass']);
  });

  it("reports given values that do not fit the seed's column types at the given's line (MESH279)", async () => {
    const dir = writeProject({ ...files, 'domains/shop/tests/unit/t.yaml': test('{customer_id: seven}') }, {});
    const result = await runUnitTests({ projectDir: dir });
    expect(result.diagnostics.map(where)).toEqual(['MESH279 domains/shop/tests/unit/t.yaml:3']);
    expect(result.diagnostics[0]!.message).toContain("the given seed 'customers'");
    // The engine names only the type; the message names the row, the column and the value.
    expect(result.diagnostics[0]!.message).toMatch(/row 1 gives customer_id the value 'seven', which is not a BIGINT$/);
  });
});

describe('unit test files', () => {
  it('reports unknown and missing keys with their lines, every file at once', async () => {
    const dir = writeProject({
      ...UNIT_PROJECT,
      'domains/shop/tests/unit/a.yaml': 'model: totals\ngiven: []\nexpected:\n  rows: []\n',
      'domains/shop/tests/unit/b.yml': 'model: totals\ngiven:\n  - ref: orders\n    source: payments_raw\n    rows: [{order_id: 1}]\nexpect:\n  rows: []\n',
    }, {});
    const result = await runUnitTests({ projectDir: dir });
    expect(result.diagnostics.map(where)).toEqual(['MESH104 domains/shop/tests/unit/a.yaml:1', 'MESH102 domains/shop/tests/unit/a.yaml:3', 'MESH103 domains/shop/tests/unit/b.yml:3']);
    expect(result.diagnostics[1]!.hint).toContain("did you mean 'expect'?");
    expect(result.results).toEqual([]);
  });
});
