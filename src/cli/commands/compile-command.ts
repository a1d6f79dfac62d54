import type { Command } from 'commander';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { compileAndWrite } from '../../mesh.js';
import type { Output } from '../output/output.js';
import type { Environment } from '../../parse/env-interpolation.js';
import { printDiagnostics } from '../output/print-diagnostics.js';
import { withProject, type CommonFlags, withVars, varsOption } from './shared-options.js';

export function compileCommand(program: Command, output: Output, setExit: (code: number) => void, env: Environment): void {
  withVars(withProject(program.command('compile').description('write every node\'s SQL to target/compiled and target/manifest.json'))).action(async (flags: CommonFlags) => {
    const started = performance.now();
    const result = await compileAndWrite({ projectDir: flags.project, ...varsOption(flags), env, ...(flags.target ? { target: flags.target } : {}) });
    printDiagnostics(result.diagnostics, output, flags.logFormat);
    if (hasErrors(result.diagnostics) || !result.compiled) return setExit(1);
    const ms = performance.now() - started;
    const n = result.compiled.nodes.size;
    if (flags.logFormat === 'json') output.out(JSON.stringify({ type: 'compiled', nodes: n, target: result.compiled.target.name, duration_ms: Math.round(ms) }));
    else output.out(`Compiled ${n} nodes for target '${result.compiled.target.name}' (${result.compiled.target.engine}) in ${(ms / 1000).toFixed(2)}s → ${result.targetDir}`);
    setExit(0);
  });
}
