import type { Command } from 'commander';
import { formatDiagnostic, hasErrors } from '../../diagnostics/diagnostic.js';
import type { Output } from '../output/output.js';

interface ImportFlags {
  out: string;
  domainMap?: string;
  stageMap?: string;
}

/** `mesh import dbt <dbt-project> --out <dir>`: a dbt project converted into a new meshwork project. */
export function importCommand(program: Command, output: Output, setExit: (code: number) => void): void {
  const command = program.command('import').description('convert a project of another tool into a meshwork project');
  command
    .command('dbt')
    .description('convert a dbt project into a new meshwork project: models, sources, seeds, tests, macros, groups as domains, contracts; what cannot be converted is listed in import-report.md')
    .argument('<dbt-project>', 'the dbt project folder (holds dbt_project.yml)')
    .requiredOption('--out <dir>', 'the meshwork project to write: a new or empty folder')
    .option('--domain-map <pairs>', "without dbt groups: model folders (under models/) to domains, e.g. 'staging/payments=finance,marts/finance=finance' (default: one domain named after the project)")
    .option('--stage-map <pairs>', "model folders (or model names) to stages, added to the default 'staging=raw,intermediate=cleaned,marts=aggregate', e.g. 'base=raw,customers=aggregate'")
    .action(async (dbtProject: string, flags: ImportFlags) => {
      const { importDbt } = await import('../../commands/import-dbt.js');
      const result = importDbt({ dbtDir: dbtProject, outDir: flags.out, ...(flags.domainMap !== undefined ? { domainMap: flags.domainMap } : {}), ...(flags.stageMap !== undefined ? { stageMap: flags.stageMap } : {}) });
      for (const d of result.diagnostics) output.err(formatDiagnostic(d));
      if (hasErrors(result.diagnostics) || !result.counts) return setExit(1);
      const c = result.counts;
      const shown = flags.out.replace(/\/+$/, '') || '.';
      const problems = result.problems.length;
      const n = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
      const what = [n(c.models, 'model'), n(c.seeds, 'seed'), n(c.sources, 'source'), n(c.tests, 'test'), n(c.unitTests, 'unit test'), n(c.contracts, 'contract'), n(c.macros, 'macro'), n(c.genericTests, 'generic test')].join(', ');
      output.out(`Imported ${what} into ${shown}/; ${problems === 0 ? `every construct converted (${shown}/import-report.md)` : `${n(problems, 'construct')} not converted: see ${shown}/import-report.md`}`);
      setExit(0);
    });
}
