/**
 * A read Jinja file (or a macro's body) → Handlebars, construct by construct, keeping every line
 * where it was. A construct with no meshwork form is left at its place as `{{!-- dbt: … --}}`
 * (a block from its opening tag to its end) and reported, so that the output still renders.
 */
import { calleeName, parseJinjaExpression, type JinjaExpr } from '../../template/jinja-expression.js';
import type { ImportProblem, JinjaContext } from '../import-types.js';
import { argument, condition, helperCall, printed, SetCall, type ExpressionScope } from './convert-expression.js';
import { lineBreaks, type JinjaNode, type JinjaTag } from './jinja-tree.js';
import { literalValue } from './python-literal.js';
import { Unconvertible } from './unconvertible.js';

/** A problem, and whether the construct was left out (blocking) or converted with a caveat. */
export interface BodyProblem extends ImportProblem {
  readonly blocking: boolean;
}

export interface ConvertedBody {
  readonly sql: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly problems: readonly BodyProblem[];
}

export interface BodyOptions {
  readonly context: JinjaContext;
  readonly kind: ExpressionScope['kind'];
  /** Jinja names bound to Handlebars paths (a macro's parameters; `column_name` → `column` in a test). */
  readonly names?: ReadonlyMap<string, string>;
}

type Node = JinjaNode;

/** Calls a `{% set %}` may name: they read the project, never the warehouse. */
const SET_CALLS = new Set(['ref', 'source', 'var', 'env_var']);
type Block = Extract<Node, { kind: 'block' }>;

