import type { BuildPhase, RunEvent } from './run-events.js';

/**
 * Starts a phase of a build (work before the first node or after the last): emits `started` now
 * and returns the function that emits `finished`, with the phase's duration and what it did.
 */
export function startPhase(onEvent: ((event: RunEvent) => void) | undefined, phase: BuildPhase): (detail?: string) => void {
  onEvent?.({ type: 'phase', phase, state: 'started' });
  const startedAt = Date.now();
  return (detail) => onEvent?.({ type: 'phase', phase, state: 'finished', durationMs: Date.now() - startedAt, ...(detail ? { detail } : {}) });
}
