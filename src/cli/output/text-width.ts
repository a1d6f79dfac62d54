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
 * room, then the start and the end of the rest (`shop.not_nu…order_id` beside
 * `shop.accept…order_id`); else `keep` (the domain) when the name starts with it, then its end.
 */
export function fitMiddle(text: string, width: number, keep?: string): string {
  if (displayWidth(text) <= width) return text;
  if (width < 2) return fitEnd(text, width);
  const dot = text.indexOf('.');
  const schema = dot > 0 ? text.slice(0, dot + 1) : undefined;
  if (schema && displayWidth(schema) <= (width - 1) / 2) {
    const room = width - 1 - displayWidth(schema);
    const start = room >= 10 ? head(text.slice(schema.length), Math.floor(room * 0.4)) : '';
    return `${schema}${start}…${tail(text, room - displayWidth(start))}`;
  }
  // The domain, then the end of what follows the dot: `checkout…large_orders` for checkout_aggregate.large_orders.
  const prefix = keep && text.startsWith(keep) && displayWidth(keep) <= (width - 1) / 2 ? keep : head(text, Math.floor((width - 1) * 0.4));
  return `${prefix}…${tail(schema ? text.slice(schema.length) : text, width - 1 - displayWidth(prefix))}`;
}
