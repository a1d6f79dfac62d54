import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { openAdapter } from '../adapters/open-adapter.js';
import { loadMemo, saveMemo } from '../artifacts/cache-files.js';
import type { CompiledNode, CompiledProject } from '../compile/compiled-node.js';
import { lineageCacheKey } from '../lineage/lineage-cache-key.js';
import { contractChangesSince } from '../contracts/contract-baseline.js';
import { checkContractColumns } from '../contracts/contract-columns.js';
import { hasErrors, sortDiagnostics, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { bindEveryModel, type BindingSummary } from './check-binding.js';
import { checkSyntax, type SyntaxCheckSummary } from './check-syntax.js';
import { compile, compileLocally, type ProjectOptions, type CompileResult } from './compile.js';

export interface CheckResult extends CompileResult {
  /** The offline syntax check, on a target whose engine has an offline parser (BigQuery). */
  readonly syntax?: SyntaxCheckSummary;
  /** Every model bound in an empty DuckDB; absent when the project does not compile for a DuckDB target. */
  readonly binding?: BindingSummary;
}

/**
 * `mesh check`: everything that needs no warehouse. Besides compiling, the SQL is parsed offline
 * on an engine that has a parser for it (BigQuery), and every model is bound (its columns, tables
 * and functions resolved, column tests and contract columns looked up in what it produces) in an
 * empty embedded DuckDB (in memory) over the project's local files, with the project's DuckDB SQL
 * whatever the target (check-binding.ts).
 */
export async function check(options: ProjectOptions & { readonly against?: string }): Promise<CheckResult> {
  const compiledResult = compile(options);
  if (!compiledResult.compiled || hasErrors(compiledResult.diagnostics)) return compiledResult;
  const compiled = compiledResult.compiled;
  const changes = contractChangesSince(compiled, options.against);
  const syntax = await checkSyntax(compiled, compiledResult.targetDir, options.cache === false ? { cache: false } : {});
  const result: CheckResult = {
    ...compiledResult,
    diagnostics: sortDiagnostics([...compiledResult.diagnostics, ...changes, ...syntax.diagnostics]),
    ...(syntax.summary ? { syntax: syntax.summary } : {}),
  };
  if (hasErrors(changes)) return result;
  const binding = await bindEveryModel(compiled, options);
  return { ...result, diagnostics: sortDiagnostics([...result.diagnostics, ...binding.diagnostics]), ...(binding.summary ? { binding: binding.summary } : {}) };
}

/**
 * The columns contracts promise, looked up in their backing models, bound in an empty in-memory
 * DuckDB over the project's local files with the project's DuckDB SQL, whatever the target. With
 * `only`, just the contracts (and consumers of imported contracts) among those nodes.
 */
export async function contractColumns(compiled: CompiledProject, options: ProjectOptions, only?: readonly string[]): Promise<Diagnostic[]> {
  const wanted = only ? new Set(only) : undefined;
  const checked = (n: CompiledNode): boolean => (n.kind === 'contract' || (n.kind === 'model' && compiled.project.imported.length > 0)) && (!wanted || wanted.has(n.id));
  if (![...compiled.nodes.values()].some(checked)) return [];
  const local = compileLocally(compiled, options);
  if (!local.compiled || hasErrors(local.diagnostics)) {
    const first = local.diagnostics.find((d) => d.severity === 'error');
    return [
      warning('MESH214', `cannot check contract columns with no warehouse: the project does not compile for a DuckDB target${first ? ` (${first.message})` : ''}`, {
        ...(first?.file ? { file: first.file } : {}),
        ...(first?.line ? { line: first.line } : {}),
        hint: 'the build still checks them; give sources a duckdb location with sample data to check earlier',
      }),
    ];
  }
  // Bound again only when what the binding reads changed: every node's SQL, seeds, source files, imports.
  const targetDir = join(local.compiled.project.config.root, 'target');
  const cacheName = `contract-columns-${local.compiled.target.name}`;
  const memo = options.cache === false ? undefined : loadMemo<Diagnostic[]>(targetDir, cacheName);
  const key = createHash('sha256')
    .update(`${lineageCacheKey(local.compiled, false)}\n${JSON.stringify(local.compiled.project.imported)}\n${only ? [...only].sort().join(',') : '*'}`)
    .digest('hex');
  const remembered = memo?.recall(key);
  if (remembered) {
    saveMemo(targetDir, cacheName, memo!);
    return remembered;
  }
  const opened = await openAdapter({ ...local.compiled.target, path: ':memory:' }, local.compiled.project.config.root, 1);
  if (!opened.adapter) return [...opened.diagnostics];
  try {
    const found = await checkContractColumns(local.compiled, opened.adapter, wanted);
    if (memo) {
      memo.set(key, found);
      saveMemo(targetDir, cacheName, memo);
    }
    return found;
  } finally {
    await opened.adapter.close();
  }
}
