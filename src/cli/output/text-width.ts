/** Text measured in terminal columns, so names of any length keep the output's columns aligned. */

// East Asian wide and fullwidth characters and emoji take two columns; combining marks take none.
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;
const ZERO = /[\p{M}\u200b-\u200f\ufeff]/u;

function charWidth(char: string): number {
  return ZERO.test(char) ? 0 : WIDE.test(char) ? 2 : 1;
}

/** Columns a plain string (no ANSI codes) takes in a terminal. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

/** The text padded with `fill` to `width` columns (unchanged when already as wide). */
export function padTo(text: string, width: number, fill = ' '): string {
  const missing = width - displayWidth(text);
  return missing > 0 ? text + fill.repeat(missing) : text;
}

/** The longest start of `text` that fits in `width` columns. */
function head(text: string, width: number): string {
  let used = 0;
  let end = 0;
  for (const char of text) {
    const w = charWidth(char);
    if (used + w > width) break;
    used += w;
    end += char.length;
  }
  return text.slice(0, end);
}

/** The longest end of `text` that fits in `width` columns. */
function tail(text: string, width: number): string {
  const chars = [...text];
  let used = 0;
  let start = chars.length;
  while (start > 0 && used + charWidth(chars[start - 1]!) <= width) used += charWidth(chars[--start]!);
  return chars.slice(start).join('');
}

/** `text` cut at the end with `…` to fit in `width` columns. */
export function fitEnd(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  return width < 1 ? '' : `${head(text, width - 1)}…`;
}

/**
 * A relation or test name shortened in the middle with `…` to fit in `width` columns, keeping what
 * tells it apart: the part before the first dot (schema or domain) when it takes at most half the
 * room, else `keep` (the domain) when the name starts with it, then as much of the end as fits.
 */
export function fitMiddle(text: string, width: number, keep?: string): string {
  if (displayWidth(text) <= width) return text;
  if (width < 2) return fitEnd(text, width);
  const dot = text.indexOf('.');
  const prefixes = [dot > 0 ? text.slice(0, dot + 1) : undefined, keep && text.startsWith(keep) ? keep : undefined];
  const prefix = prefixes.find((p) => p !== undefined && displayWidth(p) <= (width - 1) / 2) ?? head(text, Math.floor((width - 1) * 0.4));
  const end = tail(text, width - 1 - displayWidth(prefix));
  // An end that starts just before the dot is cut to it: `checkout…order_events`, not `checkout…aw.order_events`.
  const dotAt = end.indexOf('.');
  return `${prefix}…${dotAt >= 0 && dotAt < 3 && dotAt < end.length - 1 ? end.slice(dotAt + 1) : end}`;
}
