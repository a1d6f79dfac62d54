import { join } from 'node:path';
import { dialectFor } from '../adapters/dialects.js';
import { writeManifest } from '../artifacts/manifest.js';
import { loadMemo, saveMemo } from '../artifacts/cache-files.js';
import { writeCompiledSql } from '../artifacts/write-compiled.js';
import { writeProblem } from '../artifacts/write-problem.js';
import type { CompiledProject } from '../compile/compiled-node.js';
import { compileProject } from '../compile/compile-project.js';
import { error, hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { nearestNames } from '../diagnostics/suggest.js';
import type { TargetConfig } from '../parse/definitions.js';
import type { Environment } from '../parse/env-interpolation.js';
import type { RenderRecord } from '../compile/render-cache.js';
import type { CachedParse } from '../parse/parse-cache.js';
import { parseProject } from '../parse/parse-project.js';
import { parseCommandLineVars, type Vars } from '../parse/command-line-vars.js';
import { loadProject } from '../project/load-project.js';
import { saveCompileRecord } from '../artifacts/compile-record.js';
import type { LoadedProject, PreparedCompile } from './unchanged-compile.js';
import { inlineDiagnostics, withInlineModel } from './inline-model.js';
import { localSourceStamps } from '../state/local-source-stamps.js';
import { fingerprintProject, type ProjectFingerprints } from '../state/project-fingerprints.js';
import { readPreviousState, selectionContext, type StateOptions } from '../state/selection-context.js';
import { targetInEnvironment, renderMemo } from '../state/environment-name.js';
import type { TemplateEngine } from '../template/template-engine.js';
import { TemplateRenderError, templateRenderProblem } from '../template/template-render-error.js';

export interface ProjectOptions {
  readonly projectDir: string;
  /** Target name; the project's default_target when absent. */
  readonly target?: string;
  /** Reuse the parse and render caches in target/.cache for what did not change (default true). */
  readonly cache?: boolean;
  /** Where `${NAME}` in mesh.yaml and domain.yaml, and `{{env "NAME"}}` in templates, are read from (the CLI passes the process's; default: nothing is set). */
  readonly env?: Environment;
  /**
   * Vars over mesh.yaml's `vars:` (a key given here replaces mesh.yaml's): a mapping, or the text of
   * `--vars` (YAML or JSON), which is MESH103 when it is neither or not a mapping.
   */
  readonly vars?: string | Vars;
  /** A query compiled as one more model (`mesh show --inline`, `mesh compile --inline`); see inline-model.ts. */
  readonly inline?: string;
  /** `--env <name>`: the target's schemas become `<schema>__<name>` (docs/environments.md); MESH254 when the name cannot be part of one. */
  readonly environment?: string;
}

export interface SelectOptions extends StateOptions {
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
}

export interface CompileResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly compiled?: CompiledProject;
  readonly engine?: TemplateEngine;
  /** The project's target/ folder. */
  readonly targetDir: string;
  /** Each node's fingerprints, when compileAndWrite was asked to record them in the manifest. */
  readonly fingerprints?: ProjectFingerprints;
}

/** Reads, parses and compiles a project for one target. Writes nothing but, when it compiles cleanly, the parse cache (target/.cache). */
export function compile(options: ProjectOptions, read?: LoadedProject): CompileResult {
  // A copy: diagnostics are added to it, and `read` may be reused.
  const loaded = read ? { files: read.files, diagnostics: [...read.diagnostics] } : loadProject(options.projectDir);
  const { diagnostics } = loaded;
  const inline = options.inline !== undefined ? withInlineModel(loaded.files, options.inline) : undefined;
  const files = inline?.files ?? loaded.files;
  const targetDir = join(files.root, 'target');
  const given = typeof options.vars === 'string' ? parseCommandLineVars(options.vars) : { vars: options.vars };
  if (given.diagnostic) return { diagnostics: [given.diagnostic], targetDir };
  // An inline query is not part of the project: it leaves the caches as they were.
  const cache = options.cache === false || inline ? undefined : loadMemo<CachedParse>(targetDir, 'parse');
  const parsed = parseProject(files, cache, options.env);
  diagnostics.push(...parsed.diagnostics);
  if (!parsed.project) return { diagnostics: sortDiagnostics(inlineDiagnostics(diagnostics, inline?.path)), targetDir };
  // Merged after parsing, so the parse cache never depends on them; the render cache asks for each
  // var's value again (as a hash) and re-renders a model whose vars changed.
  const project = given.vars ? { ...parsed.project, config: { ...parsed.project.config, vars: { ...parsed.project.config.vars, ...given.vars } } } : parsed.project;
  const target = targetInEnvironment(resolveTarget(project.config.targets, options.target ?? project.config.defaultTarget, diagnostics), options.environment, diagnostics);
  if (!target) return { diagnostics: sortDiagnostics(diagnostics), targetDir };
  // Compiled even when files had problems: every problem of the project is reported in one run.
  const renderCache = options.cache === false || inline ? undefined : loadMemo<RenderRecord>(targetDir, renderMemo(target));
  let compiledProject: ReturnType<typeof compileProject>;
  try {
    compiledProject = compileProject(project, {
      target,
      dialect: dialectFor(target, project.domains.map((d) => d.name)),
      templateOverrides: files.templates,
      ...(renderCache ? { renderCache } : {}),
      ...(options.env ? { env: options.env } : {}),
    });
  } catch (e) {
    // A project's own test template failed to render: its problem, reported with the others.
    if (!(e instanceof TemplateRenderError)) throw e;
    return { diagnostics: sortDiagnostics([...diagnostics, templateRenderProblem(e)]), targetDir };
  }
  const { compiled, engine } = compiledProject;
  const all = sortDiagnostics(inlineDiagnostics([...diagnostics, ...compiled.diagnostics], inline?.path));
  if (hasErrors(all)) return { diagnostics: all, targetDir };
  // A project with errors leaves target/ as it was: nothing is written until it compiles.
  if (cache) saveMemo(targetDir, 'parse', cache);
  if (renderCache) saveMemo(targetDir, renderMemo(target), renderCache);
  return { diagnostics: all, compiled, engine, targetDir };
}

