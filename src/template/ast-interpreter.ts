import type { ModelHelper, RenderHooks } from './model-helpers.js';

/**
 * Models with `{{#if is_incremental}}` blocks are parsed by Handlebars (so its whitespace rules hold
 * exactly), but compiling the parsed template to JavaScript costs about a millisecond each. This
 * walks the parsed template instead, for the statements models use: text, helper calls and values
 * with literal arguments, `if`/`unless` on scope values, and comments. Anything else is left to
 * Handlebars' compiler; test/template/simple-template.test.ts checks both give the same output.
 */

type Node = hbs.AST.Node;
type Literal = string | number | boolean;

export interface InterpretContext {
  readonly helpers: Readonly<Record<string, ModelHelper>>;
  readonly value: (path: string) => Literal | undefined;
  readonly hooks: RenderHooks;
  readonly firstLine: number;
}

/** Whether every statement of the parsed template is one the interpreter walks. */
export function interpretable(program: hbs.AST.Program, helperNames: ReadonlySet<string>, values: ReadonlySet<string>): boolean {
  return program.body.every((node) => {
    switch (node.type) {
      case 'ContentStatement':
      case 'CommentStatement':
        return true;
      case 'MustacheStatement': {
        const m = node as hbs.AST.MustacheStatement;
        const name = pathName(m.path);
        if (name === undefined || !m.params.every(isLiteral) || !(m.hash?.pairs ?? []).every((p) => isLiteral(p.value))) return false;
        return helperNames.has(name) || (values.has(name) && m.params.length === 0 && !m.hash);
      }
      case 'BlockStatement': {
        const b = node as hbs.AST.BlockStatement;
        const name = pathName(b.path);
        const condition = b.params.length === 1 ? pathName(b.params[0]!) : undefined;
        if ((name !== 'if' && name !== 'unless') || condition === undefined || !values.has(condition) || b.hash) return false;
        return interpretable(b.program, helperNames, values) && (!b.inverse || interpretable(b.inverse, helperNames, values));
      }
      default:
        return false;
    }
  });
}

export function interpret(program: hbs.AST.Program, context: InterpretContext): string {
  let out = '';
  for (const node of program.body) {
    if (node.type === 'ContentStatement') out += (node as hbs.AST.ContentStatement).value;
    else if (node.type === 'MustacheStatement') out += mustache(node as hbs.AST.MustacheStatement, context);
    else if (node.type === 'BlockStatement') {
      const b = node as hbs.AST.BlockStatement;
      const truthy = isTruthy(context.value(pathName(b.params[0]!)!));
      const branch = (pathName(b.path) === 'if') === truthy ? b.program : b.inverse;
      if (branch) out += interpret(branch, context);
    }
  }
  return out;
}

function mustache(m: hbs.AST.MustacheStatement, context: InterpretContext): string {
  const name = pathName(m.path)!;
  const helper = context.helpers[name];
  if (!helper) return String(context.value(name) ?? '');
  const at = { line: m.loc.start.line + context.firstLine - 1, column: m.loc.start.column + 1 };
  const hash = Object.fromEntries((m.hash?.pairs ?? []).map((p) => [p.key, literal(p.value)]));
  return String(helper({ args: m.params.map(literal), hash, at, hooks: context.hooks }));
}

function pathName(node: Node): string | undefined {
  const path = node as hbs.AST.PathExpression;
  return node.type === 'PathExpression' && !path.data && path.depth === 0 ? path.original : undefined;
}

function isLiteral(node: Node): boolean {
  return node.type === 'StringLiteral' || node.type === 'NumberLiteral' || node.type === 'BooleanLiteral';
}

function literal(node: Node): Literal {
  return (node as hbs.AST.StringLiteral | hbs.AST.NumberLiteral | hbs.AST.BooleanLiteral).value;
}

/** Handlebars' `if`: false, empty, zero, null and undefined are false. */
function isTruthy(value: Literal | undefined): boolean {
  return value !== undefined && value !== false && value !== '' && value !== 0;
}
