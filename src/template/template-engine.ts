import Handlebars from 'handlebars';
import type { HelperOptions } from 'handlebars';
import type { SqlStatement } from '../adapters/adapter.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { readVarsAsValues } from './literal-args.js';
import { markLines, readTrace, stripLineMarkers, traceLines } from './line-markers.js';
import { modelHelpers, type ModelHelper, type RenderHooks } from './model-helpers.js';
import { NEUTRAL_HELPERS, type LogicalType } from './neutral-helpers.js';
import { parseSimpleTemplate, type SimplePart } from './simple-template.js';
import { interpret, interpretable } from './ast-interpreter.js';
import { describeSyntaxError } from './syntax-error.js';
import { reservedCalls } from './reserved-names.js';
import { findJinja } from './jinja-syntax.js';
import type { SqlLexicon } from '../adapters/dialect.js';
import type { TemplateSet } from './template-files.js';
import { TemplateRenderError } from './template-render-error.js';
import { LOGIC_HELPERS } from './logic-helpers.js';
import { countingHooks, renderData, where, type HelperCallOptions, type RenderData } from './render-data.js';
import { eachHelper, printValue } from './loop-helpers.js';
import { macroCallHelper } from './macro-call.js';
import { MacroTable } from './macro-table.js';
import { MACRO_CALL, PRINT_VALUE, resolveNames, SKIP, type NameProblem } from './resolve-names.js';
import type { MacroDefinition } from '../parse/parse-macro.js';
import { VAR_VALUE } from './model-helpers.js';

export type { RenderHooks, TemplateLocation } from './model-helpers.js';

export interface RenderScope {
  /** The quoted relation the node builds; `{{this}}` renders it. */
  readonly relation: string;
  readonly isIncremental: boolean;
  readonly target: { readonly name: string; readonly engine: string };
}

/** A model or test template, compiled once and rendered once per variant. */
export type SqlTemplate =
  | { readonly kind: 'simple'; readonly file: string; readonly firstLine: number; readonly parts: readonly SimplePart[] }
  | { readonly kind: 'ast'; readonly file: string; readonly firstLine: number; readonly ast: hbs.AST.Program }
  | { readonly kind: 'handlebars'; readonly file: string; readonly firstLine: number; readonly domain?: string; readonly run: Handlebars.TemplateDelegate };

export interface RenderedSql {
  readonly sql: string;
  /** `lines[i]` is the line in the source file of rendered line i+1. */
  readonly lines: readonly number[];
}

/** Statements with, per statement and line, the line of the query they were given that it shows (-1: the template's text). */
export interface TracedStatements {
  readonly statements: SqlStatement[];
  readonly queryLines: number[][];
}

export interface TemplateEngineOptions {
  /** Send every template through Handlebars (the fast path's equivalence test uses this). */
  readonly handlebarsOnly?: boolean;
  /** The project's and domains' macros (every engine's: the table keeps this engine's). */
  readonly macros?: readonly MacroDefinition[];
}

/** Builtin blocks, and Handlebars' own names a model cannot use: a macro cannot be named after them either. */
const RESERVED = ['if', 'unless', 'each', 'with', 'lookup', 'log', 'statement', 'quote', 'join', 'env_secret', 'this', 'target', 'is_incremental', 'helperMissing', 'blockHelperMissing'];

const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;
/** Values a model may print besides helpers, as `{{name}}`. */
const SCOPE_VALUES = ['this', 'is_incremental', 'target.name', 'target.engine'];
const SCOPE_VALUE_SET: ReadonlySet<string> = new Set(SCOPE_VALUES);
const HELPERS_HINT = `helpers are ref, source, var, env, contract, literal, identifier, csv_literals, surrogate_key, star, sql_type, ${Object.keys(NEUTRAL_HELPERS).join(', ')}, ${Object.keys(LOGIC_HELPERS).join(', ')}; values: this, is_incremental, target.name, target.engine`;

/** The names a macro or a macro parameter cannot have (MESH133): every helper, logic helper and reserved word. */
export function reservedTemplateNames(): ReadonlySet<string> {
  const none = (): string => '';
  const helpers = Object.keys(modelHelpers({ sqlType: none, stringLiteral: none, quoteIdentifier: none, renderHelper: none })).filter((n) => n !== VAR_VALUE);
  return new Set([...helpers, ...Object.keys(LOGIC_HELPERS), 'lookup', ...RESERVED]);
}

