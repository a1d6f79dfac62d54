import type { SqlLexicon, SqlQuote } from '../adapters/dialect.js';

/** One statement of a SQL text: from its first token to the `;` that ends it (or the end of the text). */
export interface StatementSpan {
  readonly start: number;
  readonly end: number;
}

export interface SplitSql {
  /** Statements with at least one token of code; the nothing between `;;` is not a statement. */
  readonly statements: readonly StatementSpan[];
  /** Offsets of every `;` that separates statements: outside strings, quoted names and comments. */
  readonly separators: readonly number[];
}

/**
 * Splits SQL where the engine would, reading only what decides it: strings, quoted names and
 * comments per the dialect's lexicon. Synchronous and engine-free, so compiling needs no database;
 * test/compile/split-statements.test.ts holds it to DuckDB's own `extract_statements`. Unclosed
 * strings and comments run to the end (the engine reports them when it reads the query).
 */
export function splitStatements(sql: string, lexicon: SqlLexicon): SplitSql {
  const statements: StatementSpan[] = [];
  const separators: number[] = [];
  const next = interesting(lexicon);
  const code = /[^\u0000-\u0020]/g; // anything but a blank, as the engines read blanks
  let start = -1;
  let i = 0;
  while (i < sql.length) {
    // Jump to the next character that may start something; what lies between is plain code or blanks.
    next.lastIndex = i;
    const found = next.exec(sql);
    const at = found ? found.index : sql.length;
    if (start < 0) {
      code.lastIndex = i;
      const first = code.exec(sql);
      if (first && first.index < at) start = first.index;
    }
    if (!found) break;
    i = at;
    if (sql[i] === ';') {
      if (start >= 0) statements.push({ start, end: i });
      start = -1;
      separators.push(i++);
      continue;
    }
    if (lexicon.lineComments.some((mark) => sql.startsWith(mark, i))) {
      const newline = sql.indexOf('\n', i);
      i = newline < 0 ? sql.length : newline + 1;
      continue;
    }
    if (sql.startsWith('/*', i)) {
      i = blockCommentEnd(sql, i, lexicon.nestedBlockComments);
      continue;
    }
    if (start < 0) start = i;
    const quote = quoteAt(sql, i, lexicon.quotes);
    if (quote) {
      i = quotedEnd(sql, i + quote.open.length, quote);
      continue;
    }
    const tag = lexicon.dollarQuotes && sql[i] === '$' && !isWordChar(sql[i - 1]) ? DOLLAR_TAG.exec(sql.slice(i, i + 256))?.[0] : undefined;
    if (tag) {
      const close = sql.indexOf(tag, i + tag.length);
      i = close < 0 ? sql.length : close + tag.length;
      continue;
    }
    i++;
  }
  if (start >= 0) statements.push({ start, end: sql.length });
  return { statements, separators };
}

/** Where something may start: a `;`, a comment mark, a quote (a prefixed one at a word start), a `$`. */
/** One pattern per lexicon: building it costs more than scanning most statements. */
const INTERESTING = new WeakMap<SqlLexicon, RegExp>();

function interesting(lexicon: SqlLexicon): RegExp {
  let known = INTERESTING.get(lexicon);
  if (!known) {
    known = interestingPattern(lexicon);
    INTERESTING.set(lexicon, known);
  }
  return known;
}

function interestingPattern(lexicon: SqlLexicon): RegExp {
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  const marks = new Set([';', '/', ...(lexicon.dollarQuotes ? ['$'] : []), ...lexicon.lineComments.map((m) => m[0]!)]);
  const prefixed: string[] = [];
  for (const q of lexicon.quotes) {
    if (/^[A-Za-z]/.test(q.open)) prefixed.push(`(?<![A-Za-z0-9_$\u0080-\uffff])${escape(q.open)}`);
    else marks.add(q.open[0]!);
  }
  return new RegExp([`[${[...marks].map(escape).join('')}]`, ...prefixed].join('|'), 'gi');
}

/** `$$` or `$tag$` (a tag is a name; `$1` is a parameter, not a quote). */
const DOLLAR_TAG = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_$\u0080-\uffff]/.test(c);
}

function quoteAt(sql: string, at: number, quotes: readonly SqlQuote[]): SqlQuote | undefined {
  return quotes.find((q) => {
    if (!/^[A-Za-z]/.test(q.open)) return sql.startsWith(q.open, at);
    // A prefixed opener (E'…') only where a word starts: `some'…'` is not an E-string.
    return sql.slice(at, at + q.open.length).toUpperCase() === q.open.toUpperCase() && !isWordChar(sql[at - 1]);
  });
}

