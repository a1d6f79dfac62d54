import type { EngineError } from '../adapters/adapter.js';
import type { LineMap } from '../compile/compiled-node.js';
import { splitLines } from '../project/line-breaks.js';

/** Where an engine error points in the user's files, and the message to show for it. */
export interface EngineErrorLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

/** Long statement lines are shown as a window around the caret. */
const CONTEXT_WIDTH = 100;

/**
 * An engine's position (a line and column of the failing statement) → the user's file and line
 * it came from, through the statement's line map. The column is given only when the statement's
 * line proves it: its text up to the caret, or from the caret on, is the file's line as written.
 * The engine's excerpt of the statement is shown again under the file's line number, so that no
 * second line number contradicts the first.
 */
export function locateEngineError(
  e: EngineError,
  sql: string | undefined,
  map: LineMap | undefined,
  nodeFile: string,
  sourceLine?: (file: string, line: number) => string | undefined,
): EngineErrorLocation {
  const statementLine = e.line !== undefined && sql !== undefined ? splitLines(sql)[e.line - 1] : undefined;
  const index = (e.line ?? 0) - 1;
  const line = map && index >= 0 ? map.lines[index] : undefined;
  const file = (line ? map?.files?.[index] : undefined) ?? nodeFile;
  const context = statementLine !== undefined ? caretContext(statementLine, e.column, line ? String(line) : '') : '';
  const message = `${e.message.trimEnd()}${context}`;
  if (!line) return { file, message };
  const column = statementLine !== undefined && e.column !== undefined ? sourceColumn(statementLine, e.column, sourceLine?.(file, line)) : undefined;
  return { file, line, ...(column ? { column } : {}), message };
}

/** The column in the file's line, when the statement's line shows it verbatim before or after the caret. */
function sourceColumn(shown: string, column: number, source: string | undefined): number | undefined {
  if (source === undefined) return undefined;
  // Both include the character under the caret: text a helper printed there is not the file's.
  const through = shown.slice(0, column);
  const from = shown.slice(column - 1);
  if (through.length === column && source.startsWith(through)) return column;
  if (from !== '' && source.endsWith(from)) return source.length - from.length + 1;
  return undefined;
}

/** `  12 | select nope` and, when the column is known, a caret under it. */
function caretContext(text: string, column: number | undefined, label: string): string {
  let shown = text;
  let caret = column;
  if (shown.length > CONTEXT_WIDTH) {
    const start = Math.max(0, Math.min((column ?? 1) - 1 - CONTEXT_WIDTH / 2, shown.length - CONTEXT_WIDTH));
    shown = `${start > 0 ? '...' : ''}${shown.slice(start, start + CONTEXT_WIDTH)}${start + CONTEXT_WIDTH < text.length ? '...' : ''}`;
    if (caret !== undefined) caret = caret - start + (start > 0 ? 3 : 0);
  }
  const gutter = ' '.repeat(label.length);
  const pointer = caret !== undefined ? `\n  ${gutter} | ${shown.slice(0, caret - 1).replace(/[^\t]/g, ' ')}^` : '';
  return `\n\n  ${label} | ${shown}${pointer}`;
}
