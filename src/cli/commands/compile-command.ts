import type { Command } from 'commander';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { INLINE_FILE, INLINE_NAME } from '../../commands/inline-model.js';
import type { Output } from '../output/output.js';
import type { Environment } from '../../parse/env-interpolation.js';
import { printDiagnostics } from '../output/print-diagnostics.js';
import { withProject, withSelection, withVars, varsOption, stateOptions, type CommonFlags, type SelectFlags } from './shared-options.js';

interface CompileFlags extends CommonFlags, SelectFlags {
  inline?: string;
  format?: boolean;
}

export function compileCommand(program: Command, output: Output, setExit: (code: number) => void, env: Environment): void {
  withVars(withSelection(withProject(program.command('compile').description("write every node's SQL to target/compiled and target/manifest.json; with --select or --inline, also print it"))))
    .option('--inline <sql>', 'also print this query compiled as a model of the project (as mesh show --inline runs it)')
    .option('--format', 'lay out the SQL written to target/compiled with sql-formatter (default: as rendered, line N of a file = line N of the query the engine runs)')
    .action(async (flags: CompileFlags) => {
      const started = performance.now();
      const options = { projectDir: flags.project, env, ...varsOption(flags), ...(flags.target ? { target: flags.target } : {}) };
      const summary = (nodes: number, target: { name: string; engine: string }, targetDir: string): void => {
        const ms = performance.now() - started;
        if (flags.logFormat === 'json') output.out(JSON.stringify({ type: 'compiled', nodes, target: target.name, duration_ms: Math.round(ms) }));
        else output.out(`Compiled ${nodes} nodes for target '${target.name}' (${target.engine}) in ${(ms / 1000).toFixed(2)}s → ${targetDir}`);
      };
      // Nothing changed since the last compile: its outcome stands (printing SQL needs the compiled
      // project; --state records fingerprints in the manifest).
      const { prepareCompile } = await import('../../commands/unchanged-compile.js');
      const printsSql = Boolean(flags.select || flags.exclude) || flags.inline !== undefined;
      const shortcut = !printsSql && flags.state === undefined;
      const { prepared, unchanged } = prepareCompile({ ...options, format: flags.format === true, shortcut });
      if (unchanged && shortcut) {
        printDiagnostics(unchanged.diagnostics, output, flags.logFormat);
        summary(unchanged.nodes, unchanged.target, unchanged.targetDir);
        return setExit(0);
      }
      const { compile, compileAndWrite, readPreviousState, selectionContext } = await import('../../mesh.js');
      // Before target/ is written anew: --state may name it.
      const previous = readPreviousState(flags.project, stateOptions(flags));
      printDiagnostics(previous.diagnostics, output, flags.logFormat);
      if (hasErrors(previous.diagnostics)) return setExit(1);
      const result = await compileAndWrite({ ...options, format: flags.format === true, ...(flags.state !== undefined ? { fingerprints: true } : {}), ...(prepared ? { prepared } : {}) });
      printDiagnostics(result.diagnostics, output, flags.logFormat);
      if (hasErrors(result.diagnostics) || !result.compiled) return setExit(1);
      summary(result.compiled.nodes.size, result.compiled.target, result.targetDir);
      // The SQL as the build runs it (a first build's SELECT), after target/ is written as without a selection.
      if (flags.select || flags.exclude) {
        const compared = selectionContext(result.compiled, flags.select, flags.exclude, {
          ...stateOptions(flags),
          ...(previous.previous ? { previous: previous.previous } : {}),
          ...(result.fingerprints ? { fingerprints: result.fingerprints } : {}),
        });
        printDiagnostics(compared.diagnostics, output, flags.logFormat);
        if (hasErrors(compared.diagnostics)) return setExit(1);
        const selection = result.compiled.graph.select(flags.select, flags.exclude, compared.context);
        printDiagnostics(selection.diagnostics, output, flags.logFormat);
        if (hasErrors(selection.diagnostics)) return setExit(1);
        for (const id of selection.ids) {
          const node = result.compiled.nodes.get(id)!;
          printSql(output, flags.logFormat, id, node.file, node.select.sql);
        }
      }
      if (flags.inline !== undefined) {
        const inline = compile({ ...options, inline: flags.inline });
        printDiagnostics(inline.diagnostics, output, flags.logFormat);
        const node = inline.compiled && [...inline.compiled.nodes.values()].find((n) => n.kind === 'model' && n.name === INLINE_NAME);
        if (hasErrors(inline.diagnostics) || !node) return setExit(1);
        printSql(output, flags.logFormat, undefined, INLINE_FILE, node.select.sql);
      }
      setExit(0);
    });
}

/** A node's SQL after a line naming it; in a JSON log, one event, so the log stays one JSON value per line. */
function printSql(output: Output, format: CommonFlags['logFormat'], id: string | undefined, file: string, sql: string): void {
  if (format === 'json') output.out(JSON.stringify({ type: 'compiled_sql', ...(id ? { node: id } : {}), file, sql: sql.trimEnd() }));
  else {
    output.out(id ? `-- ${id} (${file})` : `-- ${file}`);
    output.out(sql.trimEnd());
  }
}
