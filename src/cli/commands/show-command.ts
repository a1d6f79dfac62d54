import { InvalidArgumentError, Option, type Command } from 'commander';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { DEFAULT_SHOW_LIMIT } from '../../commands/show-defaults.js';
import type { Environment } from '../../parse/env-interpolation.js';
import { DEFAULT_COLUMNS, type Output } from '../output/output.js';
import { printDiagnostics } from '../output/print-diagnostics.js';
import { formatRowsCsv, formatRowsJson } from '../output/rows-machine.js';
import { formatRowsTable } from '../output/rows-table.js';
import { palette } from '../output/terminal-colors.js';
import { deferOptions, withDefer, type DeferFlags } from './defer-options.js';
import { withProject, withVars, varsOption, type CommonFlags } from './shared-options.js';

interface ShowFlags extends CommonFlags, DeferFlags {
  limit: number;
  output: 'table' | 'json' | 'csv';
  inline?: string;
}

function limit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number of rows, 1 or more');
  return n;
}

/** `mesh show <node>` / `mesh show --inline "…"`: a few rows of a node, as built, or of a query over the project. */
export function showCommand(program: Command, output: Output, setExit: (code: number) => void, env: Environment): void {
  withDefer(withVars(withProject(
    program
      .command('show')
      .description("a node's rows as the build left them (a test: its failing rows), or an inline query's")
      .argument('[node]', 'a node id, domain.name or name'),
  )))
    .option('--inline <sql>', 'a query compiled as a model of the project (e.g. "select * from {{ref \\"orders\\"}}")')
    .option('--limit <n>', `rows to print (default: ${DEFAULT_SHOW_LIMIT})`, limit, DEFAULT_SHOW_LIMIT)
    .addOption(new Option('--output <format>', 'table for people, json (lines) or csv for machines').choices(['table', 'json', 'csv']).default('table'))
    .action(async (name: string | undefined, flags: ShowFlags) => {
      const { show } = await import('../../mesh.js');
      if (name === undefined && flags.inline === undefined) {
        output.err('error: mesh show needs a node or --inline "<query>"');
        return setExit(2);
      }
      const result = await show({
        projectDir: flags.project,
        env,
        ...varsOption(flags),
        adapterEnv: env,
        limit: flags.limit,
        ...(flags.target ? { target: flags.target } : {}),
        ...deferOptions(flags),
        ...(flags.inline !== undefined ? { inline: flags.inline } : { node: name! }),
      });
      printDiagnostics(result.diagnostics, output, flags.logFormat);
      if (hasErrors(result.diagnostics) || !result.rows) return setExit(1);
      const rows = result.rows;
      if (flags.output === 'json') for (const line of formatRowsJson(rows)) output.out(line);
      else if (flags.output === 'csv') for (const line of formatRowsCsv(rows)) output.out(line);
      else {
        output.out(`Previewing ${result.node!.id} (${rows.rows.length} row${rows.rows.length === 1 ? '' : 's'}, limit ${flags.limit}):`);
        for (const line of formatRowsTable(rows, output.columns ?? DEFAULT_COLUMNS, palette(output.color ?? false))) output.out(line);
      }
      setExit(0);
    });
}
