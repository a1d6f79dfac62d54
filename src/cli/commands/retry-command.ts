import type { Command } from 'commander';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import type { RetryPlan } from '../../mesh.js';
import type { Environment } from '../../parse/env-interpolation.js';
import { listenForInterrupts, SIGNAL_EXIT_CODES } from '../interrupts.js';
import { humanReporter } from '../output/human-reporter.js';
import { jsonReporter } from '../output/json-reporter.js';
import type { Output } from '../output/output.js';
import { printDiagnostics } from '../output/print-diagnostics.js';
import { withProject, withVars, varsOption, type CommonFlags } from './shared-options.js';

interface RetryFlags extends CommonFlags {
  threads?: string;
  fullRefresh?: boolean;
  failFast?: boolean;
  storeFailures?: boolean;
  freshSources?: boolean;
}

/** `mesh retry`: the last build's or test's failed and skipped nodes, again, with its options; a flag given here wins. */
export function retryCommand(program: Command, output: Output, setExit: (code: number) => void, argv: readonly string[], env: Environment): void {
  withVars(withProject(
    program
      .command('retry')
      .description('run again the nodes the last mesh build or mesh test left failed or skipped (target/run_results.json), with its target and options'),
  ))
    .option('--threads <n>', 'nodes run at once (default: as the last run)')
    .option('--full-refresh', 'rebuild incremental models from scratch (default: as the last run)')
    .option('--fail-fast', 'stop at the first failure (default: as the last run)')
    .option('--store-failures', "keep every test's failing rows in a <domain>_audit table (default: as the last run)")
    .option('--fresh-sources', 'skip the nodes that read a stale source (default: as the last run)')
    .option('--no-fresh-sources', 'build them all the same (default: as the last run)')
    .addHelpText('after', '\n--target and --vars replace the last run\'s; without them it runs on the same target with the same vars.\nNothing failed or was skipped: nothing runs, exit 0. No target/run_results.json: MESH243.')
    .action(async (flags: RetryFlags) => {
      const { retry } = await import('../../mesh.js');
      const threads = flags.threads === undefined ? undefined : Number(flags.threads);
      if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) {
        output.err(`--threads takes a whole number above 0, not '${flags.threads}'`);
        return setExit(2);
      }
      const json = flags.logFormat === 'json';
      const interrupts = listenForInterrupts((signal) =>
        output.err(json ? JSON.stringify({ type: 'interrupt', signal }) : `\nInterrupted by ${signal}: stopping (press Ctrl+C again to exit at once)`),
      );
      const result = await retry({
        projectDir: flags.project,
        ...varsOption(flags),
        env,
        ...(flags.target ? { target: flags.target } : {}),
        ...(threads ? { threads } : {}),
        // Only flags given: an absent one keeps what the last run had.
        ...(flags.fullRefresh ? { fullRefresh: true } : {}),
        ...(flags.failFast ? { failFast: true } : {}),
        ...(flags.storeFailures ? { storeFailures: true } : {}),
        ...(flags.freshSources !== undefined ? { freshSources: flags.freshSources } : {}),
        onPlan: (plan) => (json ? output.out(JSON.stringify({ type: 'retry', ...plan })) : output.out(planLine(plan))),
        onEvent: json ? jsonReporter(output) : humanReporter(output),
        args: argv,
        openlineage: { env },
        signal: interrupts.signal,
      }).finally(() => interrupts.dispose());
      printDiagnostics(result.diagnostics, output, flags.logFormat);
      const signal = interrupts.received();
      if (signal) return setExit(SIGNAL_EXIT_CODES[signal]);
      if (!result.plan) return setExit(1);
      // Nothing left to do is a success, as dbt's retry after a run that succeeded.
      if (!result.build) return setExit(0);
      const { build } = result;
      setExit(!build.run || hasErrors(build.diagnostics) || !build.run.success ? 1 : 0);
    });
}

function planLine(plan: RetryPlan): string {
  if (plan.nodes.length === 0) return `Nothing to retry: every node of the last mesh ${plan.command} on target '${plan.target}' succeeded.`;
  const parts = [plan.failed > 0 ? `${plan.failed} failed` : '', plan.skipped > 0 ? `${plan.skipped} skipped` : ''].filter(Boolean).join(', ');
  return `Retrying ${plan.nodes.length} node${plan.nodes.length === 1 ? '' : 's'} of the last mesh ${plan.command} on target '${plan.target}' (${parts}).`;
}
