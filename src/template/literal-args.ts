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
 * A `(var "x")` sub-expression is an argument, so it passes the var's typed value: `{{literal}}`
 * quotes by type (5 stays 5, "5" becomes '5'), `{{#if}}` is false for false, 0 and [], `{{#each}}`
 * gets the list. Each such call is renamed to the helper that returns the value itself. Printed
 * (`{{var "x"}}`), a var stays its raw SQL text.
 */
export function readVarsAsValues(ast: unknown): void {
  visit(ast as Call);
}

function visit(node: Call | undefined): void {
  if (!node || typeof node !== 'object') return;
  const calls = node.type === 'MustacheStatement' || node.type === 'SubExpression' || node.type === 'BlockStatement';
  if (calls) {
    for (const arg of [...(node.params ?? []), ...(node.hash?.pairs ?? []).map((p) => p.value)]) {
      if (arg.type === 'SubExpression' && arg.path?.type === 'PathExpression' && arg.path.original === 'var') {
        arg.path.original = VAR_VALUE;
        arg.path.parts = [VAR_VALUE];
      }
    }
  }
  for (const child of [...(node.params ?? []), ...(node.hash?.pairs ?? []).map((p) => p.value), ...(node.body ?? []), ...(node.program?.body ?? []), ...(node.inverse?.body ?? [])]) {
    visit(child);
  }
}