/**
 * Handlebars for SQL: the only importer of handlebars. One engine per compile run and target,
 * so helpers and cached helper templates never leak between runs.
 */
export class TemplateEngine {
  private readonly hb = Handlebars.create();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();
  private readonly helpers: Readonly<Record<string, ModelHelper>>;
  private readonly helperNames: ReadonlySet<string>;
  /** Every helper a template may call by name (model helpers, logic helpers, lookup). */
  private readonly callable: ReadonlySet<string>;
  readonly macros: MacroTable;
  /** A macro's compiled text per domain it runs in (its own macro calls resolve there). */
  private readonly macroTemplates = new Map<string, { run?: Handlebars.TemplateDelegate; problems: readonly NameProblem[] }>();
  /** Builtin templates' parts when they are plain text and values; null when Handlebars must run them. */
  private readonly simpleBuiltins = new Map<string, readonly SimplePart[] | null>();

  constructor(
    private readonly templates: TemplateSet,
    private readonly sql: { readonly engine: string; sqlType(type: LogicalType): string; stringLiteral(value: string): string; quoteIdentifier(name: string): string; readonly lexicon?: SqlLexicon },
    private readonly options: TemplateEngineOptions = {},
  ) {
    this.helpers = modelHelpers({
      sqlType: (t) => sql.sqlType(t),
      stringLiteral: (v) => sql.stringLiteral(v),
      quoteIdentifier: (name) => sql.quoteIdentifier(name),
      renderHelper: (name, params) => this.text(`helpers/${name}`, params),
    });
    this.helperNames = new Set(Object.keys(this.helpers));
    this.callable = new Set([...Object.keys(this.helpers).filter((n) => n !== VAR_VALUE), ...Object.keys(LOGIC_HELPERS), 'lookup']);
    this.macros = new MacroTable(options.macros ?? [], sql.engine, new Set([...this.callable, ...RESERVED]));
    this.registerHelpers();
  }

  /** Parses a model/test template; syntax errors come back as diagnostics with the file line. `domain`: where its macro calls resolve. */
  compile(text: string, file: string, firstLine: number, domain?: string): { template?: SqlTemplate; diagnostics: Diagnostic[] } {
    // Before Handlebars: it would reject `{{ ref('a') }}` with a grammar message, and pass `{% if %}` on to the engine.
    const jinja = findJinja(text, this.sql.lexicon);
    if (jinja.length > 0) {
      return {
        diagnostics: jinja.map((j) =>
          error('MESH132', `Jinja syntax in a template: ${j.written}`, { file, line: j.line + firstLine - 1, column: j.column, hint: `meshwork templates are Handlebars: write ${j.meshwork}` }),
        ),
      };
    }
    const parts = this.options.handlebarsOnly ? undefined : parseSimpleTemplate(text);
    // Own names only: `{{constructor}}` is not a helper because every object has one.
    if (parts?.every((p) => p.kind === 'text' || this.helperNames.has(p.name) || SCOPE_VALUE_SET.has(p.name))) {
      return { template: { kind: 'simple', file, firstLine, parts }, diagnostics: [] };
    }
    try {
      const ast = this.hb.parse(text);
      const reserved = reservedCalls(ast);
      if (reserved.length > 0) {
        return {
          diagnostics: reserved.map((r) =>
            error('MESH131', `unknown helper or value '${r.name}'`, { file, line: r.line + firstLine - 1, column: r.column, hint: HELPERS_HINT }),
          ),
        };
      }
      // Problems found here are returned with a template that skips them, so that rendering finds the rest.
      const problems = resolveNames(ast, this.nameScope(domain, []));
      const diagnostics = problems.map((p) => error(p.code, p.message, { file, line: p.line + firstLine - 1, column: p.column, hint: p.hint }));
      markLines(ast, firstLine);
      readVarsAsValues(ast);
      if (!this.options.handlebarsOnly && interpretable(ast, this.helperNames, SCOPE_VALUE_SET)) {
        return { template: { kind: 'ast', file, firstLine, ast }, diagnostics };
      }
      return { template: { kind: 'handlebars', file, firstLine, ...(domain !== undefined ? { domain } : {}), run: this.hb.compile(ast, COMPILE_OPTIONS) }, diagnostics };
    } catch (e) {
      const problem = describeSyntaxError(text, e as Error & { lineNumber?: number });
      return {
        diagnostics: [error('MESH130', `template syntax error: ${problem.message}`, { file, line: problem.line + firstLine - 1, ...(problem.column ? { column: problem.column } : {}), hint: problem.hint })],
      };
    }
  }

