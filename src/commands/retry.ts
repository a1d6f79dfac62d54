import { resolve } from 'node:path';
import { readLastRun, type RetriedCommand } from '../artifacts/read-run-results.js';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { build, type BuildOptions, type BuildResult } from './build.js';

/** What a retry may set over the last run's options (dbt retry's overrides); absent: as recorded. */
export interface RetryOptions extends Omit<BuildOptions, 'select' | 'exclude' | 'nodes' | 'kinds' | 'command' | 'dryRun'> {
  /** Told what will run again, before it does (the CLI prints it). */
  readonly onPlan?: (plan: RetryPlan) => void;
}

/** What the last run left to do. */
export interface RetryPlan {
  readonly command: RetriedCommand;
  readonly target: string;
  /** The nodes whose status was error or skipped, as recorded. */
  readonly nodes: readonly string[];
  readonly failed: number;
  readonly skipped: number;
}

export interface RetryResult {
  readonly diagnostics: readonly Diagnostic[];
  /** Absent when there was no run to retry (MESH243, MESH244). */
  readonly plan?: RetryPlan;
  /** Absent when the last run left nothing to do. */
  readonly build?: BuildResult;
}

/**
 * `mesh retry`, as dbt's: runs again, with the last run's command (build or test), target and
 * options, exactly the nodes target/run_results.json records as failed or skipped (skipped after a
 * failure, --fail-fast or an interrupt), in dependency order. Its own run then writes
 * run_results.json, so a second retry continues from where this one stopped.
 */
export async function retry({ onPlan, ...options }: RetryOptions): Promise<RetryResult> {
  const last = readLastRun(resolve(options.projectDir));
  if (!last.run || hasErrors(last.diagnostics)) return { diagnostics: last.diagnostics };
  const { run } = last;
  const unfinished = run.results.filter((r) => r.status === 'error' || r.status === 'skipped');
  const plan: RetryPlan = {
    command: run.command,
    target: run.target,
    nodes: unfinished.map((r) => r.id),
    failed: unfinished.filter((r) => r.status === 'error').length,
    skipped: unfinished.filter((r) => r.status === 'skipped').length,
  };
  onPlan?.(plan);
  if (plan.nodes.length === 0) return { diagnostics: last.diagnostics, plan };
  const recorded = run.invocation;
  const result = await build({
    // Recorded first, so that what the retry was given wins.
    target: run.target,
    ...(recorded?.threads !== undefined ? { threads: recorded.threads } : {}),
    ...(recorded?.vars !== undefined ? { vars: recorded.vars } : {}),
    ...(recorded?.asOf !== undefined ? { asOf: recorded.asOf } : {}),
    fullRefresh: recorded?.fullRefresh ?? false,
    ...(recorded?.force ? { force: true } : {}),
    ...(recorded?.allTests ? { allTests: true } : {}),
    ...(recorded?.environment !== undefined ? { environment: recorded.environment } : {}),
    ...(recorded?.defer ? { defer: true, ...recorded.defer } : {}),
    failFast: recorded?.failFast ?? false,
    storeFailures: recorded?.storeFailures ?? false,
    ...(recorded?.freshSources !== undefined ? { freshSources: recorded.freshSources } : {}),
    ...(recorded?.unitTests === false ? { unitTests: false } : {}),
    ...definedOnly(options),
    nodes: plan.nodes,
    command: run.command,
    ...(run.command === 'test' ? { kinds: ['test'] as const } : {}),
  });
  return { diagnostics: [...last.diagnostics, ...result.diagnostics], plan, build: result };
}

/** The options given, without the keys set to undefined (they would hide the recorded ones). */
function definedOnly(options: Omit<RetryOptions, 'onPlan'>): Omit<RetryOptions, 'onPlan'> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Omit<RetryOptions, 'onPlan'>;
}
