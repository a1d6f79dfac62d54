import type { Command } from 'commander';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { ageText } from '../../commands/age-text.js';
import { parseInstant } from '../../parse/parse-config.js';
import type { Environment } from '../../parse/env-interpolation.js';
import type { SourceFreshnessResult } from '../../artifacts/sources-json.js';
import type { Output } from '../output/output.js';
import { printDiagnostics } from '../output/print-diagnostics.js';
import { withProject, withVars, varsOption, type CommonFlags } from './shared-options.js';

interface FreshnessFlags extends CommonFlags {
  select?: string[];
  asOf?: string;
}

/** `mesh source freshness`: each source's age against its `freshness:`, as dbt's command. */
export function sourceCommand(program: Command, output: Output, setExit: (code: number) => void, env: Environment): void {
  const source = program.command('source').description('commands about the sources domains read');
  withVars(withProject(source.command('freshness').description("measure each source's newest loaded_at against its freshness: (warn_after, error_after); writes target/sources.json")))
    .option('-s, --select <selectors...>', 'sources to measure: source:<domain>.<name>, <domain>.<name>, <name>, domain:<domain> (default: every source with freshness)')
    .option('--as-of <instant>', "measure ages at this ISO instant (default: the target's as_of, else now)")
    .action(async (flags: FreshnessFlags) => {
      const { sourceFreshness } = await import('../../mesh.js');
      const asOf = flags.asOf === undefined ? undefined : parseInstant(flags.asOf);
      if (flags.asOf !== undefined && !asOf) {
        output.err(`--as-of takes an ISO 8601 date or timestamp (e.g. 2024-07-01T12:00:00Z), not '${flags.asOf}'`);
        return setExit(2);
      }
      const run = await sourceFreshness({
        projectDir: flags.project,
        env,
        adapterEnv: env,
        ...varsOption(flags),
        ...(flags.target ? { target: flags.target } : {}),
        ...(flags.select ? { select: flags.select } : {}),
        ...(asOf ? { asOf } : {}),
      });
      printDiagnostics(run.diagnostics, output, flags.logFormat);
      const results = run.results ?? [];
      if (flags.logFormat === 'json') {
        for (const r of results) output.out(JSON.stringify({ type: 'source_freshness', id: r.id, status: r.status, max_loaded_at: r.maxLoadedAt ?? null, age_seconds: r.ageSeconds ?? null }));
      } else if (run.results) {
        for (const line of freshnessTable(results, run.asOf!)) output.out(line);
        if (run.file) output.out(`→ ${run.file}`);
      }
      // As dbt: a source past error_after, or one that could not be measured, fails the command.
      setExit(hasErrors(run.diagnostics) || !run.results || results.some((r) => r.status === 'error' || r.status === 'runtime error') ? 1 : 0);
    });
}

function freshnessTable(results: readonly SourceFreshnessResult[], asOf: string): string[] {
  if (results.length === 0) return ['No source declares freshness: add freshness: { loaded_at: <column>, error_after: 1 day } to a source in its domain.yaml.'];
  const rows = results.map((r) => [
    r.id.slice('source.'.length),
    r.status.toUpperCase(),
    r.maxLoadedAt ?? '-',
    r.ageSeconds !== undefined ? ageText(r.ageSeconds) : '-',
    // Without loaded_at the age is the table's (file's) last modification: said, since it is not a row's.
    [r.criteria.warnAfter ? `warn ${r.criteria.warnAfter.text}` : '', r.criteria.errorAfter ? `error ${r.criteria.errorAfter.text}` : ''].filter(Boolean).join(', ') + (r.criteria.loadedAt === undefined ? ' (table modified)' : ''),
  ]);
  const header = ['source', 'status', 'max loaded_at', 'age', 'criteria'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const counts = (['pass', 'warn', 'error', 'runtime error'] as const).map((s) => `${results.filter((r) => r.status === s).length} ${s}`);
  return [`Source freshness at ${asOf}:`, line(header), ...rows.map(line), counts.join(', ')];
}
