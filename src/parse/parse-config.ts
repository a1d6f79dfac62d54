import { isAbsolute, join } from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../project/project-files.js';
import type { EngineName, ProjectConfig, TargetConfig } from './definitions.js';
import { YamlFile, YamlReader } from './yaml-file.js';

const ENGINES: readonly EngineName[] = ['duckdb', 'bigquery'];
const NAME = /^[a-z][a-z0-9_]*$/;
const DEFAULT_THREADS = 4;

/** mesh.yaml → ProjectConfig. A `dev` DuckDB target exists even when none is declared. */
export function parseConfig(root: string, file: SourceFile): { config?: ProjectConfig; diagnostics: Diagnostic[] } {
  const parsed = YamlFile.parse(file.text, file.path);
  if (!parsed.yaml) return { diagnostics: parsed.diagnostics };
  const r = new YamlReader(parsed.yaml);
  const doc = r.map([], parsed.yaml.value ?? {}, ['name', 'targets', 'default_target', 'vars'], 'mesh.yaml') ?? {};

  const name = r.string(['name'], doc.name, 'project name', true) ?? 'project';
  if (doc.name !== undefined && !NAME.test(name)) r.invalid(['name'], `project name '${name}' must match ${NAME.source}`);

  const targets: Record<string, TargetConfig> = {};
  const declared = r.map(['targets'], doc.targets, Object.keys((doc.targets as object | undefined) ?? {}), 'targets') ?? {};
  for (const [targetName, raw] of Object.entries(declared)) {
    const target = parseTarget(r, root, targetName, raw);
    if (target) targets[targetName] = target;
  }
  targets.dev ??= { name: 'dev', engine: 'duckdb', threads: DEFAULT_THREADS, path: join(root, '.mesh', 'dev.duckdb') };

  const defaultTarget = r.string(['default_target'], doc.default_target, 'default_target') ?? 'dev';
  if (!targets[defaultTarget]) {
    r.invalid(['default_target'], `default_target '${defaultTarget}' is not a declared target`, `declare it under targets: (${Object.keys(targets).join(', ')})`);
  }
  const vars = r.map(['vars'], doc.vars, Object.keys((doc.vars as object | undefined) ?? {}), 'vars') ?? {};
  return { config: { name, root, file: file.path, targets, defaultTarget, vars }, diagnostics: r.diagnostics };
}

function parseTarget(r: YamlReader, root: string, name: string, raw: unknown): TargetConfig | undefined {
  const path = ['targets', name];
  const engine = r.oneOf([...path, 'engine'], (raw as Record<string, unknown> | null)?.engine, ENGINES, `target '${name}' engine`);
  if (!engine) {
    if ((raw as Record<string, unknown> | null)?.engine === undefined) r.missing([...path, 'engine'], `target '${name}' engine`);
    return undefined;
  }
  const allowed = engine === 'duckdb' ? ['engine', 'path', 'threads'] : ['engine', 'project', 'location', 'dataset_prefix', 'threads'];
  const t = r.map(path, raw, allowed, `target '${name}'`) ?? {};
  const threads = r.positiveInteger([...path, 'threads'], t.threads, 'threads') ?? DEFAULT_THREADS;
  if (engine === 'duckdb') {
    const given = r.string([...path, 'path'], t.path, 'path') ?? join('.mesh', `${name}.duckdb`);
    const file = given === ':memory:' || isAbsolute(given) ? given : join(root, given);
    return { name, engine, threads, path: file };
  }
  const project = r.string([...path, 'project'], t.project, `target '${name}' project`, true);
  const location = r.string([...path, 'location'], t.location, 'location');
  const datasetPrefix = r.string([...path, 'dataset_prefix'], t.dataset_prefix, 'dataset_prefix');
  return {
    name,
    engine,
    threads,
    ...(project ? { project } : {}),
    ...(location ? { location } : {}),
    ...(datasetPrefix ? { datasetPrefix } : {}),
  };
}

export function missingConfig(root: string): Diagnostic {
  return error('MESH100', `no mesh.yaml in ${root}`, { file: 'mesh.yaml', hint: 'run mesh in a project folder, or pass --project <dir>' });
}
