import type { SqlStatement } from '../adapter.js';

/** A node's statements as one BigQuery script, and where each statement starts in it. */
export interface ScriptLayout {
  readonly script: string;
  /** 1-based script line each statement starts on (at column 1). */
  readonly startLines: readonly number[];
}

/** Statements joined with `;\n`, each starting a line, so a script position maps back to one. */
export function scriptLayout(statements: readonly SqlStatement[]): ScriptLayout {
  const startLines: number[] = [];
  let line = 1;
  for (const statement of statements) {
    startLines.push(line);
    line += statement.sql.split('\n').length;
  }
  return { script: statements.map((s) => s.sql).join(';\n'), startLines };
}

/** A script position → the statement it falls in, with the line and column within that statement. */
export function statementAt(layout: ScriptLayout, line: number, column: number): { index: number; line: number; column: number } {
  let index = 0;
  for (const [i, start] of layout.startLines.entries()) if (start <= line) index = i;
  return { index, line: line - layout.startLines[index]! + 1, column };
}
