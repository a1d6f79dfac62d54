import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';

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

  /** `lineOffset`: lines before the YAML text in the file (for headers inside a SQL comment). */
  static parse(text: string, file: string, lineOffset = 0): { yaml?: YamlFile; diagnostics: Diagnostic[] } {
    const lines = new LineCounter();
    const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const diagnostics = document.errors.map((e) => {
      const pos = e.linePos?.[0];
      return error('MESH101', `invalid YAML: ${e.message.split('\n')[0]}`, {
        file,
        line: (pos?.line ?? 1) + lineOffset,
        column: pos?.col,
        hint: 'fix the YAML syntax (indentation, colons, quotes)',
      });
    });
    if (diagnostics.length > 0) return { diagnostics };
    return { yaml: new YamlFile(file, document, lines, lineOffset), diagnostics };
  }

  /** The plain JavaScript value of the whole document. */
  get value(): unknown {
    return this.document.toJS();
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
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
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

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * Reads a YAML mapping against the keys it may hold, reporting unknown and missing keys with
 * their lines. Used for mesh.yaml, domain.yaml and model headers alike.
 */
export class YamlReader {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly yaml: YamlFile) {}

  map(path: readonly (string | number)[], value: unknown, allowed: readonly string[], what: string): Record<string, unknown> | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.invalid(path, `${what} must be a mapping of keys to values`);
      return undefined;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!allowed.includes(key)) {
        this.diagnostics.push(
          error('MESH102', `unknown key '${key}' in ${what}`, {
            file: this.yaml.file,
            line: this.yaml.lineOf([...path, key], true),
            hint: `allowed keys: ${allowed.join(', ')}`,
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
    this.invalid(path, `${what} must be a text value`);
    return undefined;
  }

  stringList(path: readonly (string | number)[], value: unknown, what: string): string[] {
    if (value === undefined || value === null) return [];
    if (typeof value === 'string') return [value];
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
    this.invalid(path, `${what} must be a text value or a list of them`);
    return [];
  }

  oneOf<T extends string>(path: readonly (string | number)[], value: unknown, allowed: readonly T[], what: string): T | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.invalid(path, `${what} must be one of ${allowed.join(', ')}, not '${String(value)}'`);
    return undefined;
  }

  positiveInteger(path: readonly (string | number)[], value: unknown, what: string): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
    this.invalid(path, `${what} must be a whole number above 0, not '${String(value)}'`);
    return undefined;
  }

  invalid(path: readonly (string | number)[], message: string, hint?: string): void {
    this.diagnostics.push(error('MESH103', message, { file: this.yaml.file, line: this.yaml.lineOf(path), hint }));
  }

  missing(path: readonly (string | number)[], what: string): void {
    const parent = path.slice(0, -1);
    this.diagnostics.push(
      error('MESH104', `${what} is required`, {
        file: this.yaml.file,
        line: this.yaml.lineOf(parent),
        hint: `add '${String(path[path.length - 1])}:'`,
      }),
    );
  }
}
