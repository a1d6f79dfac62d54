import { join } from 'node:path';
import { compileKey, unchangedCompile, type CompileRecord } from '../artifacts/compile-record.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { loadProject } from '../project/load-project.js';
import type { ProjectFiles } from '../project/project-files.js';
import type { ProjectOptions } from './compile.js';

export interface LoadedProject {
  readonly files: ProjectFiles;
  readonly diagnostics: readonly Diagnostic[];
}

/** The project as read, and the key of its inputs (none when it reads the environment): compileAndWrite saves its record under it. */
export interface PreparedCompile {
  readonly loaded: LoadedProject;
  readonly key?: string;
}

/**
 * `mesh compile` with nothing changed since the last one: reads the project's files (and only
 * loads the modules that does), and returns the last compile's record when its outcome stands
 * (compile-record.ts). Otherwise what was read, for compileAndWrite to go on from. Light on
 * imports on purpose: loading the compiler is a good part of a warm compile.
 */
export function prepareCompile(options: ProjectOptions & { readonly format?: boolean; readonly today?: string }): { prepared: PreparedCompile; unchanged?: CompileRecord & { readonly targetDir: string } } {
  const loaded = loadProject(options.projectDir);
  const targetDir = join(loaded.files.root, 'target');
  if (options.cache === false || options.inline !== undefined || !loaded.files.configFile) return { prepared: { loaded } };
  const key = compileKey({
    files: loaded.files,
    diagnostics: loaded.diagnostics,
    ...(options.target !== undefined ? { target: options.target } : {}),
    ...(options.vars !== undefined ? { vars: options.vars } : {}),
    format: options.format ?? false,
    today: options.today ?? new Date().toISOString().slice(0, 10),
  });
  if (!key) return { prepared: { loaded } };
  const record = unchangedCompile(targetDir, key);
  return { prepared: { loaded, key }, ...(record ? { unchanged: { ...record, targetDir } } : {}) };
}
