import { Option, type Command } from 'commander';

export interface CommonFlags {
  project: string;
  target?: string;
  logFormat: 'text' | 'json';
}

export interface SelectFlags {
  select?: string[];
  exclude?: string[];
}

export function withProject(command: Command): Command {
  return command
    .option('--project <dir>', 'project folder (holds mesh.yaml)', '.')
    .option('-t, --target <name>', 'target from mesh.yaml (default: its default_target)')
    .addOption(new Option('--log-format <format>', 'output format').choices(['text', 'json']).default('text'));
}

export function withSelection(command: Command): Command {
  return command
    .option('-s, --select <selectors...>', 'nodes to include: name, +name, name+, domain:x, stage:y, tag:z; space = union, comma = intersection')
    .option('--exclude <selectors...>', 'nodes to leave out, same syntax as --select');
}
