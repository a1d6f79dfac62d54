import type { Command } from 'commander';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { parseInstant } from '../../parse/parse-config.js';
import { listenForInterrupts, SIGNAL_EXIT_CODES } from '../interrupts.js';
import { humanReporter } from '../output/human-reporter.js';
import { jsonReporter } from '../output/json-reporter.js';
import type { Output } from '../output/output.js';
import type { Environment } from '../../parse/env-interpolation.js';
import { printDiagnostics } from '../output/print-diagnostics.js';
import { printUnitTests } from '../output/unit-test-report.js';
import { DEFAULT_GENERATE_LIMIT } from '../../unit/generate-defaults.js';
import { deferOptions, withDefer, type DeferFlags } from './defer-options.js';
import { withProject, withSelection, type CommonFlags, type SelectFlags, withVars, varsOption, stateOptions } from './shared-options.js';

interface BuildFlags extends CommonFlags, SelectFlags, DeferFlags {
  threads?: string;
  fullRefresh?: boolean;
  failFast?: boolean;
  openlineageUrl?: string;
  asOf?: string;
  freshSources?: boolean;
  dryRun?: boolean;
  storeFailures?: boolean;
  force?: boolean;
  tests?: string;
  env?: string;
  unit?: boolean;
  generate?: string;
  limit?: string;
  /** false with --no-unit-tests (commander's negation). */
  unitTests?: boolean;
}

/** `mesh build` and `mesh test` (the same walk, restricted to tests). */
export function buildCommand(program: Command, output: Output, setExit: (code: number) => void, argv: readonly string[], env: Environment): void {
  for (const [name, description, kinds] of [
    ['build', 'build seeds and models and run their tests, in dependency order', undefined],
    ['test', 'run the tests of the selection against what is built', ['test'] as const],
  ] as const) {
    const command = withSelection(withVars(withProject(program.command(name).description(description))))
      .option('--threads <n>', 'nodes run at once (default: the target\'s threads)')
      .option('--fail-fast', 'stop at the first failure');
    if (name === 'test') command.option('--unit', 'run the unit tests (domains/<d>/tests/unit/*.yaml) of the selected models on their given rows, in an in-memory DuckDB: no warehouse, no build');
    if (name === 'test') command.option('--generate <model>', 'with --unit: write a unit test of <model> from the current rows of its inputs in the target (domains/<d>/tests/unit/<model>.yaml), to edit');
    if (name === 'test') command.option('--limit <n>', `with --generate: rows read from each input (default ${DEFAULT_GENERATE_LIMIT})`);
    if (name === 'build') command.option('--full-refresh', 'rebuild incremental models from scratch');
    if (name === 'build') command.option('--force', 'build every selected node, even those the warehouse records as built from the same SQL, settings and inputs');
    if (name === 'build') command.option('--tests <which>', "'changed' (default): the tests of the nodes that run; 'all': every selected test");
    if (name === 'build') command.option('--dry-run', 'validate and estimate every statement without running it (targets whose engine has a dry run: BigQuery); nothing is created or changed');
    if (name === 'build') command.option('--as-of <instant>', "measure contract freshness SLAs and source freshness at this ISO instant (default: the target's as_of, else now)");
    if (name === 'build') command.option('--no-unit-tests', "do not run the unit tests of the models that run before them (as dbt's --exclude-resource-type unit_test; docs/unit-tests.md)");
    if (name === 'build') command.option('--fresh-sources', "skip the nodes that read a source past its freshness error_after, and their descendants (docs/freshness.md; default: the target's fresh_sources)");
    if (name === 'build') command.option('--no-fresh-sources', "build them all the same, over the target's fresh_sources: true");
    command.option('--env <name>', 'build into environment <name>: every schema becomes <schema>__<name>; what the target already holds is read from it through views (docs/environments.md)');
    command.option('--store-failures', 'keep every test\'s failing rows in a <domain>_audit table named after the test (as store_failures: true does)');
    withDefer(command);
    command.option('--openlineage-url <url>', "POST the build's OpenLineage events to <url>/api/v1/lineage (over mesh.yaml's openlineage: url)");
    command.action(async (flags: BuildFlags) => {
      if (flags.generate !== undefined || flags.limit !== undefined) {
        if (!flags.unit || flags.generate === undefined) {
          output.err(flags.generate === undefined ? '--limit goes with --unit --generate <model>' : '--generate writes a unit test: use it with --unit (mesh test --unit --generate <model>)');
          return setExit(2);
        }
        return generateUnit(flags, flags.generate, output, setExit, env);
      }
      if (flags.unit) return runUnit(flags, output, setExit, env);
      const { build } = await import('../../mesh.js');
      if (flags.openlineageUrl !== undefined && !/^https?:\/\/./.test(flags.openlineageUrl)) {
        output.err(`--openlineage-url takes the catalog's http:// or https:// base URL, not '${flags.openlineageUrl}'`);
        return setExit(2);
      }
      const threads = flags.threads === undefined ? undefined : Number(flags.threads);
      if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) {
        output.err(`--threads takes a whole number above 0, not '${flags.threads}'`);
        return setExit(2);
      }
      if (flags.tests !== undefined && flags.tests !== 'all' && flags.tests !== 'changed') {
        output.err(`--tests takes 'all' or 'changed', not '${flags.tests}'`);
        return setExit(2);
      }
      const asOf = flags.asOf === undefined ? undefined : parseInstant(flags.asOf);
      if (flags.asOf !== undefined && !asOf) {
        output.err(`--as-of takes an ISO 8601 date or timestamp (e.g. 2024-07-01T12:00:00Z), not '${flags.asOf}'`);
        return setExit(2);
      }
      const json = flags.logFormat === 'json';
      const interrupts = listenForInterrupts((signal) =>
        output.err(json ? JSON.stringify({ type: 'interrupt', signal }) : `\nInterrupted by ${signal}: stopping (press Ctrl+C again to exit at once)`),
      );
      const result = await build({
        ...(asOf ? { asOf } : {}),
        // Absent unless a flag was given: the target's fresh_sources decides.
        ...(flags.freshSources !== undefined ? { freshSources: flags.freshSources } : {}),
        ...(flags.unitTests === false ? { unitTests: false } : {}),
        projectDir: flags.project, ...varsOption(flags),
        env,
        ...(flags.target ? { target: flags.target } : {}),
        ...(flags.select ? { select: flags.select } : {}),
        ...(flags.exclude ? { exclude: flags.exclude } : {}),
        ...stateOptions(flags),
        ...(threads ? { threads } : {}),
        fullRefresh: flags.fullRefresh ?? false,
        ...(flags.force ? { force: true } : {}),
        ...(flags.tests === 'all' ? { allTests: true } : {}),
        failFast: flags.failFast ?? false,
        ...(flags.dryRun ? { dryRun: true } : {}),
        ...(flags.storeFailures ? { storeFailures: true } : {}),
        ...(flags.env !== undefined ? { environment: flags.env } : {}),
        ...(kinds ? { kinds } : {}),
        ...deferOptions(flags),
        onEvent: json ? jsonReporter(output) : humanReporter(output),
        command: name,
        args: argv,
        openlineage: { env, ...(flags.openlineageUrl ? { url: flags.openlineageUrl } : {}) },
        signal: interrupts.signal,
      }).finally(() => interrupts.dispose());
      printDiagnostics(result.diagnostics, output, flags.logFormat);
      const signal = interrupts.received();
      if (signal && !result.run && !json) output.err(`Interrupted by ${signal} before any node ran: nothing was run.`);
      if (signal) return setExit(SIGNAL_EXIT_CODES[signal]);
      setExit(!result.run || hasErrors(result.diagnostics) || !result.run.success ? 1 : 0);
    });
  }
}

