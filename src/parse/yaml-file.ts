import { isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, visit, type Document, type Node } from 'yaml';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { nearestNames } from '../diagnostics/suggest.js';
import { interpolate, plainScalar, type Environment } from './env-interpolation.js';

/**
 * A parsed YAML text that remembers where each value came from, so that every problem can be
 * reported with its line. The only importer of `yaml` for reading user files.
 */
export class YamlFile {
  private constructor(
    readonly file: string,
    private readonly document: Document.Parsed,
    private readonly lines: LineCounter,
    private readonly lineOffset: number,
  ) {}

  /**
   * `lineOffset`: lines before the YAML text in the file (for headers inside a SQL comment);
   * `columnOffset`: columns before the YAML text on its first line (the header's opening `/*`);
   * `env`: replace `${NAME}` in values from it (mesh.yaml and domain.yaml only).
   */
  static parse(text: string, file: string, lineOffset = 0, columnOffset = 0, env?: Environment): { yaml?: YamlFile; diagnostics: Diagnostic[] } {
    const lines = new LineCounter();
    const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const diagnostics: Diagnostic[] = [];
    const seen = new Set<number>();
    for (const e of document.errors) {
      // Without prettyErrors the parser sets no line: it is computed from the offset here.
      const pos = lines.linePos(errorOffset(text, e.pos[0], e.message));
      // One mistake often trips several parser rules on one line: the first says the most.
      if (seen.has(pos.line)) continue;
      seen.add(pos.line);
      diagnostics.push(
        error('MESH101', `invalid YAML: ${e.message.split('\n')[0]}`, {
          file,
          line: pos.line + lineOffset,
          column: pos.col + (pos.line === 1 ? columnOffset : 0),
          hint: (UNCLOSED.test(e.message) ? YAML_HINTS.MISSING_CHAR : YAML_HINTS[e.code]) ?? 'fix the YAML syntax (indentation, colons, quotes, brackets)',
        }),
      );
    }
    if (diagnostics.length > 0) return { diagnostics };
    if (env) diagnostics.push(...interpolateDocument(document, text, lines, env, file));
    return { yaml: new YamlFile(file, document, lines, lineOffset), diagnostics };
  }

  private plain: { value: unknown } | undefined;
  /** Key → pair, per mapping, built on first use: looking lines up stays linear in large mappings. */
  private readonly pairsByKey = new WeakMap<object, Map<string, { key: unknown; value: unknown }>>();

  /** The plain JavaScript value of the whole document. */
  get value(): unknown {
    this.plain ??= { value: this.document.toJS() };
    return this.plain.value;
  }

  /** 1-based line of the value (or, with `key`, of the key) at `path`; the nearest known line otherwise. */
  lineOf(path: readonly (string | number)[], key = false): number {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = this.nodeAt(path.slice(0, depth), key && depth === path.length);
      const offset = node?.range?.[0];
      if (offset !== undefined) return this.lines.linePos(offset).line + this.lineOffset;
    }
    return 1 + this.lineOffset;
  }

  private nodeAt(path: readonly (string | number)[], key: boolean): Node | undefined {
    let node: unknown = this.document.contents;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      if (isMap(node)) {
        let pairs = this.pairsByKey.get(node);
        if (!pairs) {
          pairs = new Map();
          for (const p of node.items) if (isScalar(p.key) && !pairs.has(String(p.key.value))) pairs.set(String(p.key.value), p);
          this.pairsByKey.set(node, pairs);
        }
        const pair = pairs.get(String(segment));
        if (!pair) return undefined;
        node = key && i === path.length - 1 ? pair.key : pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
      } else {
        return undefined;
      }
    }
    return node as Node | undefined;
  }
}

/**
 * Replaces `${…}` in every value (keys are names, never read from the environment). A reference
 * that cannot be replaced is reported at its own line and column, found in the value's source text.
 */
function interpolateDocument(document: Document.Parsed, text: string, lines: LineCounter, env: Environment, file: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  visit(document, {
    Scalar(key, node) {
      if (key === 'key' || typeof node.value !== 'string' || !node.value.includes('${')) return;
      const { value, references } = interpolate(node.value, env);
      const [start = 0, end = start] = node.range ?? [];
      const source = text.slice(start, end);
      let from = 0;
      for (const reference of references) {
        const found = source.indexOf(reference.text, from);
        if (found >= 0) from = found + reference.text.length;
        if (reference.status !== 'unset' && reference.status !== 'malformed') continue;
        const pos = lines.linePos(start + Math.max(found, 0));
        const where = { file, line: pos.line, column: pos.col };
        diagnostics.push(
          reference.status === 'unset'
            ? error('MESH106', `environment variable ${reference.name} is not set, and ${reference.text} gives no default`, {
                ...where,
                hint: `set ${reference.name} in the environment that runs mesh (export ${reference.name}=…, or a CI secret), or give a default: \${${reference.name}:-value}`,
              })
            : error('MESH103', `'${reference.text}' is not a reference to an environment variable`, {
                ...where,
                hint: 'write ${NAME} or ${NAME:-default} (a name of letters, digits and _); for a literal ${ write $${',
              }),
        );
      }
      node.value = node.type === Scalar.PLAIN ? plainScalar(value) : value;
    },
  });
  return diagnostics;
}

/** Hints for the YAML mistakes people make most. */
const YAML_HINTS: Partial<Record<string, string>> = {
  DUPLICATE_KEY: 'a key appears twice in one mapping: keep one',
  TAB_AS_INDENT: 'indent YAML with spaces, not tabs',
  BAD_INDENT: 'align keys of one mapping at the same indentation, with spaces',
  MISSING_CHAR: "close every [ with ], { with } and every quote",
  MULTILINE_IMPLICIT_KEY: "put a space after each key's colon (key: value), and quote values that contain ': '",
  BLOCK_AS_IMPLICIT_KEY: "put a space after each key's colon (key: value), and quote values that contain ': '",
};

