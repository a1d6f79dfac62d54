import { VAR_VALUE } from './model-helpers.js';

/** The parts of Handlebars' AST this module needs (structural, no import). */
interface Call {
  type: string;
  path?: { type: string; original?: string; parts?: string[] };
  params?: Call[];
  hash?: { pairs?: { value: Call }[] };
  body?: Call[];
  program?: { body?: Call[] };
  inverse?: { body?: Call[] };
}

/**
 * `{{literal (var "x")}}` quotes the var's value by its type (5 stays 5, "5" becomes '5'), which the
 * var's printed text no longer tells: the `var` call inside `literal` is renamed to the helper that
 * returns the value itself. Everywhere else `var` keeps returning text, so `eq` and `if` see strings.
 */
export function readVarsAsValues(ast: unknown): void {
  visit(ast as Call);
}

function visit(node: Call | undefined): void {
  if (!node || typeof node !== 'object') return;
  const calls = node.type === 'MustacheStatement' || node.type === 'SubExpression' || node.type === 'BlockStatement';
  if (calls && node.path?.original === 'literal') {
    const arg = node.params?.[0];
    if (arg?.type === 'SubExpression' && arg.path?.type === 'PathExpression' && arg.path.original === 'var') {
      arg.path.original = VAR_VALUE;
      arg.path.parts = [VAR_VALUE];
    }
  }
  for (const child of [...(node.params ?? []), ...(node.hash?.pairs ?? []).map((p) => p.value), ...(node.body ?? []), ...(node.program?.body ?? []), ...(node.inverse?.body ?? [])]) {
    visit(child);
  }
}
