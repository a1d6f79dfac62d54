import type { Command } from 'commander';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import type { Environment } from '../../parse/env-interpolation.js';
import type { Output } from '../output/output.js';
import { printDiagnostics } from '../output/print-diagnostics.js';
import { withProject, withVars, varsOption, type CommonFlags } from './shared-options.js';

interface DropFlags extends CommonFlags {
  force?: boolean;
}

/** `mesh env promote <name>` and `mesh env drop <name> [--force]` (docs/environments.md). */
export function envCommand(program: Command, output: Output, setExit: (code: number) => void, env: Environment): void {
  const group = program.command('env').description('environments built with mesh build --env <name>: promote their contract views to the target, drop them');
  withVars(withProject(group.command('promote <name>')))
    .description("switch the target's public contract views to the environment's audited, published candidates, without computing anything again")
    .addHelpText('after', '\nOnly contract views move: the target\'s other models stay its own until its next build.\nA contract whose audits did not pass in the environment (MESH255) or whose change the target\'s gate refuses (MESH215) is not promoted.')
    .action(async (name: string, flags: CommonFlags) => {
      const { promoteEnvironment } = await import('../../commands/env.js');
      const result = await promoteEnvironment({ projectDir: flags.project, name, ...(flags.target ? { target: flags.target } : {}), ...varsOption(flags), env, credentials: env });
      const json = flags.logFormat === 'json';
      if (json) output.out(JSON.stringify({ type: 'env_promote', environment: name, promoted: result.promoted, unchanged: result.unchanged }));
      else {
        for (const p of result.promoted) output.out(`Promoted ${p.id} ${p.version}: ${p.relation} now reads ${p.candidate}`);
        for (const id of result.unchanged) output.out(`Unchanged ${id}: the target already reads the environment's candidate`);
        if (result.promoted.length === 0 && result.unchanged.length === 0 && !hasErrors(result.diagnostics)) output.out(`Environment '${name}' has no contract view to promote.`);
      }
      printDiagnostics(result.diagnostics, output, flags.logFormat);
      setExit(hasErrors(result.diagnostics) ? 1 : 0);
    });
  withVars(withProject(group.command('drop <name>')))
    .description("remove the environment's schemas and everything in them")
    .option('--force', 'drop even while target views read candidates promoted from it: those views then fail until the target publishes again')
    .action(async (name: string, flags: DropFlags) => {
      const { dropEnvironment } = await import('../../commands/env.js');
      const result = await dropEnvironment({ projectDir: flags.project, name, ...(flags.target ? { target: flags.target } : {}), ...varsOption(flags), env, credentials: env, ...(flags.force ? { force: true } : {}) });
      if (flags.logFormat === 'json') output.out(JSON.stringify({ type: 'env_drop', environment: name, dropped: result.dropped }));
      else for (const schema of result.dropped) output.out(`Dropped ${schema}`);
      printDiagnostics(result.diagnostics, output, flags.logFormat);
      setExit(hasErrors(result.diagnostics) ? 1 : 0);
    });
}
