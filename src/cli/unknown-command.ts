import type { Command } from 'commander';
import { nearestNames } from '../diagnostics/suggest.js';

/** The code of the CommanderError thrown for a command that does not exist; main exits 1 for it. */
export const UNKNOWN_COMMAND = 'commander.unknownCommand';

/**
 * Rejects a command line whose command (or subcommand) does not exist, before commander parses it:
 * commander answers `--help` first, so `mesh nope --help` would print the top-level help and exit 0,
 * as if `nope` were fine. `mesh help nope` is rejected the same way. Throws through `error()`.
 */
export function rejectUnknownCommand(program: Command, argv: readonly string[]): void {
  let command = program;
  // Only the leading words name commands: after the first option, words may be option values.
  for (let i = 0; i < argv.length && !argv[i]!.startsWith('-') && command.commands.length > 0; i++) {
    const word = argv[i]!;
    const names = command.commands.flatMap((c) => [c.name(), ...c.aliases()]);
    if (word === 'help' && !names.includes('help')) {
      // `mesh help <command>`: the word after it must name a command of this level.
      const wanted = argv[i + 1];
      if (wanted !== undefined && !wanted.startsWith('-') && !names.includes(wanted)) unknown(command, wanted, names);
      return;
    }
    const next = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!next) unknown(command, word, names);
    command = next;
  }
}

function unknown(command: Command, word: string, names: readonly string[]): never {
  const near = nearestNames(word, names, 1)[0];
  const nested = command.parent ? `${command.name()} ` : '';
  const lines = [`error: unknown command '${nested}${word}'`, ...(near ? [`(Did you mean ${near}?)`] : []), `the commands: mesh ${nested}--help`];
  command.error(lines.join('\n'), { code: UNKNOWN_COMMAND, exitCode: 1 });
}
