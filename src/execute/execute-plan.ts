import { EngineError, type Adapter } from '../adapters/adapter.js';
import { auditPasses, duration, typeMismatches, type Audit } from '../contracts/contract-audits.js';
import type { BuildPlan, PlanStep } from '../plan/build-plan.js';
import { locateEngineError } from './locate-engine-error.js';
import type { AuditOutcome, NodeResult, NodeStatus, RunEvent, RunResults } from './run-events.js';

export interface ExecuteOptions {
  readonly threads: number;
  readonly failFast: boolean;
  readonly target: string;
  readonly onEvent?: (event: RunEvent) => void;
  /** Node id → the user's file, to name it in engine errors. */
  readonly fileOf: (id: string) => string;
  /** A line of a user's file as it is now, to tell the column an engine error points at (none: lines only). */
  readonly sourceLine?: (file: string, line: number) => string | undefined;
}

/**
 * Walks the plan through the adapter, running independent steps concurrently up to `threads`.
 * Never throws for a node's failure: each node ends as success, error or skipped, and says why.
 */
export async function executePlan(plan: BuildPlan, adapter: Adapter, options: ExecuteOptions): Promise<RunResults> {
  const emit = options.onEvent ?? (() => undefined);
  const startedAt = new Date();
  const total = plan.steps.length;
  emit({ type: 'run_started', total, threads: options.threads, target: options.target });
  await adapter.ensureSchemas(plan.schemas);
  if (plan.setup.length > 0) await adapter.execute(plan.setup);

  const results = new Map<string, NodeResult>();
  /** Why a node cannot run: the id of the failed node at the root of it. */
  const blockedBy = new Map<string, string>();
  const pending = new Set(plan.steps.map((s) => s.id));
  const steps = new Map(plan.steps.map((s) => [s.id, s]));
  const running = new Map<string, Promise<void>>();
  // Numbered in the order nodes start (or are skipped), as dbt does; a node keeps its number.
  let lastIndex = 0;
  let stopAll: string | undefined;

  const finish = (index: number, result: NodeResult): void => {
    results.set(result.id, result);
    emit({ type: 'node_finished', index, total, result });
  };
  const skip = (step: PlanStep, cause: string, why: string): void => {
    blockedBy.set(step.id, cause);
    finish(++lastIndex, { id: step.id, kind: step.kind, label: step.label, action: step.action, status: 'skipped', durationMs: 0, message: why });
  };

  while (pending.size > 0 || running.size > 0) {
    let progressed = false;
    for (const id of [...pending]) {
      const step = steps.get(id)!;
      if (stopAll) {
        pending.delete(id);
        skip(step, stopAll, `skipped: --fail-fast after ${stopAll} failed`);
        continue;
      }
      const failedParent = step.waitsFor.find((w) => blockedBy.has(w));
      if (failedParent) {
        pending.delete(id);
        const cause = blockedBy.get(failedParent)!;
        skip(step, cause, `skipped: upstream ${cause} failed`);
        continue;
      }
      if (running.size >= options.threads) break;
      if (!step.waitsFor.every((w) => results.has(w))) continue;
      pending.delete(id);
      progressed = true;
      const index = ++lastIndex;
      emit({ type: 'node_started', index, total, id, label: step.label, action: step.action });
      const work = runStep(step, adapter, options.fileOf(id), options.sourceLine).then((result) => {
        running.delete(id);
        if (result.status === 'error') {
          blockedBy.set(id, id);
          if (options.failFast) stopAll ??= id;
        }
        finish(index, result);
      });
      running.set(id, work);
    }
    if (running.size > 0) await Promise.race(running.values());
    else if (pending.size > 0 && !progressed && !stopAll) {
      throw new Error(`plan cannot progress: ${[...pending].join(', ')} wait for nodes outside the plan`);
    }
  }

  const ordered = plan.steps.map((s) => results.get(s.id)!);
  const counts: Record<NodeStatus | 'warn', number> = { success: 0, error: 0, skipped: 0, warn: 0 };
  for (const r of ordered) {
    counts[r.status]++;
    if (r.warning) counts.warn++;
  }
  const durationMs = Date.now() - startedAt.getTime();
  emit({ type: 'run_finished', durationMs, counts });
  return { startedAt: startedAt.toISOString(), durationMs, results: ordered, success: counts.error === 0 && counts.skipped === 0 };
}

async function runStep(step: PlanStep, adapter: Adapter, file: string, sourceLine: ExecuteOptions['sourceLine']): Promise<NodeResult> {
  const started = new Date();
  const base = { id: step.id, kind: step.kind, label: step.label, action: step.action, startedAt: started.toISOString() };
  const elapsed = (): number => Date.now() - started.getTime();
  if (step.refused) {
    const { code, message, line } = step.refused;
    return { ...base, status: 'error', durationMs: elapsed(), code, message: `${code}: ${message}`, file, line };
  }
  // While the step's own statements run, an engine's position is one of their lines; later (audits, publishing), meshwork's.
  let running: readonly string[] | undefined = step.failureCountSql !== undefined ? [step.failureCountSql] : step.statements.map((s) => s.sql);
  try {
    if (step.failureCountSql !== undefined) {
      const failures = await adapter.queryNumber(step.failureCountSql);
      if (failures === 0) return { ...base, status: 'success', durationMs: elapsed(), failures };
      const message = `${failures} failing row${failures === 1 ? '' : 's'}`;
      if (step.severity === 'warn') return { ...base, status: 'success', warning: true, durationMs: elapsed(), failures, message };
      return { ...base, status: 'error', durationMs: elapsed(), failures, message, file };
    }
    const { rowsAffected } = await adapter.execute(step.statements);
    running = undefined;
    const rows = rowsAffected !== undefined ? { rowsAffected } : {};
    if (step.audits) {
      const { outcomes, failed } = await runAudits(step.audits, adapter);
      if (failed.length > 0) {
        await adapter.execute(step.discard ?? []);
        const message = `contract audits failed; the public view still serves the last good data:\n${failed.join('\n')}`;
        return { ...base, status: 'error', durationMs: elapsed(), ...rows, failures: failed.length, message, file, audits: outcomes };
      }
      await adapter.execute(step.publish ?? []);
      return { ...base, status: 'success', durationMs: elapsed(), ...rows, audits: outcomes };
    }
    return { ...base, status: 'success', durationMs: elapsed(), ...rows };
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    const sql = running?.[e.statementIndex];
    const where = locateEngineError(e, sql, step.sources[e.statementIndex], file, sourceLine);
    return { ...base, status: 'error', durationMs: elapsed(), ...where };
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
