import { openAdapter } from '../adapters/open-adapter.js';
import { loadMemo, saveMemo } from '../artifacts/cache-files.js';
import type { CompiledProject } from '../compile/compiled-node.js';
import { lineageCacheKey } from '../lineage/lineage-cache-key.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { computeLineage, type LineageOptions } from '../lineage/compute-lineage.js';
import type { ProjectLineage } from '../lineage/lineage-types.js';
import { compile, compileLocally, type ProjectOptions, type CompileResult } from './compile.js';

export interface LineageResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly lineage?: ProjectLineage;
  /** The project as compiled for the DuckDB target the lineage was computed on (same node ids as any target). */
  readonly compiled?: CompiledProject;
}

/**
 * `mesh lineage`: column-level lineage of every model, seed, source and contract view, from the
 * project's DuckDB SQL (the local DuckDB target's when the target is BigQuery), parsed and bound in
 * an empty in-memory DuckDB over the project's files. No warehouse; writes nothing.
 */
export async function lineage(options: ProjectOptions & LineageOptions): Promise<LineageResult> {
  return lineageOf(compile(options), options);
}

/**
 * Lineage of a project already compiled (for any target): recompiled for DuckDB only when the target is not.
 * `signal` (a build's interrupt) cancels it: no lineage then.
 */
export async function lineageOf(result: CompileResult, options: ProjectOptions & LineageOptions, signal?: AbortSignal): Promise<LineageResult> {
  if (!result.compiled || hasErrors(result.diagnostics)) return { diagnostics: result.diagnostics };
  const local = compileLocally(result.compiled, options);
  if (!local.compiled || hasErrors(local.diagnostics)) return { diagnostics: sortDiagnostics([...result.diagnostics, ...local.diagnostics]) };
  // Reused from target/.cache when no node's SQL and no source file changed since it was computed.
  const types = options.types ?? true;
  const cacheName = `lineage-${local.compiled.target.name}${types ? '' : '-untyped'}`;
  const memo = options.cache === false ? undefined : loadMemo<ProjectLineage>(result.targetDir, cacheName);
  const key = lineageCacheKey(local.compiled, types);
  const remembered = memo?.peek(key);
  if (remembered) return { diagnostics: result.diagnostics, lineage: remembered, compiled: local.compiled };
  const opened = await openAdapter({ ...local.compiled.target, path: ':memory:' }, local.compiled.project.config.root, local.compiled.target.threads);
  if (!opened.adapter) return { diagnostics: sortDiagnostics([...result.diagnostics, ...opened.diagnostics]) };
  const scratch = opened.adapter;
  const cancel = (): void => scratch.interrupt();
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    const computed = await computeLineage(local.compiled, scratch, options.types === undefined ? {} : { types: options.types }).catch((e: unknown) => {
      if (signal?.aborted) return undefined;
      throw e;
    });
    if (!computed) return { diagnostics: result.diagnostics };
    if (memo) {
      memo.set(key, computed);
      saveMemo(result.targetDir, cacheName, memo);
    }
    return { diagnostics: result.diagnostics, lineage: computed, compiled: local.compiled };
  } finally {
    signal?.removeEventListener('abort', cancel);
    await scratch.close();
  }
}