/** Errors about a bracket or quote never closed: the parser stops where it gave up looking. */
const UNCLOSED = /end with a ([\]}])|Missing closing (["'])quote/;

/**
 * Where a person should look: an unclosed bracket or quote is reported where it opens, and an
 * error found on a blank line or at the end is moved back to the last line with text.
 */
function errorOffset(text: string, offset: number, message: string): number {
  const unclosed = UNCLOSED.exec(message);
  if (unclosed) {
    const opener = unclosed[1] === ']' ? '[' : unclosed[1] === '}' ? '{' : unclosed[2]!;
    const at = text.lastIndexOf(opener, offset - 1);
    if (at >= 0) return at;
  }
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = text.indexOf('\n', offset);
  if (text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd).trim() !== '') return offset;
  let back = lineStart - 1;
  while (back >= 0 && /\s/.test(text[back]!)) back--;
  return back >= 0 ? back : offset;
}

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * Reads a YAML mapping against the keys it may hold, reporting unknown and missing keys with
 * their lines. Used for mesh.yaml, domain.yaml and model headers alike.
 */
export class YamlReader {
  readonly diagnostics: Diagnostic[] = [];
  /** Lines where a `${…}` could not be replaced: a value there is as written, so checking it would only repeat that problem. */
  private readonly unresolved = new Set<number>();

  /** `found`: the problems the file's parse left (an unset `${NAME}`), reported first. */
  constructor(
    readonly yaml: YamlFile,
    found: readonly Diagnostic[] = [],
  ) {
    this.diagnostics.push(...found);
    for (const d of found) if (d.line !== undefined) this.unresolved.add(d.line);
  }

  /** `allowed: 'any'` for mappings whose keys are names the user chooses (targets, sources, …). */
  map(path: readonly (string | number)[], value: unknown, allowed: readonly string[] | 'any', what: string): Record<string, unknown> | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
      const hint = allowed === 'any' ? "write it as indented 'name: …' lines" : `write it as indented 'key: value' lines; allowed keys: ${allowed.join(', ')}`;
      this.invalid(path, `${what} must be a mapping of keys to values, not ${show(value)}`, hint);
      return undefined;
    }
    const record = value as Record<string, unknown>;
    if (allowed === 'any') return record;
    for (const key of Object.keys(record)) {
      if (!allowed.includes(key)) {
        this.diagnostics.push(
          error('MESH102', `unknown key '${key}' in ${what}`, {
            file: this.yaml.file,
            line: this.yaml.lineOf([...path, key], true),
            hint: unknownKeyHint(key, allowed),
          }),
        );
      }
    }
    return record;
  }

  string(path: readonly (string | number)[], value: unknown, what: string, required = false): string | undefined {
    if (value === undefined || value === null) {
      if (required) this.missing(path, what);
      return undefined;
    }
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    this.invalid(path, `${what} must be a text value, not ${show(value)}`, 'write a single value (quote it if it contains : or #)');
    return undefined;
  }

  stringList(path: readonly (string | number)[], value: unknown, what: string): string[] {
    if (value === undefined || value === null) return [];
    if (typeof value === 'string') return [value];
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
    this.invalid(path, `${what} must be a text value or a list of them, not ${show(value)}`, `write ${String(path[path.length - 1])}: a, or ${String(path[path.length - 1])}: [a, b]`);
    return [];
  }

  oneOf<T extends string>(path: readonly (string | number)[], value: unknown, allowed: readonly T[], what: string): T | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    const near = typeof value === 'string' ? nearestNames(value, allowed) : [];
    this.invalid(
      path,
      `${what} must be one of ${allowed.join(', ')}, not ${show(value)}`,
      near.length > 0 ? `did you mean ${near.join(', ')}?` : `use one of ${allowed.join(', ')}`,
    );
    return undefined;
  }

  positiveInteger(path: readonly (string | number)[], value: unknown, what: string): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
    this.invalid(path, `${what} must be a whole number above 0, not ${show(value)}`, `write ${String(path[path.length - 1])}: 4, for example`);
    return undefined;
  }

  invalid(path: readonly (string | number)[], message: string, hint?: string): void {
    if (this.unresolved.has(this.yaml.lineOf(path))) return;
    this.diagnostics.push(error('MESH103', message, { file: this.yaml.file, line: this.yaml.lineOf(path), ...(hint ? { hint } : {}) }));
  }

  /** Reported on the line of the mapping's key (`prod:`), where the missing key belongs. */
  missing(path: readonly (string | number)[], what: string, hint?: string): void {
    const parent = path.slice(0, -1);
    this.diagnostics.push(
      error('MESH104', `${what} is required`, {
        file: this.yaml.file,
        line: this.yaml.lineOf(parent, true),
        hint: hint ?? `add '${String(path[path.length - 1])}:'${parent.length > 0 ? ` under '${String(parent[parent.length - 1])}'` : ''}`,
      }),
    );
  }
}

function unknownKeyHint(key: string, allowed: readonly string[]): string {
  const near = nearestNames(key, allowed, 1);
  const keys = `allowed keys: ${allowed.join(', ')}`;
  return near.length > 0 ? `did you mean '${near[0]}'? ${keys}` : keys;
}

/** A value as the user wrote it, for messages. */
function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return 'a list';
  if (value && typeof value === 'object') return 'a mapping';
  return String(value);
}
