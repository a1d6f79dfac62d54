import { countLineBreaks, splitLines } from '../project/line-breaks.js';

/**
 * Splits a SQL file into its optional YAML header (a leading block comment whose first line looks
 * like `key:`) and its body. A leading comment in prose is left in the body as a plain comment.
 */
export interface SplitFile {
  readonly header?: string;
  /** 1-based line of the header's first character (the line of the opening comment). */
  readonly headerLine: number;
  /** Characters before the header's text on its first line (up to and including the opening comment). */
  readonly headerColumn: number;
  readonly body: string;
  /** 1-based line on which the body starts. */
  readonly bodyLine: number;
  /** Set when the file starts with a header whose closing comment is missing: its opening line. */
  readonly unclosedHeaderLine?: number;
}

const LOOKS_LIKE_YAML = /^\s*[A-Za-z_][\w-]*\s*:/;

export function splitHeader(text: string): SplitFile {
  const whole = { headerLine: 1, headerColumn: 0, body: text, bodyLine: 1 };
  const start = text.search(/\S/);
  if (start < 0 || !text.startsWith('/*', start)) return whole;
  const end = text.indexOf('*/', start + 2);
  const header = text.slice(start + 2, end < 0 ? undefined : end);
  // YAML comments (`# …`) may come before the first key.
  const firstLine = splitLines(header).find((l) => l.trim() !== '' && !l.trim().startsWith('#')) ?? '';
  if (!LOOKS_LIKE_YAML.test(firstLine)) return whole;
  const headerLine = countLines(text, start);
  if (end < 0) return { ...whole, unclosedHeaderLine: headerLine };
  const headerColumn = start - lineStart(text, start) + 2;
  return { header, headerLine, headerColumn, body: text.slice(end + 2), bodyLine: countLines(text, end) };
}

function countLines(text: string, offset: number): number {
  return countLineBreaks(text, offset) + 1;
}

function lineStart(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
}
