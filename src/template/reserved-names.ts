/**
 * Calls of names every JavaScript object has (`constructor`, `hasOwnProperty`) or that Handlebars
 * keeps for itself (`helperMissing`): Handlebars would print them empty, log a warning on the
 * console, or fail with a JavaScript message. They are found in the parse tree, before it runs.
 */
const HANDLEBARS_INTERNALS = new Set(['helperMissing', 'blockHelperMissing']);

export interface ReservedCall {
  readonly name: string;
  /** 1-based, in the template. */
  readonly line: number;
  readonly column: number;
}

export function reservedCalls(program: hbs.AST.Program): ReservedCall[] {
  const found: ReservedCall[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const n = node as { type?: string; path?: hbs.AST.PathExpression; loc?: hbs.AST.SourceLocation };
    const path = n.path;
    if ((n.type === 'MustacheStatement' || n.type === 'BlockStatement' || n.type === 'SubExpression') && path?.type === 'PathExpression') {
      const head = path.parts[0];
      if (!path.data && head !== undefined && (head in Object.prototype || HANDLEBARS_INTERNALS.has(head))) {
        found.push({ name: head, line: path.loc.start.line, column: path.loc.start.column + 1 });
      }
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'loc' && key !== 'path') visit(value);
  };
  visit(program);
  return found;
}
