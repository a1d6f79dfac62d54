/**
 * Engine errors point at lines of the rendered SQL; users need lines of their file. Before a
 * template is compiled, every newline in its literal text is followed by an invisible marker that
 * names the source line; after rendering, the markers are stripped into a line map. Repeated
 * blocks repeat their lines, removed blocks take theirs along, so the map stays exact.
 */

import { countLineBreaks, LINE_BREAK } from '../project/line-breaks.js';

const OPEN = '\u0000';
const CLOSE = '\u0001';

/** The part of a Handlebars ContentStatement this module needs (structural, no import). */
interface ContentNode {
  type: string;
  value: string;
  original: string;
  loc?: { start: { line: number; column: number } };
}

/** Walks a parsed template and marks its content; `firstLine` is the file line of template line 1. */
export function markLines(ast: unknown, firstLine: number): void {
  visit(ast, (node) => {
    const original = node.original ?? node.value;
    let removed = 0;
    while (removed < original.length && !original.startsWith(node.value, removed)) removed++;
    const prefix = original.slice(0, removed);
    let line = (node.loc?.start.line ?? 1) + firstLine - 1 + countLineBreaks(prefix);
    // Text that starts a line gets a marker too: a block removed before it must not shift it.
    const startsLine = /[\r\n]$/.test(prefix) || (removed === 0 && node.loc?.start.column === 0);
    const head = startsLine && node.value !== '' ? `${OPEN}${line}${CLOSE}` : '';
    node.value = head + node.value.replace(LINE_BREAK, (brk) => `${brk}${OPEN}${++line}${CLOSE}`);
  });
}

function visit(node: unknown, onContent: (node: ContentNode) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) visit(child, onContent);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  if (record.type === 'ContentStatement' && typeof record.value === 'string') {
    onContent(record as unknown as ContentNode);
    return;
  }
  for (const key of ['body', 'program', 'inverse']) if (key in record) visit(record[key], onContent);
}

/** Removes the markers; `lines[i]` is the source line of output line i+1. */
export function stripLineMarkers(rendered: string, firstLine: number): { text: string; lines: number[] } {
  // Odd entries are the line breaks, kept as the file had them.
  const pieces = rendered.split(/(\r\n?|\n)/);
  if (!rendered.includes(OPEN)) return { text: rendered, lines: pieces.filter((_, i) => i % 2 === 0).map(() => firstLine) };
  const lines: number[] = [];
  const out: string[] = [];
  let current = firstLine;
  for (const [i, raw] of pieces.entries()) {
    if (i % 2 === 1 || !raw.includes(OPEN)) {
      if (i % 2 === 0) lines.push(current);
      out.push(raw);
      continue;
    }
    // The line is the last marker with only blanks before it: earlier ones belong to text removed.
    let text = '';
    let at = 0;
    for (let open = raw.indexOf(OPEN); open >= 0; open = raw.indexOf(OPEN, at)) {
      text += raw.slice(at, open);
      const close = raw.indexOf(CLOSE, open);
      if (text.trim() === '') current = Number(raw.slice(open + 1, close));
      at = close + 1;
    }
    lines.push(current);
    out.push(text + raw.slice(at));
  }
  return { text: out.join(''), lines };
}

const TRACE_OPEN = '\u0002';
const TRACE_CLOSE = '\u0003';

/**
 * A node's query is rendered into meshwork's templates (a CREATE … AS, a count of failing rows):
 * each of its lines is marked with its index, and readTrace tells, per line of the result, which
 * line of the query it shows. No text search: whatever the template does around the query, and
 * however the result is trimmed, the lines stay traced.
 */
export function traceLines(sql: string): string {
  let index = 0;
  return `${TRACE_OPEN}0${TRACE_CLOSE}${sql.replace(LINE_BREAK, (brk) => `${brk}${TRACE_OPEN}${++index}${TRACE_CLOSE}`)}`;
}

/** Removes traceLines' marks and trims the text; `lines[i]` is the query line shown on line i+1, -1 for the template's own text. */
export function readTrace(rendered: string): { text: string; lines: number[] } {
  const pieces = rendered.split(/(\r\n?|\n)/);
  const out: string[] = [];
  const all: number[] = [];
  for (const [i, raw] of pieces.entries()) {
    if (i % 2 === 1) {
      out.push(raw);
      continue;
    }
    const open = raw.indexOf(TRACE_OPEN);
    all.push(open < 0 ? -1 : Number(raw.slice(open + 1, raw.indexOf(TRACE_CLOSE, open))));
    out.push(open < 0 ? raw : raw.replace(/\u0002\d+\u0003/g, ''));
  }
  const text = out.join('');
  const trimmed = text.trim();
  const dropped = countLineBreaks(text, text.length - text.trimStart().length);
  return { text: trimmed, lines: all.slice(dropped, dropped + countLineBreaks(trimmed) + 1) };
}
