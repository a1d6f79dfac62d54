/** Where a file stops being UTF-8, and what stood there, for a MESH105 diagnostic. */
export interface EncodingProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly hint: string;
}

const HINT = 'save the file as UTF-8 in your editor (a UTF-8 BOM is fine)';

/**
 * A file's bytes as text, refusing anything that is not UTF-8: a replacement character would
 * silently change a model's SQL or a seed's values. A UTF-8 BOM is dropped, so it shifts no line
 * or column.
 */
export function decodeText(bytes: Uint8Array): { text: string } | { problem: EncodingProblem } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { problem: { line: 1, column: 1, message: `the file is saved as UTF-16 (it starts with the byte-order mark 0x${hex(bytes[0]!)} 0x${hex(bytes[1]!)}); save as UTF-8`, hint: HINT } };
  }
  try {
    // fatal: an invalid byte throws instead of becoming U+FFFD; the BOM is dropped by default.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // NUL is valid UTF-8 but no text file holds one: UTF-16 without a byte-order mark, or a binary file.
    const nul = bytes.indexOf(0);
    if (nul >= 0) {
      const { line, column } = locate(bytes, nul);
      return { problem: { line, column, message: `the file holds a NUL byte (0x00) at line ${line}, column ${column}: it looks saved as UTF-16 without a byte-order mark, or is not a text file; save as UTF-8`, hint: HINT } };
    }
    return { text };
  } catch {
    const at = firstInvalidByte(bytes);
    if (at === undefined) throw new Error('TextDecoder refused bytes that are valid UTF-8');
    return { problem: locate(bytes, at) };
  }
}

function locate(bytes: Uint8Array, at: number): EncodingProblem {
  let lineStart = 0;
  let line = 1;
  for (let i = 0; i < at; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  // Everything before `at` is valid UTF-8: the column counts its characters, as editors do.
  const before = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, at));
  const column = [...before.replace(/\r$/, '')].length + 1;
  const byte = bytes[at]!;
  const latin = byte >= 0xa0 ? ` ('${String.fromCharCode(byte)}' in Latin-1)` : byte >= 0x80 ? windows1252(byte) : '';
  return { line, column, message: `the file is not valid UTF-8: byte 0x${hex(byte)}${latin} at line ${line}, column ${column}; nothing was read from it`, hint: HINT };
}

/** The characters Windows-1252 puts at 0x80–0x9F, where Latin-1 has control codes. */
const CP1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function windows1252(byte: number): string {
  const char = CP1252[byte - 0x80]!;
  return char.charCodeAt(0) < 0xa0 && char.charCodeAt(0) >= 0x80 ? '' : ` ('${char}' in Windows-1252)`;
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}

/**
 * The offset of the first byte the WHATWG UTF-8 decoder rejects: a stray continuation byte, a
 * sequence cut short, an overlong form, a surrogate, or a code point past U+10FFFF.
 */
export function firstInvalidByte(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let needed: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) needed = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      needed = 2;
      if (b === 0xe0) lower = 0xa0;
      if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      needed = 3;
      if (b === 0xf0) lower = 0x90;
      if (b === 0xf4) upper = 0x8f;
    } else return i;
    for (let k = 1; k <= needed; k++) {
      const c = bytes[i + k];
      // A sequence cut short: the lead byte is where it goes wrong.
      if (c === undefined || c < (k === 1 ? lower : 0x80) || c > (k === 1 ? upper : 0xbf)) return i;
    }
    i += needed + 1;
  }
  return undefined;
}
