import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeText } from './decode-text.js';
import { splitLines } from './line-breaks.js';

/** Lines of the project's files, read (once per file) when an error needs one to place its column. */
export function sourceLines(root: string): (file: string, line: number) => string | undefined {
  const read = new Map<string, string[] | undefined>();
  return (file, line) => {
    if (!read.has(file)) {
      try {
        // Decoded as the project was loaded (a BOM dropped), so columns count the same characters.
        const decoded = decodeText(readFileSync(join(root, file)));
        read.set(file, 'text' in decoded ? splitLines(decoded.text) : undefined);
      } catch {
        read.set(file, undefined);
      }
    }
    return read.get(file)?.[line - 1];
  };
}
