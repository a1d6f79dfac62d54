import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { DeferOptions } from '../../state/defer-source.js';

/** The flags of `--defer` (mesh build, test, show). */
export interface DeferFlags {
  defer?: boolean;
  state?: string;
  deferTo?: string;
  favorState?: boolean;
}

export function withDefer<C extends Command>(command: C): C {
  command.option('--defer', 'read parents outside the selection that this target has not built from another environment (--state or --defer-to)');
  // Commands that select have --state already (state: selectors and --defer read the same manifest).
  if (!command.options.some((o) => o.long === '--state')) command.option('--state <dir>', 'the target/ folder of a previous run (its manifest.json) whose relations --defer reads');
  command
    .option('--defer-to <target>', 'read unselected parents from this target of mesh.yaml (implies --defer)')
    .option('--favor-state', 'with --defer: read every unselected parent from the other environment, even one this target has built');
  return command;
}

/** The flags as options; `--state` is relative to the working directory, as a shell user means it. */
export function deferOptions(flags: DeferFlags): DeferOptions {
  return {
    ...(flags.defer ? { defer: true } : {}),
    ...(flags.state !== undefined ? { state: resolve(flags.state) } : {}),
    ...(flags.deferTo !== undefined ? { deferTo: flags.deferTo } : {}),
    ...(flags.favorState ? { favorState: true } : {}),
  };
}
