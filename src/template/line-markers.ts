/**
 * Engine errors point at lines of the rendered SQL; users need lines of their file. Before a
 * template is compiled, every newline in its literal text is followed by an invisible marker that
 * names the source line; after rendering, the markers are stripped into a line map. Repeated
 * blocks repeat their lines, removed blocks take theirs along, so the map stays exact.
 */

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
    let line = (node.loc?.start.line ?? 1) + firstLine - 1 + countNewlines(prefix);
    // Text that starts a line gets a marker too: a block removed before it must not shift it.
    const startsLine = prefix.endsWith('\n') || (removed === 0 && node.loc?.start.column === 0);
    const head = startsLine && node.value !== '' ? `${OPEN}${line}${CLOSE}` : '';
    node.value = head + node.value.replace(/\n/g, () => `\n${OPEN}${++line}${CLOSE}`);
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

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Removes the markers; `lines[i]` is the source line of output line i+1. */
export function stripLineMarkers(rendered: string, firstLine: number): { text: string; lines: number[] } {
  if (!rendered.includes(OPEN)) return { text: rendered, lines: rendered.split('\n').map(() => firstLine) };
  const lines: number[] = [];
  const out: string[] = [];
  let current = firstLine;
  for (const raw of rendered.split('\n')) {
    if (!raw.includes(OPEN)) {
      lines.push(current);
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
  return { text: out.join('\n'), lines };
}
