import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import type { RunEvent } from '../../src/execute/run-events.js';
import { build } from '../../src/mesh.js';
import { memoryDuckDB, writeProject } from '../support/temp-project.js';

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

/** Builds PROJECT on one thread and aborts once the slow node started: `now` in the event handler itself, else a moment later. */
async function interrupted(reason: string, when: 'now' | 'later') {
  const dir = writeProject(PROJECT);
  adapter = await memoryDuckDB(dir);
  const controller = new AbortController();
  const events: RunEvent[] = [];
  const started = Date.now();
  const result = await build({
    projectDir: dir,
    adapter,
    threads: 1,
    signal: controller.signal,
    onEvent: (e) => {
      events.push(e);
      if (e.type !== 'node_started' || e.id !== 'model.shop.slow') return;
      if (when === 'now') controller.abort(reason);
      else setTimeout(() => controller.abort(reason), 200);
    },
  });
  const byId = Object.fromEntries((result.run?.results ?? []).map((r) => [r.id, r]));
  return { dir, result, events, byId, ms: Date.now() - started };
}

describe('build with an AbortSignal', () => {
  it('cancels the running node, starts no other, and records the run as interrupted by the signal named', async () => {
    const { result, events, byId, ms } = await interrupted('SIGTERM', 'later');
    expect(ms).toBeLessThan(10_000);
    expect(result.interrupted).toBe('SIGTERM');
    expect(result.run).toMatchObject({ success: false, interrupted: 'SIGTERM' });
    expect(byId['model.shop.a_fast']).toMatchObject({ status: 'success' });
    expect(byId['model.shop.slow']).toMatchObject({
      status: 'skipped',
      skipReason: 'interrupted',
      message: 'skipped: interrupted by SIGTERM while it ran (its statement was cancelled)',
      startedAt: expect.any(String),
    });
    for (const id of ['model.shop.after_slow', 'model.shop.z_later']) {
      expect(byId[id]).toMatchObject({ status: 'skipped', skipReason: 'interrupted', message: 'skipped: interrupted by SIGTERM before it started' });
    }
    // Nothing started after the abort.
    expect(events.filter((e) => e.type === 'node_started').map((e) => e.type === 'node_started' && e.id)).toEqual(['model.shop.a_fast', 'model.shop.slow']);
    expect(events.filter((e) => e.type !== 'phase').at(-1)).toMatchObject({ type: 'run_finished', interrupted: 'SIGTERM', counts: { success: 1, skipped: 3, error: 0 } });
    // The adapter the caller passed in still serves it.
    expect(await adapter!.queryNumber('select 42')).toBe(42);
  });

  it('an abort as the node starts stops it before its statement reaches the engine; an abort without a signal name counts as SIGINT', async () => {
    const { result, byId, ms } = await interrupted('stop', 'now');
    expect(ms).toBeLessThan(10_000);
    expect(result.run?.interrupted).toBe('SIGINT');
    expect(byId['model.shop.slow']).toMatchObject({ status: 'skipped', skipReason: 'interrupted' });
  });

  it('an abort after the last node finished records the run as it ran, and still writes its artifacts', async () => {
    const dir = writeProject({ 'domains/shop/cleaned/a_fast.sql': 'select 1 as id\n' });
    adapter = await memoryDuckDB(dir);
    const controller = new AbortController();
    const result = await build({ projectDir: dir, adapter, signal: controller.signal, onEvent: (e) => e.type === 'phase' && e.phase === 'lineage' && e.state === 'started' && controller.abort('SIGINT') });
    expect(result.interrupted).toBe('SIGINT');
    expect(result.run).toMatchObject({ success: true });
    expect(result.run?.interrupted).toBeUndefined();
    const written = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { success: boolean; interrupted: unknown };
    expect(written).toMatchObject({ success: true, interrupted: null });
    expect(existsSync(join(dir, 'target', 'catalog.json'))).toBe(true);
  });

  it('a build aborted before it runs anything records no run', async () => {
    const dir = writeProject(PROJECT);
    adapter = await memoryDuckDB(dir);
    const result = await build({ projectDir: dir, adapter, signal: AbortSignal.abort('SIGINT') });
    expect(result).toMatchObject({ interrupted: 'SIGINT' });
    expect(result.run).toBeUndefined();
    expect(existsSync(join(dir, 'target', 'run_results.json'))).toBe(false);
  });
});
