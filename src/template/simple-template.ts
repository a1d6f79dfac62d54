/**
 * Most models use only `{{helper "literal" …}}` and `{{this}}`-style values. Handlebars' parser and
 * code generation cost ~100 µs a template, a second per 10,000 models, so such templates are
 * read here instead: text, and expressions whose arguments are literals. Anything else (blocks,
 * partials, comments, whitespace control, hash or sub-expression arguments, escapes) returns
 * undefined and goes to Handlebars. test/template/simple-template.test.ts renders every template of
 * the example project and the golden fixture both ways and requires identical output and lines.
 */

import { LINE_BREAK } from '../project/line-breaks.js';

export type SimplePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'expression'; readonly name: string; readonly args: readonly (string | number | boolean)[]; readonly line: number; readonly column: number };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const TOKEN = /\s*("[^"\\]*"|'[^'\\]*'|-?\d+(?:\.\d+)?(?=[\s]|$)|true(?=[\s]|$)|false(?=[\s]|$)|[^\s"']+)/y;

export function parseSimpleTemplate(text: string): SimplePart[] | undefined {
  if (text.includes('\\{{') || text.includes('{{{') || text.includes('}}}')) return undefined;
  const parts: SimplePart[] = [];
  let at = 0;
  let line = 1;
  let lineStart = 0;
  for (let open = text.indexOf('{{'); open >= 0; open = text.indexOf('{{', at)) {
    const close = text.indexOf('}}', open + 2);
    if (close < 0) return undefined;
    const inner = text.slice(open + 2, close);
    if (/^\s*[#/^!>&~=]|~\s*$|^\s*else\b|[{}()=|]/.test(inner)) return undefined;
    const tokens = tokenize(inner);
    if (!tokens || tokens.length === 0) return undefined;
    const [name, ...rest] = tokens;
    if (name === undefined || !NAME.test(name)) return undefined;
    const literal = text.slice(at, open);
    for (const brk of literal.matchAll(LINE_BREAK)) {
      line++;
      lineStart = at + brk.index + brk[0].length;
    }
    if (literal) parts.push({ kind: 'text', text: literal });
    const args = rest.map(literalValue);
    if (args.some((a) => a === undefined)) return undefined;
    parts.push({ kind: 'expression', name, args: args as (string | number | boolean)[], line, column: open - lineStart });
    at = close + 2;
  }
  if (at < text.length) parts.push({ kind: 'text', text: text.slice(at) });
  return parts;
}

/** Tokens of an expression: a bare first word, then literals (kept with their quotes). */
function tokenize(inner: string): string[] | undefined {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < inner.length) {
    if (inner.slice(TOKEN.lastIndex).trim() === '') break;
    const match = TOKEN.exec(inner);
    if (!match) return undefined;
    tokens.push(match[1]!);
  }
  return tokens;
}

function literalValue(token: string): string | number | boolean | undefined {
  if ((token.startsWith('"') && token.endsWith('"')) || (token.startsWith("'") && token.endsWith("'"))) return token.slice(1, -1);
  if (token === 'true') return true;
  if (token === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
  return undefined;
}
