import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import type { RunEvent } from '../../src/execute/run-events.js';
import { build, retry } from '../../src/mesh.js';
import { memoryDuckDB, rows, updateProject, writeProject } from '../support/temp-project.js';

/** Minutes of work on any machine: running for sure when the build is interrupted. */
const SLOW = 'select sum(hash(i)) as n from range(20000000000) as t(i)';

/** With one thread, in order: a_fast, slow (then after_slow, z_later, which wait their turn). */
const PROJECT = {
  'domains/shop/cleaned/a_fast.sql': 'select 1 as id\n',
  'domains/shop/cleaned/slow.sql': `/*\nmaterialized: table\n*/\n${SLOW}\n`,
  'domains/shop/aggregate/after_slow.sql': 'select n from {{ref "slow"}}\n',
  'domains/shop/aggregate/z_later.sql': 'select 2 as id\n',
};

let adapter: DuckDBAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
});

describe('retry after an interrupted build (programmatic API)', () => {
  it('runs the nodes the interrupt left skipped, with the recorded threads, and not the one that finished', async () => {
    const dir = writeProject(PROJECT);
    adapter = await memoryDuckDB(dir);
    const controller = new AbortController();
    const first = await build({
      projectDir: dir,
      adapter,
      threads: 1,
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'node_started' && e.id === 'model.shop.slow') setTimeout(() => controller.abort('SIGINT'), 100);
      },
    });
    expect(first.run?.interrupted).toBe('SIGINT');
    const recorded = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { invocation: { threads: number } };
    expect(recorded.invocation.threads).toBe(1);

    // What the person does before retrying: the slow model made fast.
    updateProject(dir, { 'domains/shop/cleaned/slow.sql': '/*\nmaterialized: table\n*/\nselect 42 as n\n' });
    const events: RunEvent[] = [];
    const plans: unknown[] = [];
    const retried = await retry({ projectDir: dir, adapter, onPlan: (p) => plans.push(p), onEvent: (e) => events.push(e) });
    expect(plans).toEqual([{ command: 'build', target: 'dev', nodes: ['model.shop.slow', 'model.shop.after_slow', 'model.shop.z_later'], failed: 0, skipped: 3 }]);
    expect(retried.build?.run?.success).toBe(true);
    expect(events.find((e) => e.type === 'run_started')).toMatchObject({ threads: 1, total: 3 });
    const finished = events.flatMap((e) => (e.type === 'node_finished' ? [e.result.id] : []));
    expect(finished).toEqual(['model.shop.slow', 'model.shop.after_slow', 'model.shop.z_later']);
    expect(await rows(adapter, 'select n from shop_aggregate.after_slow')).toEqual([{ n: 42 }]);

    // Nothing left: no build at all.
    const again = await retry({ projectDir: dir, adapter });
    expect(again.plan?.nodes).toEqual([]);
    expect(again.build).toBeUndefined();
  });
});
