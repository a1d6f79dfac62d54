import { EngineError } from '../adapters/adapter.js';
import type { PlanStep } from '../plan/build-plan.js';
import type { FailingRows, NodeResult } from './run-events.js';
import type { StepRun } from './step-run.js';

/** How many failing rows a failing test shows. */
export const FAILING_ROWS_SHOWN = 5;
/** Longest text value kept in a sample; longer ones are cut with `…` (the stored table keeps them whole). */
const LONGEST_VALUE = 200;

type Base = Pick<NodeResult, 'id' | 'kind' | 'label' | 'action' | 'startedAt'>;

/**
 * One test: its failures counted; when there are any, the first few read by a second query; with
 * `store_failures`, the audit table replaced by every failing row (also when there is none, so it
 * never shows an earlier run's). An engine error of the count propagates (the caller maps it to the
 * user's lines); one of storing the rows fails the test saying so.
 */
export async function runTest(step: PlanStep, run: StepRun, base: Base, elapsed: () => number): Promise<NodeResult> {
  const { adapter, file } = run;
  const failures = await adapter.queryNumber(step.failureCountSql!);
  const sample = failures > 0 && step.failingRowsSql !== undefined ? await adapter.queryRows(step.failingRowsSql, FAILING_ROWS_SHOWN) : undefined;
  const found = {
    failures,
    ...(sample ? { failingRows: failingRows(sample.columns, sample.rows, failures) } : {}),
    ...(step.compiledFile ? { compiledFile: step.compiledFile } : {}),
  };
  const store = step.storeFailures;
  if (store && !run.interrupted()) {
    try {
      await adapter.execute(store.statements, run.context);
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      const message = `${failures} failing row${failures === 1 ? '' : 's'}; store_failures could not replace ${store.relation} with them: ${e.message}`;
      return { ...base, status: 'error', durationMs: elapsed(), ...found, message, file };
    }
  }
  const stored = store ? { storedFailures: store.relation } : {};
  if (failures === 0) return { ...base, status: 'success', durationMs: elapsed(), ...found, ...stored };
  const message = `${failures} failing row${failures === 1 ? '' : 's'}`;
  const line = step.line !== undefined ? { line: step.line } : {};
  if (step.severity === 'warn') return { ...base, status: 'success', warning: true, durationMs: elapsed(), ...found, ...stored, message, file, ...line };
  return { ...base, status: 'error', durationMs: elapsed(), ...found, ...stored, message, file, ...line };
}

function failingRows(columns: readonly string[], rows: readonly (readonly unknown[])[], total: number): FailingRows {
  const cut = (value: unknown): unknown => (typeof value === 'string' && value.length > LONGEST_VALUE ? `${value.slice(0, LONGEST_VALUE - 1)}…` : value);
  return { columns, rows: rows.slice(0, FAILING_ROWS_SHOWN).map((row) => row.map(cut)), total };
}
