import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mesh } from '../support/run-cli.js';
import { updateProject, writeProject } from '../support/temp-project.js';
import { totalsTest, UNIT_PROJECT } from './unit-project.js';

// As an editor on Windows saves it: a BOM and CRLF line ends.
const saved = (text: string): string => `\uFEFF${text.replace(/\n/g, '\r\n')}`;
const PASSING = saved(totalsTest(['  rows:', '    - {customer_id: 7, name: ann, total: 20, n: 2}', '    - {customer_id: 8, name: null, total: 5, n: 1}', '    - {customer_id: null, total: 4, n: 1}'].join('\n')));
const FAILING = saved(totalsTest(['  rows:', '    - {customer_id: 7, total: 10}', '    - {customer_id: 8, total: 5}', '    - {customer_id: null, total: 4}'].join('\n')));

/** UNIT_PROJECT, with a reader of totals (skipped when totals is) and a model with no unit test. */
function project(test: string): string {
  return writeProject({
    ...UNIT_PROJECT,
    'domains/shop/aggregate/top.sql': 'select customer_id from {{ref "totals"}} order by total desc limit 1\n',
    'domains/shop/tests/unit/totals_check.yaml': test,
  }, {});
}

interface Entry {
  unique_id: string;
  kind: string;
  status: string;
  skip_reason: string | null;
  message: string | null;
  file: string | null;
  line: number | null;
  failures: number | null;
  failing_rows?: { columns: string[]; rows: unknown[][]; total: number };
}

function runResults(dir: string): { results: Entry[]; invocation: Record<string, unknown> } {
  return JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: Entry[]; invocation: Record<string, unknown> };
}

const byId = (dir: string): Map<string, Entry> => new Map(runResults(dir).results.map((r) => [r.unique_id, r]));

