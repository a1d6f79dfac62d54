import type { SqlStatement } from '../adapters/adapter.js';
import type { MacroDefinition } from '../parse/parse-macro.js';
import type { RenderHooks, TemplateLocation } from './model-helpers.js';

/** What one render carries through Handlebars' `data`, under `mesh`: its hooks and where it stands. */
export interface RenderData {
  readonly hooks?: RenderHooks;
  readonly firstLine: number;
  /** The node's domain: macros resolve in it. */
  readonly domain?: string;
  /** Inside a macro: the macro, the node's line that called the outermost one, and the macros called on the way (for recursion). */
  readonly macro?: MacroDefinition;
  readonly callLine?: number;
  readonly stack?: readonly MacroDefinition[];
  /** Problems reported in this render so far (a missing var is reported once, not again by the {{#each}} over it). */
  readonly reported?: { count: number };
  readonly statements?: SqlStatement[];
  /** Per statement, the line of the traced query each of its lines shows (see traceLines). */
  readonly traces?: number[][];
}

/** The part of Handlebars' helper options meshwork's helpers read (structural: no import). */
export interface HelperCallOptions {
  readonly data?: unknown;
  readonly hash?: unknown;
  readonly loc?: { readonly start: { readonly line: number; readonly column: number } };
}

export function renderData(options: HelperCallOptions): RenderData {
  return (options.data as { mesh: RenderData }).mesh;
}

/** Where a helper call stands: in the node's file, or in a macro's, with the node's calling line. */
export function where(options: HelperCallOptions, data: RenderData): TemplateLocation {
  const line = (options.loc?.start.line ?? 1) + data.firstLine - 1;
  const column = (options.loc?.start.column ?? 0) + 1;
  return data.macro ? { line: data.callLine ?? 1, inMacro: { file: data.macro.file, line, column } } : { line, column };
}

/** The hooks, counting the problems reported through them. */
export function countingHooks(hooks: RenderHooks, reported: { count: number }): RenderHooks {
  const counted = <T>(value: T): T => {
    // undefined: reported by the hooks themselves (MESH142).
    if (value === undefined) reported.count++;
    return value;
  };
  return {
    ref: (name, at) => hooks.ref(name, at),
    source: (name, at) => hooks.source(name, at),
    variable: (name, fallback, at) => counted(hooks.variable(name, fallback, at)),
    contract: (name, version, at) => hooks.contract(name, version, at),
    environment: (name, fallback, at) => counted(hooks.environment(name, fallback, at)),
    report: (...args) => {
      reported.count++;
      hooks.report(...args);
    },
    macroCalled: (name, identity) => hooks.macroCalled?.(name, identity),
  };
}
