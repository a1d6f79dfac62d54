import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLastRun } from '../../src/artifacts/read-run-results.js';
import { writeRunResults, type Invocation } from '../../src/artifacts/run-results.js';
import { writeProject } from '../support/temp-project.js';

describe('the invocation run_results.json records for mesh retry', () => {
  it('reads back what state-aware builds were given: --force, --tests all, --env and --defer', () => {
    const dir = writeProject({});
    const invocation: Invocation = {
      threads: 2,
      fullRefresh: false,
      force: true,
      allTests: true,
      environment: 'feature_x',
      defer: { state: '/ci/prod-target', favorState: true },
      failFast: false,
      storeFailures: false,
      // Recorded either way (the effective choice, docs/freshness.md).
      freshSources: false,
    };
    const run = { startedAt: new Date().toISOString(), durationMs: 1, success: false, results: [{ id: 'model.shop.a', kind: 'model' as const, label: 'a', action: 'table', status: 'error' as const, durationMs: 1 }] };
    writeRunResults(run, join(dir, 'target'), { target: 'dev', command: 'build', args: [], invocation });
    expect(readLastRun(dir).run?.invocation).toEqual(invocation);

    // A run with none of them records none.
    const plain: Invocation = { fullRefresh: false, failFast: false, storeFailures: false, freshSources: false };
    writeRunResults(run, join(dir, 'target'), { target: 'dev', command: 'build', args: [], invocation: plain });
    expect(readLastRun(dir).run?.invocation).toEqual(plain);
  });
});
