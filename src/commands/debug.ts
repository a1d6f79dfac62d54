import { relative } from 'node:path';
import type { EngineFact } from '../adapters/adapter.js';
import { dialectFor } from '../adapters/dialects.js';
import { openAdapter } from '../adapters/open-adapter.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ProjectDefinition, TargetConfig } from '../parse/definitions.js';
import type { Environment } from '../parse/env-interpolation.js';
import { parseProject } from '../parse/parse-project.js';
import { PUBLISHED_STATE_SCHEMA } from '../plan/build-plan.js';
import { loadProject } from '../project/load-project.js';
import { resolveTarget } from './compile.js';

export interface DebugOptions {
  readonly projectDir: string;
  /** Target name; the project's default_target when absent. */
  readonly target?: string;
  /** Where `${NAME}` and credentials are read from (the CLI passes the process's). */
  readonly env?: Environment;
}

export interface DebugResult {
  /** Problems of the project's files, as every command reports them. */
  readonly diagnostics: readonly Diagnostic[];
  readonly target?: { readonly name: string; readonly engine: string };
  /** What was checked, in order; the first that fails ends the list where later checks depend on it. */
  readonly facts: readonly EngineFact[];
  readonly ok: boolean;
}

/**
 * `mesh debug`: reads the configuration, opens the target's warehouse and asks it what it finds
 * (engine version, file or project and location, credentials, which of the project's schemas
 * exist). Writes nothing to target/; never prints a credential.
 */
export async function debug(options: DebugOptions): Promise<DebugResult> {
  const { files, diagnostics } = loadProject(options.projectDir);
  const parsed = parseProject(files, undefined, options.env);
  diagnostics.push(...parsed.diagnostics);
  const facts: EngineFact[] = [];
  const done = (target?: TargetConfig): DebugResult => ({
    diagnostics: sortDiagnostics(diagnostics),
    ...(target ? { target: { name: target.name, engine: target.engine } } : {}),
    facts,
    ok: facts.every((f) => f.ok),
  });
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const project = parsed.project;
  facts.push({
    check: 'configuration',
    ok: errors === 0,
    found: project
      ? `${files.configFile?.path ?? 'mesh.yaml'} and ${project.domains.length} domain${project.domains.length === 1 ? '' : 's'} read: ${errors === 0 ? 'no problems' : `${errors} error${errors === 1 ? '' : 's'}`}`
      : `${files.configFile ? 'mesh.yaml' : 'no mesh.yaml'}: ${errors} error${errors === 1 ? '' : 's'}`,
    ...(errors > 0 ? { fix: 'fix the problems listed above' } : {}),
  });
  if (!project) return done();
  const target = resolveTarget(project.config.targets, options.target ?? project.config.defaultTarget, diagnostics);
  if (!target) {
    facts.push({ check: 'target', ok: false, found: `no target '${options.target ?? project.config.defaultTarget}'`, fix: `use one of ${Object.keys(project.config.targets).join(', ')}` });
    return done();
  }
  facts.push({ check: 'target', ok: true, found: targetSummary(target, project.config.root) });
  if (hasErrors(diagnostics.filter((d) => d.file === 'mesh.yaml'))) return done(target);

  const opened = await openAdapter(target, project.config.root, 1, options.env ?? {});
  if (!opened.adapter) {
    for (const d of opened.diagnostics) facts.push({ check: 'connection', ok: false, found: `${d.code}: ${d.message}`, ...(d.hint ? { fix: d.hint } : {}) });
    return done(target);
  }
  const adapter = opened.adapter;
  try {
    if (!adapter.describe) facts.push({ check: 'connection', ok: true, found: 'opened' });
    else facts.push(...(await adapter.describe(projectSchemas(project, target))));
  } catch (e) {
    facts.push({ check: 'connection', ok: false, found: (e as Error).message.split('\n')[0] ?? 'failed', fix: `check the target's settings in mesh.yaml` });
  } finally {
    await adapter.close();
  }
  return done(target);
}

/** The engine schemas (datasets) the project builds into: one per domain stage, the public one of each domain with contracts, and meshwork's own. */
function projectSchemas(project: ProjectDefinition, target: TargetConfig): string[] {
  const dialect = dialectFor(target, project.domains.map((d) => d.name));
  const logical = new Set<string>();
  for (const m of project.models) if (m.config.materialized !== 'ephemeral') logical.add(`${m.domain}_${m.stage}`);
  for (const s of project.seeds) logical.add(`${s.domain}_seeds`);
  for (const c of project.contracts) if (c.domain) logical.add(c.domain);
  if (project.contracts.length > 0) logical.add(PUBLISHED_STATE_SCHEMA);
  return [...logical].sort().map((s) => dialect.schemaName(s));
}

/** The target as configured, setting by setting: names and paths only (a token's variable, never its value). */
function targetSummary(target: TargetConfig, root: string): string {
  const shown = (path: string): string => (path === ':memory:' || !path.startsWith(root) ? path : relative(root, path) || '.');
  const b = target.bigquery;
  const settings = [
    target.path !== undefined ? `path ${shown(target.path)}` : undefined,
    target.project !== undefined ? `project ${target.project}` : undefined,
    b?.executionProject !== undefined ? `jobs billed to ${b.executionProject}` : undefined,
    target.location !== undefined ? `location ${target.location}` : undefined,
    target.datasetPrefix !== undefined ? `dataset prefix ${target.datasetPrefix}` : undefined,
    b && Object.keys(b.projects).length > 0 ? `domain projects ${Object.entries(b.projects).map(([d, p]) => `${d}→${p}`).join(', ')}` : undefined,
    b ? `auth ${b.method}${b.keyfile ? ` (key file ${shown(b.keyfile)})` : ''}${b.tokenEnv ? ` (token in $${b.tokenEnv})` : ''}` : undefined,
    b?.impersonateServiceAccount !== undefined ? `as ${b.impersonateServiceAccount}` : undefined,
    b?.apiEndpoint !== undefined ? `endpoint ${b.apiEndpoint}` : undefined,
    `${target.threads} thread${target.threads === 1 ? '' : 's'}`,
  ];
  return `${target.name}: ${target.engine}, ${settings.filter((s) => s !== undefined).join(', ')}`;
}
