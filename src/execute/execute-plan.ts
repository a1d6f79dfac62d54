import { EngineError, type Adapter, type ExecuteResult, type QueryCost, type SqlStatement } from '../adapters/adapter.js';
import { auditPasses, duration, typeMismatches, type Audit } from '../contracts/contract-audits.js';
import type { BuildPlan, PlanStep } from '../plan/build-plan.js';
import { builtByPlan, dryRunStep } from './dry-run-step.js';
import { grantAccess } from './grant-access.js';
import { interruptedBy } from './interrupted-by.js';
import { prepareWarehouse } from './prepare-warehouse.js';
import { locateEngineError } from './locate-engine-error.js';
import { sumCosts } from '../adapters/query-cost.js';
import { callContext, cancelled, type StepRun } from './step-run.js';
import { runTest } from './test-step.js';
import type { AuditOutcome, InterruptSignal, NodeResult, NodeStatus, RunEvent, RunResults, SkipReason } from './run-events.js';

export interface ExecuteOptions {
  readonly threads: number;
  readonly failFast: boolean;
  /** Steps not to run, with why (they read a stale source, a unit test failed); their descendants are skipped as after a failure. */
  readonly skips?: ReadonlyMap<string, StepSkip>;
  /** What ran before the walk (the unit tests of the models that run): reported first, counted and recorded with the steps. */
  readonly before?: readonly NodeResult[];
  readonly target: string;
  readonly onEvent?: (event: RunEvent) => void;
  /** Node id → the user's file, to name it in engine errors. */
  readonly fileOf: (id: string) => string;
  /** A line of a user's file as it is now, to tell the column an engine error points at (none: lines only). */
  readonly sourceLine?: (file: string, line: number) => string | undefined;
  /**
   * Aborted on SIGINT/SIGTERM (its reason names the signal): running statements are cancelled, no
   * node starts, and every node that did not finish ends skipped with reason 'interrupted'.
   */
  readonly signal?: AbortSignal;
  /**
   * Estimate instead of run (capability `dryRun`, checked by the caller): nothing is created or
   * changed, no schema, no load, audit, publish or grant; each node's statements (a test's failure
   * count) are dry-run, and a node whose parents do not exist yet ends skipped, 'not_built'.
   */
  readonly dryRun?: boolean;
  /** The build's run id (its OpenLineage run), on every call's context for the engine's job labels. */
  readonly runId?: string;
}

/** Why a step is not run: its reason and message, and how its descendants say why they are skipped too. */
export interface StepSkip {
  readonly reason: SkipReason;
  /** `skipped: …`, shown on the step's line. */
  readonly message: string;
  /** Completes `skipped: upstream <id> was skipped (…)`: `it reads a stale source`. */
  readonly because: string;
}

/**
 * Walks the plan through the adapter, running independent steps concurrently up to `threads`.
 * Never throws for a node's failure: each node ends as success, error or skipped, and says why.
 * Throws WarehouseSetupFailed, before the run starts, when the engine refuses the plan's schemas or setup.
 */
export async function executePlan(plan: BuildPlan, adapter: Adapter, options: ExecuteOptions): Promise<RunResults> {
  const { signal } = options;
  const cancel = (): void => adapter.interrupt();
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    return await walk(plan, adapter, options);
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
}

