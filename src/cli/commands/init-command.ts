import { relative } from 'node:path';
import type { Command } from 'commander';
import { formatDiagnostic } from '../../diagnostics/diagnostic.js';
import type { Output } from '../output/output.js';

/** `mesh init [dir]`: a new project that builds at once; refuses a folder that holds anything. */
export function initCommand(program: Command, output: Output, setExit: (code: number) => void): void {
  program
    .command('init')
    .description('write a new project into a new or empty folder: a DuckDB dev target, one domain with sample data, models, tests and a contract')
    .argument('[dir]', 'the folder to create the project in', '.')
    .action(async (dir: string) => {
      const { init } = await import('../../commands/init.js');
      const result = init({ dir });
      if (result.diagnostics.length > 0) {
        for (const d of result.diagnostics) output.err(formatDiagnostic(d));
        return setExit(1);
      }
      const shown = relative(process.cwd(), result.root) || '.';
      output.out(`Wrote project '${result.name}' in ${shown === '.' ? 'the current folder' : `${shown}/`}:`);
      for (const file of result.files) output.out(`  ${file}`);
      const project = shown === '.' ? '' : ` --project ${/[\s'"$]/.test(shown) ? `'${shown}'` : shown}`;
      output.out('\nNext:');
      output.out(`  mesh check${project}    # check it without a warehouse`);
      output.out(`  mesh build${project}    # build it into ${shown === '.' ? '' : `${shown}/`}.mesh/dev.duckdb`);
      setExit(0);
    });
}