  /** Renders a compiled template; a failure inside Handlebars is reported, not thrown. */
  render(template: SqlTemplate, scope: RenderScope, hooks: RenderHooks): RenderedSql | undefined {
    if (template.kind === 'simple') return this.renderSimple(template.parts, template.firstLine, scope, hooks);
    if (template.kind === 'ast') {
      const rendered = interpret(template.ast, { helpers: this.helpers, value: (path) => this.scopeValue(path, scope), hooks, firstLine: template.firstLine });
      const { text, lines } = stripLineMarkers(rendered, template.firstLine);
      return { sql: text, lines };
    }
    // No prototype: in strict mode `{{constructor}}` is then not defined, rather than printed empty.
    const context = Object.assign(Object.create(null) as object, {
      is_incremental: scope.isIncremental,
      target: scope.target,
      // `{{this}}` is Handlebars' own context: make the context print as the relation.
      toString: () => scope.relation,
    });
    const reported = { count: 0 };
    const counted = countingHooks(hooks, reported);
    const data: RenderData = { hooks: counted, firstLine: template.firstLine, ...(template.domain !== undefined ? { domain: template.domain } : {}), reported };
    try {
      const rendered = template.run(context, { data: { mesh: data } });
      const { text, lines } = stripLineMarkers(rendered, template.firstLine);
      return { sql: text, lines };
    } catch (e) {
      const err = e as Error & { lineNumber?: number; column?: number };
      const line = (err.lineNumber ?? 1) + template.firstLine - 1;
      const missing = /^"(\w+)" not defined/.exec(err.message)?.[1] ?? /^Missing helper: "(\w+)"/.exec(err.message)?.[1];
      hooks.report(
        'MESH131',
        missing ? `unknown helper or value '${missing}'` : `template error: ${err.message}`,
        { line, ...(err.column !== undefined ? { column: err.column + 1 } : {}) },
        missing ? HELPERS_HINT : undefined,
      );
      return undefined;
    }
  }

  /** Renders a materialization template (`materializations/<name>`) into its statements. */
  statements(name: string, context: Record<string, unknown>): SqlStatement[] {
    const statements: SqlStatement[] = [];
    const data: RenderData = { firstLine: 1, statements };
    this.builtin(name)(context, { data: { mesh: data } });
    return statements;
  }

  /** As statements(), telling where each line of `context.sql` (a node's query) landed. */
  tracedStatements(name: string, context: Record<string, unknown> & { sql: string }): TracedStatements {
    const statements: SqlStatement[] = [];
    const traces: number[][] = [];
    const data: RenderData = { firstLine: 1, statements, traces };
    this.builtin(name)({ ...context, sql: traceLines(context.sql) }, { data: { mesh: data } });
    return { statements, queryLines: traces };
  }

  /** Renders a builtin template (a test query, a helper) to text. */
  text(name: string, context: Record<string, unknown>): string {
    return this.untrimmedText(name, context).trim();
  }

  /** As text(), telling where each line of `context.sql` landed: `queryLines[i]` for line i+1 (-1: the template's text). */
  tracedText(name: string, context: Record<string, unknown> & { sql: string }): { text: string; queryLines: number[] } {
    const { text, lines } = readTrace(this.untrimmedText(name, { ...context, sql: traceLines(context.sql) }));
    return { text, queryLines: lines };
  }

  private untrimmedText(name: string, context: Record<string, unknown>): string {
    // Builtins made of plain `{{value}}`s are filled in directly: a column test is rendered per
    // test, and Handlebars' per-call setup would be most of a large project's test compile time.
    let parts = this.simpleBuiltins.get(name);
    if (parts === undefined) {
      const source = this.templates.get(name);
      const all = source ? parseSimpleTemplate(source.text) : undefined;
      parts = all?.every((p) => p.kind === 'text' || p.args.length === 0) ? all : null;
      this.simpleBuiltins.set(name, parts);
    }
    if (parts && parts.every((p) => p.kind === 'text' || isPrintable(context[p.name]))) {
      return parts.map((p) => (p.kind === 'text' ? p.text : String(context[p.name]))).join('');
    }
    return this.builtin(name)(context, { data: { mesh: { firstLine: 1 } } });
  }

