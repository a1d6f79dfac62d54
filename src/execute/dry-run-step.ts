import { EngineError } from '../adapters/adapter.js';
import type { BuildPlan, PlanStep } from '../plan/build-plan.js';
import { locateEngineError } from './locate-engine-error.js';
import { sumCosts } from '../adapters/query-cost.js';
import type { NodeResult } from './run-events.js';
import { cancelled, type StepRun } from './step-run.js';

/**
 * Whether a relation an engine did not find (`detail.notFound`: `schema.name`, a project before it,
 * a schema alone, or a bare name where the engine gives no more) is one this build creates: in a
 * schema the plan writes to, or named as a relation the plan builds. A dry run creates nothing, so
 * a node reading one, or writing into a schema that does not exist yet, cannot be estimated
 * before a real build; a relation outside them (a missing source) is a real error.
 */
export function builtByPlan(plan: BuildPlan): (notFound: string) => boolean {
  const schemas = new Set(plan.schemas.map((s) => s.name.toLowerCase()));
  const names = new Set(plan.steps.filter((s) => s.kind !== 'test').map((s) => s.label.slice(s.label.lastIndexOf('.') + 1).toLowerCase()));
  return (notFound) => {
    const parts = notFound.replace(/[`"]/g, '').toLowerCase().split(/[.:]/);
    const last = parts[parts.length - 1] ?? '';
    if (parts.length === 1) return schemas.has(last) || names.has(last);
    return schemas.has(parts[parts.length - 2]!) || schemas.has(last);
  };
}

/**
 * One node of a dry run: its statements (a test: its failure count query) validated and estimated
 * by the engine, nothing run. A contract's candidate is estimated, not audited or published; a seed
 * the engine loads from its file is not loaded (a load has no estimate). A node whose parents do
 * not exist yet is skipped, 'not_built': not a failure, and its descendants are still estimated.
 */
export async function dryRunStep(step: PlanStep, run: StepRun, builds: (notFound: string) => boolean): Promise<NodeResult> {
  const { adapter, file } = run;
  const started = new Date();
  const base = { id: step.id, kind: step.kind, label: step.label, action: step.action, startedAt: started.toISOString() };
  const elapsed = (): number => Date.now() - started.getTime();
  const early = run.interrupted();
  if (early) return cancelled({ ...base, status: 'error', durationMs: 0 }, early);
  if (step.refused) {
    const { code, message, line } = step.refused;
    return { ...base, status: 'error', durationMs: elapsed(), code, message: `${code}: ${message}`, file, line };
  }
  if (step.load && adapter.load) return { ...base, status: 'success', durationMs: elapsed(), message: `dry run: ${step.load.file} is loaded by a real build (a load has no estimate)` };
  const statements = step.failureCountSql !== undefined ? [{ sql: step.failureCountSql }] : step.statements;
  try {
    const { cost } = await adapter.execute(statements, { ...run.context, dryRun: true });
    const total = sumCosts([cost]);
    return { ...base, status: 'success', durationMs: elapsed(), ...(total ? { cost: total } : {}) };
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    const missing = e.detail.notFound;
    if (missing !== undefined && builds(missing)) {
      return { ...base, status: 'skipped', skipReason: 'not_built', durationMs: elapsed(), message: `skipped: its parents do not exist yet (${missing} is created by a real build)` };
    }
    const where = locateEngineError(e, statements[e.statementIndex]?.sql, step.sources[e.statementIndex], file, run.sourceLine);
    return { ...base, status: 'error', durationMs: elapsed(), ...where };
  }
}
