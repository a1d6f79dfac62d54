import type { DiagnosticCode } from '../diagnostics/diagnostic.js';
import { LOGICAL_TYPES, NEUTRAL_HELPERS, normalizeJsonPath, type LogicalType } from './neutral-helpers.js';
import { envSecret } from './secret-placeholder.js';

/** A line (and column) in the user's file. */
export interface TemplateLocation {
  /** In the node's file; inside a macro, the line of the node's call of the (outermost) macro. */
  readonly line: number;
  readonly column?: number;
  /** Inside a macro: where in the macro's file. Problems are reported there, naming the node's line. */
  readonly inMacro?: { readonly file: string; readonly line: number; readonly column?: number };
}

/** What a model's template may ask of the compiler while it renders. */
export interface RenderHooks {
  ref(name: string, at: TemplateLocation): string;
  source(name: string, at: TemplateLocation): string;
  /** A var's value from mesh.yaml (or the fallback); undefined, with MESH142 reported, when it has none. */
  variable(name: string, fallback: unknown, at: TemplateLocation): unknown;
  /** Another domain's published contract view, `domain.product` at a major version. */
  contract(name: string, version: unknown, at: TemplateLocation): string;
  /** An environment variable's value (or the fallback); undefined, with MESH142 reported, when it has none. */
  environment(name: string, fallback: unknown, at: TemplateLocation): string | undefined;
  report(code: DiagnosticCode, message: string, at: TemplateLocation, hint?: string): void;
  /** A macro ran: `identity` is its file and text's checksum (the render cache re-renders when either changes). */
  macroCalled?(name: string, identity: string): void;
}

/** One call of a helper from a model: positional arguments, `key=value` arguments, and where it stands. */
export interface HelperCall {
  readonly args: readonly unknown[];
  readonly hash: Readonly<Record<string, unknown>>;
  readonly at: TemplateLocation;
  readonly hooks: RenderHooks;
}

/** A helper's result: SQL text when printed, a typed value as a sub-expression's argument. */
export type ModelHelper = (call: HelperCall) => unknown;

/**
 * `(var "x")` as a sub-expression is called by this name instead (see literal-args.ts): it gives the
 * var's typed value, so that `{{#if (var "flag")}}` is false for false, 0 and [], `{{#each}}` gets a
 * list and `{{literal}}` quotes by type. A name with a space cannot be written in a template.
 */
export const VAR_VALUE = 'var value';

/**
 * A var as `{{literal (var "name")}}` reads it: the value itself, so that a number stays a number
 * and a string is quoted. Printed, it is the var's raw SQL text, as `{{var}}` inserts it.
 */
export class VarValue {
  constructor(readonly value: unknown) {}

