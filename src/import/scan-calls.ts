/** A `ref(…)` or `source(…)` call found in a dbt file, with its line. */
export interface ScannedCall {
  readonly kind: 'ref' | 'source';
  /** ref: the model or seed; source: the source's name. */
  readonly name: string;
  /** source: the table; ref: the package when two arguments are given. */
  readonly second?: string;
  readonly line: number;
}

const CALL = /\b(ref|source)\(\s*(['"])([^'"]+)\2\s*(?:,\s*(['"])([^'"]+)\4\s*)?/g;

/**
 * The `ref` and `source` calls of a file, found before any conversion: which domain reads which
 * model, seed or source decides where seeds and sources go. A cheap scan, not a Jinja parse.
 */
export function scanCalls(text: string): ScannedCall[] {
  const calls: ScannedCall[] = [];
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  for (const m of text.matchAll(CALL)) {
    const at = m.index ?? 0;
    let line = lineStarts.length;
    while (line > 1 && lineStarts[line - 1]! > at) line--;
    const kind = m[1] as 'ref' | 'source';
    if (kind === 'source' && m[5] === undefined) continue;
    // ref('package', 'model'): the model is the second argument.
    if (kind === 'ref' && m[5] !== undefined) calls.push({ kind, name: m[5], second: m[3]!, line });
    else calls.push({ kind, name: m[3]!, ...(m[5] !== undefined ? { second: m[5] } : {}), line });
  }
  return calls;
}
