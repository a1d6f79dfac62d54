/**
 * One Jinja expression → Handlebars: as an argument (`(var "x")`, `(eq a "b")`, `(list "a" "b")`)
 * or printed (`{{ref "x"}}`, or the text a literal prints). What has no meshwork form throws
 * Unconvertible, which the caller turns into a problem and a `{{!-- dbt: … --}}` comment.
 */
import { calleeName, dottedName, type JinjaExpr } from '../../template/jinja-expression.js';
import type { JinjaContext } from '../import-types.js';
import { crossDatabaseCall, CROSS_DATABASE_NAMES, type HelperCallText } from './cross-database.js';
import { dispatchedCall } from './dispatch-call.js';
import { handlebarsString, literalValue, printedScalar, valueArgument } from './python-literal.js';
import { Unconvertible } from './unconvertible.js';

/** A `{% set x = ref('a') %}`: `x` is that call, `(ref "a")` as an argument and `{{ref "a"}}` printed. */
export class SetCall {
  constructor(readonly call: HelperCallText) {}
}

/** The names an expression can see where it stands. */
export interface ExpressionScope {
  readonly context: JinjaContext;
  /** A model (or singular test), a macro's body, or a generic test's body. */
  readonly kind: 'model' | 'macro' | 'test';
  /** Jinja names bound to Handlebars paths: loop variables (block params), macro parameters. */
  readonly names: ReadonlyMap<string, string>;
  /** `{% set name = <literal> %}` values seen so far. */
  readonly sets: ReadonlyMap<string, unknown>;
  /** Inside `{% for %}`: `loop.first` and friends exist. */
  readonly inLoop: boolean;
  /** Converted, but worth a line in the report (an unknown ref, an undeclared var). */
  note(message: string, hint: string): void;
}

const COMPARE: Readonly<Record<string, string>> = { '==': 'eq', '!=': 'ne', '<': 'lt', '>': 'gt' };
const LOOP: Readonly<Record<string, string>> = { 'loop.first': '@first', 'loop.last': '@last', 'loop.index0': '@index' };
/** Generic tests see only these helpers besides Handlebars' blocks (docs/tests.md). */
const TEST_HELPERS = new Set(['eq']);

/** dbt's type filters: a meshwork var already has its YAML type, so they change nothing. */
const TYPE_FILTERS = new Set(['as_number', 'as_bool', 'as_text', 'as_native']);

/** `x | as_number` is x. */
function unfiltered(expr: JinjaExpr): JinjaExpr {
  return expr.kind === 'filter' && TYPE_FILTERS.has(expr.name) && expr.args.length === 0 ? unfiltered(expr.operand) : expr;
}

/** An argument of `{{#if}}`, `{{#each}}`, a helper or a macro. */
export function argument(written: JinjaExpr, scope: ExpressionScope): string {
  const expr = unfiltered(written);
  switch (expr.kind) {
    case 'literal':
      return valueArgument(expr.value)!;
    case 'list':
      return `(list${expr.items.map((item) => ` ${argument(item, scope)}`).join('')})`;
    case 'name':
    case 'attr':
    case 'index':
      return path(expr, scope);
    case 'call': {
      return subexpression(helperCall(expr, scope));
    }
    case 'unary':
      if (expr.op === 'not') return logic(scope, 'not', argument(expr.operand, scope));
      break;
    case 'binary':
      return binary(expr, scope);
    case 'dict':
      throw new Unconvertible('a mapping written in the template has no Handlebars form', 'declare it under vars: in mesh.yaml and read it with (var "name")');
    default:
      break;
  }
  throw unsupported(expr);
}

/**
 * The argument of `{{#if}}`: as argument(), except that `var('x', none)` tested for truth (also
 * under and, or, not) is `(var "x" default=false)`, which is as false; meshwork has no var holding
 * null (a null var is undefined, MESH142), so elsewhere a None default is reported.
 */
