import type { DiagnosticCode } from '../diagnostics/diagnostic.js';
import { nearestNames } from '../diagnostics/suggest.js';
import type { MacroDefinition } from '../parse/parse-macro.js';

/** Macro calls are renamed to this helper, with the macro's file as first argument (a space: no template can write it). */
export const MACRO_CALL = 'mesh macro';
/** What is reported here is renamed to this helper, which renders nothing: the rest of the template still runs, and reports its own problems. */
export const SKIP = 'mesh skip';
/** `{{item}}` of a block param or macro parameter is printed through this helper, which refuses lists. */
export const PRINT_VALUE = 'mesh print';

/** What a template can name, besides its block params. */
export interface NameScope {
  /** Helpers a template calls: `{{ref "x"}}`, `(eq a b)`. */
  readonly helpers: ReadonlySet<string>;
  readonly macro: (name: string) => MacroDefinition | undefined;
  readonly macroNames: readonly string[];
  /** A macro's parameters: values inside its text. */
  readonly params: readonly string[];
  /** Files of a macro that exists on another engine only (for the hint). */
  readonly otherEngines: (name: string) => readonly string[];
  /** A project template override of that name (`templates/<engine>/helpers/<name>.sql`), which is not a macro. */
  readonly helperOverride: (name: string) => string | undefined;
}

export interface NameProblem {
  readonly code: DiagnosticCode;
  readonly message: string;
  /** 1-based, in the template. */
  readonly line: number;
  readonly column: number;
  readonly hint: string;
}

/** The parts of Handlebars' AST this module reads and rewrites (structural, no import). */
interface Loc {
  start: { line: number; column: number };
}
interface Path {
  type: 'PathExpression';
  data: boolean;
  depth: number;
  parts: string[];
  original: string;
  loc: Loc;
}
interface Expr {
  type: string;
  path?: Path | Expr;
  params?: Expr[];
  hash?: { pairs: { key: string; value: Expr; loc: Loc }[] };
  program?: Program;
  inverse?: Program;
  loc: Loc;
}
interface Program {
  body: Expr[];
  blockParams?: string[];
}

const BLOCKS = ['if', 'unless', 'each'];
/** Values every template can read, besides helpers and block params. */
const SCOPE_VALUES = ['this', 'is_incremental', 'target.name', 'target.engine'];

/**
 * Checks every name a model, test or macro uses before it runs, so that all unknown names are
 * reported at once with did-you-mean (Handlebars' strict mode stops at the first, in its own words),
 * and rewrites the parse tree for meshwork: a macro call becomes a call of MACRO_CALL, a printed
 * block param or macro parameter goes through PRINT_VALUE, and what is reported becomes SKIP (or
 * an undefined argument), so that rendering still finds the problems of the rest.
 */
