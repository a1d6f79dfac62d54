import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { QueryCost } from '../adapters/adapter.js';
import type { RunResults } from '../execute/run-events.js';
import type { Vars } from '../parse/command-line-vars.js';
import { RUN_RESULTS_SCHEMA, metadata } from './artifact-metadata.js';

/** The options a run was given that decide what it does: `mesh retry` runs the unfinished nodes with them again. */
export interface Invocation {
  /** Only when given (otherwise the target's threads). */
  readonly threads?: number;
  readonly fullRefresh: boolean;
  /** --force: unchanged nodes were built too. */
  readonly force?: boolean;
  /** --tests all: every selected test ran. */
  readonly allTests?: boolean;
  /** --env: the environment the run built into. */
  readonly environment?: string;
  /** --defer and where it read unselected parents from (--state, --defer-to, --favor-state). */
  readonly defer?: { readonly state?: string; readonly deferTo?: string; readonly favorState?: boolean };
  readonly failFast: boolean;
  readonly storeFailures: boolean;
  /** Whether nodes reading a stale source were skipped: --fresh-sources / --no-fresh-sources, else the target's fresh_sources. */
  readonly freshSources?: boolean;
  /** --no-unit-tests: the unit tests of the models that ran were not run before them. */
  readonly unitTests?: false;
  /** Only when given (otherwise the target's as_of, else the time of the run). */
  readonly asOf?: string;
  /** `--vars` as typed (it is in `args` too); values from the environment are never recorded. */
  readonly vars?: string | Vars;
  readonly kinds?: readonly string[];
}

export interface RunContext {
  readonly target: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly invocation?: Invocation;
}

/**
 * target/run_results.json: every selected node with status, timing, rows, cost and error
 * (schema-versioned). A dry run writes target/dry_run_results.json instead, marked `dry_run`, so
 * the last real run's results (which the catalog reads) stay as they were.
 */
export function writeRunResults(run: RunResults, targetDir: string, context: RunContext): string {
  mkdirSync(targetDir, { recursive: true });
  const file = join(targetDir, run.dryRun ? 'dry_run_results.json' : 'run_results.json');
  const document = {
    metadata: metadata(RUN_RESULTS_SCHEMA, { target: context.target, command: context.command, args: context.args }),
    ...(context.invocation ? { invocation: invocationJson(context.invocation) } : {}),
    started_at: run.startedAt,
    elapsed_ms: run.durationMs,
    success: run.success,
    // The signal that stopped the build, when one did: the nodes that did not finish are skipped, skip_reason 'interrupted'.
    interrupted: run.interrupted ?? null,
    // Only where the engine reports what a build costs (BigQuery); a dry run's figures are estimates.
    ...(run.dryRun ? { dry_run: true } : {}),
    ...(run.cost ? { cost: costJson(run.cost) } : {}),
    results: run.results.map((r) => ({
      unique_id: r.id,
      kind: r.kind,
      relation: r.label,
      action: r.action,
      status: r.kind === 'unit_test' ? unitTestStatus(r) : r.status,
      skip_reason: r.skipReason ?? null,
      started_at: r.startedAt ?? null,
      execution_time_ms: r.durationMs,
      rows_affected: r.rowsAffected ?? null,
      failures: r.failures ?? null,
      // Tests: the first failing rows, the table keeping them all (store_failures), the compiled query.
      ...(r.failingRows ? { failing_rows: { columns: r.failingRows.columns, rows: r.failingRows.rows, total: r.failingRows.total } } : {}),
      ...(r.storedFailures ? { stored_failures: r.storedFailures } : {}),
      ...(r.compiledFile ? { compiled_path: r.compiledFile } : {}),
      warning: r.warning ?? false,
      message: r.message ?? null,
      code: r.code ?? null,
      file: r.file ?? null,
      line: r.line ?? null,
      column: r.column ?? null,
      ...(r.cost ? { cost: costJson(r.cost) } : {}),
    })),
  };
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  return file;
}

/** The invocation in the artifact's snake_case; read back by src/artifacts/read-run-results.ts. */
function invocationJson(i: Invocation): Record<string, unknown> {
  return {
    threads: i.threads ?? null,
    full_refresh: i.fullRefresh,
    force: i.force ?? false,
    tests_all: i.allTests ?? false,
    environment: i.environment ?? null,
    defer: i.defer ? { state: i.defer.state ?? null, defer_to: i.defer.deferTo ?? null, favor_state: i.defer.favorState ?? false } : null,
    fail_fast: i.failFast,
    store_failures: i.storeFailures,
    fresh_sources: i.freshSources ?? false,
    unit_tests: i.unitTests ?? true,
    as_of: i.asOf ?? null,
    vars: i.vars ?? null,
    kinds: i.kinds ?? null,
  };
}

/** A cost in the artifact's snake_case; figures the engine did not report are null. */
function costJson(cost: QueryCost): Record<string, number | boolean | null> {
  return { bytes_processed: cost.bytesProcessed ?? null, bytes_billed: cost.bytesBilled ?? null, slot_ms: cost.slotMs ?? null, cache_hit: cost.cacheHit ?? null };
}

/** A unit test's status as dbt writes its unit test nodes': pass, fail (its rows differ), error (it could not run). */
function unitTestStatus(r: RunResults['results'][number]): string {
  return r.status === 'success' ? 'pass' : r.failures !== undefined ? 'fail' : r.status;
}