export function condition(written: JinjaExpr, scope: ExpressionScope): string {
  const expr = unfiltered(written);
  if (expr.kind === 'unary' && expr.op === 'not') return logic(scope, 'not', condition(expr.operand, scope));
  if (expr.kind === 'binary' && (expr.op === 'and' || expr.op === 'or')) return logic(scope, expr.op, condition(expr.left, scope), condition(expr.right, scope));
  if (expr.kind === 'call' && calleeName(expr) === 'var' && expr.args.length === 2 && expr.kwargs.length === 0 && literalValue(expr.args[1]!) === null && !scope.context.macros.has('var')) {
    const key = literalValue(expr.args[0]!);
    if (typeof key === 'string') return `(var ${handlebarsString(key)} default=false)`;
  }
  return argument(expr, scope);
}

/** The text that replaces `{{ expr }}`: a mustache, or what a literal prints. */
export function printed(written: JinjaExpr, scope: ExpressionScope, tilde: { before: boolean; after: boolean }): string {
  const expr = unfiltered(written);
  const mustache = (inner: string): string => `{{${tilde.before ? '~' : ''}${inner}${tilde.after ? '~' : ''}}}`;
  if (expr.kind === 'literal') return text(printedScalar(expr.value));
  if (expr.kind === 'name' && !scope.names.has(expr.name) && scope.sets.has(expr.name)) {
    const value = scope.sets.get(expr.name);
    if (value instanceof SetCall) return mustache(callText(value.call));
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return text(printedScalar(value as string | number | boolean | null));
    throw new Unconvertible(`'${expr.name}' holds a ${Array.isArray(value) ? 'list' : 'mapping'}, which Jinja prints as Python would`, 'loop over it with {% for %}, or print one item');
  }
  if (expr.kind === 'name' || expr.kind === 'attr' || expr.kind === 'index') return mustache(path(expr, scope));
  if (expr.kind === 'call') {
    const call = helperCall(expr, scope);
    return mustache(callText(call));
  }
  // `{{ ',' if not loop.last }}`, as dbt projects write separators: a block around what each side prints.
  if (expr.kind === 'conditional') {
    const plain = { before: false, after: false };
    const otherwise = expr.otherwise ? `{{else}}${printed(expr.otherwise, scope, plain)}` : '';
    return `${mustache(`#if ${condition(expr.test, scope)}`)}${printed(expr.then, scope, plain)}${otherwise}{{/if}}`;
  }
  // `{{ 'prefix_' ~ name }}`: Jinja's text concatenation is each side printed in turn.
  if (expr.kind === 'binary' && expr.op === '~') {
    return printed(expr.left, scope, { before: tilde.before, after: false }) + printed(expr.right, scope, { before: false, after: tilde.after });
  }
  throw unsupported(expr);
}