/** `source`: the whole file's text, which the nodes' offsets point into. */
export function convertBody(source: string, nodes: readonly Node[], options: BodyOptions): ConvertedBody {
  const problems: BodyProblem[] = [];
  const config: Record<string, unknown> = {};
  const sets = new Map<string, unknown>();
  let line = 1;
  let construct = '';
  const report = (blocking: boolean, message: string, hint: string, at?: { line: number; construct: string }): void => {
    problems.push({ file: options.context.file, line: at?.line ?? line, construct: at?.construct ?? construct, message, hint, blocking });
  };
  const scopeOf = (names: ReadonlyMap<string, string>, inLoop: boolean): ExpressionScope => ({
    context: options.context,
    kind: options.kind,
    names,
    sets,
    inLoop,
    note: (message, hint) => report(false, message, hint),
  });
  const at = (tag: JinjaTag): void => {
    line = tag.line;
    construct = firstLine(source.slice(tag.start, tag.end));
  };
  /** The construct as a Handlebars comment, reported; `from`-`to` is its text in the file. */
  const leave = (from: number, to: number, reason: string, hint: string): string => {
    report(true, `${reason}; left in place as {{!-- dbt: … --}}`, hint);
    return `{{!-- dbt: ${source.slice(from, to).replace(/--\}\}/g, '-- }}')} --}}`;
  };

  const walk = (list: readonly Node[], names: ReadonlyMap<string, string>, inLoop: boolean, depth: number): string =>
    list.map((node) => convertNode(node, names, inLoop, depth)).join('');

  const convertNode = (node: Node, names: ReadonlyMap<string, string>, inLoop: boolean, depth: number): string => {
    if (node.kind === 'text') return node.text;
    if (node.kind === 'block') return convertBlock(node, names, inLoop, depth);
    const { tag } = node;
    at(tag);
    const breaks = lineBreaks(source.slice(tag.start, tag.end));
    if (tag.kind === 'comment') {
      const text = source.slice(tag.start + 2, tag.end - 2).replace(/^-/, '').replace(/-$/, '');
      return `{{!--${text.replace(/--\}\}/g, '-- }}')}--}}`;
    }
    if (tag.kind === 'print') {
      const expr = parseJinjaExpression(tag.inner);
      if (!expr) return leave(tag.start, tag.end, 'not an expression the converter reads', 'write the SQL it produces');
      if (calleeName(expr) === 'config' && expr.kind === 'call') {
        if (options.kind !== 'model') return leave(tag.start, tag.end, 'config() outside a model', 'set the configuration in the header of the models that use it');
        if (depth > 0) return leave(tag.start, tag.end, 'config() inside {% if %} or {% for %} (its value would depend on the branch)', 'choose the configuration and write it in the model\'s header');
        readConfig(expr, config, report);
        return breaks;
      }
      try {
        return printed(expr, scopeOf(names, inLoop), { before: tag.trimBefore, after: tag.trimAfter }) + breaks;
      } catch (e) {
        if (!(e instanceof Unconvertible)) throw e;
        return leave(tag.start, tag.end, e.message, e.hint);
      }
    }
    if (tag.keyword === 'set') {
      const m = /^([A-Za-z_]\w*)\s*=\s*([\s\S]+)$/.exec(tag.rest);
      const expr = m ? parseJinjaExpression(m[2]!) : undefined;
      let value = expr ? literalValue(expr) : undefined;
      // `{% set orders = ref('orders') %}`: the name stands for the call wherever it is used.
      if (value === undefined && expr?.kind === 'call' && SET_CALLS.has(calleeName(expr) ?? '')) {
        try {
          value = new SetCall(helperCall(expr, scopeOf(names, inLoop)));
        } catch (e) {
          if (!(e instanceof Unconvertible)) throw e;
          return leave(tag.start, tag.end, e.message, e.hint);
        }
      }
      if (!m || value === undefined) return leave(tag.start, tag.end, '{% set %} of a value that is not a literal (a string, number, boolean, list or mapping) nor a ref, source or var', 'declare the value under vars: in mesh.yaml and read it with {{var "name"}}');
      if (depth > 0) return leave(tag.start, tag.end, '{% set %} inside {% if %} or {% for %} (its value would depend on the branch)', 'set it once at the top of the file, or use a var');
      sets.set(m[1]!, value);
      return breaks;
    }
    const stray = /^(end\w+|elif|else)$/.test(tag.keyword);
    return leave(
      tag.start,
      tag.end,
      stray ? `{% ${tag.keyword} %} without its opening tag` : `{% ${tag.keyword} %} has no meshwork form`,
      tag.keyword === 'do' ? 'meshwork templates only render SQL: drop it, or write what it changes as SQL' : 'write the SQL it produces',
    );
  };

  const convertBlock = (block: Block, names: ReadonlyMap<string, string>, inLoop: boolean, depth: number): string => {
    const open = block.branches[0]!.tag;
    at(open);
    if (!block.end) return leave(block.start, block.stop, `{% ${block.keyword} %} without {% end${block.keyword} %}`, `close it with {% end${block.keyword} %}`);
    const close = (tag: JinjaTag): string => (tag.trimBefore ? '~' : '');
    const closeAfter = (tag: JinjaTag): string => (tag.trimAfter ? '~' : '');
    const breaks = (tag: JinjaTag): string => lineBreaks(source.slice(tag.start, tag.end));
    try {
      if (block.keyword === 'if') {
        const scope = scopeOf(names, inLoop);
        const conditions = block.branches.map((b) => (b.tag.keyword === 'else' ? undefined : condition(expression(b.tag.rest), scope)));
        const parts = block.branches.map((branch, i) => {
          const tag = branch.tag;
          const head = i === 0 ? `{{${close(tag)}#if ${conditions[0]}${closeAfter(tag)}}}` : tag.keyword === 'elif' ? `{{${close(tag)}else if ${conditions[i]}${closeAfter(tag)}}}` : `{{${close(tag)}else${closeAfter(tag)}}}`;
          return head + breaks(tag) + walk(branch.body, names, inLoop, depth + 1);
        });
        return `${parts.join('')}{{${close(block.end)}/if${closeAfter(block.end)}}}${breaks(block.end)}`;
      }
      if (block.keyword === 'for') {
        const loop = forLoop(open.rest, scopeOf(names, inLoop));
        const inner = new Map(names);
        for (const target of loop.targets) inner.set(target, target);
        const [main, otherwise] = block.branches;
        const head = `{{${close(open)}#each ${loop.list} as |${loop.params}|${closeAfter(open)}}}${breaks(open)}`;
        const body = walk(main!.body, inner, true, depth + 1);
        const elseText = otherwise ? `{{${close(otherwise.tag)}else${closeAfter(otherwise.tag)}}}${breaks(otherwise.tag)}${walk(otherwise.body, names, inLoop, depth + 1)}` : '';
        return `${head}${body}${elseText}{{${close(block.end)}/each${closeAfter(block.end)}}}${breaks(block.end)}`;
      }
      if (block.keyword === 'raw') {
        const text = block.branches[0]!.body.map((n) => (n.kind === 'text' ? n.text : '')).join('');
        // Handlebars would read a {{ in it: escaped, it is printed as written.
        return breaks(open) + text.replace(/\{\{/g, '\\{{') + breaks(block.end);
      }
    } catch (e) {
      if (!(e instanceof Unconvertible)) throw e;
      at(open);
      return leave(block.start, block.stop, e.message, e.hint);
    }
    const hints: Readonly<Record<string, string>> = {
      macro: 'define macros in macros/*.sql, which mesh import dbt converts to meshwork macros',
      call: 'meshwork templates never run statements while compiling: write the values it reads as vars, or compute them in SQL',
      set: 'declare the value under vars: in mesh.yaml and read it with {{var "name"}}',
      snapshot: 'a meshwork snapshot is a model with materialized: snapshot in its header (docs/snapshots.md)',
      test: 'a generic test is converted from macros/*.sql or tests/generic/*.sql',
      docs: 'descriptions go in the model header (description:)',
    };
    return leave(block.start, block.stop, `{% ${block.keyword} %} … {% end${block.keyword} %} has no meshwork form here`, hints[block.keyword] ?? 'write the SQL it produces');
  };

  const sql = walk(nodes, options.names ?? new Map(), false, 0);
  return { sql, config, problems };
}

function expression(text: string): JinjaExpr {
  const expr = parseJinjaExpression(text);
  if (!expr) throw new Unconvertible('not an expression the converter reads', 'write the condition with ==, !=, <, >, and, or, not, in');
  return expr;
}

/** `x in list`, `k, v in d.items()` → the list argument and the block params (value first, then key). */
function forLoop(rest: string, scope: ExpressionScope): { list: string; params: string; targets: string[] } {
  const m = /^([A-Za-z_]\w*)(?:\s*,\s*([A-Za-z_]\w*))?\s+in\s+([\s\S]+?)(\s+recursive)?$/.exec(rest);
  if (!m || m[4]) throw new Unconvertible('a {% for %} the converter does not read', 'write {% for x in list %} or {% for k, v in mapping.items() %}');
  const [, first, second, iterable] = m as unknown as [string, string, string | undefined, string];
  const expr = expression(iterable);
  if (second !== undefined) {
    if (expr.kind !== 'call' || expr.callee.kind !== 'attr' || expr.callee.name !== 'items' || expr.args.length > 0) {
      throw new Unconvertible('a {% for a, b in … %} over something other than mapping.items()', 'loop over one value per item');
    }
    return { list: argument(expr.callee.object, scope), params: `${second} ${first}`, targets: [first, second] };
  }
  return { list: argument(expr, scope), params: first, targets: [first] };
}

/** `config(materialized='table', tags=['a'])`: the keyword arguments as values; what is not a literal is reported and left out. */
function readConfig(call: Extract<JinjaExpr, { kind: 'call' }>, config: Record<string, unknown>, report: (blocking: boolean, message: string, hint: string) => void): void {
  for (const arg of call.args) {
    const value = literalValue(arg);
    if (value && typeof value === 'object' && !Array.isArray(value)) Object.assign(config, value);
    else report(true, 'a config() argument without a name', 'write config(key=value)');
  }
  for (const { name, value } of call.kwargs) {
    const read = literalValue(value);
    if (read === undefined) report(true, `config ${name}= is not a literal value; left out of the header`, `write ${name} in the model's header by hand`);
    else config[name] = read;
  }
}

function firstLine(text: string): string {
  return text.split(/\r?\n|\r/)[0]!;
}
