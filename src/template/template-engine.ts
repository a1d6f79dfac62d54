import Handlebars from 'handlebars';
import type { HelperOptions } from 'handlebars';
import type { SqlStatement } from '../adapters/adapter.js';
import { error, type Diagnostic, type DiagnosticCode } from '../diagnostics/diagnostic.js';
import { markLines, stripLineMarkers } from './line-markers.js';
import { describeSyntaxError } from './syntax-error.js';
import { LOGICAL_TYPES, NEUTRAL_HELPERS, normalizeJsonPath, type LogicalType } from './neutral-helpers.js';
import type { TemplateSet } from './template-files.js';

/** A line (and column) in the user's file. */
export interface TemplateLocation {
  readonly line: number;
  readonly column?: number;
}

/** What a model's template may ask of the compiler while it renders. */
export interface RenderHooks {
  ref(name: string, at: TemplateLocation): string;
  source(name: string, at: TemplateLocation): string;
  variable(name: string, fallback: unknown, at: TemplateLocation): string;
  report(code: DiagnosticCode, message: string, at: TemplateLocation, hint?: string): void;
}

export interface RenderScope {
  /** The quoted relation the node builds; `{{this}}` renders it. */
  readonly relation: string;
  readonly isIncremental: boolean;
  readonly target: { readonly name: string; readonly engine: string };
}

export interface SqlTemplate {
  readonly file: string;
  readonly firstLine: number;
  readonly run: Handlebars.TemplateDelegate;
}

export interface RenderedSql {
  readonly sql: string;
  /** `lines[i]` is the line in the source file of rendered line i+1. */
  readonly lines: readonly number[];
}

interface RenderData {
  readonly hooks?: RenderHooks;
  readonly firstLine: number;
  readonly statements?: SqlStatement[];
}

const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;

/**
 * Handlebars for SQL: the only importer of handlebars. One engine per compile run and target,
 * so helpers and cached helper templates never leak between runs.
 */
export class TemplateEngine {
  private readonly hb = Handlebars.create();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();

  constructor(
    private readonly templates: TemplateSet,
    private readonly sql: { sqlType(type: LogicalType): string; stringLiteral(value: string): string },
  ) {
    this.registerHelpers();
  }

  /** Parses a model/test template; syntax errors come back as diagnostics with the file line. */
  compile(text: string, file: string, firstLine: number): { template?: SqlTemplate; diagnostics: Diagnostic[] } {
    try {
      const ast = this.hb.parse(text);
      markLines(ast, firstLine);
      return { template: { file, firstLine, run: this.hb.compile(ast, COMPILE_OPTIONS) }, diagnostics: [] };
    } catch (e) {
      const problem = describeSyntaxError(text, e as Error & { lineNumber?: number });
      return {
        diagnostics: [error('MESH130', `template syntax error: ${problem.message}`, { file, line: problem.line + firstLine - 1, hint: problem.hint })],
      };
    }
  }

