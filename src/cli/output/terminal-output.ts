import type { Output } from './output.js';
import { colorWanted, type Environment } from './terminal-colors.js';

/** The part of a Node stream (process.stdout, process.stderr) the CLI writes through. */
export interface TerminalStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

const CLEAR_LINE = '\r\x1b[K';

/** A log (a pipe, a file) has no width to fit: wide enough that names are rarely shortened. */
const LOG_COLUMNS = 120;

/**
 * The CLI's Output over real streams: colour decided per stream from the environment, and on an
 * interactive terminal a status line kept under the last line, cleared before anything else is
 * written (stdout or stderr) and drawn again after it.
 */
export function terminalOutput(stdout: TerminalStream, stderr: TerminalStream, env: Environment): Output {
  const interactive = interactiveWanted(stdout.isTTY, env);
  // A pipe has no width; COLUMNS lets a CI job ask for other widths than the log default.
  const fromEnv = Number(env['COLUMNS']);
  const envColumns = Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : undefined;
  let shown = '';
  return {
    out: (line) => {
      stdout.write(`${shown ? CLEAR_LINE : ''}${line}\n${shown}`);
    },
    err: (line) => {
      if (shown) stdout.write(CLEAR_LINE);
      stderr.write(`${line}\n`);
      if (shown) stdout.write(shown);
    },
    color: colorWanted(stdout.isTTY, env),
    errColor: colorWanted(stderr.isTTY, env),
    interactive,
    // Read at each use: the terminal may be resized during a build.
    get columns() {
      return stdout.columns || envColumns || LOG_COLUMNS;
    },
    status: (line) => {
      if (!interactive || line === shown) return;
      stdout.write(`${CLEAR_LINE}${line}`);
      shown = line;
    },
  };
}

/**
 * Whether stdout may carry a status line redrawn in place: a terminal a person watches, not a dumb
 * one, and not a CI job (some give jobs a pseudo-terminal whose log would keep every redraw).
 */
export function interactiveWanted(isTTY: boolean | undefined, env: Environment): boolean {
  return isTTY === true && env['TERM'] !== 'dumb' && !env['CI'];
}
