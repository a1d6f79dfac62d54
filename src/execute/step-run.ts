import type { Adapter, CallContext } from '../adapters/adapter.js';
import type { PlanStep } from '../plan/build-plan.js';
import type { InterruptSignal, NodeResult } from './run-events.js';

/** A running node stopped by the interrupt: skipped, keeping when it started, how long it ran and what it cost. */
export function cancelled(ran: NodeResult, signal: InterruptSignal): NodeResult {
  const { id, kind, label, action, startedAt, durationMs, audits, cost } = ran;
  const message = `skipped: interrupted by ${signal} while it ran (its statement was cancelled)`;
  return {
    id,
    kind,
    label,
    action,
    status: 'skipped',
    skipReason: 'interrupted',
    durationMs,
    ...(startedAt ? { startedAt } : {}),
    ...(audits ? { audits } : {}),
    ...(cost ? { cost } : {}),
    message,
  };
}

/** What one node's run needs: the adapter, its file for errors, the interrupt, and who the engine's jobs are for. */
export interface StepRun {
  readonly adapter: Adapter;
  readonly file: string;
  readonly interrupted: () => InterruptSignal | undefined;
  readonly sourceLine?: ((file: string, line: number) => string | undefined) | undefined;
  readonly context: CallContext;
}

/** Who a node's calls are for: the build's run, the node, its domain and stage (the engine's job labels). */
export function callContext(step: PlanStep, runId: string | undefined): CallContext {
  return { ...(runId !== undefined ? { runId } : {}), node: step.id, domain: step.domain, stage: step.stage };
}

