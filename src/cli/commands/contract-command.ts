import type { Command } from 'commander';
import type { Output } from '../output/output.js';
import type { Environment } from '../../parse/env-interpolation.js';
import { printDiagnostics } from '../output/print-diagnostics.js';
import { againstProblem, withProject, type CommonFlags, withVars, varsOption } from './shared-options.js';

interface DiffFlags extends CommonFlags {
  against?: string;
  state?: boolean;
}

/** `mesh contract diff <file>`: the classified changes of one contract. */
export function contractCommand(program: Command, output: Output, setExit: (code: number) => void, env: Environment): void {
  const contract = program.command('contract').description('data contract tools');
  withVars(withProject(contract.command('diff <file>').description('classify the changes of a contract against git or the published state')))
    .option('--against <git-ref>', 'compare with the contract in this revision (default: the merge base with main)')
    .option('--state', "compare with what the target last published (the warehouse's published state)")
    .action(async (file: string, flags: DiffFlags) => {
      const { diffContract } = await import('../../mesh.js');
      const badRevision = againstProblem(flags);
      if (badRevision) {
        output.err(badRevision);
        return setExit(2);
      }
      const diff = await diffContract({
        projectDir: flags.project, ...varsOption(flags),
        env,
        file,
        ...(flags.target ? { target: flags.target } : {}),
        ...(flags.against ? { against: flags.against } : {}),
        ...(flags.state ? { state: true } : {}),
      });
      printDiagnostics(diff.diagnostics, output, flags.logFormat);
      if (!diff.after) return setExit(1);
      if (flags.logFormat === 'json') {
        output.out(JSON.stringify({ type: 'contract_diff', baseline: diff.baseline, before: diff.before?.version.text ?? null, after: diff.after.version.text, allowed: diff.allowed, changes: diff.changes }));
      } else if (!diff.before) {
        output.out(`${diff.after.file}: nothing to compare with in ${diff.baseline}: a new contract.`);
      } else {
        output.out(`${diff.after.file}: ${diff.before.version.text} (${diff.baseline}) → ${diff.after.version.text}`);
        for (const c of diff.changes) output.out(`  ${c.kind.padEnd(10)} ${c.rule.padEnd(24)} ${diff.after.file}:${c.line}  ${c.message}`);
        if (diff.changes.length === 0) output.out('  no changes');
        output.out(diff.allowed ? 'May be published.' : `Refused: a breaking change needs version ${diff.after.version.major + 1}.0.0.`);
      }
      setExit(diff.allowed ? 0 : 1);
    });
}