async function walk(plan: BuildPlan, adapter: Adapter, options: ExecuteOptions): Promise<RunResults> {
  const emit = options.onEvent ?? (() => undefined);
  const interrupted = (): InterruptSignal | undefined => interruptedBy(options.signal);
  const startedAt = new Date();
  const before = options.before ?? [];
  const total = plan.steps.length + before.length;
  const dryRun = options.dryRun ?? false;
  try {
    // A dry run creates nothing: the schemas and the published state are left as they are. Before
    // the run starts: a warehouse that refuses them is the target's problem, and no run to record.
    if (!dryRun) await prepareWarehouse(plan, adapter, options.runId, () => interrupted() !== undefined);
  } catch (e) {
    // Cancelled by an interrupt: the walk below skips every node.
    if (!interrupted()) throw e;
  }
  const reused: NodeResult[] = (plan.reused ?? []).map((r) => ({ id: r.id, kind: r.kind, label: r.label, action: r.reuse, status: 'reused', durationMs: 0 }));
  emit({ type: 'run_started', total, threads: options.threads, target: options.target, ...(dryRun ? { dryRun } : {}), ...(reused.length > 0 ? { reused: reused.length } : {}) });

  const results = new Map<string, NodeResult>();
  /** Why a node cannot run: the id of the failed node at the root of it. */
  const blockedBy = new Map<string, string>();
  const pending = new Set(plan.steps.map((s) => s.id));
  const steps = new Map(plan.steps.map((s) => [s.id, s]));
  const running = new Map<string, Promise<void>>();
  const builds = builtByPlan(plan);
  // Numbered in the order nodes start (or are skipped), as dbt does; a node keeps its number.
  let lastIndex = 0;
  let stopAll: string | undefined;

  const finish = (index: number, result: NodeResult): void => {
    results.set(result.id, result);
    emit({ type: 'node_finished', index, total, result });
  };
  const skip = (step: PlanStep, cause: string, reason: SkipReason, why: string): void => {
    blockedBy.set(step.id, cause);
    finish(++lastIndex, { id: step.id, kind: step.kind, label: step.label, action: step.action, status: 'skipped', skipReason: reason, durationMs: 0, message: why });
  };

  for (const r of before) {
    finish(++lastIndex, r);
    if (r.status === 'error' && options.failFast) stopAll ??= r.id;
  }

  while (pending.size > 0 || running.size > 0) {
    let progressed = false;
    for (const id of [...pending]) {
      const step = steps.get(id)!;
      const stoppedBy = interrupted();
      if (stoppedBy) {
        pending.delete(id);
        skip(step, id, 'interrupted', `skipped: interrupted by ${stoppedBy} before it started`);
        continue;
      }
      if (stopAll) {
        pending.delete(id);
        skip(step, stopAll, 'fail_fast', `skipped: --fail-fast after ${stopAll} failed`);
        continue;
      }
      const skipped = options.skips?.get(id);
      if (skipped) {
        pending.delete(id);
        progressed = true;
        skip(step, id, skipped.reason, skipped.message);
        continue;
      }
      const failedParent = step.waitsFor.find((w) => blockedBy.has(w));
      if (failedParent) {
        pending.delete(id);
        const cause = blockedBy.get(failedParent)!;
        const skippedCause = options.skips?.get(cause);
        skip(step, cause, 'upstream', skippedCause ? `skipped: upstream ${cause} was skipped (${skippedCause.because})` : `skipped: upstream ${cause} failed`);
        continue;
      }
      if (running.size >= options.threads) break;
      if (!step.waitsFor.every((w) => results.has(w))) continue;
      pending.delete(id);
      progressed = true;
      const index = ++lastIndex;
      emit({ type: 'node_started', index, total, id, label: step.label, action: step.action });
      const run: StepRun = { adapter, file: options.fileOf(id), interrupted, sourceLine: options.sourceLine, context: callContext(step, options.runId) };
      const work = (dryRun ? dryRunStep(step, run, builds) : runStep(step, run)).then((ran) => {
        running.delete(id);
        // A node the interrupt stopped did not finish: what it reports is the cancellation, not an error of its own.
        const stoppedBy = ran.status === 'error' ? interrupted() : undefined;
        const result: NodeResult = stoppedBy ? cancelled(ran, stoppedBy) : ran;
        if (result.status === 'error') {
          blockedBy.set(id, id);
          if (options.failFast) stopAll ??= id;
        }
        finish(index, result);
      });
      running.set(id, work);
    }
    if (running.size > 0) await Promise.race(running.values());
    else if (pending.size > 0 && !progressed && !stopAll && !interrupted()) {
      throw new Error(`plan cannot progress: ${[...pending].join(', ')} wait for nodes outside the plan`);
    }
  }

  const ordered = [...reused, ...before, ...plan.steps.map((s) => results.get(s.id)!)];
  const counts: Record<NodeStatus | 'warn', number> = { success: 0, error: 0, skipped: 0, reused: 0, warn: 0 };
  for (const r of ordered) {
    counts[r.status]++;
    if (r.warning) counts.warn++;
  }
  const cost = sumCosts(ordered.map((r) => r.cost));
  // A dry run's node whose parents do not exist yet is not a failure: a real build creates them.
  const failedToRun = ordered.filter((r) => r.status === 'error' || (r.status === 'skipped' && r.skipReason !== 'not_built')).length;
  const durationMs = Date.now() - startedAt.getTime();
  // Interrupted only when a node did not finish: a signal after the last one stops the build, not the run.
  const stoppedBy = ordered.some((r) => r.skipReason === 'interrupted') ? interrupted() : undefined;
  emit({ type: 'run_finished', durationMs, counts, ...(stoppedBy ? { interrupted: stoppedBy } : {}), ...(cost ? { cost } : {}) });
  return {
    startedAt: startedAt.toISOString(),
    durationMs,
    results: ordered,
    success: failedToRun === 0,
    ...(stoppedBy ? { interrupted: stoppedBy } : {}),
    ...(cost ? { cost } : {}),
    ...(dryRun ? { dryRun } : {}),
  };
}

/** Counts what a node's calls cost, for its result: `{ cost }` once any call reported one, `{}` otherwise. */
function costTally(): { add(result: ExecuteResult): ExecuteResult; cost(): { cost?: QueryCost } } {
  const costs: QueryCost[] = [];
  return {
    add(result) {
      if (result.cost) costs.push(result.cost);
      return result;
    },
    cost() {
      const total = sumCosts(costs);
      return total ? { cost: total } : {};
    },
  };
}

