/** How editors save a file: line endings, a final newline or not, a UTF-8 byte order mark. */
export interface Saving {
  readonly name: string;
  readonly eol: '\n' | '\r\n';
  readonly finalNewline: boolean;
  readonly bom: boolean;
}

export const SAVINGS: readonly Saving[] = [
  { name: 'LF with a final newline', eol: '\n', finalNewline: true, bom: false },
  { name: 'CRLF with a final newline', eol: '\r\n', finalNewline: true, bom: false },
  { name: 'LF without a final newline', eol: '\n', finalNewline: false, bom: false },
  { name: 'a BOM and CRLF', eol: '\r\n', finalNewline: true, bom: true },
];

/** The file's text as the editor writes it, line by line. */
export function saved(saving: Saving, lines: readonly string[]): string {
  return `${saving.bom ? '\uFEFF' : ''}${lines.join(saving.eol)}${saving.finalNewline ? saving.eol : ''}`;
}

/** The 1-based line of the only line of `lines` that contains `marker`. */
export function lineOf(lines: readonly string[], marker: string): number {
  const found = lines.flatMap((l, i) => (l.includes(marker) ? [i + 1] : []));
  if (found.length !== 1) throw new Error(`'${marker}' is on ${found.length} lines`);
  return found[0]!;
}
