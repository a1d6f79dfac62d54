/**
 * Splits a SQL file into its optional YAML header (a leading block comment whose first line looks
 * like `key:`) and its body. A leading comment in prose is left in the body as a plain comment.
 */
export interface SplitFile {
  readonly header?: string;
  /** 1-based line of the header's first character (the line of the opening comment). */
  readonly headerLine: number;
  readonly body: string;
  /** 1-based line on which the body starts. */
  readonly bodyLine: number;
}

const LOOKS_LIKE_YAML = /^\s*[A-Za-z_][\w-]*\s*:/;

export function splitHeader(text: string): SplitFile {
  const start = text.search(/\S/);
  if (start < 0 || !text.startsWith('/*', start)) return { headerLine: 1, body: text, bodyLine: 1 };
  const end = text.indexOf('*/', start + 2);
  if (end < 0) return { headerLine: 1, body: text, bodyLine: 1 };
  const header = text.slice(start + 2, end);
  const firstLine = header.split('\n').find((l) => l.trim() !== '') ?? '';
  if (!LOOKS_LIKE_YAML.test(firstLine)) return { headerLine: 1, body: text, bodyLine: 1 };
  const headerLine = countLines(text, start);
  return { header, headerLine, body: text.slice(end + 2), bodyLine: countLines(text, end) };
}

function countLines(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