/** Runs one node; `interrupted` is checked before each of its calls to the adapter, so an interrupted node runs nothing further. */
async function runStep(step: PlanStep, run: StepRun): Promise<NodeResult> {
  const { adapter, file, interrupted, context } = run;
  const started = new Date();
  const base = { id: step.id, kind: step.kind, label: step.label, action: step.action, startedAt: started.toISOString() };
  const elapsed = (): number => Date.now() - started.getTime();
  const tally = costTally();
  const execute = async (statements: readonly SqlStatement[]): Promise<ExecuteResult> => tally.add(await adapter.execute(statements, context));
  const early = interrupted();
  if (early) return cancelled({ ...base, status: 'error', durationMs: 0 }, early);
  if (step.refused) {
    const { code, message, line } = step.refused;
    return { ...base, status: 'error', durationMs: elapsed(), code, message: `${code}: ${message}`, file, line };
  }
  // While the step's own statements run, an engine's position is one of their lines; later (audits, publishing), meshwork's.
  let running: readonly string[] | undefined = step.failureCountSql !== undefined ? [step.failureCountSql] : step.statements.map((s) => s.sql);
  try {
    if (step.failureCountSql !== undefined) return await runTest(step, run, base, elapsed);
    // An engine that loads files loads a seed from its CSV; the seed's SQL is for the others.
    const { rowsAffected } = step.load && adapter.load ? tally.add(await adapter.load(step.load, context)) : await execute(step.statements);
    running = undefined;
    const rows = rowsAffected !== undefined ? { rowsAffected } : {};
    if (step.audits) {
      // Interrupted once the candidate is written: it is neither audited nor published (the next publish drops it).
      const stop = interrupted();
      if (stop) return cancelled({ ...base, status: 'error', durationMs: elapsed(), ...rows, ...tally.cost() }, stop);
      const { outcomes, failed } = await runAudits(step.audits, adapter);
      if (failed.length > 0) {
        await execute(step.discard ?? []);
        const message = `contract audits failed; the public view still serves the last good data:\n${failed.join('\n')}`;
        return { ...base, status: 'error', durationMs: elapsed(), ...rows, failures: failed.length, message, file, audits: outcomes, ...tally.cost() };
      }
      const late = interrupted();
      if (late) return cancelled({ ...base, status: 'error', durationMs: elapsed(), ...rows, audits: outcomes, ...tally.cost() }, late);
      await execute(step.publish ?? []);
      const denied = step.access ? await grantAccess(step.access, adapter) : undefined;
      if (denied) return { ...base, status: 'error', durationMs: elapsed(), ...rows, message: denied, file, audits: outcomes, ...tally.cost() };
      return { ...base, status: 'success', durationMs: elapsed(), ...rows, audits: outcomes, ...tally.cost() };
    }
    return { ...base, status: 'success', durationMs: elapsed(), ...rows, ...tally.cost() };
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    const sql = running?.[e.statementIndex];
    const where = locateEngineError(e, sql, step.sources[e.statementIndex], file, run.sourceLine);
    // A test the engine refused: its compiled query is where to look next.
    const compiled = step.compiledFile !== undefined ? { compiledFile: step.compiledFile } : {};
    return { ...base, status: 'error', durationMs: elapsed(), ...where, ...compiled, ...tally.cost() };
  }
}

/**
 * Every audit's outcome (OpenLineage reports them all), and each that does not hold as a report
 * line: rule, contract line, value found, a few keys.
 */
async function runAudits(audits: readonly Audit[], adapter: Adapter): Promise<{ outcomes: AuditOutcome[]; failed: string[] }> {
  const outcomes: AuditOutcome[] = [];
  const failed: string[] = [];
  for (const audit of audits) {
    if (audit.types) {
      const mismatches = typeMismatches(await adapter.queryValues(audit.types.sql), audit.types);
      outcomes.push({ name: audit.name, success: mismatches.length === 0, value: mismatches.length });
      if (mismatches.length === 0) continue;
      // The other rules read the contracted columns: with the wrong ones, they cannot run.
      failed.push(`  - ${audit.name} (line ${audit.line}): ${mismatches.join('; ')}`);
      break;
    }
    const value = await adapter.queryNumber(audit.valueSql);
    const success = auditPasses(value, audit.operator, audit.expected);
    outcomes.push({ name: audit.name, ...(audit.column ? { column: audit.column } : {}), success, value });
    if (success) continue;
    const samples = audit.samplesSql && value > 0 ? await adapter.queryValues(audit.samplesSql) : [];
    const found = audit.unit === 'seconds' ? `newest is ${duration(value)} old, allowed at most ${duration(Number(audit.expected))}` : `${value} found, ${audit.operator} ${JSON.stringify(audit.expected)}`;
    failed.push(`  - ${audit.name} (line ${audit.line}): ${found}${samples.length > 0 ? `; e.g. ${samples.join(', ')}` : ''}`);
  }
  return { outcomes, failed };
}