/** Printed text is SQL as written; a {{ in it would be read by Handlebars. */
function text(value: string): string {
  return value.replace(/\{\{/g, '\\{{');
}

/** A name or `a.b` path: a loop variable, a macro parameter, a set literal, `this`, `target.*`, `loop.*`. */
function path(expr: JinjaExpr, scope: ExpressionScope): string {
  const dotted = dottedName(asAttributes(expr));
  if (dotted === undefined) throw unsupported(expr);
  const [head = '', ...rest] = dotted.split('.');
  const bound = scope.names.get(head);
  // A generic test's {{model}} and {{column}} are SQL text, without dbt's relation fields.
  if (bound !== undefined && scope.kind === 'test' && rest.length > 0 && (head === 'model' || head === 'column_name')) {
    throw new Unconvertible(`${dotted} has no meshwork form: a generic test's {{${bound}}} is the quoted name itself`, `write {{${bound}}}`);
  }
  if (bound !== undefined) return [bound, ...rest].join('.');
  if (rest.length === 0 && scope.sets.has(head)) {
    const set = scope.sets.get(head);
    if (set instanceof SetCall) return subexpression(set.call);
    const value = valueArgument(set);
    if (value === undefined) throw new Unconvertible(`'${head}' is a mapping set in the template, which Handlebars cannot write`, 'declare it under vars: in mesh.yaml and read it with (var "name")');
    return value;
  }
  if (head === 'loop') {
    const loop = LOOP[dotted];
    if (loop && scope.inLoop) return loop;
    if (dotted === 'loop.index') throw new Unconvertible('loop.index counts from 1, and Handlebars\' @index from 0', 'write loop.index0 (meshwork: @index), adding 1 in SQL where the number is printed');
    throw new Unconvertible(scope.inLoop ? `${dotted} has no meshwork form` : `${dotted} outside a {% for %}`, 'use @first, @last or @index inside {{#each}}');
  }
  if (scope.kind !== 'test') {
    if (dotted === 'this') return 'this';
    if (dotted === 'target.type') return 'target.engine';
    if (dotted === 'target.name') return 'target.name';
  }
  if (head === 'target' || head === 'this') throw new Unconvertible(`${dotted} has no meshwork form`, 'meshwork knows {{this}}, target.name and target.engine; write the value itself or a var');
  if (head === 'execute') throw new Unconvertible('execute (dbt\'s parse/run flag) has no meshwork form: meshwork never runs queries while compiling', 'drop the condition and keep what the model runs');
  throw new Unconvertible(`'${dotted}' is not defined here`, 'declare it under vars: in mesh.yaml and read it with {{var "name"}}, or set it to a literal with {% set %}');
}

/** `item['name']` is `item.name`, as Handlebars writes a field. */
function asAttributes(expr: JinjaExpr): JinjaExpr {
  if (expr.kind === 'attr') return { ...expr, object: asAttributes(expr.object) };
  if (expr.kind === 'index' && expr.index.kind === 'literal' && typeof expr.index.value === 'string' && /^[A-Za-z_]\w*$/.test(expr.index.value)) {
    return { kind: 'attr', object: asAttributes(expr.object), name: expr.index.value };
  }
  return expr;
}

function binary(expr: Extract<JinjaExpr, { kind: 'binary' }>, scope: ExpressionScope): string {
  const left = (): string => argument(expr.left, scope);
  const right = (): string => argument(expr.right, scope);
  switch (expr.op) {
    case 'and':
    case 'or':
      return logic(scope, expr.op, left(), right());
    case '==':
    case '!=':
    case '<':
    case '>':
      return logic(scope, COMPARE[expr.op]!, left(), right());
    // a <= b is not (a > b): the same for numbers and texts, which is all lt/gt take.
    case '<=':
      return logic(scope, 'not', logic(scope, 'gt', left(), right()));
    case '>=':
      return logic(scope, 'not', logic(scope, 'lt', left(), right()));
    case 'in':
      return logic(scope, 'in', left(), right());
    case 'not in':
      return logic(scope, 'not', logic(scope, 'in', left(), right()));
    case 'is':
    case 'is not':
      if (expr.right.kind === 'literal' && expr.right.value === null) return logic(scope, expr.op === 'is' ? 'eq' : 'ne', left(), 'null');
      break;
    default:
      break;
  }
  throw unsupported(expr);
}

function logic(scope: ExpressionScope, helper: string, ...args: string[]): string {
  if (scope.kind === 'test' && !TEST_HELPERS.has(helper)) {
    throw new Unconvertible(`a generic test has no '${helper}' helper (only eq and Handlebars' blocks)`, 'write the condition in SQL, or split the test');
  }
  return `(${helper} ${args.join(' ')})`;
}

/** A call of a function meshwork has a helper or a macro for. */
export function helperCall(expr: Extract<JinjaExpr, { kind: 'call' }>, scope: ExpressionScope): HelperCallText {
  const name = calleeName(expr);
  const { context } = scope;
  const restricted = (): never => {
    throw new Unconvertible(`a generic test cannot call ${name}()`, 'a generic test reads {{model}}, {{column}} and its parameters only (docs/tests.md); check the rest in a singular test');
  };
  // `adapter.dispatch('x')(a)` in a model: a call of the project's macro x (its engine variants are files).
  const dispatched = dispatchedCall(expr);
  if (dispatched && scope.kind !== 'test' && context.macros.has(dispatched.name) && !scope.names.has(dispatched.name)) return macroCall(dispatched.name, dispatched.call, scope);
  if (name === undefined) throw unsupported(expr);
  if (scope.kind === 'test' && name !== 'is_incremental') restricted();
  if (context.macros.has(name) && !scope.names.has(name)) return macroCall(name, expr, scope);
  const args = (): string[] => expr.args.map((a) => argument(a, scope));
  const literalArgs = (count: number): string[] => {
    const values = expr.args.map(literalValue);
    if (values.length !== count || expr.kwargs.length > 0 || !values.every((v) => typeof v === 'string')) {
      throw new Unconvertible(`${name}() takes ${count === 1 ? 'a name' : 'names'} in quotes here`, 'meshwork reads dependencies from the file: write the names as literals');
    }
    return values as string[];
  };
  switch (name) {
    case 'ref':
      return refCall(expr, scope);
    case 'source': {
      const [sourceName, table] = literalArgs(2) as [string, string];
      const resolved = context.resolveSource(sourceName, table);
      if (resolved === undefined) scope.note(`source('${sourceName}', '${table}') is not declared in the dbt project's sources: written as {{source "${table}"}}`, `declare ${table} under sources: in the domain's domain.yaml`);
      return { name: 'source', args: [handlebarsString(resolved ?? table)] };
    }
    case 'var': {
      if (expr.args.length < 1 || expr.args.length > 2 || expr.kwargs.length > 0) throw unsupported(expr);
      const key = literalValue(expr.args[0]!);
      if (typeof key !== 'string') throw new Unconvertible('var() of a name that is not a literal', 'write the var\'s name in quotes');
      if (expr.args.length === 1 && !(key in context.vars)) scope.note(`var('${key}') has no value in dbt_project.yml and no default`, `add ${key} under vars: in mesh.yaml, or pass it with --vars`);
      if (expr.args[1] && literalValue(expr.args[1]) === null) {
        throw new Unconvertible(`var('${key}', none): meshwork has no var holding null (one that is null is not defined)`, `test it for truth alone ({% if var('${key}', none) %} converts), or give it a default that is not none`);
      }
      return { name: 'var', args: [handlebarsString(key)], ...(expr.args[1] ? { hash: [['default', argument(expr.args[1], scope)]] } : {}) };
    }
    case 'env_var': {
      const key = literalValue(expr.args[0] ?? { kind: 'name', name: '' });
      if (typeof key !== 'string' || expr.args.length > 2 || expr.kwargs.length > 0) throw unsupported(expr);
      // dbt hides DBT_ENV_SECRET_* values from its logs; meshwork's env_secret keeps them out of every file.
      if (key.startsWith('DBT_ENV_SECRET_') && expr.args.length === 1) {
        scope.note(`env_var('${key}') became {{env_secret "${key}"}}, which inserts a quoted string literal (and keeps the value out of target/)`, 'remove quotes written around it, and cast it where another type is needed');
        return { name: 'env_secret', args: [handlebarsString(key)] };
      }
      return { name: 'env', args: [handlebarsString(key)], ...(expr.args[1] ? { hash: [['default', argument(expr.args[1], scope)]] } : {}) };
    }
    case 'adapter.quote':
    case 'dbt.string_literal':
      if (expr.args.length !== 1 || expr.kwargs.length > 0) throw unsupported(expr);
      return { name: name === 'adapter.quote' ? 'identifier' : 'literal', args: args() };
    case 'range': {
      // `range(3)`, `range(1, 4)`: a literal list, the way Jinja would make it.
      const bounds = expr.args.map(literalValue);
      if (bounds.length < 1 || bounds.length > 3 || expr.kwargs.length > 0 || !bounds.every((b) => Number.isInteger(b))) {
        throw new Unconvertible('range() of values that are not literal whole numbers', 'write the list, or a var holding it');
      }
      const [start, stop, step] = (bounds.length === 1 ? [0, bounds[0], 1] : [bounds[0], bounds[1], bounds[2] ?? 1]) as [number, number, number];
      const items: number[] = [];
      for (let i = start; step > 0 ? i < stop : step < 0 && i > stop; i += step) {
        if (items.length === 1000) throw new Unconvertible('range() of more than 1000 numbers', 'loop in SQL (generate_series, GENERATE_ARRAY) instead');
        items.push(i);
      }
      return { name: 'list', args: items.map(String) };
    }
    case 'is_incremental':
      if (expr.args.length > 0) throw unsupported(expr);
      return { name: 'is_incremental', args: [] };
    default:
      break;
  }
  if (CROSS_DATABASE_NAMES.has(name)) return crossDatabaseCall(name, expr, { argument: (e) => argument(e, scope), args });
  throw unsupported(expr);
}

/** `ref('x')`, `ref('package', 'x')`, `ref('x', v=2)` → `ref "x"` or `contract "domain.product" version=N`. */
function refCall(expr: Extract<JinjaExpr, { kind: 'call' }>, scope: ExpressionScope): HelperCallText {
  const names = expr.args.map(literalValue);
  const version = expr.kwargs.find((k) => k.name === 'v' || k.name === 'version');
  const versionValue = version ? literalValue(version.value) : undefined;
  if (names.length < 1 || names.length > 2 || !names.every((n) => typeof n === 'string') || expr.kwargs.some((k) => k !== version) || (version && typeof versionValue !== 'number' && typeof versionValue !== 'string')) {
    throw new Unconvertible('ref() takes a model\'s name in quotes here', 'meshwork reads dependencies from the file: write the name as a literal');
  }
  const [packageName, model] = names.length === 2 ? (names as [string, string]) : [undefined, names[0] as string];
  const target = scope.context.resolveRef(model, packageName);
  if (target.kind === 'contract') {
    const v = versionValue === undefined ? target.version : Number(versionValue);
    return { name: 'contract', args: [handlebarsString(target.product)], hash: [['version', String(v)]] };
  }
  if (target.kind === 'unknown') scope.note(`ref('${model}') is not a model, seed or public model of the project: kept as {{ref "${target.name}"}}`, `import or write the model ${target.name}, or read it through {{contract "domain.product" version=1}}`);
  return { name: 'ref', args: [handlebarsString(target.name)] };
}

/** A project macro: positional arguments in order, keyword arguments by name. */
function macroCall(name: string, expr: Extract<JinjaExpr, { kind: 'call' }>, scope: ExpressionScope): HelperCallText {
  return { name, args: expr.args.map((a) => argument(a, scope)), hash: expr.kwargs.map((k) => [k.name, argument(k.value, scope)] as const) };
}

/**
 * A call as an argument of another: a value (`is_incremental`) by its name, a helper or macro in
 * parentheses, even with no arguments (`(current_timestamp)`): Handlebars reads a bare name as a value.
 */
function subexpression(call: HelperCallText): string {
  return call.name === 'is_incremental' && call.args.length === 0 && !call.hash?.length ? call.name : `(${callText(call)})`;
}

export function callText(call: HelperCallText): string {
  return [call.name, ...call.args, ...(call.hash ?? []).map(([key, value]) => `${key}=${value}`)].join(' ');
}

function unsupported(expr: JinjaExpr): Unconvertible {
  switch (expr.kind) {
    case 'call': {
      const name = calleeName(expr) ?? (dispatchedCall(expr) ? 'adapter.dispatch' : 'this call');
      const known = KNOWN_UNSUPPORTED[name];
      if (known) return new Unconvertible(known[0], known[1]);
      if (name.includes('.')) return new Unconvertible(`${name}() is a macro of a package or of dbt that meshwork does not have`, 'write the SQL it produces, or a meshwork macro in macros/');
      return new Unconvertible(`${name}() is not a macro of the project nor a function meshwork has`, 'write the SQL it produces, or a meshwork macro in macros/');
    }
    case 'filter':
      return new Unconvertible(`the filter |${expr.name} has no meshwork form`, 'write the value it gives, or a var holding it');
    case 'conditional':
      return new Unconvertible('an inline `a if c else b` has no meshwork form', 'write it as {% if c %}a{% else %}b{% endif %}');
    case 'binary':
      return new Unconvertible(`the operator ${expr.op} has no meshwork form`, 'compute the value in SQL, or keep a var holding it');
    default:
      return new Unconvertible('this expression has no meshwork form', 'write the SQL it produces');
  }
}

const KNOWN_UNSUPPORTED: Readonly<Record<string, readonly [string, string]>> = {
  run_query: ['run_query() runs a query while compiling; meshwork templates never query the warehouse', 'write the values it read as a var in mesh.yaml, or compute them in SQL'],
  log: ['log() has no meshwork form', 'drop it'],
  'adapter.get_columns_in_relation': ['adapter.get_columns_in_relation() reads the warehouse while compiling; meshwork does not', 'list the columns, or use {{star}} with except='],
  'adapter.dispatch': ['adapter.dispatch() is written as per-engine macros in meshwork', 'write macros/duckdb/<name>.sql and macros/bigquery/<name>.sql (docs/templates.md#macros)'],
  config: ['config() is only read at the top level of a model', 'move its settings into the model\'s header'],
  return: ['return() has no meshwork form: a meshwork macro is the SQL it renders', 'write the value the macro returns where it is used'],
};