  private renderSimple(parts: readonly SimplePart[], firstLine: number, scope: RenderScope, hooks: RenderHooks): RenderedSql {
    const out: string[] = [];
    const lines: number[] = [];
    let current = '';
    let line = firstLine;
    const emit = (text: string, advancesSource: boolean): void => {
      // Odd pieces are line breaks, kept as written.
      const pieces = text.split(/(\r\n?|\n)/);
      current += pieces[0];
      for (let i = 1; i < pieces.length; i += 2) {
        out.push(current + pieces[i]);
        lines.push(line);
        if (advancesSource) line++;
        current = pieces[i + 1]!;
      }
    };
    for (const part of parts) {
      if (part.kind === 'text') {
        emit(part.text, true);
        continue;
      }
      const at = { line: part.line + firstLine - 1, column: part.column + 1 };
      const helper = this.helperNames.has(part.name) ? this.helpers[part.name] : undefined;
      emit(String(helper ? helper({ args: part.args, hash: {}, at, hooks }) : this.scopeValue(part.name, scope)), false);
    }
    out.push(current);
    lines.push(line);
    return { sql: out.join(''), lines };
  }

  private scopeValue(name: string, scope: RenderScope): string | boolean {
    if (name === 'this') return scope.relation;
    if (name === 'is_incremental') return scope.isIncremental;
    return name === 'target.name' ? scope.target.name : scope.target.engine;
  }

  private builtin(name: string): Handlebars.TemplateDelegate {
    let template = this.compiled.get(name);
    if (!template) {
      const source = this.templates.get(name);
      if (!source) throw new Error(`meshwork has no template '${name}'`);
      const run = this.hb.compile(source.text, COMPILE_OPTIONS);
      // A project's override may name what does not exist: that is its file's problem, not a crash.
      template = (context, options) => {
        try {
          return run(context, options);
        } catch (e) {
          const err = e as Error & { lineNumber?: number; column?: number };
          throw new TemplateRenderError(err.message.replace(/ - \d+:\d+$/, ''), source.file, err.lineNumber, err.column !== undefined ? err.column + 1 : undefined);
        }
      };
      this.compiled.set(name, template);
    }
    return template;
  }

  /** The file and text checksum of the macro `{{name}}` runs in `domain` (what a cached render recorded). */
  macroIdentity(domain: string | undefined, name: string): string | undefined {
    const macro = this.macros.resolve(domain, name);
    return macro ? `${macro.file}\u0000${macro.checksum}` : undefined;
  }

  /**
   * Syntax problems of the macros no node called in this run (their names are checked when called,
   * in the caller's domain): a broken macro file is reported even before anything calls it.
   */
  uncalledMacroProblems(): Diagnostic[] {
    const called = new Set([...this.macroTemplates.keys()].map((key) => key.slice(key.indexOf('\u0000') + 1)));
    const problems: Diagnostic[] = [];
    for (const macro of this.macros.byFile.values()) {
      if (called.has(macro.file)) continue;
      const jinja = findJinja(macro.body, this.sql.lexicon);
      for (const j of jinja) problems.push(error('MESH132', `Jinja syntax in a macro: ${j.written}`, { file: macro.file, line: j.line + macro.bodyLine - 1, column: j.column, hint: `meshwork templates are Handlebars: write ${j.meshwork}` }));
      if (jinja.length > 0) continue;
      try {
        this.hb.parse(macro.body);
      } catch (e) {
        const problem = describeSyntaxError(macro.body, e as Error & { lineNumber?: number });
        problems.push(error('MESH130', `template syntax error: ${problem.message}`, { file: macro.file, line: problem.line + macro.bodyLine - 1, ...(problem.column ? { column: problem.column } : {}), hint: problem.hint }));
      }
    }
    return problems;
  }

  /** What a template in `domain` can name; `params`: a macro's parameters. */
  private nameScope(domain: string | undefined, params: readonly string[]) {
    return {
      helpers: this.callable,
      macro: (name: string) => this.macros.resolve(domain, name),
      macroNames: this.macros.isEmpty ? [] : this.macros.names(domain),
      params,
      otherEngines: (name: string) => this.macros.otherEngines(name),
      helperOverride: (name: string) => this.templates.get(`helpers/${name}`)?.file,
    };
  }

