import type { Command } from 'commander';
import { formatDiagnostic, hasErrors } from '../../diagnostics/diagnostic.js';
import type { Environment } from '../../parse/env-interpolation.js';
import type { Output } from '../output/output.js';
import { askOnTerminal } from '../output/terminal-question.js';

interface CleanFlags {
  project: string;
  all?: boolean;
  yes?: boolean;
}

/** `mesh clean [--all] [--yes]`: removes target/; with --all, also the local DuckDB databases, after asking. */
export function cleanCommand(program: Command, output: Output, setExit: (code: number) => void, env: Environment): void {
  program
    .command('clean')
    .description("remove target/ (compiled SQL, artifacts, caches); with --all also the DuckDB database files of the project's targets")
    .option('--project <dir>', 'project folder (holds mesh.yaml)', '.')
    .option('--all', 'also remove the database files of DuckDB targets inside the project folder (.mesh/dev.duckdb and its .wal): every built table is lost')
    .option('-y, --yes', 'with --all: remove the database files without asking')
    .action(async (flags: CleanFlags) => {
      const { applyClean, planClean } = await import('../../commands/clean.js');
      const all = flags.all === true;
      const plan = planClean({ projectDir: flags.project, all, env });
      if (hasErrors(plan.diagnostics)) {
        for (const d of plan.diagnostics) output.err(formatDiagnostic(d));
        return setExit(1);
      }
      const databases = plan.removals.filter((r) => r.kind === 'database').map((r) => r.path);
      if (all && !flags.yes) {
        // Deleting a database loses every table a build made: a person says yes, or a script says --yes.
        if (!output.interactive) {
          output.err('mesh clean --all removes database files and asks first, but there is no terminal to ask on: nothing was removed');
          output.err('  hint: run it in a terminal, or add --yes to remove them without asking');
          return setExit(1);
        }
        if (databases.length > 0) {
          const answer = await (output.ask ?? askOnTerminal)(`Remove ${databases.join(', ')}? Every table built there is lost. [y/N] `);
          if (!/^y(es)?$/i.test(answer?.trim() ?? '')) {
            output.out('Nothing was removed.');
            return setExit(1);
          }
        }
      }
      const { removed, diagnostics } = applyClean(plan);
      for (const path of removed) output.out(`Removed ${path}`);
      for (const left of plan.outside) output.out(`Left ${left.path} (target '${left.target}'): it is outside the project folder, so mesh clean does not remove it`);
      if (removed.length === 0 && diagnostics.length === 0) output.out(`Nothing to remove: no target/${all ? ' and no database file' : ''} in the project folder.`);
      for (const d of diagnostics) output.err(formatDiagnostic(d));
      setExit(hasErrors(diagnostics) ? 1 : 0);
    });
}
