import { calleeName, parseJinjaExpression, type JinjaExpr } from '../../template/jinja-expression.js';
import type { JinjaNode } from './jinja-tree.js';
import { literalValue } from './python-literal.js';

type Call = Extract<JinjaExpr, { kind: 'call' }>;

/**
 * `adapter.dispatch('x')(…)` or `adapter.dispatch('x', 'package')(…)`: the name dispatched on and
 * the call of the chosen variant (whose arguments are the variant's). Undefined for anything else.
 */
export function dispatchedCall(expr: JinjaExpr): { name: string; call: Call } | undefined {
  if (expr.kind !== 'call' || expr.callee.kind !== 'call' || calleeName(expr.callee) !== 'adapter.dispatch') return undefined;
  const lookup = expr.callee;
  const name = lookup.args[0] ? literalValue(lookup.args[0]) : undefined;
  if (typeof name !== 'string' || lookup.args.length > 2) return undefined;
  return { name, call: expr };
}

/**
 * A dbt dispatching macro's body: only `{{ return(adapter.dispatch('x')(a, b)) }}` (or the same
 * without return), passing each of the macro's parameters through in order, positionally or as
 * `b=b`. Returns the name dispatched on; undefined when the body does anything else.
 */
export function dispatchingBody(body: readonly JinjaNode[], params: readonly string[]): string | undefined {
  const tags = body.filter((n) => !(n.kind === 'text' && n.text.trim() === '') && !(n.kind === 'tag' && n.tag.kind === 'comment'));
  const only = tags[0];
  if (tags.length !== 1 || only?.kind !== 'tag' || only.tag.kind !== 'print') return undefined;
  let expr = parseJinjaExpression(only.tag.inner);
  if (expr?.kind === 'call' && calleeName(expr) === 'return' && expr.args.length === 1 && expr.kwargs.length === 0) expr = expr.args[0]!;
  const dispatched = expr ? dispatchedCall(expr) : undefined;
  if (!dispatched) return undefined;
  const { call } = dispatched;
  const passed = [...call.args.map((a) => (a.kind === 'name' ? a.name : undefined)), ...call.kwargs.map((k) => (k.value.kind === 'name' && k.value.name === k.name ? k.name : undefined))];
  const positional = call.args.length;
  const agrees = passed.length === params.length && passed.every((p, i) => p === params[i]) && call.kwargs.every((k, i) => k.name === params[positional + i]);
  return agrees ? dispatched.name : undefined;
}
