import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import type { RunEvent } from '../../src/execute/run-events.js';
import { build, type BuildOptions } from '../../src/mesh.js';
import { memoryDuckDB, writeProject } from '../support/temp-project.js';

let adapter: DuckDBAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
});

async function run(dir: string, options: Partial<BuildOptions> = {}) {
  adapter ??= await memoryDuckDB(dir);
  const events: RunEvent[] = [];
  const result = await build({ projectDir: dir, adapter, onEvent: (e) => events.push(e), ...options });
  const byId = Object.fromEntries((result.run?.results ?? []).map((r) => [r.id, r]));
  return { result, events, byId };
}

/** Two independent chains; the first fails at its root. */
const TWO_CHAINS = {
  'domains/shop/raw/bad.sql': 'select no_such_column from range(1)',
  'domains/shop/cleaned/bad_child.sql': 'select * from {{ref "bad"}}',
  'domains/shop/aggregate/bad_grandchild.sql': 'select * from {{ref "bad_child"}}',
  'domains/shop/raw/good.sql': 'select 1 as x',
  'domains/shop/cleaned/good_child.sql': 'select x + 1 as y from {{ref "good"}}',
};

describe('scheduling', () => {
  it('a failure skips its descendants, naming the failed ancestor, and never stops independent siblings', async () => {
    const { result, byId } = await run(writeProject(TWO_CHAINS));
    expect(result.run!.success).toBe(false);
    expect(byId['model.shop.bad']?.status).toBe('error');
    expect(byId['model.shop.bad_child']).toMatchObject({ status: 'skipped', skipReason: 'upstream', message: 'skipped: upstream model.shop.bad failed' });
    expect(byId['model.shop.bad_grandchild']).toMatchObject({ status: 'skipped', message: 'skipped: upstream model.shop.bad failed' });
    expect(byId['model.shop.good']?.status).toBe('success');
    expect(byId['model.shop.good_child']?.status).toBe('success');
  });

  it('--fail-fast skips everything not yet started after the first failure', async () => {
    const { byId } = await run(writeProject(TWO_CHAINS), { threads: 1, failFast: true });
    // One thread, ids in topological order with ties by id: bad runs first, then nothing else starts.
    expect(byId['model.shop.bad']?.status).toBe('error');
    expect(byId['model.shop.good']).toMatchObject({ status: 'skipped', skipReason: 'fail_fast', message: 'skipped: --fail-fast after model.shop.bad failed' });
    expect(byId['model.shop.good_child']?.status).toBe('skipped');
  });

  it('runs independent nodes concurrently up to --threads, and one at a time with --threads 1', async () => {
    const files = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f'].map((n) => [`domains/shop/aggregate/${n}.sql`, 'select count(*) as n from range(100000)']));
    const maxInFlight = (events: RunEvent[]) => {
      let now = 0;
      let max = 0;
      for (const e of events) {
        if (e.type === 'node_started') max = Math.max(max, ++now);
        if (e.type === 'node_finished' && e.result.status !== 'skipped') now--;
      }
      return max;
    };
    const dir = writeProject(files);
    expect(maxInFlight((await run(dir, { threads: 4 })).events)).toBe(4);
    expect(maxInFlight((await run(dir, { threads: 1, force: true })).events)).toBe(1);
  });

  it('a failing test skips the tested model\'s descendants; a warn-severity test does not', async () => {
    const dir = writeProject({
      'domains/shop/raw/orders.sql': [
        '/*',
        'columns:',
        '  id:',
        '    tests: [unique]',
        '  status:',
        '    tests:',
        '      - accepted_values: { values: [paid], severity: warn }',
        '*/',
        "select 1 as id, 'paid' as status union all select 1, 'lost'",
      ].join('\n'),
      'domains/shop/cleaned/orders_clean.sql': 'select * from {{ref "orders"}}',
      'domains/shop/raw/other.sql': "select 'x' as status",
      'domains/shop/cleaned/other_clean.sql': '/*\ncolumns:\n  status:\n    tests:\n      - accepted_values: { values: [y], severity: warn }\n*/\nselect * from {{ref "other"}}',
      'domains/shop/aggregate/other_agg.sql': 'select count(*) as n from {{ref "other_clean"}}',
    });
    const { byId, result } = await run(dir);
    expect(byId['test.shop.unique_orders_id']).toMatchObject({ status: 'error', failures: 1 });
    expect(byId['test.shop.accepted_values_orders_status']).toMatchObject({ status: 'success', warning: true, failures: 1 });
    expect(byId['model.shop.orders_clean']).toMatchObject({ status: 'skipped', message: 'skipped: upstream test.shop.unique_orders_id failed' });
    expect(byId['test.shop.accepted_values_other_clean_status']).toMatchObject({ status: 'success', warning: true });
    expect(byId['model.shop.other_agg']?.status).toBe('success');
    expect(result.run!.success).toBe(false);
  });

  it('singular tests run after the models they read; rows returned are failures', async () => {
    const dir = writeProject({
      'domains/shop/raw/a.sql': 'select 1 as v',
      'domains/shop/tests/v_is_two.sql': '/* severity: error */\nselect * from {{ref "a"}} where v <> 2',
    });
    const { byId } = await run(dir);
    expect(byId['test.shop.v_is_two']).toMatchObject({ status: 'error', failures: 1, message: '1 failing row' });
  });

  it('an engine error names the model file and the line in the source file', async () => {
    const dir = writeProject({
      'domains/shop/cleaned/broken.sql': [
        '/*',
        'description: a model with a typo on line 8',
        '*/',
        'select',
        '  1 as a,',
        "  {{json_text \"'{}'\" \"$.x\"}} as b,",
        '  {{#if is_incremental}}',
        '  2 as never,',
        '  {{/if}}',
        '  not_a_column as c',
        'from range(1)',
      ].join('\n'),
    });
    const { byId } = await run(dir);
    expect(byId['model.shop.broken']).toMatchObject({ status: 'error', file: 'domains/shop/cleaned/broken.sql', line: 10 });
    expect(byId['model.shop.broken']?.message).toContain('not_a_column');
  });

  it('writes target/run_results.json with every selected node', async () => {
    const dir = writeProject(TWO_CHAINS);
    await run(dir);
    const written = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8'));
    expect(written.metadata.schema_version).toBe('meshwork/run-results/v1');
    expect(written.success).toBe(false);
    expect(written.results.map((r: { unique_id: string; status: string }) => `${r.unique_id}:${r.status}`).sort()).toEqual([
      'model.shop.bad:error',
      'model.shop.bad_child:skipped',
      'model.shop.bad_grandchild:skipped',
      'model.shop.good:success',
      'model.shop.good_child:success',
    ]);
    const bad = written.results.find((r: { unique_id: string }) => r.unique_id === 'model.shop.bad');
    expect(bad.message).toContain('no_such_column');
    expect(typeof bad.execution_time_ms).toBe('number');
  });
});
