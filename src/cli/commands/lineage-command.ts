import { InvalidArgumentError, Option, type Command } from 'commander';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { formatLineageDot, formatLineageJson, formatLineageMermaid } from '../../lineage/format-lineage-graph.js';
import { formatLineageText } from '../../lineage/format-lineage-text.js';
import { lineageSubgraph, type LineageDirection } from '../../lineage/lineage-subgraph.js';
import { resolveLineageTarget } from '../../lineage/lineage-target.js';
import type { Output } from '../output/output.js';
import type { Environment } from '../../parse/env-interpolation.js';
import { printDiagnostics } from '../output/print-diagnostics.js';
import { withProject, type CommonFlags, withVars, varsOption } from './shared-options.js';

interface LineageFlags extends CommonFlags {
  upstream?: boolean;
  downstream?: boolean;
  depth?: number;
  format: 'text' | 'json' | 'dot' | 'mermaid';
}

function depth(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number of edges, 1 or more');
  return n;
}

/** `mesh lineage <node>[.<column>]`: where a dataset or column comes from and what reads it, across domains. */
export function lineageCommand(program: Command, output: Output, setExit: (code: number) => void, env: Environment): void {
  withVars(withProject(
    program
      .command('lineage')
      .description('column-level lineage of a node or column, upstream and downstream, across domains (no warehouse)')
      .argument('<node>', 'a node id, domain.name or name, optionally followed by .<column>'),
  ))
    .option('--upstream', 'only what it is made from')
    .option('--downstream', 'only what is made from it')
    .option('--depth <n>', 'edges to follow each way (default: all)', depth)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'dot', 'mermaid']).default('text'))
    .action(async (name: string, flags: LineageFlags) => {
      const { lineage } = await import('../../mesh.js');
      const result = await lineage({ projectDir: flags.project, ...varsOption(flags), env, ...(flags.target ? { target: flags.target } : {}) });
      const found = result.lineage ? resolveLineageTarget(result.lineage, name) : { diagnostics: [] };
      const diagnostics = [...result.diagnostics, ...found.diagnostics];
      printDiagnostics(diagnostics, output, flags.logFormat);
      if (hasErrors(diagnostics) || !result.lineage || !found.target) return setExit(1);
      // Both flags, or neither: both directions.
      const direction: LineageDirection = flags.upstream && !flags.downstream ? 'upstream' : flags.downstream && !flags.upstream ? 'downstream' : 'both';
      const graph = lineageSubgraph(result.lineage, found.target, { direction, ...(flags.depth ? { depth: flags.depth } : {}) });
      if (flags.format === 'json') output.out(formatLineageJson(graph));
      else for (const line of flags.format === 'dot' ? formatLineageDot(graph) : flags.format === 'mermaid' ? formatLineageMermaid(graph) : formatLineageText(graph)) output.out(line);
      setExit(0);
    });
}
