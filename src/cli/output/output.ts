/**
 * Where the CLI writes: injected, so commands can be run in tests without touching process. Only
 * `out` and `err` are required; an output without the rest is plain text for a log (no colour, no
 * live status line, 80 columns; a real pipe gets 120, see terminal-output.ts).
 */
export interface Output {
  out(line: string): void;
  err(line: string): void;
  /** ANSI colour on `out`. */
  readonly color?: boolean;
  /** ANSI colour on `err` (decided apart: `mesh build 2> errors.log` keeps the file plain). */
  readonly errColor?: boolean;
  /** `out` is a terminal a person watches: a status line may be drawn and redrawn below the output. */
  readonly interactive?: boolean;
  /** The terminal's width in columns, when known. */
  readonly columns?: number;
  /**
   * Replaces the status line under the last line written ('' clears it); lines written after it
   * appear above it. Only called when `interactive`.
   */
  status?(line: string): void;
  /**
   * Asks a person a question and resolves to the line they answered (undefined when input ends).
   * Only called when `interactive`; absent, the CLI reads the terminal (terminal-question.ts).
   */
  ask?(question: string): Promise<string | undefined>;
}

/** The width output is laid out for when the terminal does not say. */
export const DEFAULT_COLUMNS = 80;