export function resolveNames(ast: unknown, scope: NameScope): NameProblem[] {
  const problems: NameProblem[] = [];
  const report = (code: DiagnosticCode, message: string, loc: Loc, hint: string): void => {
    problems.push({ code, message, line: loc.start.line, column: loc.start.column + 1, hint });
  };
  const candidates = (locals: ReadonlySet<string>): string[] => [...scope.helpers, ...scope.macroNames, ...locals, ...SCOPE_VALUES];
  const unknown = (name: string, loc: Loc, locals: ReadonlySet<string>, what = 'helper or value'): void => {
    const near = nearestNames(name, candidates(locals), 3);
    const elsewhere = scope.otherEngines(name);
    const override = scope.helperOverride(name);
    const hint = elsewhere.length > 0
      ? `${elsewhere.join(' and ')} ${elsewhere.length === 1 ? 'is' : 'are'} for another engine only: add macros/${name}.sql for every engine, or a variant for this one`
      : override
        ? `${override} overrides a builtin template, it does not add a helper: move it to macros/${name}.sql (macros/<engine>/${name}.sql for one engine)`
        : `${near.length > 0 ? `did you mean ${near.map((n) => `'${n}'`).join(', ')}? ` : ''}helpers are ${[...scope.helpers].sort().join(', ')}${scope.macroNames.length > 0 ? `; macros: ${[...scope.macroNames].sort().join(', ')}` : ''}; values: ${SCOPE_VALUES.join(', ')}`;
    report('MESH131', `unknown ${what} '${name}'`, loc, hint);
  };
  const skip = (node: Expr): void => {
    node.path = { type: 'PathExpression', data: false, depth: 0, parts: [SKIP], original: SKIP, loc: node.loc };
  };
  const undefine = (path: Path): void => {
    Object.assign(path, { type: 'UndefinedLiteral', value: undefined, original: undefined });
  };

  const program = (p: Program | undefined, locals: ReadonlySet<string>): void => {
    for (const node of p?.body ?? []) {
      if (node.type === 'MustacheStatement') call(node, locals, true);
      else if (node.type === 'BlockStatement') block(node, locals);
    }
  };

  const block = (b: Expr, locals: ReadonlySet<string>): void => {
    const path = b.path as Path;
    const name = path.type === 'PathExpression' && path.parts.length === 1 && !path.data ? path.parts[0]! : path.original;
    const params = b.program?.blockParams ?? [];
    if (name === 'with' || (name === 'each' && params.length === 0) || !BLOCKS.includes(name)) skip(b);
    if (name === 'with') {
      report('MESH137', '{{#with}} is not offered in meshwork templates', b.loc, '{{#with}} would rebind {{this}}, which is the relation the model builds: use the value by its name');
    } else if (name === 'each' && params.length === 0) {
      report('MESH137', '{{#each}} needs a name for its item: {{#each … as |item|}}', b.loc, 'write {{#each (var "methods") as |method|}} … {{method}} … {{/each}}: {{this}} stays the relation the model builds');
    } else if (!BLOCKS.includes(name)) {
      if (scope.helpers.has(name) || scope.macro(name)) report('MESH131', `{{#${name}}} is not a block: '${name}' is called as {{${name} …}}`, b.loc, `blocks are ${BLOCKS.map((n) => `{{#${n}}}`).join(', ')}`);
      else unknown(name, b.loc, locals, 'block');
    }
    args(b, locals);
    // Inside {{#with}}, names would be the value's fields: that block is reported, not its body.
    if (name === 'with') return;
    program(b.program, params.length > 0 ? new Set([...locals, ...params]) : locals);
    program(b.inverse, locals);
  };

  const args = (node: Expr, locals: ReadonlySet<string>): void => {
    for (const arg of [...(node.params ?? []), ...(node.hash?.pairs ?? []).map((p) => p.value)]) {
      if (arg.type === 'SubExpression') call(arg, locals, false);
      else if (arg.type === 'PathExpression') value(arg as unknown as Path, locals);
    }
  };

  const value = (path: Path, locals: ReadonlySet<string>): void => {
    const head = path.parts[0];
    if (path.data || head === undefined || locals.has(head) || isScopeValue(path)) return;
    if (path.parts.length === 1 && (scope.helpers.has(head) || scope.macro(head))) {
      report('MESH131', `'${head}' is a helper: as an argument, call it in parentheses`, path.loc, `write (${head} …)`);
    } else {
      unknown(path.original, path.loc, locals, 'value');
    }
    undefine(path);
  };

  const call = (node: Expr, locals: ReadonlySet<string>, printed: boolean): void => {
    const path = node.path as Path;
    if (path.type !== 'PathExpression') return;
    const head = path.parts[0];
    const hasArgs = (node.params?.length ?? 0) > 0 || (node.hash?.pairs.length ?? 0) > 0;
    if (path.data || head === undefined) return;
    if (locals.has(head)) {
      if (hasArgs || !printed) {
        report('MESH131', `'${head}' is a value, not a helper`, path.loc, printed ? `print it alone: {{${path.original}}}` : `pass it without parentheses: ${path.original}`);
        skip(node);
      } else {
        printedValue(node, path);
      }
      return;
    }
    if (path.parts.length === 1 && scope.helpers.has(head)) {
      args(node, locals);
      if (head === 'list' && printed) {
        report('MESH136', 'a list cannot be printed', node.loc, 'loop over it with {{#each (list …) as |item|}}, or insert it with {{csv_literals (list …)}}');
        skip(node);
      }
      return;
    }
    const macro = path.parts.length === 1 ? scope.macro(head) : undefined;
    if (macro) {
      const ok = macroArgs(node, macro);
      args(node, locals);
      if (!ok) return skip(node);
      node.params = [{ type: 'StringLiteral', value: macro.file, original: macro.file, loc: path.loc } as unknown as Expr, ...(node.params ?? [])];
      node.path = { type: 'PathExpression', data: false, depth: 0, parts: [MACRO_CALL], original: MACRO_CALL, loc: path.loc };
      return;
    }
    if (isScopeValue(path) && !hasArgs && printed) return;
    unknown(path.original, path.loc, locals);
    skip(node);
  };

  const printedValue = (node: Expr, path: Path): void => {
    node.params = [path as unknown as Expr];
    node.path = { type: 'PathExpression', data: false, depth: 0, parts: [PRINT_VALUE], original: PRINT_VALUE, loc: path.loc };
  };

  /** False when the call cannot run (reported). */
  const macroArgs = (node: Expr, macro: MacroDefinition): boolean => {
    const before = problems.length;
    const names = macro.params.map((p) => p.name);
    const usage = `{{${macro.name}${macro.params.map((p) => (p.default === undefined ? ` ${p.name}=…` : '')).join('')}}}`;
    const positional = node.params?.length ?? 0;
    const at = node.loc;
    if (positional > names.length) {
      report('MESH134', `macro '${macro.name}' takes ${names.length} parameter${names.length === 1 ? '' : 's'}${names.length > 0 ? ` (${names.join(', ')})` : ''}, got ${positional}`, at, `see the params: header of ${macro.file}`);
    }
    const given = new Set(names.slice(0, positional));
    for (const pair of node.hash?.pairs ?? []) {
      if (!names.includes(pair.key)) {
        const near = nearestNames(pair.key, names, 1);
        report('MESH134', `macro '${macro.name}' has no parameter '${pair.key}'`, pair.loc, `${near.length > 0 ? `did you mean '${near[0]}'? ` : ''}its parameters are ${names.join(', ') || 'none'} (${macro.file})`);
      } else if (given.has(pair.key)) {
        report('MESH134', `parameter '${pair.key}' of macro '${macro.name}' is given twice, by position and by name`, pair.loc, 'give it once');
      }
      given.add(pair.key);
    }
    for (const p of macro.params) {
      if (p.default === undefined && !given.has(p.name)) {
        report('MESH134', `macro '${macro.name}' needs parameter '${p.name}'`, at, `write ${usage}, or pass it by position (${macro.file})`);
      }
    }
    return problems.length === before;
  };

  program(ast as Program, new Set(scope.params));
  return problems;
}

function isScopeValue(path: Path): boolean {
  const [head, field, ...more] = path.parts;
  if (path.original === 'this' || path.parts.length === 0) return true;
  if (more.length > 0) return false;
  if (head === 'is_incremental') return field === undefined;
  return head === 'target' && (field === 'name' || field === 'engine');
}
