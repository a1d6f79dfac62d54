import { Option, type Command } from 'commander';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import type { Output } from '../output/output.js';
import type { Environment } from '../../parse/env-interpolation.js';
import { printDiagnostics } from '../output/print-diagnostics.js';
import { withProject, withSelection, type CommonFlags, type SelectFlags, withVars, varsOption, stateOptions } from './shared-options.js';

interface LsFlags extends CommonFlags, SelectFlags {
  output: 'id' | 'name' | 'path' | 'json';
}

export function lsCommand(program: Command, output: Output, setExit: (code: number) => void, env: Environment): void {
  withSelection(withVars(withProject(program.command('ls').description('list the selected nodes in dependency order'))))
    .addOption(new Option('--output <format>', 'what to print per node').choices(['id', 'name', 'path', 'json']).default('id'))
    .action(async (flags: LsFlags) => {
      const { list } = await import('../../mesh.js');
      const result = list({
        projectDir: flags.project, ...varsOption(flags),
        env,
        ...(flags.target ? { target: flags.target } : {}),
        ...(flags.select ? { select: flags.select } : {}),
        ...(flags.exclude ? { exclude: flags.exclude } : {}),
        ...stateOptions(flags),
      });
      printDiagnostics(result.diagnostics, output, flags.logFormat);
      if (hasErrors(result.diagnostics) || !result.compiled) return setExit(1);
      for (const id of result.ids) {
        const node = result.compiled.nodes.get(id)!;
        if (flags.output === 'name') output.out(`${node.domain}.${node.name}`);
        else if (flags.output === 'path') output.out(node.file);
        else if (flags.output === 'json') {
          output.out(JSON.stringify({ id, kind: node.kind, domain: node.domain, stage: node.stage, materialized: node.materialized, relation: node.relation ?? null, file: node.file, depends_on: node.dependsOn.map((d) => d.id) }));
        } else output.out(id);
      }
      setExit(0);
    });
}
