import { error, type Diagnostic } from '../diagnostics/diagnostic.js';

/**
 * A NUL byte in a text file: it is UTF-16 without a byte-order mark, or binary. It is valid UTF-8,
 * but an engine reads a query only up to its first NUL, so a model holding one would run cut short.
 */
export function nulByteProblem(file: string, text: string): Diagnostic | undefined {
  const at = text.indexOf('\0');
  if (at < 0) return undefined;
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  return error('MESH105', 'the file holds a NUL byte (0x00): it is not a UTF-8 text file', {
    file,
    line,
    column: at - before.lastIndexOf('\n'),
    hint: 'save the file as UTF-8 in your editor (a UTF-16 file holds a NUL in every ASCII character); remove the stray byte',
  });
}
