import type { ImportProblem } from './import-types.js';

/** Collects the report's problems; the construct is the dbt file's own line, trimmed. */
export class ImportProblems {
  readonly list: ImportProblem[] = [];
  private readonly seen = new Set<string>();
  private readonly lines = new Map<string, readonly string[]>();
  constructor(private readonly texts: ReadonlyMap<string, string>) {}

  add(file: string, line: number, message: string, hint: string, construct?: string): void {
    // A folder's config is met once per model below it: reported once.
    const key = `${file}\n${line}\n${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({ file, line, construct: construct ?? this.lineText(file, line), message, hint });
  }

  push(...problems: readonly ImportProblem[]): void {
    this.list.push(...problems);
  }

  private lineText(file: string, line: number): string {
    let lines = this.lines.get(file);
    if (!lines) {
      lines = (this.texts.get(file) ?? '').split(/\r?\n/);
      this.lines.set(file, lines);
    }
    return lines[line - 1]?.trim() ?? '';
  }
}
