import type { InterruptSignal } from '../execute/run-events.js';

/** Exit codes of a process stopped by a signal: 128 + the signal's number, as shells report them. */
export const SIGNAL_EXIT_CODES: Readonly<Record<InterruptSignal, number>> = { SIGINT: 130, SIGTERM: 143 };

export interface Interrupts {
  /** Aborted at the first SIGINT or SIGTERM, with the signal's name as reason. */
  readonly signal: AbortSignal;
  /** The first signal received, if any. */
  received(): InterruptSignal | undefined;
  /** Removes the handlers (a command run in-process must leave none behind). */
  dispose(): void;
}

/**
 * Handles SIGINT and SIGTERM while a command runs: the first asks the command to stop cleanly (it
 * cancels what runs and records what happened); a second one exits at once, as a person pressing
 * Ctrl+C twice expects. `notice` says so when the first arrives.
 */
export function listenForInterrupts(notice: (signal: InterruptSignal) => void): Interrupts {
  const controller = new AbortController();
  let first: InterruptSignal | undefined;
  const on = (signal: InterruptSignal) => (): void => {
    if (first) process.exit(SIGNAL_EXIT_CODES[signal]);
    first = signal;
    notice(signal);
    controller.abort(signal);
  };
  const handlers = { SIGINT: on('SIGINT'), SIGTERM: on('SIGTERM') };
  process.on('SIGINT', handlers.SIGINT);
  process.on('SIGTERM', handlers.SIGTERM);
  return {
    signal: controller.signal,
    received: () => first,
    dispose() {
      process.off('SIGINT', handlers.SIGINT);
      process.off('SIGTERM', handlers.SIGTERM);
    },
  };
}
