import { join, resolve } from 'node:path';
import { compileKey, compileSettings, inputsUnchanged, inputStamp, outputsIntact, readCompileRecord, saveCompileRecord, type CompileRecord } from '../artifacts/compile-record.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { loadProject } from '../project/load-project.js';
import type { ProjectFiles } from '../project/project-files.js';
import type { ProjectOptions } from './compile.js';

export interface LoadedProject {
  readonly files: ProjectFiles;
  readonly diagnostics: readonly Diagnostic[];
}

/** The project as read and, unless it reads the environment, what compileAndWrite records its compile under. */
export interface PreparedCompile {
  readonly loaded: LoadedProject;
  readonly record?: { readonly key: string; readonly settings: string; readonly inputs: Readonly<Record<string, string>> };
}

export type Unchanged = CompileRecord & { readonly targetDir: string };

/**
 * `mesh compile` with nothing changed since the last one (compile-record.ts): the last compile's
 * record when its outcome stands, else the project as read, for compileAndWrite to go on from.
 * First by stamps: when every path the last compile looked at has the same size, time and inode
 * (and none was recent then), not a file is read. Then by content: the files read and hashed.
 * `shortcut: false` (a compile that must print SQL) skips the first, since it reads the files anyway.
 * Light on imports on purpose: loading the compiler is a good part of a warm compile.
 */
export function prepareCompile(options: ProjectOptions & { readonly format?: boolean; readonly today?: string; readonly shortcut?: boolean }): { prepared?: PreparedCompile; unchanged?: Unchanged } {
  const targetDir = join(resolve(options.projectDir), 'target');
  const eligible = options.cache !== false && options.inline === undefined;
  const wanted = {
    ...(options.target !== undefined ? { target: options.target } : {}),
    ...(options.vars !== undefined ? { vars: options.vars } : {}),
    format: options.format ?? false,
    today: options.today ?? new Date().toISOString().slice(0, 10),
  };
  const settings = eligible ? compileSettings(wanted) : undefined;
  const last = settings ? readCompileRecord(targetDir) : undefined;
  if (last && options.shortcut !== false && last.settings === settings && inputsUnchanged(last) && outputsIntact(targetDir, last)) {
    // Compiled folders too recent to vouch for their files when the record was written: stamped again, now that they may be old enough.
    if (!last.folders || Object.values(last.folders).includes('recent')) saveCompileRecord(targetDir, withoutStamps(last));
    return { unchanged: { ...last, targetDir } };
  }

  const takenAt = Date.now();
  const inputs: Record<string, string> = {};
  const loaded = loadProject(options.projectDir, (path) => {
    inputs[path] ??= inputStamp(path, takenAt);
  });
  if (!settings || !loaded.files.configFile) return { prepared: { loaded } };
  const key = compileKey({ files: loaded.files, diagnostics: loaded.diagnostics, ...wanted });
  if (!key) return { prepared: { loaded } };
  const prepared = { loaded, record: { key, settings, inputs } };
  if (!last || last.key !== key || !outputsIntact(targetDir, last)) return { prepared };
  // Same content, other stamps (files saved again unchanged, or recent last time): the outcome stands; the new stamps let the next run skip reading.
  saveCompileRecord(targetDir, { ...withoutStamps(last), settings, inputs });
  return { prepared, unchanged: { ...last, targetDir } };
}

/** A record without what saveCompileRecord stamps anew. */
function withoutStamps(record: CompileRecord): Omit<CompileRecord, 'format' | 'outputs' | 'folders'> {
  const { format: _, outputs: __, folders: ___, ...kept } = record;
  return kept;
}
