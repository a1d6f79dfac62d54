/**
 * Jinja's Python-style expressions, parsed into a small tree: what the MESH132 hints
 * (`jinja-translate.ts`) and `mesh import dbt`'s converter (`src/import/jinja/`) both read.
 * Literals, names, attributes, calls with keyword arguments, lists, tuples, dicts, subscripts,
 * `not`/`and`/`or`, comparisons, `in`, `is`, arithmetic, `~`, filters and `a if c else b`: enough
 * to tell exactly what a dbt project wrote, so that a caller converts it or names what it cannot.
 */
export type JinjaExpr =
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null }
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'attr'; readonly object: JinjaExpr; readonly name: string }
  | { readonly kind: 'call'; readonly callee: JinjaExpr; readonly args: readonly JinjaExpr[]; readonly kwargs: readonly JinjaKwarg[] }
  | { readonly kind: 'list'; readonly items: readonly JinjaExpr[] }
  | { readonly kind: 'dict'; readonly entries: readonly (readonly [JinjaExpr, JinjaExpr])[] }
  | { readonly kind: 'index'; readonly object: JinjaExpr; readonly index: JinjaExpr }
  | { readonly kind: 'unary'; readonly op: 'not' | '-' | '+'; readonly operand: JinjaExpr }
  | { readonly kind: 'binary'; readonly op: string; readonly left: JinjaExpr; readonly right: JinjaExpr }
  | { readonly kind: 'filter'; readonly operand: JinjaExpr; readonly name: string; readonly args: readonly JinjaExpr[] }
  | { readonly kind: 'conditional'; readonly test: JinjaExpr; readonly then: JinjaExpr; readonly otherwise?: JinjaExpr };

export interface JinjaKwarg {
  readonly name: string;
  readonly value: JinjaExpr;
}

type Token = { readonly kind: 'name' | 'string' | 'number' | 'op'; readonly text: string };

/** The expression the whole text is; undefined when it is not one (a syntax error, or text left over). */
export function parseJinjaExpression(text: string): JinjaExpr | undefined {
  const tokens = tokenize(text);
  if (!tokens) return undefined;
  const parser = new Parser(tokens);
  try {
    const expr = parser.expression();
    return parser.done() ? expr : undefined;
  } catch {
    return undefined;
  }
}

/** `a.b.c` as one dotted name (`dbt.date_trunc`, `target.type`); undefined for anything else. */
export function dottedName(expr: JinjaExpr): string | undefined {
  if (expr.kind === 'name') return expr.name;
  if (expr.kind !== 'attr') return undefined;
  const object = dottedName(expr.object);
  return object === undefined ? undefined : `${object}.${expr.name}`;
}

/** The name a call calls (`ref`, `dbt_utils.star`), when it calls a dotted name. */
export function calleeName(expr: JinjaExpr): string | undefined {
  return expr.kind === 'call' ? dottedName(expr.callee) : undefined;
}

const PYTHON_CONSTANTS: Readonly<Record<string, boolean | null>> = { True: true, False: false, None: null, true: true, false: false, none: null };
const COMPARISONS = new Set(['==', '!=', '<', '>', '<=', '>=']);

/** Thrown inside the parser only, caught by parseJinjaExpression. */
class SyntaxProblem extends Error {}

class Parser {
  private at = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  done(): boolean {
    return this.at === this.tokens.length;
  }

  expression(): JinjaExpr {
    const then = this.or();
    if (!this.isWord('if')) return then;
    this.at++;
    const test = this.or();
    if (!this.isWord('else')) return { kind: 'conditional', test, then };
    this.at++;
    return { kind: 'conditional', test, then, otherwise: this.expression() };
  }

