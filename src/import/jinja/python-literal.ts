import type { JinjaExpr } from '../../template/jinja-expression.js';

/** A Python literal's value (`'a'`, `2`, `True`, `None`, `['a', 1]`, `{'k': 'v'}`, nested); undefined when the expression is not one. */
export function literalValue(expr: JinjaExpr): unknown {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'list': {
      const items = expr.items.map(literalValue);
      return items.includes(undefined) ? undefined : items;
    }
    case 'dict': {
      const out: Record<string, unknown> = {};
      for (const [key, value] of expr.entries) {
        const k = literalValue(key);
        const v = literalValue(value);
        if ((typeof k !== 'string' && typeof k !== 'number') || v === undefined) return undefined;
        out[String(k)] = v;
      }
      return out;
    }
    default:
      return undefined;
  }
}

/** A value as a Handlebars argument: `"text"`, `2`, `true`, `null`, `(list "a" "b")`; undefined for a mapping (Handlebars writes none). */
export function valueArgument(value: unknown): string | undefined {
  if (typeof value === 'string') return handlebarsString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    const items = value.map(valueArgument);
    return items.includes(undefined) ? undefined : `(list${items.map((i) => ` ${i}`).join('')})`;
  }
  return undefined;
}

/** A Handlebars string literal; `"` inside is escaped the way Handlebars' lexer reads it. */
export function handlebarsString(value: string): string {
  return `"${value.replace(/"/g, '\\"')}"`;
}

/** How Jinja prints a scalar: Python's spelling of True, False and None. */
export function printedScalar(value: string | number | boolean | null): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null) return 'None';
  return String(value);
}
