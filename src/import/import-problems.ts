import type { ImportProblem } from './import-types.js';

/** Collects the report's problems; the construct is the dbt file's own line, trimmed. */
export class ImportProblems {
  readonly list: ImportProblem[] = [];
  constructor(private readonly texts: ReadonlyMap<string, string>) {}

  add(file: string, line: number, message: string, hint: string, construct?: string): void {
    const written = construct ?? this.lineText(file, line);
    // A folder's config is met once per model below it: reported once.
    if (this.list.some((p) => p.file === file && p.line === line && p.message === message)) return;
    this.list.push({ file, line, construct: written, message, hint });
  }

  push(...problems: readonly ImportProblem[]): void {
    this.list.push(...problems);
  }

  lineText(file: string, line: number): string {
    const text = this.texts.get(file);
    return text?.split(/\r?\n/)[line - 1]?.trim() ?? '';
  }
}
