import type { SqlLexicon, SqlQuote } from '../adapters/dialect.js';
import { translateCall, translateExpression } from './jinja-translate.js';

/** A dbt/Jinja construct written where meshwork expects Handlebars, and its meshwork form. */
export interface JinjaConstruct {
  /** 1-based, in the template text. */
  readonly line: number;
  readonly column: number;
  /** As written (the first line of it). */
  readonly written: string;
  /** What to write instead. */
  readonly meshwork: string;
}

/** Read when no dialect is given: every quote and comment either engine knows. */
const ANY_SQL: SqlLexicon = {
  quotes: ["'", '"', '`'].map((q) => ({ open: q, close: q, doubled: true, backslash: true })),
  lineComments: ['--'],
  nestedBlockComments: false,
  dollarQuotes: false,
};

/**
 * Finds Jinja written by habit, before Handlebars reads the template: `{{ f(…) }}` (a call in
 * Python syntax, which Handlebars rejects with a grammar message), `{% … %}` and `{# … #}` (which
 * Handlebars passes through as text, for the engine to reject). `{{ }}` is looked at everywhere, since
 * Handlebars parses it inside SQL strings and comments too; `{%` and `{#` only in SQL code, so that
 * `like '{%'` or a comment about Jinja is no false alarm.
 */
export function findJinja(text: string, lexicon: SqlLexicon = ANY_SQL): JinjaConstruct[] {
  // Most templates hold none of it: one regular expression instead of a walk.
  if (!/\{[%#]|\{\{[^}]*\(/.test(text)) return [];
  const found: JinjaConstruct[] = [];
  const at = (offset: number, written: string, meshwork: string): void => {
    const line = lineOf(text, offset);
    const column = offset - text.lastIndexOf('\n', offset - 1);
    found.push({ line, column, written: written.split(/\r?\n/)[0]!, meshwork });
  };
  let state: { kind: 'code' } | { kind: 'quote'; quote: SqlQuote } | { kind: 'line' } | { kind: 'block'; depth: number } = { kind: 'code' };
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('\\{{', i)) {
      i += 3;
      continue;
    }
    if (text.startsWith('{{', i)) {
      const end = mustacheEnd(text, i);
      const inner = text.slice(i, end);
      const meshwork = mustacheHint(inner);
      if (meshwork) at(i, inner, meshwork);
      // A `--` comment ends at the line break, even one inside a `{{!-- … --}}` written in it.
      if (state.kind === 'line' && inner.includes('\n')) state = { kind: 'code' };
      i = end;
      continue;
    }
    const c = text[i]!;
    if (state.kind === 'code') {
      if (text.startsWith('{%', i) || text.startsWith('{#', i)) {
        const close = text[i + 1] === '%' ? '%}' : '#}';
        const end = closeOf(text, i + 2, close);
        const written = text.slice(i, end);
        at(i, written, close === '#}' ? commentHint(written) : blockHint(written));
        i = end;
        continue;
      }
      if (lexicon.lineComments.some((mark) => text.startsWith(mark, i))) state = { kind: 'line' };
      else if (text.startsWith('/*', i)) {
        state = { kind: 'block', depth: 1 };
        i += 2;
        continue;
      } else {
        const quote = quoteAt(text, i, lexicon);
        if (quote) {
          state = { kind: 'quote', quote };
          i += quote.open.length;
          continue;
        }
      }
      i++;
    } else if (state.kind === 'line') {
      if (c === '\n') state = { kind: 'code' };
      i++;
    } else if (state.kind === 'block') {
      if (text.startsWith('*/', i)) {
        state = --state.depth === 0 ? { kind: 'code' } : state;
        i += 2;
      } else if (lexicon.nestedBlockComments && text.startsWith('/*', i)) {
        state.depth++;
        i += 2;
      } else i++;
    } else {
      const { quote } = state;
      if (quote.backslash && c === '\\') i += 2;
      else if (text.startsWith(quote.close, i)) {
        if (quote.doubled && text.startsWith(quote.close, i + quote.close.length)) i += 2 * quote.close.length;
        else {
          state = { kind: 'code' };
          i += quote.close.length;
        }
      } else i++;
    }
  }
  return found;
}

/** The SQL string or quoted name opening at `at`: a prefixed one (`E'…'`) where a word starts, `$tag$…$tag$` as a quote of its own. */
function quoteAt(text: string, at: number, lexicon: SqlLexicon): SqlQuote | undefined {
  const wordBefore = /[A-Za-z0-9_$\u0080-\uffff]/.test(text[at - 1] ?? '');
  const quote = lexicon.quotes.find((q) =>
    /^[A-Za-z]/.test(q.open) ? !wordBefore && text.slice(at, at + q.open.length).toUpperCase() === q.open.toUpperCase() : text.startsWith(q.open, at),
  );
  if (quote || !lexicon.dollarQuotes || text[at] !== '$' || wordBefore) return quote;
  const tag = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(text.slice(at, at + 256))?.[0];
  return tag ? { open: tag, close: tag, doubled: false, backslash: false } : undefined;
}

/** Just past a `{{ … }}`: Handlebars comments end at their own mark; quotes inside are skipped over. */
function mustacheEnd(text: string, from: number): number {
  if (text.startsWith('{{!--', from)) return endAfter(text, from + 5, '--}}');
  if (text.startsWith('{{!', from)) return endAfter(text, from + 3, '}}');
  const end = closeOf(text, from + 2, '}}');
  return text[end] === '}' ? end + 1 : end;
}

/** Just past `close`, skipping quoted strings (`{% if x == '%}' %}`); the end of the text when it never comes. */
function closeOf(text: string, from: number, close: string): number {
  let i = from;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      // A lone quote (an apostrophe in a comment) is only a character.
      if (end >= 0 && !text.slice(i, end).includes(close)) {
        i = end + 1;
        continue;
      }
    }
    if (text.startsWith(close, i)) return i + close.length;
    i++;
  }
  return text.length;
}

