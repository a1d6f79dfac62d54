import type { MacroDefinition } from '../parse/parse-macro.js';
import { renderData, where, type HelperCallOptions, type RenderData } from './render-data.js';
import type { NameProblem } from './resolve-names.js';

/** A macro's text compiled for one domain (structural: Handlebars' template function), or the problems found in it. */
export interface CompiledMacro {
  readonly run?: (context: unknown, options: { data: unknown }) => string;
  readonly problems: readonly NameProblem[];
}

export interface MacroCallDeps {
  /** The macro of a file (resolve-names.ts put the file in the call). */
  macro(file: string): MacroDefinition;
  compiled(macro: MacroDefinition, domain: string | undefined): CompiledMacro;
}

/**
 * The helper every macro call is renamed to: `{{"mesh macro" "<file>" args… hash}}`. It refuses
 * recursion (MESH135), records the macro for the render cache, binds the parameters (positional,
 * named, defaults) over the calling node's values, and renders the macro's text with problems
 * reported at the macro's lines, naming the node's calling line.
 */
export function macroCallHelper(deps: MacroCallDeps) {
  return function (this: Record<string, unknown>, file: string, ...rest: unknown[]): string {
    const options = rest.pop() as HelperCallOptions;
    const data = renderData(options);
    const hooks = data.hooks;
    if (!hooks) throw new Error('macros are called from models, tests and macros only');
    const macro = deps.macro(file);
    const at = where(options, data);
    const stack = data.stack ?? [];
    const from = stack.findIndex((m) => m.file === macro.file);
    if (from >= 0) {
      const cycle = [...stack.slice(from), macro].map((m) => m.name).join(' → ');
      hooks.report('MESH135', `macro '${macro.name}' calls itself: ${cycle}`, at, 'a macro cannot recurse: break the cycle');
      return '';
    }
    hooks.macroCalled?.(macro.name, `${macro.file}\u0000${macro.checksum}`);
    const callLine = data.callLine ?? at.line;
    const compiled = deps.compiled(macro, data.domain);
    for (const p of compiled.problems) hooks.report(p.code, p.message, { line: callLine, inMacro: { file: macro.file, line: p.line, column: p.column } }, p.hint);
    if (!compiled.run) return '';
    // The node's values ({{this}} prints the relation), then the parameters.
    const context: Record<string, unknown> = Object.assign(Object.create(null) as object, { is_incremental: this.is_incremental, target: this.target, toString: this.toString });
    const hash = (options.hash ?? {}) as Record<string, unknown>;
    for (const [i, p] of macro.params.entries()) context[p.name] = i < rest.length ? rest[i] : p.name in hash ? hash[p.name] : p.default;
    const frame: RenderData = { hooks, firstLine: macro.bodyLine, ...(data.domain !== undefined ? { domain: data.domain } : {}), macro, callLine, stack: [...stack, macro], ...(data.reported ? { reported: data.reported } : {}) };
    try {
      // Trimmed: a one-line macro stays on its caller's line.
      return compiled.run(context, { data: { mesh: frame } }).trim();
    } catch (e) {
      const err = e as Error & { lineNumber?: number; column?: number };
      const missing = /^"(\w+)" not defined/.exec(err.message)?.[1];
      hooks.report('MESH131', missing ? `unknown value '${missing}'` : `template error: ${err.message.replace(/ - \d+:\d+$/, '')}`, {
        line: callLine,
        inMacro: { file: macro.file, line: (err.lineNumber ?? 1) + macro.bodyLine - 1, ...(err.column !== undefined ? { column: err.column + 1 } : {}) },
      });
      return '';
    }
  };
}
