/**
 * Jinja's Python-style expressions (`ref('a')`, `var('x', 'd')`, `source('a', 'b')`) rewritten as
 * Handlebars arguments, for the hints of MESH132. Only the simple shapes dbt projects are full of:
 * names, strings, numbers and calls; anything else (operators, filters, lists) is left undefined
 * and the hint shows a placeholder instead of a guess. (`mesh import dbt` converts much more, with
 * the project around the file: `src/import/jinja/`.)
 */
import { dottedName, parseJinjaExpression, type JinjaExpr } from './jinja-expression.js';

type Call = Extract<JinjaExpr, { kind: 'call' }>;

/** `ref('a')` → `ref "a"`: the inside of a mustache. */
export function translateCall(text: string): string | undefined {
  const expr = parseJinjaExpression(text);
  return expr?.kind === 'call' && simple(expr) ? callText(expr) : undefined;
}

/** `is_incremental()` → `is_incremental`, `var('m')` → `(var "m")`: an argument of `{{#if}}` or `{{#each}}`. */
export function translateExpression(text: string): string | undefined {
  const expr = parseJinjaExpression(text);
  return expr && simple(expr) ? argText(expr) : undefined;
}

/** Names, literals and calls of names with such arguments. */
function simple(expr: JinjaExpr): boolean {
  if (expr.kind === 'literal') return typeof expr.value !== 'number' || expr.value >= 0;
  if (expr.kind === 'name' || expr.kind === 'attr') return dottedName(expr) !== undefined;
  if (expr.kind !== 'call') return false;
  return dottedName(expr.callee) !== undefined && expr.args.every(simple) && expr.kwargs.every((k) => simple(k.value));
}

function callText(call: Call): string {
  const callee = dottedName(call.callee)!;
  // Values meshwork's helpers take without a call: `{{this}}`, `{{#if is_incremental}}`.
  if (call.args.length + call.kwargs.length === 0 && (callee === 'this' || callee === 'is_incremental')) return callee;
  const positional = call.args.length === 2 && call.kwargs.length === 0;
  // dbt's `var('x', 'default')`: meshwork names the default. dbt's `source('schema', 'table')` and
  // `ref('package', 'model')`: a meshwork source or model is one name within its domain.
  // dbt's `env_var('X', 'default')` is meshwork's `env "X" default="…"`.
  const name = callee === 'env_var' ? 'env' : callee;
  const args =
    (name === 'var' || name === 'env') && positional
      ? [argText(call.args[0]!), `default=${argText(call.args[1]!)}`]
      : (callee === 'source' || callee === 'ref') && positional
        ? [argText(call.args[1]!)]
        : [...call.args.map(argText), ...call.kwargs.map((k) => `${k.name}=${argText(k.value)}`)];
  return [name, ...args].join(' ');
}

function argText(expr: JinjaExpr): string {
  if (expr.kind === 'literal') return typeof expr.value === 'string' ? JSON.stringify(expr.value) : String(expr.value);
  if (expr.kind !== 'call') return dottedName(expr)!;
  const text = callText(expr);
  return text.includes(' ') ? `(${text})` : text;
}