/** The offset just past the closing quote. */
function quotedEnd(sql: string, from: number, quote: SqlQuote): number {
  let i = from;
  while (i < sql.length) {
    if (quote.backslash && sql[i] === '\\') {
      i += 2;
      continue;
    }
    if (sql.startsWith(quote.close, i)) {
      if (quote.doubled && sql.startsWith(quote.close, i + quote.close.length)) {
        i += 2 * quote.close.length;
        continue;
      }
      return i + quote.close.length;
    }
    i++;
  }
  return sql.length;
}

function blockCommentEnd(sql: string, from: number, nested: boolean): number {
  let depth = 0;
  let i = from;
  while (i < sql.length) {
    if (sql.startsWith('/*', i) && (nested || depth === 0)) {
      depth++;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      i += 2;
      if (--depth === 0) return i;
    } else i++;
  }
  return sql.length;
}

/** A stretch of SQL that is not code: a comment, or a string or quoted name from its opening mark to its closing one. */
export interface Span {
  readonly kind: 'comment' | 'quoted';
  readonly start: number;
  readonly end: number;
  /** Quoted: the opening and closing marks' lengths (the closing one 0 when it never closes). */
  readonly open: number;
  readonly close: number;
}

/** Every comment and quoted stretch, in order, per the dialect's lexicon; what lies between is code. */
export function* nonCode(sql: string, lexicon: SqlLexicon): Generator<Span> {
  const next = interesting(lexicon);
  let i = 0;
  while (i < sql.length) {
    next.lastIndex = i;
    const found = next.exec(sql);
    if (!found) return;
    i = found.index;
    let span: Span;
    if (lexicon.lineComments.some((mark) => sql.startsWith(mark, i))) {
      const newline = sql.indexOf('\n', i);
      span = { kind: 'comment', start: i, end: newline < 0 ? sql.length : newline, open: 0, close: 0 };
    } else if (sql.startsWith('/*', i)) {
      span = { kind: 'comment', start: i, end: blockCommentEnd(sql, i, lexicon.nestedBlockComments), open: 0, close: 0 };
    } else {
      const quote = quoteAt(sql, i, lexicon.quotes);
      const tag = !quote && lexicon.dollarQuotes && sql[i] === '$' && !isWordChar(sql[i - 1]) ? DOLLAR_TAG.exec(sql.slice(i, i + 256))?.[0] : undefined;
      if (!quote && !tag) {
        i++;
        continue;
      }
      const [open, close] = quote ? [quote.open, quote.close] : [tag!, tag!];
      const inner = i + open.length;
      let end: number;
      if (quote) end = quotedEnd(sql, inner, quote);
      else {
        const at = sql.indexOf(close, inner);
        end = at < 0 ? sql.length : at + close.length;
      }
      const closed = end - close.length >= inner && sql.startsWith(close, end - close.length);
      span = { kind: 'quoted', start: i, end, open: open.length, close: closed ? close.length : 0 };
    }
    yield span;
    i = span.end;
  }
}

/**
 * The SQL with what is not code blanked: comments and the insides of strings and quoted names
 * become spaces (line breaks kept), so that offsets and lines still match the original. Quote
 * marks and string prefixes (`b'…'`, `r"…"`) stay, to tell what kind of literal was there.
 */
export function blankTextAndComments(sql: string, lexicon: SqlLexicon): string {
  const blank = (from: number, to: number): string => sql.slice(from, to).replace(/[^\r\n]/g, ' ');
  let out = '';
  let copied = 0;
  for (const span of nonCode(sql, lexicon)) {
    const inner = span.start + span.open;
    const innerEnd = span.end - span.close;
    out += sql.slice(copied, inner) + blank(inner, innerEnd) + sql.slice(innerEnd, span.end);
    copied = span.end;
  }
  return out + sql.slice(copied);
}

/**
 * The SQL as a fingerprint reads it: comments dropped and every run of blanks outside strings and
 * quoted names made one space, so reformatting or commenting a model does not count as a change
 * while any change to a string literal or a quoted name does.
 */
export function normalizeSql(sql: string, lexicon: SqlLexicon): string {
  let out = '';
  // Blanks and comments become one space, never two in a row.
  const code = (from: number, to: number): void => {
    const text = sql.slice(from, to).replace(/[\u0000-\u0020]+/g, ' ');
    out += out.endsWith(' ') && text.startsWith(' ') ? text.slice(1) : text;
  };
  let copied = 0;
  for (const span of nonCode(sql, lexicon)) {
    code(copied, span.start);
    if (span.kind === 'quoted') out += sql.slice(span.start, span.end);
    else if (!out.endsWith(' ')) out += ' ';
    copied = span.end;
  }
  code(copied, sql.length);
  return out.trim();
}
