import { error, type Diagnostic } from '../diagnostics/diagnostic.js';

/**
 * A failure while rendering one of the templates meshwork renders itself (materializations, test
 * queries) — in practice a project's own override in `templates/<engine>/` that names a value or
 * helper that does not exist. Carries the template's file and the position Handlebars gave, so the
 * command reports a diagnostic there instead of crashing.
 */
export class TemplateRenderError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'TemplateRenderError';
  }
}

/** The failure as the user's problem: MESH131 at the template's file and line. */
export function templateRenderProblem(e: TemplateRenderError): Diagnostic {
  const parentMissing = /^"(\w+)" not defined in undefined/.exec(e.message)?.[1];
  const missing = /^"(\w+)" not defined/.exec(e.message)?.[1] ?? /^Missing helper: "(\w+)"/.exec(e.message)?.[1];
  const message = parentMissing
    ? `a template reads '.${parentMissing}' of a value that is not defined`
    : missing
      ? `unknown helper or value '${missing}' in a template`
      : `template error: ${e.message}`;
  return error('MESH131', message, {
    file: e.file,
    ...(e.line !== undefined ? { line: e.line } : {}),
    ...(e.column !== undefined ? { column: e.column } : {}),
    hint: "a materialization or test template can use the values meshwork passes it (see meshwork's own file of that name under templates/) and Handlebars' built-in helpers; fix the name, or delete the override to use meshwork's template",
  });
}
