import { parseJinjaExpression } from '../../template/jinja-expression.js';
import { reservedTemplateNames } from '../../template/template-engine.js';
import type { ConvertedDispatcher, ConvertedGenericTest, ConvertedMacro, ConvertedMacroFile, ImportProblem, JinjaContext } from '../import-types.js';
import { convertBody } from './convert-body.js';
import { dispatchingBody } from './dispatch-call.js';
import { readJinja, type JinjaNode } from './jinja-tree.js';
import { literalValue } from './python-literal.js';

type Params = (string | Readonly<Record<string, unknown>>)[];

/** dbt's hooks for naming relations: meshwork derives names from domains, layers and files. */
const DBT_NAMING = new Set(['generate_schema_name', 'generate_alias_name', 'generate_database_name']);

/** dbt passes these to every generic test; meshwork's generic tests read `{{model}}` and `{{column}}`. */
const TEST_NAMES: ReadonlyMap<string, string> = new Map([
  ['model', 'model'],
  ['column_name', 'column'],
]);

/**
 * A dbt `macros/*.sql` file → its macros as meshwork macros and its `{% test %}` blocks as generic
 * tests. A macro or test whose body uses what meshwork cannot express is not converted: its problems
 * are returned instead (each at its line), and so are the file's other blocks (materializations, …).
 */
export function convertMacroFile(text: string, context: JinjaContext): ConvertedMacroFile {
  const source = text.replace(/^\uFEFF/, '');
  const macros: ConvertedMacro[] = [];
  const dispatchers: ConvertedDispatcher[] = [];
  const tests: ConvertedGenericTest[] = [];
  const problems: ImportProblem[] = [];
  const reserved = reservedTemplateNames();
  for (const node of readJinja(source)) {
    if (node.kind === 'text') continue;
    const tag = node.kind === 'tag' ? node.tag : node.branches[0]!.tag;
    const construct = source.slice(tag.start, tag.end).split(/\r?\n|\r/)[0]!;
    const problem = (message: string, hint: string): void => {
      problems.push({ file: context.file, line: tag.line, construct, message, hint });
    };
    if (node.kind === 'tag') {
      // Comments between macros, and whitespace control, belong to no macro.
      if (tag.kind !== 'comment') problem(`${construct} outside a macro is not converted`, 'move what it does into a model or a macro');
      continue;
    }
    if (node.keyword !== 'macro' && node.keyword !== 'test') {
      problem(`{% ${node.keyword} %} … {% end${node.keyword} %} has no meshwork form; not converted`, node.keyword === 'materialization' ? 'meshwork has its own materializations (docs/project-format.md)' : 'write what it does as a model or a macro');
      continue;
    }
    if (!node.end) {
      problem(`{% ${node.keyword} %} without {% end${node.keyword} %}; not converted`, `close it with {% end${node.keyword} %}`);
      continue;
    }
    const signature = parseSignature(tag.rest);
    if (!signature) {
      problem(`the ${node.keyword} signature is not one the converter reads; not converted`, 'write name(a, b=default) with literal defaults');
      continue;
    }
    const isTest = node.keyword === 'test';
    if (!isTest && DBT_NAMING.has(signature.name)) {
      problem(`macro ${signature.name} overrides how dbt names relations; not converted`, 'meshwork names schemas <domain>_<layer> and tables after their files (docs/project-format.md#physical-names): drop it');
      continue;
    }
    const clashes = [signature.name, ...signature.params.map(paramName)].filter((n) => reserved.has(n));
    if (!isTest && clashes.length > 0) {
      problem(`macro ${signature.name} not converted: ${clashes.map((n) => `'${n}'`).join(', ')} is the name of a meshwork helper or value`, 'rename it in the dbt project (and in the calls passing it by keyword), then import again');
      continue;
    }
    // Only a macro dispatching on its own name: a wrapper dispatching on another is a call of that macro.
    const dispatches = isTest ? undefined : dispatchingBody(node.branches[0]!.body, signature.params.map(paramName));
    if (dispatches === signature.name) {
      dispatchers.push({ name: signature.name, params: signature.params, line: tag.line });
      continue;
    }
    const params = isTest ? signature.params.filter((p) => typeof p !== 'string' || !TEST_NAMES.has(p)) : signature.params;
    const names = new Map<string, string>(isTest ? [...TEST_NAMES] : []);
    for (const p of signature.params) {
      const name = paramName(p);
      if (!names.has(name)) names.set(name, name);
    }
    const body: readonly JinjaNode[] = node.branches[0]!.body;
    const converted = convertBody(source, body, { context, kind: isTest ? 'test' : 'macro', names });
    const blocking = converted.problems.filter((p) => p.blocking);
    for (const { blocking: stops, ...p } of converted.problems) {
      problems.push(stops ? { ...p, message: `${node.keyword} ${signature.name} not converted: ${p.message.replace(/; left in place as .*$/, '')}` } : p);
    }
    if (blocking.length > 0) continue;
    const sql = trimBody(converted.sql);
    if (isTest) tests.push({ name: signature.name, params, sql, line: tag.line });
    else macros.push({ name: signature.name, params, sql, line: tag.line });
  }
  return { macros, dispatchers, tests, problems };
}

function paramName(param: string | Readonly<Record<string, unknown>>): string {
  return typeof param === 'string' ? param : Object.keys(param)[0]!;
}

/** `cents_to_dollars(column_name, scale=2)` → its name and params in meshwork's header form. */
function parseSignature(rest: string): { name: string; params: Params } | undefined {
  const expr = parseJinjaExpression(rest);
  if (expr?.kind !== 'call' || expr.callee.kind !== 'name') return undefined;
  const params: Params = [];
  for (const arg of expr.args) {
    if (arg.kind !== 'name') return undefined;
    params.push(arg.name);
  }
  for (const { name, value } of expr.kwargs) {
    const read = literalValue(value);
    if (read === undefined) return undefined;
    params.push({ [name]: read });
  }
  return { name: expr.callee.name, params };
}

/** Without the blank lines around it: the importer writes a header above, and meshwork trims a macro's output anyway. */
function trimBody(sql: string): string {
  const eol = /\r\n/.test(sql) ? '\r\n' : '\n';
  return sql.replace(/^(?:[ \t]*(?:\r\n|\r|\n))+/, '').trimEnd() + eol;
}
