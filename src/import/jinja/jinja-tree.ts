/**
 * A dbt file's text read as Jinja reads it: text, `{{ … }}`, `{% … %}` and `{# … #}` (anywhere,
 * SQL strings included, as Jinja does), with `{% if %}`/`{% for %}`/`{% macro %}`… blocks matched
 * to their ends. Offsets are kept, so that a construct the converter leaves alone is copied as
 * written, and lines, so that problems point at the dbt file.
 */

/** One `{{ }}`, `{% %}` or `{# #}` as written. */
export interface JinjaTag {
  readonly kind: 'print' | 'statement' | 'comment';
  /** Offsets of the whole tag in the text. */
  readonly start: number;
  readonly end: number;
  /** 1-based line of its start. */
  readonly line: number;
  /** Between the marks, without whitespace control, trimmed. */
  readonly inner: string;
  /** `{{-`, `{%-`: Jinja strips the whitespace before it. */
  readonly trimBefore: boolean;
  /** `-}}`, `-%}`: and after it. */
  readonly trimAfter: boolean;
  /** A statement's first word (`if`, `endfor`, `set`); '' for others. */
  readonly keyword: string;
  /** A statement's text after its keyword. */
  readonly rest: string;
}

export type JinjaNode =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'tag'; readonly tag: JinjaTag }
  | { readonly kind: 'block'; readonly keyword: string; readonly branches: readonly JinjaBranch[]; readonly end?: JinjaTag; readonly start: number; readonly stop: number };

/** `{% if %}` and each `{% elif %}`/`{% else %}` with the nodes up to the next; a `{% for %}`'s `{% else %}` too. */
export interface JinjaBranch {
  readonly tag: JinjaTag;
  readonly body: readonly JinjaNode[];
}

/** Statements that open a block closed by `end<keyword>`. `set` only without `=` (`{% set x %}…{% endset %}`). */
const BLOCKS = new Set(['if', 'for', 'macro', 'test', 'call', 'filter', 'set', 'raw', 'materialization', 'snapshot', 'docs', 'block', 'with', 'autoescape', 'trans']);
const BRANCHES: Readonly<Record<string, readonly string[]>> = { if: ['elif', 'else'], for: ['else'] };

export function readJinja(text: string): JinjaNode[] {
  const tags = scanTags(text);
  let at = 0;
  let offset = 0;
  const take = (until: number, into: JinjaNode[]): void => {
    if (until > offset) into.push({ kind: 'text', text: text.slice(offset, until) });
    offset = until;
  };
  // Nodes until a tag whose keyword is in `stops` (not consumed) or the end of the tags.
  const nodes = (stops: ReadonlySet<string>): JinjaNode[] => {
    const out: JinjaNode[] = [];
    while (at < tags.length) {
      const tag = tags[at]!;
      if (tag.kind === 'statement' && stops.has(tag.keyword)) {
        take(tag.start, out);
        return out;
      }
      take(tag.start, out);
      at++;
      offset = tag.end;
      if (tag.kind === 'statement' && opensBlock(tag)) out.push(block(tag));
      else out.push({ kind: 'tag', tag });
    }
    take(text.length, out);
    return out;
  };
  const block = (open: JinjaTag): JinjaNode => {
    const endWord = `end${open.keyword}`;
    const branchWords = BRANCHES[open.keyword] ?? [];
    if (open.keyword === 'raw') {
      // Nothing inside {% raw %} is Jinja: up to the first {% endraw %}.
      const endAt = tags.findIndex((t, i) => i >= at && t.kind === 'statement' && t.keyword === 'endraw');
      const body: JinjaNode[] = [{ kind: 'text', text: text.slice(open.end, endAt >= 0 ? tags[endAt]!.start : text.length) }];
      const end = endAt >= 0 ? tags[endAt] : undefined;
      at = endAt >= 0 ? endAt + 1 : tags.length;
      offset = end ? end.end : text.length;
      return { kind: 'block', keyword: 'raw', branches: [{ tag: open, body }], ...(end ? { end } : {}), start: open.start, stop: offset };
    }
    const stops = new Set([endWord, ...branchWords]);
    const branches: JinjaBranch[] = [];
    let tag = open;
    for (;;) {
      const body = nodes(stops);
      branches.push({ tag, body });
      const next = tags[at];
      if (!next || next.kind !== 'statement' || !stops.has(next.keyword)) {
        return { kind: 'block', keyword: open.keyword, branches, start: open.start, stop: offset };
      }
      at++;
      offset = next.end;
      if (next.keyword === endWord) return { kind: 'block', keyword: open.keyword, branches, end: next, start: open.start, stop: next.end };
      tag = next;
    }
  };
  return nodes(new Set());
}

function opensBlock(tag: JinjaTag): boolean {
  if (!BLOCKS.has(tag.keyword)) return false;
  // `{% set x = 1 %}` is a statement; `{% set x %}…{% endset %}` a block.
  return tag.keyword !== 'set' || !/=/.test(tag.rest.replace(/(['"])(?:\\.|(?!\1).)*\1/g, ''));
}

const OPEN = /\{\{|\{%|\{#/g;

function scanTags(text: string): JinjaTag[] {
  const tags: JinjaTag[] = [];
  const lines = lineStarts(text);
  const open = new RegExp(OPEN);
  for (let m = open.exec(text); m; m = open.exec(text)) {
    const start = m.index;
    const mark = m[0];
    const close = mark === '{{' ? '}}' : mark === '{%' ? '%}' : '#}';
    const end = mark === '{#' ? endAfter(text, start + 2, close) : closeOf(text, start + 2, close);
    const raw = text.slice(start + 2, end >= 0 ? end - 2 : text.length);
    const trimBefore = raw.startsWith('-');
    const trimAfter = end >= 0 && raw.endsWith('-') && raw.length > (trimBefore ? 1 : 0);
    const inner = raw.slice(trimBefore || raw.startsWith('+') ? 1 : 0, trimAfter || raw.endsWith('+') ? raw.length - 1 : raw.length).trim();
    const kind = mark === '{{' ? 'print' : mark === '{%' ? 'statement' : 'comment';
    const words = kind === 'statement' ? /^(\w*)\s*([\s\S]*)$/.exec(inner) : null;
    tags.push({ kind, start, end: end >= 0 ? end : text.length, line: lineAt(lines, start), inner, trimBefore, trimAfter, keyword: words?.[1] ?? '', rest: words?.[2]?.trim() ?? '' });
    open.lastIndex = end >= 0 ? end : text.length;
  }
  return tags;
}

/** Just past `close`, skipping quoted strings (`{{ "}}" }}`); -1 when it never comes. */
function closeOf(text: string, from: number, close: string): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      // A lone quote is only a character.
      if (end >= 0 && !text.slice(i, end).includes('\n\n')) {
        i = end;
        continue;
      }
    }
    if (text.startsWith(close, i)) return i + close.length;
  }
  return -1;
}

function endAfter(text: string, from: number, close: string): number {
  const end = text.indexOf(close, from);
  return end < 0 ? -1 : end + close.length;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineAt(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}

/** The line breaks in a piece of text, as written (CRLF stays CRLF): what replaces a construct keeps the file's line count. */
export function lineBreaks(text: string): string {
  return (text.match(/\r\n|\r|\n/g) ?? []).join('');
}
