import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { mesh } from '../support/run-cli.js';
import { updateProject, writeProject } from '../support/temp-project.js';

/**
 * `mesh retry` through the CLI on a DuckDB file: a model that fails only on the real data (a cast
 * that a seed's 'n/a' breaks) takes its descendants and their tests down; the file is fixed and
 * the retry runs exactly what failed or was skipped, with the last run's target and vars.
 */
const MESH_YAML = ['name: retry_mesh', 'targets:', '  dev:', '    engine: duckdb', '    path: .mesh/dev.duckdb', '    threads: 2', 'default_target: dev', 'vars:', '  currency: USD', ''].join('\n');

const BROKEN_CLEAN = [
  '/*',
  'materialized: table',
  'columns:',
  '  payment_id:',
  '    tests: [not_null]',
  '*/',
  "select payment_id, cast(amount as integer) as amount, {{literal (var \"currency\")}} as currency from {{ref \"payments\"}}",
  '',
].join('\r\n');
const FIXED_CLEAN = BROKEN_CLEAN.replace('cast(amount as integer)', 'try_cast(amount as integer)');

const PROJECT = {
  'mesh.yaml': MESH_YAML,
  'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\ndescription: test domain\n',
  // As a spreadsheet saves it: a BOM, CRLF, a duplicate row, an empty amount and one that is text.
  'domains/shop/seeds/payments.csv': '\uFEFFpayment_id,amount\r\n1,10\r\n2,n/a\r\n2,n/a\r\n3,\r\n4,7\r\n',
  'domains/shop/cleaned/payments_clean.sql': BROKEN_CLEAN,
  'domains/shop/aggregate/payment_totals.sql': '/*\nmaterialized: table\n*/\nselect currency, sum(amount) as total, count(*) as n from {{ref "payments_clean"}} group by currency\n',
  'domains/shop/cleaned/customers.sql': '/*\ncolumns:\n  customer_id:\n    tests: [unique]\n*/\nselect 1 as customer_id\n',
};

const CLEAN = 'model.shop.payments_clean';
const TOTALS = 'model.shop.payment_totals';
const CLEAN_TEST = 'test.shop.not_null_payments_clean_payment_id';

interface RunResultsFile {
  readonly metadata: { readonly command: string; readonly target: string; readonly args: string[] };
  readonly invocation?: Record<string, unknown>;
  readonly success: boolean;
  readonly results: { readonly unique_id: string; readonly status: string; readonly skip_reason: string | null }[];
}

const runResults = (dir: string): RunResultsFile => JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as RunResultsFile;
const statuses = (dir: string): Record<string, string> => Object.fromEntries(runResults(dir).results.map((r) => [r.unique_id, r.status]));
/** The nodes a run with --log-format json reported finishing, in order. */
const ran = (out: readonly string[]): string[] =>
  out.flatMap((l) => {
    if (!l.startsWith('{')) return [];
    const e = JSON.parse(l) as { type: string; result?: { id: string } };
    return e.type === 'node_finished' && e.result ? [e.result.id] : [];
  });

async function query(dir: string, sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBAdapter.open({ path: join(dir, '.mesh', 'dev.duckdb'), fileSearchPath: dir, connections: 1 });
  try {
    return await db.query(sql);
  } finally {
    await db.close();
  }
}

/** The project built once with the broken model: it fails, its descendants are skipped. */
async function failedBuild(args: string[] = []) {
  const dir = writeProject(PROJECT, {});
  const first = await mesh(['build', '--project', dir, '--log-format', 'json', ...args]);
  expect(first.code).toBe(1);
  expect(statuses(dir)).toMatchObject({
    'seed.shop.payments': 'success',
    'model.shop.customers': 'success',
    'test.shop.unique_customers_customer_id': 'success',
    [CLEAN]: 'error',
    [TOTALS]: 'skipped',
    [CLEAN_TEST]: 'skipped',
  });
  return dir;
}

