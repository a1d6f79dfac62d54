import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { isRevision } from '../../project/git-revision.js';

export interface CommonFlags {
  project: string;
  target?: string;
  logFormat: 'text' | 'json';
  /** `--vars`, as typed: compile() parses it, so a bad value is a diagnostic like any other. */
  vars?: string;
}

export interface SelectFlags {
  select?: string[];
  exclude?: string[];
  state?: string;
  gitBase?: string;
}

export function withProject(command: Command): Command {
  return command
    .option('--project <dir>', 'project folder (holds mesh.yaml)', '.')
    .option('-t, --target <name>', 'target from mesh.yaml (default: its default_target)')
    .addOption(new Option('--log-format <format>', 'output format').choices(['text', 'json']).default('text'));
}

/** `--vars` on every command that compiles (not on clean, init or debug, which render nothing). */
export function withVars(command: Command): Command {
  return command.option('--vars <yaml-or-json>', "vars over mesh.yaml's vars: (a key given here replaces mesh.yaml's), e.g. '{since: 2024-01-01, methods: [card, cash]}'");
}

export function varsOption(flags: { vars?: string }): { vars?: string } {
  return flags.vars === undefined ? {} : { vars: flags.vars };
}

export function withSelection(command: Command): Command {
  return command
    .option('-s, --select <selectors...>', 'nodes to include: name, +name, name+, domain:x, stage:y, tag:z, state:modified, state:new, git:modified; space = union, comma = intersection')
    .option('--exclude <selectors...>', 'nodes to leave out, same syntax as --select')
    .option('--state <dir>', 'the target folder of a previous run: state: selectors compare with its manifest.json (and --defer reads its relations)')
    .option('--git-base <rev>', 'git:modified compares with this revision (default: the merge base of HEAD with main)');
}

/** `--state` (resolved against the working directory, as a shell user means it) and `--git-base`, as options of the commands. */
export function stateOptions(flags: SelectFlags): { state?: string; gitBase?: string } {
  return { ...(flags.state !== undefined ? { state: resolve(flags.state) } : {}), ...(flags.gitBase !== undefined ? { gitBase: flags.gitBase } : {}) };
}

/** `--against` names a commit of the project's git repository; otherwise the usage error to print. */
export function againstProblem(flags: CommonFlags & { against?: string }): string | undefined {
  if (flags.against === undefined || isRevision(resolve(flags.project), flags.against)) return undefined;
  return `--against takes a git revision of the project's repository (a branch, a tag or a commit), not '${flags.against}'`;
}