/**
 * `mesh compile`: compiles and writes target/compiled/** and target/manifest.json. Each node's SQL is
 * written as rendered (line N of the file is line N of the query the engine runs); `format: true`
 * (`mesh compile --format`) lays it out with sql-formatter instead.
 */
export async function compileAndWrite(options: ProjectOptions & { readonly format?: boolean; readonly fingerprints?: boolean; readonly prepared?: PreparedCompile }): Promise<CompileResult> {
  const result = compile(options, options.prepared?.loaded);
  if (result.compiled && !hasErrors(result.diagnostics)) {
    const { compiled } = result;
    // Fingerprints cost a pass over every node's SQL: the manifest carries them when asked (mesh build), for a later --state.
    const fingerprints = options.fingerprints ? fingerprintProject(compiled, localSourceStamps(compiled.project.config.root, compiled.target.engine)) : undefined;
    try {
      await writeCompiledSql(compiled, result.targetDir, { format: options.format ?? false });
      writeManifest(compiled, result.targetDir, fingerprints);
    } catch (e) {
      return { diagnostics: [...result.diagnostics, unwritable(e, compiled.project.config.root)], targetDir: result.targetDir };
    }
    const record = options.prepared?.record;
    if (record) saveCompileRecord(result.targetDir, { ...record, nodes: result.compiled.nodes.size, target: { name: result.compiled.target.name, engine: result.compiled.target.engine }, diagnostics: result.diagnostics });
    if (fingerprints) return { ...result, fingerprints };
  }
  return result;
}

/** `mesh ls`: the selected node ids, in dependency order. */
export function list(options: ProjectOptions & SelectOptions): { diagnostics: readonly Diagnostic[]; ids: readonly string[]; compiled?: CompiledProject } {
  const previous = readPreviousState(options.projectDir, options);
  const result = compile(options);
  const diagnostics = [...previous.diagnostics, ...result.diagnostics];
  if (!result.compiled || hasErrors(diagnostics)) return { diagnostics: sortDiagnostics(diagnostics), ids: [] };
  const { context, diagnostics: compared } = selectionContext(result.compiled, options.select, options.exclude, { ...options, ...(previous.previous ? { previous: previous.previous } : {}) });
  diagnostics.push(...compared);
  if (hasErrors(compared)) return { diagnostics, ids: [] };
  const selection = result.compiled.graph.select(options.select, options.exclude, context);
  return { diagnostics: [...diagnostics, ...selection.diagnostics], ids: selection.ids, compiled: result.compiled };
}

/**
 * The project compiled for its local DuckDB target, which binding and lineage need with no
 * warehouse: the project as it is when its target is one, compiled again for `localTarget` otherwise.
 */
export function compileLocally(compiled: CompiledProject, options: ProjectOptions): Pick<CompileResult, 'compiled' | 'diagnostics'> {
  return compiled.target.engine === 'duckdb' ? { compiled, diagnostics: [] } : compile({ ...options, target: localTarget(compiled) });
}

/** The project's DuckDB target for checks made on the local files: `dev` unless another is DuckDB. */
export function localTarget(compiled: CompiledProject): string {
  const targets = Object.values(compiled.project.config.targets);
  return (targets.find((t) => t.name === 'dev' && t.engine === 'duckdb') ?? targets.find((t) => t.engine === 'duckdb'))?.name ?? 'dev';
}

/** A write that failed for a reason the user can fix is MESH100; anything else is a bug and is rethrown. */
export function unwritable(e: unknown, root: string): Diagnostic {
  const problem = writeProblem(e, root);
  if (!problem) throw e;
  return problem;
}

export function resolveTarget(targets: Readonly<Record<string, TargetConfig>>, name: string, diagnostics: Diagnostic[]): TargetConfig | undefined {
  const target = targets[name];
  if (!target) {
    const near = nearestNames(name, Object.keys(targets));
    diagnostics.push(
      error('MESH180', `no target '${name}' in mesh.yaml`, {
        file: 'mesh.yaml',
        hint: near.length ? `did you mean ${near.join(', ')}? targets: ${Object.keys(targets).join(', ')}` : `targets: ${Object.keys(targets).join(', ')}`,
      }),
    );
  }
  return target;
}
