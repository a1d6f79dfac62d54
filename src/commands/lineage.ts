import { openAdapter } from '../adapters/open-adapter.js';
import { loadMemo, saveMemo } from '../artifacts/cache-files.js';
import type { CompiledProject } from '../compile/compiled-node.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Adapter } from '../adapters/adapter.js';
import { cachedLineage, type CachedDataset, type LineageOptions } from '../lineage/compute-lineage.js';
import type { DatasetId, ProjectLineage } from '../lineage/lineage-types.js';
import { compile, compileLocally, type ProjectOptions, type CompileResult } from './compile.js';

export interface LineageResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly lineage?: ProjectLineage;
  /** The project as compiled for the DuckDB target the lineage was computed on (same node ids as any target). */
  readonly compiled?: CompiledProject;
  /** Datasets computed anew, the others reused from target/.cache (all of them with `cache: false`). */
  readonly computed?: readonly DatasetId[];
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
  // Each dataset reused from target/.cache while its SQL, its parents and its source files' columns are unchanged.
  const types = options.types ?? true;
  const cacheName = `lineage-${local.compiled.target.name}${types ? '' : '-untyped'}`;
  const memo = options.cache === false ? undefined : loadMemo<CachedDataset>(result.targetDir, cacheName);
  let scratch: Adapter | undefined;
  const openScratch = async (): Promise<Adapter> => {
    const opened = await openAdapter({ ...local.compiled!.target, path: ':memory:' }, local.compiled!.project.config.root, local.compiled!.target.threads);
    if (!opened.adapter) throw new ScratchUnavailable(opened.diagnostics);
    scratch = opened.adapter;
    return scratch;
  };
  const cancel = (): void => scratch?.interrupt();
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    const computed = await cachedLineage(local.compiled, openScratch, memo, { types }).catch((e: unknown) => {
      if (e instanceof ScratchUnavailable) return e;
      if (signal?.aborted) return undefined;
      throw e;
    });
    if (computed instanceof ScratchUnavailable) return { diagnostics: sortDiagnostics([...result.diagnostics, ...computed.diagnostics]) };
    if (!computed) return { diagnostics: result.diagnostics };
    if (memo) saveMemo(result.targetDir, cacheName, memo);
    return { diagnostics: result.diagnostics, lineage: computed.lineage, compiled: local.compiled, computed: computed.computed };
  } finally {
    signal?.removeEventListener('abort', cancel);
    await scratch?.close();
  }
}

/** The scratch database could not be opened: its diagnostics, carried out of the lineage computation. */
class ScratchUnavailable extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super('the scratch database could not be opened');
  }
}