  toString(): string {
    const value = this.value;
    if (value === undefined || value === null) return 'NULL';
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** What the engine-neutral helpers need: each engine's helper templates and types. */
export interface HelperSql {
  sqlType(type: LogicalType): string;
  /** The engine's quoted string literal. */
  stringLiteral(value: string): string;
  /** Renders `helpers/<name>` with its parameters. */
  renderHelper(name: string, params: Record<string, unknown>): string;
  /** The engine's quoted identifier. */
  quoteIdentifier(name: string): string;
}

/**
 * The helpers a model calls, as plain functions: Handlebars calls them through thin wrappers, and
 * the fast path for simple templates calls them directly, so both always agree.
 */
export function modelHelpers(sql: HelperSql): Readonly<Record<string, ModelHelper>> {
  const oneName = <T>(helper: string, call: HelperCall, use: (name: string) => T): T | string => {
    const name = call.args[0];
    if (call.args.length !== 1 || typeof name !== 'string') {
      call.hooks.report('MESH131', `{{${helper}}} takes one name in quotes`, call.at, `write {{${helper} "name"}}`);
      return 'NULL';
    }
    return use(name);
  };
  const helpers: Record<string, ModelHelper> = {
    ref: (call) => oneName('ref', call, (name) => call.hooks.ref(name, call.at)),
    source: (call) => oneName('source', call, (name) => call.hooks.source(name, call.at)),
    // A snapshot's current state: the current, not deleted, version of each key, without the version columns.
    latest: (call) => oneName('latest', call, (name) => sql.renderHelper('latest', { relation: call.hooks.ref(name, call.at) }).replace(/\s*\n\s*/g, ' ')),
    var: (call) => oneName('var', call, (name) => String(new VarValue(call.hooks.variable(name, call.hash.default, call.at)))),
    [VAR_VALUE]: (call) => oneName('var', call, (name) => call.hooks.variable(name, call.hash.default, call.at)),
    // Raw text like {{var}}; {{literal (env "NAME")}} quotes it.
    env: (call) => oneName('env', call, (name) => call.hooks.environment(name, call.hash.default, call.at) ?? 'NULL'),
    env_secret: envSecret,
    contract: (call) => oneName('contract', call, (name) => call.hooks.contract(name, call.hash.version, call.at)),
    literal: (call) => literal(call, sql),
    identifier: (call) => identifier(call, sql),
    csv_literals: (call) => csvLiterals(call, sql),
    surrogate_key: (call) => surrogateKey(call, sql),
    sql_type: (call) => sqlTypeName(call, sql),
    star: (call) => star(call, sql),
  };
  for (const [name, spec] of Object.entries(NEUTRAL_HELPERS)) {
    helpers[name] = (call) => {
      const usage = `{{${name}${spec.params.map((p) => ` "${p}"`).join('')}}}`;
      if (call.args.length !== spec.params.length) {
        call.hooks.report('MESH131', `{{${name}}} takes ${spec.params.length} arguments (${spec.params.join(', ')}), got ${call.args.length}`, call.at, `write ${usage}`);
        return 'NULL';
      }
      const params: Record<string, string> = {};
      for (const [i, param] of spec.params.entries()) {
        const value = String(call.args[i]);
        const choices = spec.choices?.[param];
        if (choices && !choices.includes(value.toLowerCase())) {
          call.hooks.report('MESH131', `{{${name}}}: '${value}' is not a valid ${param}`, call.at, `use one of ${choices.join(', ')}`);
          return 'NULL';
        }
        params[param] = choices ? value.toLowerCase() : value;
      }
      if (params.type) params.sql_type = sql.sqlType(params.type as LogicalType);
      if (params.part) params.PART = params.part.toUpperCase();
      if (params.path) params.path = normalizeJsonPath(params.path);
      // Helpers render on one line so that rendered lines keep matching source lines.
      return sql.renderHelper(name, params).replace(/\s*\n\s*/g, ' ');
    };
  }
  return helpers;
}

/** `{{literal x}}`: a value as a SQL literal of the target's dialect, so that text from a var can never be read as SQL. */
function literal(call: HelperCall, sql: HelperSql): string {
  const usage = 'write {{literal (var "name")}} or {{literal "text"}}';
  if (call.args.length !== 1) {
    call.hooks.report('MESH131', `{{literal}} takes one value, got ${call.args.length}`, call.at, usage);
    return 'NULL';
  }
  return literalOf(call.args[0], call, sql, usage);
}

function literalOf(arg: unknown, call: HelperCall, sql: HelperSql, usage: string): string {
  const value = arg instanceof VarValue ? arg.value : arg;
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return sql.stringLiteral(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  const shown = typeof value === 'object' ? (Array.isArray(value) ? 'a list' : value instanceof Date ? 'a date' : 'a mapping') : String(value);
  call.hooks.report('MESH131', `{{literal}} inserts a string, number, boolean or null, not ${shown}`, call.at, `${usage}, with a var that holds one value; insert a list's items one by one`);
  return 'NULL';
}

/** `{{identifier x}}`: a name quoted as the target's engine quotes identifiers (`"x"`, `` `x` ``). */
function identifier(call: HelperCall, sql: HelperSql): string {
  const name = call.args[0];
  if (call.args.length !== 1 || typeof name !== 'string' || name === '') {
    call.hooks.report('MESH131', '{{identifier}} takes one name', call.at, 'write {{identifier "column name"}} or {{identifier method}} inside {{#each}}');
    return 'NULL';
  }
  return sql.quoteIdentifier(name);
}

/** `{{csv_literals list}}`: each item as {{literal}} writes it, comma-separated, for `in (…)`. */
function csvLiterals(call: HelperCall, sql: HelperSql): string {
  const usage = 'write {{csv_literals (var "methods")}} or {{csv_literals (list "a" "b")}}';
  const list = call.args[0];
  if (call.args.length !== 1) {
    call.hooks.report('MESH131', `{{csv_literals}} takes one list, got ${call.args.length} arguments`, call.at, usage);
    return 'NULL';
  }
  if (!Array.isArray(list) || list.length === 0) {
    const what = Array.isArray(list) ? 'an empty list (SQL has no empty in ())' : list === undefined ? 'nothing' : typeof list === 'object' && list !== null ? 'a mapping' : `${typeof list} ${String(list)}`;
    call.hooks.report('MESH136', `{{csv_literals}} inserts the items of a list, not ${what}`, call.at, Array.isArray(list) ? 'guard it with {{#if (var "list")}} … {{/if}}' : usage);
    return 'NULL';
  }
  return list.map((item) => literalOf(item, call, sql, usage)).join(', ');
}

/**
 * `{{surrogate_key (list "a" "b")}}`: dbt_utils.generate_surrogate_key's value, so that keys stay the
 * same after a move from dbt: md5 (hex) of the expressions cast to text, null as
 * '_dbt_utils_surrogate_key_null_', joined by '-'.
 */
function surrogateKey(call: HelperCall, sql: HelperSql): string {
  const usage = 'write {{surrogate_key (list "order_id" "line_no")}}: the columns or SQL expressions, as texts';
  const list = call.args[0] instanceof VarValue ? call.args[0].value : call.args[0];
  if (call.args.length !== 1 || Object.keys(call.hash).length > 0) {
    call.hooks.report('MESH131', `{{surrogate_key}} takes one list of columns, got ${call.args.length} arguments`, call.at, usage);
    return 'NULL';
  }
  if (!Array.isArray(list) || list.length === 0 || !list.every((c) => typeof c === 'string' && c.trim() !== '')) {
    call.hooks.report('MESH136', `{{surrogate_key}} takes a non-empty list of columns (texts), not ${Array.isArray(list) ? (list.length === 0 ? 'an empty list' : 'a list holding other values') : typeof list}`, call.at, usage);
    return 'NULL';
  }
  return sql.renderHelper('surrogate_key', { columns: list }).replace(/\s*\n\s*/g, ' ');
}

/**
 * `{{star except=(list "a") relation_alias="o"}}`: dbt_utils.star without reading the warehouse:
 * every column of the relation but the excepted ones, as the engine writes it (`* EXCLUDE (…)` on
 * DuckDB, `* EXCEPT (…)` on BigQuery), the names quoted for the engine.
 */
function star(call: HelperCall, sql: HelperSql): string {
  const usage = 'write {{star}}, {{star except=(list "a" "b")}} or {{star except=(list "a") relation_alias="o"}}';
  const unknown = Object.keys(call.hash).filter((k) => k !== 'except' && k !== 'relation_alias');
  if (call.args.length > 0 || unknown.length > 0) {
    call.hooks.report('MESH131', `{{star}} takes except= and relation_alias= only${unknown.length > 0 ? `, not ${unknown.join(', ')}` : ''}`, call.at, usage);
    return '*';
  }
  const raw = call.hash.except instanceof VarValue ? call.hash.except.value : call.hash.except;
  const except = raw === undefined ? [] : raw;
  if (!Array.isArray(except) || !except.every((c) => typeof c === 'string' && c !== '')) {
    call.hooks.report('MESH136', '{{star}}: except= takes a list of column names', call.at, usage);
    return '*';
  }
  const alias = call.hash.relation_alias;
  if (alias !== undefined && (typeof alias !== 'string' || alias === '')) {
    call.hooks.report('MESH131', '{{star}}: relation_alias= takes a name', call.at, usage);
    return '*';
  }
  return sql.renderHelper('star', { prefix: alias ? `${alias}.` : '', columns: except.map((c: string) => sql.quoteIdentifier(c)) }).replace(/\s*\n\s*/g, ' ');
}

/** `{{sql_type "integer"}}`: the engine's name of a logical type (dbt's `type_int()` and friends), for casts and DDL. */
function sqlTypeName(call: HelperCall, sql: HelperSql): string {
  const type = typeof call.args[0] === 'string' ? call.args[0].toLowerCase() : undefined;
  if (call.args.length !== 1 || !type || !(LOGICAL_TYPES as readonly string[]).includes(type)) {
    call.hooks.report('MESH131', `{{sql_type}} takes one logical type, got ${call.args.map((a) => JSON.stringify(a)).join(' ') || 'none'}`, call.at, `use one of ${LOGICAL_TYPES.join(', ')}`);
    return 'NULL';
  }
  return sql.sqlType(type as LogicalType);
}