function endAfter(text: string, from: number, close: string): number {
  const end = text.indexOf(close, from);
  return end < 0 ? text.length : end + close.length;
}

/** The meshwork form of a `{{ … }}` written in Jinja's call syntax; undefined when it is Handlebars. */
function mustacheHint(written: string): string | undefined {
  if (written.startsWith('{{!')) return undefined;
  const inner = stripMarks(written, '{{', '}}');
  // `name(` with no space: Handlebars writes `(var "x")` as an argument, never a name glued to `(`.
  if (!/^[A-Za-z_][\w.]*\(/.test(inner) && !/\b[A-Za-z_][\w.]*\(\s*['"]/.test(inner)) return undefined;
  const call = /^([A-Za-z_][\w.]*)\(/.exec(inner)?.[1];
  if (call === 'config') return configHint(inner);
  if (call === 'is_incremental') return '{{#if is_incremental}} … {{/if}}';
  if (call === 'this') return '{{this}}';
  const translated = translateCall(inner);
  if (translated && call === 'source') return `{{${translated}}}, the source declared by that name under sources: in domain.yaml`;
  if (translated && call === 'ref' && /,/.test(inner)) return `{{${translated}}} for a model of this domain; another domain is read through {{contract "domain.product" version=1}}`;
  const helper = call ? PACKAGE_HELPERS[call] : undefined;
  if (helper) return helper;
  if (translated && call?.includes('.')) return `a meshwork helper, {{name "argument"}}: dbt packages' macros are not part of meshwork`;
  return translated ? `{{${translated}}}` : '{{helper "argument" name="value"}}: a helper name, then its arguments separated by spaces, strings in double quotes';
}

/** dbt's cross-database macros and the dbt_utils ones meshwork has a helper for (argument orders differ). */
const PACKAGE_HELPERS: Readonly<Record<string, string>> = {
  'dbt.date_trunc': '{{date_trunc "month" "expr"}}',
  'dbt.dateadd': '{{date_add "expr" 3 "day"}}',
  'dbt.datediff': '{{date_diff "day" "start" "end"}}',
  'dbt.safe_cast': '{{safe_cast "expr" "integer"}}',
  'dbt_utils.generate_surrogate_key': '{{surrogate_key (list "a" "b")}}',
  'dbt_utils.surrogate_key': '{{surrogate_key (list "a" "b")}}',
  'dbt_utils.star': '{{star except=(list "a") relation_alias="o"}}',
};

/** `{{ config(materialized='table') }}` → the YAML header comment meshwork reads its configuration from. */
function configHint(inner: string): string {
  const pairs = [...inner.matchAll(/(\w+)\s*=\s*('[^']*'|"[^"]*"|[\w.]+|\[[^\]]*\])/g)].map(([, key, value]) => `${key}: ${value!.replace(/["']/g, '')}`);
  if (pairs.length <= 1) return `a YAML header comment at the top of the file: /* ${pairs[0] ?? 'materialized: table'} */`;
  return `a YAML header comment at the top of the file, one key a line: /* ${pairs.join('; ')} */`;
}

function commentHint(written: string): string {
  return `{{!-- ${stripMarks(written, '{#', '#}')} --}}`;
}

/** `{% if … %}`, `{% for … %}` and their ends, as the Handlebars block that does the same. */
function blockHint(written: string): string {
  const inner = stripMarks(written, '{%', '%}');
  const [, tag = '', rest = ''] = /^(\w+)\s*([\s\S]*)$/.exec(inner) ?? [];
  switch (tag) {
    case 'if':
      return `{{#if ${translateExpression(rest) ?? '…'}}} … {{/if}}`;
    case 'elif':
      return `{{else if ${translateExpression(rest) ?? '…'}}}`;
    case 'else':
      return '{{else}}';
    case 'endif':
      return '{{/if}}';
    case 'for': {
      const loop = /^(\w+)\s+in\s+([\s\S]+)$/.exec(rest);
      const list = loop ? (translateExpression(loop[2]!) ?? '…') : '…';
      return `{{#each ${list}${loop ? ` as |${loop[1]}|` : ''}}} … {{/each}}`;
    }
    case 'endfor':
      return '{{/each}}';
    case 'set':
      return 'declare the value under vars: in mesh.yaml and write {{var "name"}}';
    default:
      return `a Handlebars block: {{#helper …}} … {{/helper}}; meshwork has no {% ${tag || '…'} %}`;
  }
}

/** The text between the marks, without Jinja's `-`/`+` whitespace control. */
function stripMarks(written: string, open: string, close: string): string {
  let inner = written.slice(open.length);
  if (inner.endsWith(close)) inner = inner.slice(0, -close.length);
  return inner.replace(/^[-+]/, '').replace(/-$/, '').trim();
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
