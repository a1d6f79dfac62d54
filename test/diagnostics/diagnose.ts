import { expect } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { compile } from '../../src/mesh.js';
import { MINIMAL, writeProject } from '../support/temp-project.js';

/** Compiles a project written from `files` (over the minimal project) and returns every diagnostic. */
export function diagnose(files: Record<string, string>, options: { target?: string; base?: Record<string, string> } = {}): Diagnostic[] {
  const dir = writeProject(files, options.base ?? MINIMAL);
  return [...compile({ projectDir: dir, ...(options.target ? { target: options.target } : {}) }).diagnostics];
}

/** `error MESH102 domains/shop/raw/a.sql:3`: what a test pins down, in one readable line. */
export function where(d: Diagnostic): string {
  const at = d.file === undefined ? '(no file)' : d.line === undefined ? d.file : `${d.file}:${d.line}`;
  return `${d.severity} ${d.code} ${at}`;
}

/** Asserts the exact list of problems (severity, code, file, line), in reported order. */
export function expectWhere(diagnostics: readonly Diagnostic[], expected: readonly string[]): void {
  expect(diagnostics.map(where)).toEqual(expected);
}

/** The one diagnostic with `code`; fails when there is not exactly one. */
export function only(diagnostics: readonly Diagnostic[], code: Diagnostic['code']): Diagnostic {
  const found = diagnostics.filter((d) => d.code === code);
  expect(found.map(where), `exactly one ${code}`).toHaveLength(1);
  return found[0]!;
}

/** Files joined by '\n': a file's lines are written one per array item, so line numbers read off. */
export function lines(...text: string[]): string {
  return `${text.join('\n')}\n`;
}
