/**
 * Jinja's Python-style expressions (`ref('a')`, `var('x', 'd')`, `source('a', 'b')`) rewritten as
 * Handlebars arguments, for the hints of MESH132. Only the simple shapes dbt projects are full of:
 * names, strings, numbers and calls; anything else (operators, filters, lists) is left undefined
 * and the hint shows a placeholder instead of a guess.
 */
type Token = { readonly kind: 'name' | 'string' | 'number' | 'punct'; readonly text: string };

type Expr = { readonly kind: 'value'; readonly text: string } | { readonly kind: 'call'; readonly name: string; readonly args: readonly Arg[] };
type Arg = { readonly name?: string; readonly value: Expr };

/** `ref('a')` → `ref "a"`: the inside of a mustache. */
export function translateCall(text: string): string | undefined {
  const expr = parse(text);
  return expr?.kind === 'call' ? callText(expr) : undefined;
}

/** `is_incremental()` → `is_incremental`, `var('m')` → `(var "m")`: an argument of `{{#if}}` or `{{#each}}`. */
export function translateExpression(text: string): string | undefined {
  const expr = parse(text);
  return expr ? argText(expr) : undefined;
}

function parse(text: string): Expr | undefined {
  const tokens = tokenize(text.trim());
  if (!tokens) return undefined;
  let at = 0;
  const expression = (): Expr | undefined => {
    const token = tokens[at++];
    if (!token || token.kind === 'punct') return undefined;
    if (token.kind === 'string') return { kind: 'value', text: JSON.stringify(token.text) };
    if (token.kind === 'number') return { kind: 'value', text: token.text };
    if (tokens[at]?.text !== '(') return { kind: 'value', text: PYTHON_CONSTANTS[token.text] ?? token.text };
    at++;
    const args: Arg[] = [];
    while (tokens[at]?.text !== ')') {
      if (args.length > 0 && tokens[at++]?.text !== ',') return undefined;
      const named = tokens[at]?.kind === 'name' && tokens[at + 1]?.text === '=' ? tokens[at]!.text : undefined;
      if (named) at += 2;
      const value = expression();
      if (!value) return undefined;
      args.push(named ? { name: named, value } : { value });
    }
    at++;
    return { kind: 'call', name: token.text, args };
  };
  const expr = expression();
  return expr && at === tokens.length ? expr : undefined;
}

const PYTHON_CONSTANTS: Readonly<Record<string, string>> = { True: 'true', False: 'false', None: 'null', true: 'true', false: 'false', none: 'null' };

function callText(call: Extract<Expr, { kind: 'call' }>): string {
  // Values meshwork's helpers take without a call: `{{this}}`, `{{#if is_incremental}}`.
  if (call.args.length === 0 && (call.name === 'this' || call.name === 'is_incremental')) return call.name;
  const positional = call.args.length === 2 && !call.args[0]!.name && !call.args[1]!.name;
  // dbt's `var('x', 'default')`: meshwork names the default. dbt's `source('schema', 'table')` and
  // `ref('package', 'model')`: a meshwork source or model is one name within its domain.
  // dbt's `env_var('X', 'default')` is meshwork's `env "X" default="…"`.
  const name = call.name === 'env_var' ? 'env' : call.name;
  const args =
    (name === 'var' || name === 'env') && positional
      ? [call.args[0]!, { name: 'default', value: call.args[1]!.value }]
      : (call.name === 'source' || call.name === 'ref') && positional
        ? [call.args[1]!]
        : call.args;
  return [name, ...args.map((a) => (a.name ? `${a.name}=${argText(a.value)}` : argText(a.value)))].join(' ');
}

function argText(expr: Expr): string {
  if (expr.kind === 'value') return expr.text;
  const text = callText(expr);
  return text.includes(' ') ? `(${text})` : text;
}

function tokenize(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  const pattern = /\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?)|([A-Za-z_][\w.]*)|([(),=]))/y;
  while (pattern.lastIndex < text.length) {
    const start = pattern.lastIndex;
    const m = pattern.exec(text);
    if (!m) return /^\s*$/.test(text.slice(start)) ? tokens : undefined;
    if (m[1] !== undefined || m[2] !== undefined) tokens.push({ kind: 'string', text: (m[1] ?? m[2]!).replace(/\\(.)/g, '$1') });
    else if (m[3] !== undefined) tokens.push({ kind: 'number', text: m[3] });
    else if (m[4] !== undefined) tokens.push({ kind: 'name', text: m[4] });
    else tokens.push({ kind: 'punct', text: m[5]! });
  }
  return tokens;
}
