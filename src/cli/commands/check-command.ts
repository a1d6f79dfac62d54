import type { Command } from 'commander';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import type { BindingSummary, SyntaxCheckSummary } from '../../mesh.js';
import type { Output } from '../output/output.js';
import type { Environment } from '../../parse/env-interpolation.js';
import { printDiagnostics } from '../output/print-diagnostics.js';
import { printUnitTests } from '../output/unit-test-report.js';
import { againstProblem, withProject, type CommonFlags, withVars, varsOption } from './shared-options.js';

/** `mesh check`: every check that needs no warehouse, for CI on a pull request. Writes nothing but its caches (target/.cache). */
export function checkCommand(program: Command, output: Output, setExit: (code: number) => void, env: Environment): void {
  withVars(withProject(program.command('check').description('check the project without a warehouse: files, templates, refs, graph, contracts'))).option('--against <git-ref>', 'baseline for breaking contract changes (default: the merge base with main)')
    .option('--unit', 'also run the unit tests (mesh test --unit) once the project checks clean')
    .action(async (flags: CommonFlags & { against?: string; unit?: boolean }) => {
    const { check } = await import('../../mesh.js');
    const badRevision = againstProblem(flags);
    if (badRevision) {
      output.err(badRevision);
      return setExit(2);
    }
    const started = performance.now();
    const result = await check({ projectDir: flags.project, ...varsOption(flags), env, ...(flags.target ? { target: flags.target } : {}), ...(flags.against ? { against: flags.against } : {}) });
    printDiagnostics(result.diagnostics, output, flags.logFormat);
    if (hasErrors(result.diagnostics) || !result.compiled) return setExit(1);
    const warnings = result.diagnostics.length;
    const ms = Math.round(performance.now() - started);
    const { syntax, binding } = result;
    if (flags.logFormat === 'json') output.out(JSON.stringify({ type: 'checked', nodes: result.compiled.nodes.size, warnings, duration_ms: ms, ...(syntax ? { syntax } : {}), ...(binding ? { binding } : {}) }));
    else {
      output.out(`Checked ${result.compiled.nodes.size} nodes in ${(ms / 1000).toFixed(2)}s: no errors${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}.`);
      if (binding) output.out(bindingNote(binding));
      if (syntax) output.out(syntaxNote(result.compiled.target.engine, syntax));
    }
    if (flags.unit) {
      const { runUnitTests } = await import('../../mesh.js');
      const unit = await runUnitTests({ projectDir: flags.project, ...varsOption(flags), env, ...(flags.target ? { target: flags.target } : {}) });
      printDiagnostics(unit.diagnostics, output, flags.logFormat);
      printUnitTests(unit.results, output, flags.logFormat);
      return setExit(hasErrors(unit.diagnostics) || unit.results.some((r) => r.status !== 'pass') ? 1 : 0);
    }
    setExit(0);
  });
}

/** How many models, seeds, contract views and singular tests DuckDB's binder accepted (docs/check.md). */
function bindingNote(binding: BindingSummary): string {
  const skipped = binding.notBound > 0 ? `; ${binding.notBound} not bound (their inputs cannot be read locally)` : '';
  return `Bound ${binding.bound} of ${binding.nodes} models, seeds, contract views and singular tests in an empty DuckDB${binding.cached ? ' (unchanged: from target/.cache)' : ''}${skipped}.`;
}

/** What the offline syntax check covered, and what it could not check (docs/bigquery-sql-check.md). */
function syntaxNote(engine: string, syntax: SyntaxCheckSummary): string {
  const parsed = `${engine} syntax checked offline: ${syntax.statements - syntax.unchecked.length} of ${syntax.statements} statements`;
  if (syntax.unchecked.length === 0) return `${parsed}.`;
  const shown = syntax.unchecked.slice(0, 5).map((u) => `${u.node} (${u.construct})`);
  const more = syntax.unchecked.length > shown.length ? `, and ${syntax.unchecked.length - shown.length} more` : '';
  return `${parsed}; not checked where the parser lags ${engine} (docs/bigquery-sql-check.md): ${shown.join(', ')}${more}.`;
}
