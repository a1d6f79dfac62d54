/** The Python-expression parser the converter and the MESH132 hints share. */
import { describe, expect, it } from 'vitest';
import { calleeName, parseJinjaExpression, type JinjaExpr } from '../../../src/template/jinja-expression.js';

/** A compact rendering of the tree, to compare shapes. */
function show(expr: JinjaExpr | undefined): string {
  if (!expr) return 'undefined';
  switch (expr.kind) {
    case 'literal':
      return JSON.stringify(expr.value);
    case 'name':
      return expr.name;
    case 'attr':
      return `${show(expr.object)}.${expr.name}`;
    case 'call':
      return `${show(expr.callee)}(${[...expr.args.map(show), ...expr.kwargs.map((k) => `${k.name}=${show(k.value)}`)].join(', ')})`;
    case 'list':
      return `[${expr.items.map(show).join(', ')}]`;
    case 'dict':
      return `{${expr.entries.map(([k, v]) => `${show(k)}: ${show(v)}`).join(', ')}}`;
    case 'index':
      return `${show(expr.object)}[${show(expr.index)}]`;
    case 'unary':
      return `(${expr.op} ${show(expr.operand)})`;
    case 'binary':
      return `(${show(expr.left)} ${expr.op} ${show(expr.right)})`;
    case 'filter':
      return `(${show(expr.operand)} | ${expr.name}(${expr.args.map(show).join(', ')}))`;
    case 'conditional':
      return `(${show(expr.then)} if ${show(expr.test)}${expr.otherwise ? ` else ${show(expr.otherwise)}` : ''})`;
  }
}

describe('parseJinjaExpression', () => {
  it.each([
    ["ref('a')", 'ref("a")'],
    ["ref('pkg', \"m\", v=2)", 'ref("pkg", "m", v=2)'],
    ['dbt_utils.star(from=ref("x"), except=["a", \'b\'],)', 'dbt_utils.star(from=ref("x"), except=["a", "b"])'],
    ["not a and b or c", '(((not a) and b) or c)'],
    ["a == 1 and not b in [1, 2]", '((a == 1) and (not (b in [1, 2])))'],
    ["x not in ('a',) or y is not none", '((x not in ["a"]) or (y is not null))'],
    ["a <= -2.5e1", '(a <= -25)'],
    ["'a' 'b' ~ c", '("ab" ~ c)'],
    ["x | join(', ') | upper", '((x | join(", ")) | upper())'],
    ["',' if not loop.last", '("," if (not loop.last))'],
    ["1 if a else 2 if b else 3", '(1 if a else (2 if b else 3))'],
    ["{'a': [1, True], 'b': None}", '{"a": [1, true], "b": null}'],
    ["d['k'][0].x", 'd["k"][0].x'],
    ["'it\\'s'", '"it\'s"'],
    ["(a)", 'a'],
    ["a + b * c", '(a + (b * c))'],
  ])('%s', (text, expected) => {
    expect(show(parseJinjaExpression(text))).toBe(expected);
  });

  it.each(['ref(', "'open", 'a b', '[1, 2', '{1}', 'a.', ')'])('%s is not an expression', (text) => {
    expect(parseJinjaExpression(text)).toBeUndefined();
  });

  it('calleeName reads a dotted callee', () => {
    expect(calleeName(parseJinjaExpression("api.Column.translate_type('x')")!)).toBe('api.Column.translate_type');
    expect(calleeName(parseJinjaExpression('f()()')!)).toBeUndefined();
  });
});