/** `mesh test --unit`: exit 0 when every unit test passes, 1 otherwise (or when one could not run). */
async function runUnit(flags: BuildFlags, output: Output, setExit: (code: number) => void, env: Environment): Promise<void> {
  const { runUnitTests } = await import('../../mesh.js');
  const result = await runUnitTests({
    projectDir: flags.project, ...varsOption(flags), env,
    ...(flags.target ? { target: flags.target } : {}),
    ...(flags.select ? { select: flags.select } : {}),
    ...(flags.exclude ? { exclude: flags.exclude } : {}),
  });
  printDiagnostics(result.diagnostics, output, flags.logFormat);
  printUnitTests(result.results, output, flags.logFormat);
  setExit(hasErrors(result.diagnostics) || result.results.some((r) => r.status !== 'pass') ? 1 : 0);
}

/** `mesh test --unit --generate <model>`: exit 0 when the test is written (warnings say what to edit), 1 otherwise. */
async function generateUnit(flags: BuildFlags, model: string, output: Output, setExit: (code: number) => void, env: Environment): Promise<void> {
  const limit = flags.limit === undefined ? undefined : Number(flags.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    output.err(`--limit takes a whole number above 0, not '${flags.limit}'`);
    return setExit(2);
  }
  const { generateUnitTest } = await import('../../mesh.js');
  const result = await generateUnitTest({
    projectDir: flags.project, ...varsOption(flags), env, model,
    ...(limit !== undefined ? { limit } : {}),
    ...(flags.target ? { target: flags.target } : {}),
  });
  printDiagnostics(result.diagnostics, output, flags.logFormat);
  if (result.file) {
    if (flags.logFormat === 'json') output.out(JSON.stringify({ type: 'unit_test_generated', file: result.file, given: result.given, expected: result.expected }));
    else {
      const given = (result.given ?? []).map((g) => `${g.kind} ${g.name} (${g.rows} row${g.rows === 1 ? '' : 's'})`).join(', ');
      output.out(`Wrote ${result.file}: given ${given || 'nothing'}; ${result.expected} expected row${result.expected === 1 ? '' : 's'}.`);
      output.out(`Edit it to the case you mean, then: mesh test --unit --select ${result.file.replace(/^domains\/([^/]+)\/tests\/unit\/(.*)\.yaml$/, '$1.$2')}`);
    }
  }
  setExit(!result.file || hasErrors(result.diagnostics) ? 1 : 0);
}