  private or(): JinjaExpr {
    let left = this.and();
    while (this.isWord('or')) {
      this.at++;
      left = { kind: 'binary', op: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): JinjaExpr {
    let left = this.not();
    while (this.isWord('and')) {
      this.at++;
      left = { kind: 'binary', op: 'and', left, right: this.not() };
    }
    return left;
  }

  private not(): JinjaExpr {
    if (this.isWord('not')) {
      this.at++;
      return { kind: 'unary', op: 'not', operand: this.not() };
    }
    return this.comparison();
  }

  private comparison(): JinjaExpr {
    let left = this.sum();
    for (;;) {
      const token = this.peek();
      if (token?.kind === 'op' && COMPARISONS.has(token.text)) {
        this.at++;
        left = { kind: 'binary', op: token.text, left, right: this.sum() };
      } else if (this.isWord('in')) {
        this.at++;
        left = { kind: 'binary', op: 'in', left, right: this.sum() };
      } else if (this.isWord('not') && this.tokens[this.at + 1]?.kind === 'name' && this.tokens[this.at + 1]?.text === 'in') {
        this.at += 2;
        left = { kind: 'binary', op: 'not in', left, right: this.sum() };
      } else if (this.isWord('is')) {
        this.at++;
        const negated = this.isWord('not');
        if (negated) this.at++;
        left = { kind: 'binary', op: negated ? 'is not' : 'is', left, right: this.sum() };
      } else return left;
    }
  }

  private sum(): JinjaExpr {
    let left = this.product();
    for (let token = this.peek(); token?.kind === 'op' && ['+', '-', '~'].includes(token.text); token = this.peek()) {
      this.at++;
      left = { kind: 'binary', op: token.text, left, right: this.product() };
    }
    return left;
  }

  private product(): JinjaExpr {
    let left = this.unary();
    for (let token = this.peek(); token?.kind === 'op' && ['*', '/', '//', '%', '**'].includes(token.text); token = this.peek()) {
      this.at++;
      left = { kind: 'binary', op: token.text, left, right: this.unary() };
    }
    return left;
  }

  private unary(): JinjaExpr {
    const token = this.peek();
    if (token?.kind === 'op' && (token.text === '-' || token.text === '+')) {
      this.at++;
      const operand = this.unary();
      if (operand.kind === 'literal' && typeof operand.value === 'number') return { kind: 'literal', value: token.text === '-' ? -operand.value : operand.value };
      return { kind: 'unary', op: token.text, operand };
    }
    return this.filtered();
  }

  private filtered(): JinjaExpr {
    let operand = this.postfix();
    while (this.isOp('|')) {
      this.at++;
      const name = this.next();
      if (name.kind !== 'name') throw new SyntaxProblem();
      let full = name.text;
      while (this.isOp('.')) {
        this.at++;
        full += `.${this.next().text}`;
      }
      const args = this.isOp('(') ? this.arguments().args : [];
      operand = { kind: 'filter', operand, name: full, args };
    }
    return operand;
  }

  private postfix(): JinjaExpr {
    let expr = this.primary();
    for (;;) {
      if (this.isOp('.')) {
        this.at++;
        const name = this.next();
        if (name.kind !== 'name' && name.kind !== 'number') throw new SyntaxProblem();
        expr = { kind: 'attr', object: expr, name: name.text };
      } else if (this.isOp('(')) {
        const { args, kwargs } = this.arguments();
        expr = { kind: 'call', callee: expr, args, kwargs };
      } else if (this.isOp('[')) {
        this.at++;
        const index = this.expression();
        this.expect(']');
        expr = { kind: 'index', object: expr, index };
      } else return expr;
    }
  }

  private arguments(): { args: JinjaExpr[]; kwargs: JinjaKwarg[] } {
    this.expect('(');
    const args: JinjaExpr[] = [];
    const kwargs: JinjaKwarg[] = [];
    while (!this.isOp(')')) {
      if (args.length + kwargs.length > 0) this.expect(',');
      if (this.isOp(')')) break;
      const token = this.peek();
      if (token?.kind === 'name' && this.tokens[this.at + 1]?.text === '=') {
        this.at += 2;
        kwargs.push({ name: token.text, value: this.expression() });
      } else args.push(this.expression());
    }
    this.at++;
    return { args, kwargs };
  }

  private primary(): JinjaExpr {
    const token = this.next();
    if (token.kind === 'string') {
      // Python joins adjacent string literals.
      let value = token.text;
      while (this.peek()?.kind === 'string') value += this.next().text;
      return { kind: 'literal', value };
    }
    if (token.kind === 'number') return { kind: 'literal', value: Number(token.text) };
    if (token.kind === 'name') {
      if (token.text in PYTHON_CONSTANTS) return { kind: 'literal', value: PYTHON_CONSTANTS[token.text]! };
      return { kind: 'name', name: token.text };
    }
    if (token.text === '(' || token.text === '[') {
      const close = token.text === '(' ? ')' : ']';
      const items: JinjaExpr[] = [];
      let tuple = token.text === '[';
      while (!this.isOp(close)) {
        if (items.length > 0) {
          this.expect(',');
          tuple = true;
          if (this.isOp(close)) break;
        }
        items.push(this.expression());
      }
      this.at++;
      // `(a)` is a parenthesised expression; `(a,)`, `(a, b)` and `[…]` are sequences.
      return tuple || items.length !== 1 ? { kind: 'list', items } : items[0]!;
    }
    if (token.text === '{') {
      const entries: [JinjaExpr, JinjaExpr][] = [];
      while (!this.isOp('}')) {
        if (entries.length > 0) {
          this.expect(',');
          if (this.isOp('}')) break;
        }
        const key = this.expression();
        this.expect(':');
        entries.push([key, this.expression()]);
      }
      this.at++;
      return { kind: 'dict', entries };
    }
    throw new SyntaxProblem();
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private next(): Token {
    const token = this.tokens[this.at++];
    if (!token) throw new SyntaxProblem();
    return token;
  }

  private isOp(text: string): boolean {
    const token = this.tokens[this.at];
    return token?.kind === 'op' && token.text === text;
  }

  private isWord(word: string): boolean {
    const token = this.tokens[this.at];
    return token?.kind === 'name' && token.text === word;
  }

  private expect(text: string): void {
    if (!this.isOp(text)) throw new SyntaxProblem();
    this.at++;
  }
}

const TOKEN = /\s*(?:'((?:[^'\\]|\\[\s\S])*)'|"((?:[^"\\]|\\[\s\S])*)"|(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|([A-Za-z_]\w*)|(\*\*|\/\/|==|!=|<=|>=|[-+*/%~|.,:()[\]{}<>=]))/y;
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '0': '\0' };

function tokenize(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  const pattern = new RegExp(TOKEN);
  while (pattern.lastIndex < text.length) {
    const start = pattern.lastIndex;
    const m = pattern.exec(text);
    if (!m) return /^\s*$/.test(text.slice(start)) ? tokens : undefined;
    if (m[1] !== undefined || m[2] !== undefined) tokens.push({ kind: 'string', text: (m[1] ?? m[2]!).replace(/\\([\s\S])/g, (_, c: string) => ESCAPES[c] ?? c) });
    else if (m[3] !== undefined) tokens.push({ kind: 'number', text: m[3] });
    else if (m[4] !== undefined) tokens.push({ kind: 'name', text: m[4] });
    else tokens.push({ kind: 'op', text: m[5]! });
  }
  return tokens;
}
