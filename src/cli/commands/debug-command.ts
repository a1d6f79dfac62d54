import type { Command } from 'commander';
import { formatDiagnostic } from '../../diagnostics/diagnostic.js';
import type { Environment } from '../../parse/env-interpolation.js';
import { printFacts } from '../output/debug-facts.js';
import type { Output } from '../output/output.js';
import { withProject, type CommonFlags } from './shared-options.js';

/** `mesh debug`: is the configuration right, and does the target's warehouse answer? Exit 1 when a check fails. */
export function debugCommand(program: Command, output: Output, setExit: (code: number) => void, env: Environment): void {
  withProject(
    program
      .command('debug')
      .description("check the configuration and the target's connection: credentials (never printed), project and location or database file, engine version, which datasets exist"),
  ).action(async (flags: CommonFlags) => {
    const { debug } = await import('../../mesh.js');
    const result = await debug({ projectDir: flags.project, env, ...(flags.target ? { target: flags.target } : {}) });
    // The project's problems first, each with its file and line; the checks below sum them up
    // (so not build's "nothing was run").
    for (const d of result.diagnostics) output.err(flags.logFormat === 'json' ? JSON.stringify({ type: 'diagnostic', ...d }) : formatDiagnostic(d));
    if (flags.logFormat !== 'json' && result.target) output.out(`mesh debug: target '${result.target.name}' (${result.target.engine})\n`);
    printFacts(result.facts, output, flags.logFormat);
    setExit(result.ok ? 0 : 1);
  });
}
