import { Command, CommanderError } from 'commander';
import { MESHWORK_VERSION } from '../artifacts/artifact-metadata.js';
import { buildCommand } from './commands/build-command.js';
import { catalogCommand } from './commands/catalog-command.js';
import { checkCommand } from './commands/check-command.js';
import { cleanCommand } from './commands/clean-command.js';
import { contractCommand } from './commands/contract-command.js';
import { debugCommand } from './commands/debug-command.js';
import { docsCommand } from './commands/docs-command.js';
import { envCommand } from './commands/env-command.js';
import { importCommand } from './commands/import-command.js';
import { initCommand } from './commands/init-command.js';
import { compileCommand } from './commands/compile-command.js';
import { lineageCommand } from './commands/lineage-command.js';
import { lsCommand } from './commands/ls-command.js';
import { retryCommand } from './commands/retry-command.js';
import { showCommand } from './commands/show-command.js';
import { sourceCommand } from './commands/source-command.js';
import { error, formatDiagnostic } from '../diagnostics/diagnostic.js';
import { rejectUnknownCommand, UNKNOWN_COMMAND } from './unknown-command.js';
import type { Output } from './output/output.js';
import { terminalOutput } from './output/terminal-output.js';

export interface MainOptions {
  /** The environment (default: the process's); `MESH_DEBUG=1` prints an internal error's stack. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Runs one `mesh` command line and returns its exit code. The only code that touches process:
 * colour and the live status line are decided here, from stdout's and stderr's TTY and the environment.
 */
export async function main(
  argv: readonly string[],
  output: Output = terminalOutput(process.stdout, process.stderr, process.env),
  options: MainOptions = {},
): Promise<number> {
  // Read in mesh.yaml's and domain.yaml's `${NAME}` and by adapters for credentials; tests pass their own.
  const env = options.env ?? process.env;
  let exitCode = 0;
  const setExit = (code: number): void => {
    exitCode = code;
  };
  const program = new Command('mesh')
    .description('meshwork: SQL transformations for a data mesh')
    .version(MESHWORK_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => output.out(s.trimEnd()), writeErr: (s) => output.err(s.trimEnd()) });
  // Each command loads the programmatic API (src/mesh.ts, and with it every stage) when it runs:
  // `mesh --help`, a typo, `init` and `clean` start in a fraction of the time.
  compileCommand(program, output, setExit, env);
  buildCommand(program, output, setExit, argv, env);
  retryCommand(program, output, setExit, argv, env);
  envCommand(program, output, setExit, env);
  lsCommand(program, output, setExit, env);
  checkCommand(program, output, setExit, env);
  contractCommand(program, output, setExit, env);
  catalogCommand(program, output, setExit, env);
  docsCommand(program, output, setExit, env);
  lineageCommand(program, output, setExit, env);
  showCommand(program, output, setExit, env);
  sourceCommand(program, output, setExit, env);
  debugCommand(program, output, setExit, env);
  initCommand(program, output, setExit);
  importCommand(program, output, setExit);
  cleanCommand(program, output, setExit, env);
  try {
    rejectUnknownCommand(program, argv);
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    // A usage error exits 2; a command that does not exist is 1, as git's.
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : e.code === UNKNOWN_COMMAND ? 1 : 2;
    reportInternalError(e, output, env);
    return 2;
  } finally {
    // Whatever stopped the command, no status line is left on the terminal.
    output.status?.('');
  }
  return exitCode;
}

/**
 * The last resort for a bug in meshwork (a problem in a project is a diagnostic, never a throw):
 * one line a person can report, the stack only on request. bin/mesh.js also calls it for a
 * rejected promise nothing awaited.
 */
export function reportInternalError(e: unknown, output: Output, env: Readonly<Record<string, string | undefined>>): void {
  const message = e instanceof Error ? e.message : String(e);
  const debug = env.MESH_DEBUG === '1';
  output.err(
    formatDiagnostic(
      error('MESH199', `internal error: ${message.replace(/\s*\n\s*/g, ' ')}`, {
        hint: `this is a bug in meshwork, not a problem in your project: please report it with this message${debug ? ' and the stack below' : ' (and the output of the same command run with MESH_DEBUG=1)'}`,
      }),
    ),
  );
  if (debug && e instanceof Error && e.stack) output.err(e.stack);
}