  /** Renders a compiled template; a failure inside Handlebars is reported, not thrown. */
  render(template: SqlTemplate, scope: RenderScope, hooks: RenderHooks): RenderedSql | undefined {
    const context = {
      is_incremental: scope.isIncremental,
      target: scope.target,
      // `{{this}}` is Handlebars' own context: make the context print as the relation.
      toString: () => scope.relation,
    };
    const data: RenderData = { hooks, firstLine: template.firstLine };
    try {
      const rendered = template.run(context, { data: { mesh: data } });
      const { text, lines } = stripLineMarkers(rendered, template.firstLine);
      return { sql: text, lines };
    } catch (e) {
      const err = e as Error & { lineNumber?: number; column?: number };
      const line = (err.lineNumber ?? 1) + template.firstLine - 1;
      const missing = /^"(\w+)" not defined/.exec(err.message)?.[1];
      hooks.report(
        'MESH131',
        missing ? `unknown helper or value '${missing}'` : `template error: ${err.message}`,
        { line, ...(err.column !== undefined ? { column: err.column + 1 } : {}) },
        missing ? `helpers are ref, source, var, this, is_incremental, target, ${Object.keys(NEUTRAL_HELPERS).join(', ')}` : undefined,
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

  /** Renders a builtin template (a test query, a helper) to text. */
  text(name: string, context: Record<string, unknown>): string {
    return this.builtin(name)(context, { data: { mesh: { firstLine: 1 } } }).trim();
  }

  has(name: string): boolean {
    return this.templates.has(name);
  }

  private builtin(name: string): Handlebars.TemplateDelegate {
    let template = this.compiled.get(name);
    if (!template) {
      const source = this.templates.get(name);
      if (!source) throw new Error(`meshwork has no template '${name}'`);
      template = this.hb.compile(source.text, COMPILE_OPTIONS);
      this.compiled.set(name, template);
    }
    return template;
  }

  private registerHelpers(): void {
    const mesh = (options: HelperOptions): RenderData => (options.data as { mesh: RenderData }).mesh;
    const at = (options: HelperOptions): TemplateLocation => {
      const loc = (options as HelperOptions & { loc?: { start: { line: number; column: number } } }).loc;
      return { line: (loc?.start.line ?? 1) + mesh(options).firstLine - 1, column: (loc?.start.column ?? 0) + 1 };
    };
    const hooks = (options: HelperOptions): RenderHooks => {
      const h = mesh(options).hooks;
      if (!h) throw new Error('model helpers are not available in this template');
      return h;
    };
    const args = (all: unknown[]): { values: unknown[]; options: HelperOptions } => ({
      values: all.slice(0, -1),
      options: all[all.length - 1] as HelperOptions,
    });
    const oneName = (helper: string, all: unknown[], use: (name: string, options: HelperOptions) => string): string => {
      const { values, options } = args(all);
      if (values.length !== 1 || typeof values[0] !== 'string') {
        hooks(options).report('MESH131', `{{${helper}}} takes one name in quotes`, at(options), `write {{${helper} "name"}}`);
        return 'NULL';
      }
      return use(values[0], options);
    };

    this.hb.registerHelper('ref', (...all: unknown[]) => oneName('ref', all, (name, o) => hooks(o).ref(name, at(o))));
    this.hb.registerHelper('source', (...all: unknown[]) => oneName('source', all, (name, o) => hooks(o).source(name, at(o))));
    this.hb.registerHelper('var', (...all: unknown[]) =>
      oneName('var', all, (name, o) => hooks(o).variable(name, (o.hash as Record<string, unknown>).default, at(o))),
    );
    this.hb.registerHelper('statement', function (this: unknown, options: HelperOptions) {
      const sql = options.fn(this).trim();
      if (sql) mesh(options).statements?.push({ sql, ...((options.hash as { rows?: boolean }).rows ? { reportsRows: true } : {}) });
      return '';
    });
    this.hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    this.hb.registerHelper('quote', (value: unknown) => this.sql.stringLiteral(String(value)));
    this.hb.registerHelper('join', (items: unknown, separator: unknown) =>
      Array.isArray(items) ? items.join(typeof separator === 'string' ? separator : ', ') : '',
    );

    for (const [name, spec] of Object.entries(NEUTRAL_HELPERS)) {
      this.hb.registerHelper(name, (...all: unknown[]) => {
        const { values, options } = args(all);
        const usage = `{{${name}${spec.params.map((p) => ` "${p}"`).join('')}}}`;
        if (values.length !== spec.params.length) {
          hooks(options).report('MESH131', `{{${name}}} takes ${spec.params.length} arguments (${spec.params.join(', ')}), got ${values.length}`, at(options), `write ${usage}`);
          return 'NULL';
        }
        const params: Record<string, string> = {};
        for (const [i, param] of spec.params.entries()) {
          const value = String(values[i]);
          const choices = spec.choices?.[param];
          if (choices && !choices.includes(value.toLowerCase())) {
            hooks(options).report('MESH131', `{{${name}}}: '${value}' is not a valid ${param}`, at(options), `use one of ${choices.join(', ')}`);
            return 'NULL';
          }
          params[param] = choices ? value.toLowerCase() : value;
        }
        if (params.type) params.sql_type = this.sql.sqlType(params.type as LogicalType);
        if (params.part) params.PART = params.part.toUpperCase();
        if (params.path) params.path = normalizeJsonPath(params.path);
        // Helpers render on one line so that rendered lines keep matching source lines.
        return this.text(`helpers/${name}`, params).replace(/\s*\n\s*/g, ' ');
      });
    }
  }
}

export { LOGICAL_TYPES };