describe('mesh build runs the unit tests of a model before it', () => {
  it('skips a model whose unit test fails, and its descendants, saying why; records the test as an entry of its own', async () => {
    const dir = project(FAILING);
    const run = await mesh(['build', '--project', dir]);
    expect(run.code).toBe(1);
    const results = byId(dir);
    expect(results.get('unit_test.shop.totals_check')).toMatchObject({
      kind: 'unit_test',
      status: 'fail',
      file: 'domains/shop/tests/unit/totals_check.yaml',
      line: 18,
      failures: 2,
      failing_rows: { columns: ['diff', 'customer_id', 'total'], rows: [['-', 7, 10], ['+', 7, 20]], total: 2 },
    });
    expect(results.get('model.shop.totals')).toMatchObject({ status: 'skipped', skip_reason: 'unit_test_failed', message: 'skipped: its unit test shop.totals_check did not pass' });
    expect(results.get('model.shop.top')).toMatchObject({ status: 'skipped', skip_reason: 'upstream', message: 'skipped: upstream model.shop.totals was skipped (a unit test of it did not pass)' });
    // What the model reads is built: the unit test only holds back its model.
    expect(results.get('model.shop.orders')?.status).toBe('success');
    expect(results.get('seed.shop.customers')?.status).toBe('success');
    // The unit test is reported first, with its row diff, as a failing test's rows are.
    const text = run.out.join('\n');
    expect(text).toMatch(/^1 of 5 +ERROR +unit test +shop\.totals_check \.+ \[2 failing in /m);
    expect(text).toContain('unit test of model totals failed: 1 expected row missing (-), 1 unexpected row (+)');
    expect(text).toMatch(/SKIP .*totals .*\[its unit test shop\.totals_check did not pass\]/);
  });

  it('builds the model when its unit test passes; mesh retry after a fix runs the skipped models, their unit tests first', async () => {
    const dir = project(FAILING);
    expect((await mesh(['build', '--project', dir])).code).toBe(1);
    updateProject(dir, { 'domains/shop/tests/unit/totals_check.yaml': PASSING });
    const retried = await mesh(['retry', '--project', dir]);
    expect(retried.err).toEqual([]);
    expect(retried.code).toBe(0);
    const results = runResults(dir).results;
    // The unit test itself is not a node to retry (no MESH245): it ran again because its model did.
    expect(results.map((r) => [r.unique_id, r.status])).toEqual([
      ['unit_test.shop.totals_check', 'pass'],
      ['model.shop.totals', 'success'],
      ['model.shop.top', 'success'],
    ]);
  });

  it('does not run the unit tests of a reused model: a change to a unit test file alone rebuilds nothing', async () => {
    const dir = project(PASSING);
    expect((await mesh(['build', '--project', dir])).code).toBe(0);
    expect(byId(dir).get('unit_test.shop.totals_check')?.status).toBe('pass');
    // Now failing, but the model is unchanged: it is reused, and its unit tests do not run.
    updateProject(dir, { 'domains/shop/tests/unit/totals_check.yaml': FAILING });
    const again = await mesh(['build', '--project', dir]);
    expect(again.code).toBe(0);
    const results = runResults(dir).results;
    expect(results.filter((r) => r.kind === 'unit_test')).toEqual([]);
    expect(results.find((r) => r.unique_id === 'model.shop.totals')?.status).toBe('reused');
    // A change to the model runs it, and its unit tests first.
    updateProject(dir, { 'domains/shop/aggregate/totals.sql': UNIT_PROJECT['domains/shop/aggregate/totals.sql']!.replace('where p.amount >', 'where 1 = 1 and p.amount >') });
    expect((await mesh(['build', '--project', dir])).code).toBe(1);
    expect(byId(dir).get('model.shop.totals')?.skip_reason).toBe('unit_test_failed');
  });

  it('--no-unit-tests builds the model without its unit tests, and records the choice for mesh retry', async () => {
    const dir = project(FAILING);
    const run = await mesh(['build', '--project', dir, '--no-unit-tests']);
    expect(run.code).toBe(0);
    const { results, invocation } = runResults(dir);
    expect(results.filter((r) => r.kind === 'unit_test')).toEqual([]);
    expect(results.find((r) => r.unique_id === 'model.shop.totals')?.status).toBe('success');
    expect(invocation.unit_tests).toBe(false);
  });

  it('skips the model when its unit test cannot run, with the problem (code, file, line) on the test', async () => {
    // No given for the seed customers that totals reads: MESH277.
    const dir = project(saved(totalsTest('  rows:\n    - {customer_id: 7}').replace('  - seed: customers\n    rows:\n      - {customer_id: 7, name: ann}\n', '')));
    const run = await mesh(['build', '--project', dir]);
    expect(run.code).toBe(1);
    const results = byId(dir);
    expect(results.get('unit_test.shop.totals_check')).toMatchObject({ status: 'error', file: 'domains/shop/tests/unit/totals_check.yaml', line: 2, failures: null });
    expect(results.get('unit_test.shop.totals_check')?.message).toMatch(/^could not run: MESH277: no given for the seed 'customers'/);
    expect(results.get('model.shop.totals')?.skip_reason).toBe('unit_test_failed');
  });

  it('reports a unit test file that cannot be read with its line and builds the model (exit 1): which model it tests is not known', async () => {
    const dir = project(PASSING);
    updateProject(dir, { 'domains/shop/tests/unit/broken.yaml': 'model: totals\r\ngivn: []\r\nexpect:\r\n  rows: []\r\n' });
    const run = await mesh(['build', '--project', dir, '--log-format', 'json']);
    expect(run.code).toBe(1);
    const problems = run.err.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { code: string; file: string; line: number });
    expect(problems.map((p) => `${p.code} ${p.file}:${p.line}`)).toEqual(['MESH102 domains/shop/tests/unit/broken.yaml:2']);
    const results = byId(dir);
    expect(results.get('unit_test.shop.totals_check')?.status).toBe('pass');
    expect(results.get('model.shop.totals')?.status).toBe('success');
  });

  it('runs no unit test for a build that does not run the tested model', async () => {
    const dir = project(FAILING);
    const run = await mesh(['build', '--project', dir, '--select', 'orders']);
    expect(run.code).toBe(0);
    expect(runResults(dir).results.map((r) => r.unique_id)).toEqual(['model.shop.orders']);
  });
});