  /** A macro's text compiled for the nodes of one domain, or its problems (at lines of its file). */
  private macroTemplate(macro: MacroDefinition, domain: string | undefined): { run?: Handlebars.TemplateDelegate; problems: readonly NameProblem[] } {
    const key = `${domain ?? ''}\u0000${macro.file}`;
    let compiled = this.macroTemplates.get(key);
    if (compiled) return compiled;
    const shift = (p: NameProblem): NameProblem => ({ ...p, line: p.line + macro.bodyLine - 1 });
    const jinja = findJinja(macro.body, this.sql.lexicon);
    if (jinja.length > 0) {
      compiled = { problems: jinja.map((j) => shift({ code: 'MESH132', message: `Jinja syntax in a macro: ${j.written}`, line: j.line, column: j.column, hint: `meshwork templates are Handlebars: write ${j.meshwork}` })) };
    } else {
      try {
        const ast = this.hb.parse(macro.body);
        const reserved = reservedCalls(ast).map((r): NameProblem => ({ code: 'MESH131', message: `unknown helper or value '${r.name}'`, line: r.line, column: r.column, hint: HELPERS_HINT }));
        const problems = reserved.length > 0 ? reserved : resolveNames(ast, this.nameScope(domain, macro.params.map((p) => p.name)));
        readVarsAsValues(ast);
        compiled = reserved.length > 0 ? { problems: problems.map(shift) } : { run: this.hb.compile(ast, COMPILE_OPTIONS), problems: problems.map(shift) };
      } catch (e) {
        const problem = describeSyntaxError(macro.body, e as Error & { lineNumber?: number });
        compiled = { problems: [shift({ code: 'MESH130', message: `template syntax error: ${problem.message}`, line: problem.line, column: problem.column ?? 1, hint: problem.hint })] };
      }
    }
    this.macroTemplates.set(key, compiled);
    return compiled;
  }

  private registerHelpers(): void {
    type Located = HelperOptions & HelperCallOptions;
    for (const [name, helper] of Object.entries(this.helpers)) {
      this.hb.registerHelper(name, (...all: unknown[]) => {
        const options = all[all.length - 1] as Located;
        const data = renderData(options);
        if (!data.hooks) throw new Error(`{{${name}}} is a model helper, not available in meshwork's own templates`);
        return helper({ args: all.slice(0, -1), hash: options.hash as Record<string, unknown>, at: where(options, data), hooks: data.hooks });
      });
    }
    // Also used by meshwork's own templates, where a wrong call is meshwork's bug: it throws.
    const throwing: RenderHooks = {
      ref: () => '', source: () => '', variable: () => undefined, contract: () => '', environment: () => undefined,
      report: (_code, message) => {
        throw new Error(message);
      },
    };
    for (const [name, helper] of Object.entries(LOGIC_HELPERS)) {
      this.hb.registerHelper(name, (...all: unknown[]) => {
        const options = all[all.length - 1] as Located;
        const data = renderData(options);
        return helper({ args: all.slice(0, -1), hash: options.hash as Record<string, unknown>, at: where(options, data), hooks: data.hooks ?? throwing });
      });
    }
    // {{#each}} in meshwork's own templates is Handlebars' own.
    this.hb.registerHelper('each', eachHelper(this.hb.helpers.each!, (data) => this.hb.createFrame(data)));
    this.hb.registerHelper(SKIP, () => '');
    this.hb.registerHelper(PRINT_VALUE, printValue);
    this.hb.registerHelper(MACRO_CALL, macroCallHelper({ macro: (file) => this.macros.byFile.get(file)!, compiled: (macro, domain) => this.macroTemplate(macro, domain) }));
    this.hb.registerHelper('statement', function (this: unknown, options: HelperOptions) {
      const data = renderData(options);
      const traced = data.traces ? readTrace(options.fn(this)) : { text: options.fn(this).trim(), lines: [] };
      if (!traced.text) return '';
      data.statements?.push({ sql: traced.text, ...((options.hash as { rows?: boolean }).rows ? { reportsRows: true } : {}) });
      data.traces?.push(traced.lines);
      return '';
    });
    this.hb.registerHelper('quote', (value: unknown) => this.sql.stringLiteral(String(value)));
    this.hb.registerHelper('join', (items: unknown, separator: unknown) =>
      Array.isArray(items) ? items.join(typeof separator === 'string' ? separator : ', ') : '',
    );
  }
}

/** Values Handlebars prints as String() does (objects print differently, and missing ones throw in strict mode). */
function isPrintable(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
