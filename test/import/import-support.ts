import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importDbt, type ImportDbtOptions, type ImportDbtResult } from '../../src/commands/import-dbt.js';
import { writeProject } from '../support/temp-project.js';

/** Files as editors on Windows save them: a BOM and CRLF line ends. */
export const windows = (text: string): string => `\uFEFF${text.replace(/\n/g, '\r\n')}`;

/** A dbt project in a temp folder (nothing of meshwork's added). */
export function dbtProject(files: Record<string, string>): string {
  return writeProject(files, {});
}

/** Imports it into a new folder; returns the result and a reader of the files written. */
export function importInto(dbtDir: string, options: Partial<ImportDbtOptions> = {}): ImportDbtResult & { out: string; read(path: string): string; has(path: string): boolean } {
  const out = join(writeProject({}, {}), 'mesh');
  const result = importDbt({ dbtDir, outDir: out, ...options });
  return { ...result, out, read: (path) => readFileSync(join(out, path), 'utf8'), has: (path) => existsSync(join(out, path)) };
}
