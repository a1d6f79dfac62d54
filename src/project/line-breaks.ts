/**
 * Where one line of a file ends and the next begins, counted the way the engines and Handlebars
 * count them: `\r\n`, a lone `\r` and `\n` each end a line. Every line number meshwork reports
 * about SQL (its own, the rendered statement's, the engine's) is counted with this one rule.
 */
export const LINE_BREAK = /\r\n?|\n/g;

/** The lines of a text, without their line breaks. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n?|\n/);
}

/** The number of line breaks in `text` (before `end` when given). */
export function countLineBreaks(text: string, end = text.length): number {
  let n = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}
