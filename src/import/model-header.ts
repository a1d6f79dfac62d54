import type { DbtConfig, DbtConfigValue } from './dbt-project.js';
import { asList } from './dbt-yaml.js';
import type { Stage } from './import-maps.js';
import type { ImportProblems } from './import-problems.js';
import { mapTest, type HeaderTest, type TestScope } from './map-tests.js';
import type { PlannedModel } from './plan-import.js';

const STAGE_DEFAULTS: Readonly<Record<Stage, string>> = { raw: 'view', cleaned: 'view', aggregate: 'table' };
const MATERIALIZATIONS = ['view', 'table', 'incremental', 'ephemeral'];
const STRATEGIES = ['merge', 'append', 'delete+insert', 'insert_overwrite'];
/** dbt-bigquery's table layout keys, which meshwork reads with the same names and forms. */
const LAYOUT = ['partition_by', 'cluster_by', 'labels', 'require_partition_filter', 'partition_expiration_days'];
/** Config keys the importer uses elsewhere (placing the model, its contract). */
const PLACED = ['group', 'access', 'contract', 'enabled'];

/**
 * A model's meshwork header from its dbt config (folder < properties yml < `{{ config() }}`),
 * descriptions and tests. A config meshwork has no key for goes into the report.
 */
export function modelHeader(model: PlannedModel, sqlConfig: Readonly<Record<string, unknown>>, scope: TestScope, problems: ImportProblems): Record<string, unknown> {
  const configLine = lineOf(model.dbt.text, /\{\{-?\s*config\s*\(/);
  const fromSql: Record<string, DbtConfigValue> = {};
  for (const [key, value] of Object.entries(sqlConfig)) fromSql[key] = { value, file: model.dbt.file, line: configLine };
  const config: DbtConfig = { ...model.config, ...fromSql, ...(model.config.tags && fromSql.tags ? { tags: { ...fromSql.tags, value: [...new Set([...asList(model.config.tags.value), ...asList(fromSql.tags.value)])] } } : {}) };
  const header: Record<string, unknown> = {};
  for (const [key, c] of Object.entries(config)) {
    const value = c.value;
    switch (key) {
      case 'materialized': {
        const given = String(value);
        const kind = given === 'materialized_view' ? 'table' : given;
        if (given === 'materialized_view') problems.add(c.file, c.line, 'materialized_view: written as materialized: table (meshwork has no materialized views)', 'keep it a table, or make it incremental');
        if (!MATERIALIZATIONS.includes(kind)) problems.add(c.file, c.line, `materialized: ${given} is not a meshwork materialization: the stage's default (${STAGE_DEFAULTS[model.stage]}) is used`, 'choose view, table, incremental or ephemeral');
        else if (kind !== STAGE_DEFAULTS[model.stage]) header.materialized = kind;
        break;
      }
      case 'unique_key':
        header.unique_key = value;
        break;
      case 'incremental_strategy':
        if (STRATEGIES.includes(String(value))) header.incremental_strategy = value;
        else problems.add(c.file, c.line, `incremental_strategy ${String(value)} is not a meshwork strategy: the default is used (merge with a unique_key, else append)`, `choose one of ${STRATEGIES.join(', ')}`);
        break;
      case 'tags':
        header.tags = asList(value);
        break;
      default:
        if (LAYOUT.includes(key)) header[key] = value;
        else if (!PLACED.includes(key)) problems.add(c.file, c.line, `config ${key} has no meshwork equivalent: not imported`, hintFor(key));
    }
  }
  if (header.incremental_strategy !== undefined && header.materialized !== 'incremental') delete header.incremental_strategy;
  if (header.unique_key !== undefined && header.materialized !== 'incremental' && header.materialized !== 'snapshot') delete header.unique_key;
  const props = model.properties;
  if (props?.description) header.description = props.description;
  const tests: HeaderTest[] = [];
  // A combination of one column is that column's `unique` (meshwork's unique_combination takes two or more).
  const moved: Record<string, HeaderTest[]> = {};
  for (const t of props?.tests ?? []) {
    const mapped = mapTest(t, 'model', scope, problems);
    const single = typeof mapped === 'object' ? singleColumnCombination(mapped) : undefined;
    if (single) (moved[single.column] ??= []).push(single.test);
    else if (mapped !== undefined) tests.push(mapped);
  }
  if (tests.length > 0) header.tests = tests;
  const columns: Record<string, Record<string, unknown>> = {};
  const names = new Set([...(props?.columns ?? []).map((c) => c.name), ...Object.keys(moved)]);
  for (const name of names) {
    const column = props?.columns.find((c) => c.name === name);
    const entry: Record<string, unknown> = {};
    if (column?.description) entry.description = column.description;
    const columnTests = [...(column?.tests ?? []).map((t) => mapTest(t, 'column', scope, problems)).filter((t): t is HeaderTest => t !== undefined), ...(moved[name] ?? [])];
    if (columnTests.length > 0) entry.tests = columnTests;
    if (Object.keys(entry).length > 0) columns[name] = entry;
  }
  if (Object.keys(columns).length > 0) header.columns = columns;
  // The order docs/project-format.md writes them in, whatever order the dbt levels gave.
  const ordered: Record<string, unknown> = {};
  for (const key of [...HEADER_ORDER, ...Object.keys(header)]) if (header[key] !== undefined && !(key in ordered)) ordered[key] = header[key];
  return ordered;
}

const HEADER_ORDER = ['materialized', 'unique_key', 'incremental_strategy', ...LAYOUT, 'description', 'tags', 'tests', 'columns'];

function hintFor(key: string): string {
  switch (key) {
    case 'schema':
    case 'database':
    case 'alias':
      return "meshwork names relations <domain>_<stage>.<model>: drop it, or rename the model file";
    case 'pre-hook':
    case 'post-hook':
    case 'pre_hook':
    case 'post_hook':
      return 'meshwork has no hooks: run the statement in a separate step of your pipeline, or fold it into the model';
    case 'persist_docs':
      return 'descriptions are kept in the header, the catalog and the docs site; meshwork does not write them to the warehouse';
    case 'on_schema_change':
      return 'a column added to an incremental model needs mesh build --full-refresh --select <model>';
    case 'grants':
      return 'grant access to the contract views instead (the public <domain> schema)';
    default:
      return 'remove it, or find the meshwork way in docs/project-format.md';
  }
}

/** 1-based line of the first match, or 1. */
export function lineOf(text: string, pattern: RegExp): number {
  const m = pattern.exec(text);
  return m ? text.slice(0, m.index).split('\n').length : 1;
}

function singleColumnCombination(test: Record<string, Record<string, unknown>>): { column: string; test: HeaderTest } | undefined {
  const args = test.unique_combination;
  if (!args || !Array.isArray(args.columns) || args.columns.length !== 1) return undefined;
  const { columns, ...settings } = args;
  return { column: String(columns[0]), test: Object.keys(settings).length > 0 ? { unique: settings } : 'unique' };
}
