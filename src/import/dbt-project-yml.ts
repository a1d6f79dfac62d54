import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { DbtConfig, DbtFolderConfig, DbtUnmapped } from './dbt-project.js';
import { badShape, configValues, isRecord, mergeConfigs, type DbtYaml } from './dbt-yaml.js';

export interface DbtProjectYml {
  readonly name: string;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly modelPaths: readonly string[];
  readonly seedPaths: readonly string[];
  readonly macroPaths: readonly string[];
  readonly testPaths: readonly string[];
  readonly snapshotPaths: readonly string[];
  readonly modelFolders: DbtFolderConfig;
  readonly seedFolders: DbtFolderConfig;
  /** Settings of dbt_project.yml that meshwork has no place for. */
  readonly unmapped: readonly DbtUnmapped[];
}

/** dbt_project.yml settings that change what a run does and that meshwork cannot carry over. */
const UNMAPPED_SETTINGS: Readonly<Record<string, string>> = {
  'on-run-start': 'on-run-start hooks are not imported: meshwork has no run hooks',
  'on-run-end': 'on-run-end hooks are not imported: meshwork has no run hooks',
  dispatch: 'dispatch: is not imported: meshwork picks a macro per engine from macros/<engine>/ (docs/templates.md#macros)',
  tests: 'project-wide test configs are not imported: set severity, where or store_failures on each test',
  data_tests: 'project-wide test configs are not imported: set severity, where or store_failures on each test',
  snapshots: 'snapshot configs are not imported: dbt snapshots are not converted',
};

/**
 * Config names dbt also reads without a `+` in dbt_project.yml (the older spelling); any other key
 * whose value is a mapping is a folder (or a model's name).
 */
const PLAIN_CONFIGS = new Set([
  'materialized', 'tags', 'schema', 'database', 'alias', 'enabled', 'unique_key', 'incremental_strategy', 'persist_docs', 'post-hook', 'pre-hook',
  'full_refresh', 'on_schema_change', 'meta', 'docs', 'grants', 'group', 'access', 'contract', 'column_types', 'quote_columns', 'delimiter',
  'partition_by', 'cluster_by', 'labels', 'require_partition_filter', 'partition_expiration_days', 'sql_header', 'packages', 'event_time',
]);

/** dbt_project.yml → name, vars, paths and the folder-level configs of models and seeds. */
export function readDbtProjectYml(yaml: DbtYaml): { project?: DbtProjectYml; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const doc = yaml.value;
  if (!isRecord(doc)) {
    return { diagnostics: [badShape(yaml, [], 'dbt_project.yml is not a mapping of settings', 'write name: my_project, then the other settings of dbt_project.yml')] };
  }
  const name = typeof doc.name === 'string' && doc.name.trim() !== '' ? doc.name.trim() : undefined;
  if (!name) diagnostics.push(badShape(yaml, doc.name === undefined ? [] : ['name'], "dbt_project.yml has no project name (name:)", 'add name: my_project, as dbt requires'));
  const paths = (keys: readonly string[], fallback: string): string[] => {
    const key = keys.find((k) => doc[k] !== undefined);
    if (key === undefined) return [fallback];
    const value = doc[key];
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.map((v) => v.replace(/\/+$/, ''));
    diagnostics.push(badShape(yaml, [key], `${key} must be a list of folders, not ${JSON.stringify(value)}`, `write ${key}: ["${fallback}"]`));
    return [fallback];
  };
  const modelPaths = paths(['model-paths', 'source-paths'], 'models');
  const seedPaths = paths(['seed-paths', 'data-paths'], 'seeds');
  const macroPaths = paths(['macro-paths'], 'macros');
  const testPaths = paths(['test-paths'], 'tests');
  const snapshotPaths = paths(['snapshot-paths'], 'snapshots');
  let vars: Record<string, unknown> = {};
  if (doc.vars !== undefined && doc.vars !== null) {
    if (isRecord(doc.vars)) {
      // dbt also scopes vars to a package (`vars: {my_project: {x: 1}}`): the project's own are its vars.
      const { [name ?? '']: own, ...global } = doc.vars;
      vars = isRecord(own) ? { ...global, ...own } : doc.vars;
    }
    else diagnostics.push(badShape(yaml, ['vars'], 'vars: must be a mapping of names to values', 'write vars:, then one name: value per line'));
  }
  const folders = (key: 'models' | 'seeds'): DbtFolderConfig => {
    const raw = doc[key];
    if (raw === undefined || raw === null) return EMPTY;
    if (!isRecord(raw)) {
      diagnostics.push(badShape(yaml, [key], `${key}: must be a mapping of configs and folders`, `write ${key}:, then your project's name, then +materialized: view and the folders below it`));
      return EMPTY;
    }
    // Configs right under `models:` apply to every package; the project's own entry is its name.
    const top = folderConfig(yaml, [key], raw);
    const own = name ? top.children[name] : undefined;
    return own ? { config: { ...top.config, ...own.config }, children: own.children } : { config: top.config, children: {} };
  };
  const modelFolders = folders('models');
  const seedFolders = folders('seeds');
  const unmapped = Object.entries(UNMAPPED_SETTINGS)
    .filter(([key]) => doc[key] !== undefined && doc[key] !== null)
    .map(([key, what]) => ({ file: yaml.file, line: yaml.line([key], true), construct: `${key}:`, what }));
  if (!name) return { diagnostics };
  return { project: { name, vars, modelPaths, seedPaths, macroPaths, testPaths, snapshotPaths, modelFolders, seedFolders, unmapped }, diagnostics };
}

const EMPTY: DbtFolderConfig = { config: {}, children: {} };

function folderConfig(yaml: DbtYaml, path: readonly (string | number)[], raw: Record<string, unknown>): DbtFolderConfig {
  const configs: Record<string, unknown> = {};
  const children: Record<string, DbtFolderConfig> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith('+') || PLAIN_CONFIGS.has(key) || !isRecord(value)) configs[key] = value;
    else children[key] = folderConfig(yaml, [...path, key], value);
  }
  return { config: configValues(yaml, path, configs, true), children };
}

/** The configs along a file's path under its folder (`staging/stg_orders.sql`), the deepest last, then the file's own entry. */
export function folderConfigAt(tree: DbtFolderConfig, path: string): DbtConfig {
  const configs: DbtConfig[] = [tree.config];
  let node: DbtFolderConfig | undefined = tree;
  for (const part of path.replace(/\.[^./]+$/, '').split('/')) {
    node = node?.children[part];
    if (!node) break;
    configs.push(node.config);
  }
  return mergeConfigs(...configs);
}