describe('mesh retry', () => {
  it('runs again exactly the failed and skipped nodes, in dependency order, with the vars of the last run; then there is nothing to retry', async () => {
    const dir = await failedBuild(['--vars', '{currency: EUR}']);
    expect(runResults(dir).invocation).toMatchObject({ vars: '{currency: EUR}', full_refresh: false, threads: null });

    // Not fixed yet: the same node fails again, the same ones are skipped (a retry is idempotent).
    const again = await mesh(['retry', '--project', dir, '--log-format', 'json']);
    expect(again.code).toBe(1);
    expect(ran(again.out).sort()).toEqual([CLEAN, CLEAN_TEST, TOTALS].sort());
    expect(statuses(dir)).toEqual({ [CLEAN]: 'error', [TOTALS]: 'skipped', [CLEAN_TEST]: 'skipped' });

    updateProject(dir, { 'domains/shop/cleaned/payments_clean.sql': FIXED_CLEAN });
    const retried = await mesh(['retry', '--project', dir, '--log-format', 'json']);
    expect(retried.err).toEqual([]);
    expect(retried.code).toBe(0);
    expect(JSON.parse(retried.out[0]!)).toMatchObject({ type: 'retry', command: 'build', target: 'dev', failed: 1, skipped: 2 });
    // The seed, customers and its test succeeded before: not run again. Parents before children.
    expect(ran(retried.out).indexOf(CLEAN)).toBeLessThan(ran(retried.out).indexOf(TOTALS));
    expect(ran(retried.out).sort()).toEqual([CLEAN, CLEAN_TEST, TOTALS].sort());
    // run_results.json is the retry's own, recorded as the command it ran again.
    const own = runResults(dir);
    expect(own.metadata).toMatchObject({ command: 'build', target: 'dev' });
    expect(own.metadata.args[0]).toBe('retry');
    expect(own.success).toBe(true);
    expect(statuses(dir)).toEqual({ [CLEAN]: 'success', [TOTALS]: 'success', [CLEAN_TEST]: 'success' });
    // The recorded vars were used: EUR, not mesh.yaml's USD; the text amount and the empty one are NULL.
    expect(await query(dir, 'select currency, total, n from shop_aggregate.payment_totals')).toEqual([{ currency: 'EUR', total: 17, n: 5 }]);

    const nothing = await mesh(['retry', '--project', dir]);
    expect(nothing.code).toBe(0);
    expect(nothing.out).toEqual(["Nothing to retry: every node of the last mesh build on target 'dev' succeeded."]);
    expect(nothing.err).toEqual([]);
  });

  it('flags given to retry replace the recorded ones: --vars', async () => {
    const dir = await failedBuild(['--vars', '{currency: EUR}']);
    updateProject(dir, { 'domains/shop/cleaned/payments_clean.sql': FIXED_CLEAN });
    const retried = await mesh(['retry', '--project', dir, '--vars', '{currency: CHF}']);
    expect(retried.code).toBe(0);
    expect(retried.out[0]).toBe("Retrying 3 nodes of the last mesh build on target 'dev' (1 failed, 2 skipped).");
    expect(await query(dir, 'select currency from shop_aggregate.payment_totals')).toEqual([{ currency: 'CHF' }]);
    expect(runResults(dir).invocation).toMatchObject({ vars: '{currency: CHF}' });
  });

  it('without target/run_results.json: MESH243 with the hint to build first, exit 1; a dry run\'s results are not retried', async () => {
    const dir = writeProject(PROJECT, {});
    const result = await mesh(['retry', '--project', dir]);
    expect(result.code).toBe(1);
    expect(result.out).toEqual([]);
    expect(result.err[0]).toBe('error MESH243: nothing to retry: there is no target/run_results.json\n  hint: run mesh build (or mesh test) first; mesh retry then runs again the nodes that failed or were skipped');
    updateProject(dir, { 'target/dry_run_results.json': '{}\n' });
    expect((await mesh(['retry', '--project', dir])).err[0]).toMatch(/^error MESH243: nothing to retry: there is no target\/run_results\.json \(only a dry run, which is not retried\)\n/);
  });

  it('a run_results.json that is not JSON, or of another format, is MESH244 at the file; nothing runs', async () => {
    const dir = writeProject(PROJECT, {});
    updateProject(dir, { 'target/run_results.json': '{"metadata": {' });
    const broken = await mesh(['retry', '--project', dir]);
    expect(broken.code).toBe(1);
    expect(broken.err[0]).toBe('target/run_results.json: error MESH244: target/run_results.json cannot be retried: it is not JSON\n  hint: run mesh build (or mesh test) again: it writes a new one');
    updateProject(dir, { 'target/run_results.json': '{"metadata": {"schema_version": "meshwork/run-results/v0", "command": "build"}, "results": []}\n' });
    const old = await mesh(['retry', '--project', dir]);
    expect(old.code).toBe(1);
    expect(old.err[0]).toContain('error MESH244: target/run_results.json cannot be retried: its schema_version is "meshwork/run-results/v0", not meshwork/run-results/v1');
  });

  it('a run_results.json written before runs recorded their options: retried with the command and target, MESH244 warns', async () => {
    const dir = await failedBuild(['--vars', '{currency: EUR}']);
    const file = join(dir, 'target', 'run_results.json');
    const { invocation: _, ...older } = runResults(dir);
    writeFileSync(file, JSON.stringify(older, null, 2));
    updateProject(dir, { 'domains/shop/cleaned/payments_clean.sql': FIXED_CLEAN });
    const retried = await mesh(['retry', '--project', dir]);
    expect(retried.code).toBe(0);
    expect(retried.err[0]).toMatch(/^target\/run_results\.json: warning MESH244: target\/run_results\.json was written by an earlier meshwork/);
    // The vars were not recorded: mesh.yaml's apply.
    expect(await query(dir, 'select currency from shop_aggregate.payment_totals')).toEqual([{ currency: 'USD' }]);
  });

  it('nodes no longer in the project are left out with MESH245, the others run', async () => {
    const dir = await failedBuild();
    rmSync(join(dir, 'domains/shop/aggregate/payment_totals.sql'));
    updateProject(dir, { 'domains/shop/cleaned/payments_clean.sql': FIXED_CLEAN });
    const retried = await mesh(['retry', '--project', dir, '--log-format', 'json']);
    expect(retried.code).toBe(0);
    const diagnostics = retried.err.map((l) => JSON.parse(l) as { code: string; severity: string; file: string; message: string });
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'MESH245', severity: 'warning', file: 'target/run_results.json', message: `1 node is no longer in the project, left out: ${TOTALS}` }),
    ]);
    expect(ran(retried.out).sort()).toEqual([CLEAN, CLEAN_TEST].sort());
  });

  it('inherits --fail-fast and --threads: the nodes --fail-fast skipped run again, and the retry stops at a failure as the build did', async () => {
    const dir = writeProject({
      'mesh.yaml': MESH_YAML,
      'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\n',
      'domains/shop/cleaned/a_bad.sql': "/*\nmaterialized: table\n*/\nselect cast('x' as integer) as id\n",
      'domains/shop/cleaned/b_ok.sql': 'select 1 as id\n',
      'domains/shop/cleaned/c_bad.sql': "/*\nmaterialized: table\n*/\nselect cast('y' as integer) as id\n",
      'domains/shop/cleaned/d_ok.sql': 'select 4 as id\n',
    }, {});
    const built = await mesh(['build', '--project', dir, '--fail-fast', '--threads', '1']);
    expect(built.code).toBe(1);
    expect(runResults(dir).results.map((r) => [r.unique_id, r.status, r.skip_reason])).toEqual([
      ['model.shop.a_bad', 'error', null],
      ['model.shop.b_ok', 'skipped', 'fail_fast'],
      ['model.shop.c_bad', 'skipped', 'fail_fast'],
      ['model.shop.d_ok', 'skipped', 'fail_fast'],
    ]);
    updateProject(dir, { 'domains/shop/cleaned/a_bad.sql': 'select 2 as id\n' });
    const retried = await mesh(['retry', '--project', dir, '--log-format', 'json']);
    expect(retried.code).toBe(1);
    const started = retried.out.map((l) => JSON.parse(l) as { type: string; threads?: number }).find((e) => e.type === 'run_started');
    expect(started?.threads).toBe(1);
    // c_bad still fails; fail-fast was inherited, so d_ok, after it, is skipped again.
    expect(runResults(dir).results.map((r) => [r.unique_id, r.status, r.skip_reason])).toEqual([
      ['model.shop.a_bad', 'success', null],
      ['model.shop.b_ok', 'success', null],
      ['model.shop.c_bad', 'error', null],
      ['model.shop.d_ok', 'skipped', 'fail_fast'],
    ]);
    expect(runResults(dir).invocation).toMatchObject({ fail_fast: true, threads: 1 });
  });

  it('retries a mesh test as tests: only the failed test runs, no model is built', async () => {
    const dir = writeProject({
      ...PROJECT,
      'domains/shop/cleaned/payments_clean.sql': FIXED_CLEAN,
      'domains/shop/tests/amounts_known.sql': 'select * from {{ref "payments_clean"}} where amount_typo is null and false\n',
    }, {});
    expect((await mesh(['build', '--project', dir, '--exclude', 'amounts_known'])).code).toBe(0);
    const tested = await mesh(['test', '--project', dir]);
    expect(tested.code).toBe(1);
    expect(runResults(dir).metadata.command).toBe('test');
    expect(statuses(dir)['test.shop.amounts_known']).toBe('error');

    updateProject(dir, { 'domains/shop/tests/amounts_known.sql': 'select * from {{ref "payments_clean"}}\r\nwhere amount is null and payment_id = 1\r\n' });
    const retried = await mesh(['retry', '--project', dir, '--log-format', 'json']);
    expect(retried.code).toBe(0);
    expect(JSON.parse(retried.out[0]!)).toMatchObject({ type: 'retry', command: 'test', nodes: ['test.shop.amounts_known'] });
    expect(ran(retried.out)).toEqual(['test.shop.amounts_known']);
    expect(runResults(dir).metadata.command).toBe('test');
    expect(runResults(dir).invocation).toMatchObject({ kinds: ['test'] });
  });

  it('has its own --help', async () => {
    const help = await mesh(['retry', '--help']);
    expect(help.code).toBe(0);
    const text = help.out.join('\n');
    for (const flag of ['--project', '--target', '--vars', '--threads', '--full-refresh', '--fail-fast', '--store-failures', 'MESH243']) expect(text).toContain(flag);
    expect((await mesh(['--help'])).out.join('\n')).toMatch(/retry \[options\]/);
  });
});
