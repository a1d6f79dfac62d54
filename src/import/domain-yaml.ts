import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, posix } from 'node:path';
import type { DbtProject, DbtSeedFile, DbtSourceTable } from './dbt-project.js';
import { isRecord, mergeConfigs } from './dbt-yaml.js';
import { folderConfigAt } from './dbt-project-yml.js';
import type { ImportProblems } from './import-problems.js';
import type { PlannedDomain, PlannedSource } from './plan-import.js';

/** A local file a DuckDB source reads, copied into the domain's data/ folder. */
export interface CopiedFile {
  /** Relative to the dbt project. */
  readonly from: string;
  /** Relative to the meshwork project. */
  readonly to: string;
}

const READABLE = ['.csv', '.parquet', '.json', '.jsonl', '.ndjson'];
const PERIODS = ['minute', 'hour', 'day'];

/** A domain's domain.yaml: owner, description, its sources (with freshness) and its seeds' column types. */
export function domainYaml(
  project: DbtProject,
  domain: PlannedDomain,
  sources: readonly PlannedSource[],
  seeds: readonly DbtSeedFile[],
  problems: ImportProblems,
  copies: CopiedFile[],
): Record<string, unknown> {
  const doc: Record<string, unknown> = { name: domain.name, owner: domain.owner };
  if (domain.description) doc.description = domain.description;
  const sourceEntries: Record<string, unknown> = {};
  for (const source of sources) {
    const t = source.table;
    const entry: Record<string, unknown> = {};
    if (t.description) entry.description = t.description;
    const location = t.externalLocation;
    const seed = source.seed;
    if (location === undefined && seed) {
      const to = `data/${seed.name}.csv`;
      copies.push({ from: seed.file, to: `domains/${source.domain}/${to}` });
      entry.duckdb = to;
      problems.add(t.file, t.line, `source ${t.sourceName}.${t.name} is loaded by the project's seed ${seed.file}: written as duckdb: ${to} (the seed's file, copied), and the seed is not imported as a seed`, `on BigQuery, load the seed's rows into ${bigqueryTable(t)} as dbt seed did, or point bigquery: at where the data lives`);
      const types = seedColumnTypes(project, seed);
      if (types) problems.add(types.file, types.line, `column_types of seed ${seed.name} are not applied to source ${source.name}: DuckDB reads ${to} with the types it detects`, `cast the columns in the staging model that reads {{source "${source.name}"}}`);
    } else if (location === undefined) {
      problems.add(t.file, t.line, `source ${t.sourceName}.${t.name} has no DuckDB location: only its BigQuery table is written`, `add duckdb: data/<file>.csv (or parquet, jsonl) under sources: ${source.name} in domains/${source.domain}/domain.yaml, or meta: {external_location: …} in dbt and import again`);
    } else if (!isAbsolute(location) && !/^[a-z0-9]+:\/\//i.test(location) && READABLE.includes(posix.extname(location).toLowerCase()) && isFile(join(project.root, location))) {
      const to = `data/${posix.basename(location)}`;
      copies.push({ from: location, to: `domains/${source.domain}/${to}` });
      entry.duckdb = to;
    } else {
      problems.add(t.file, t.line, `source ${t.sourceName}.${t.name}: external_location ${location} is not a local .csv, .parquet or .json file of the dbt project`, `copy the data into domains/${source.domain}/data/ and write duckdb: data/<file> in its domain.yaml`);
    }
    entry.bigquery = bigqueryTable(t);
    const freshness = freshnessOf(source, problems);
    if (freshness) entry.freshness = freshness;
    sourceEntries[source.name] = entry;
  }
  if (Object.keys(sourceEntries).length > 0) doc.sources = sourceEntries;
  const seedEntries: Record<string, unknown> = {};
  for (const seed of seeds) {
    const config = mergeConfigs(folderConfigAt(project.seedFolders, seed.path), project.seedProperties.get(seed.name)?.config ?? {});
    const entry: Record<string, unknown> = {};
    const description = project.seedProperties.get(seed.name)?.description;
    if (description) entry.description = description;
    for (const [key, c] of Object.entries(config)) {
      if (key === 'column_types' && isRecord(c.value)) entry.column_types = c.value;
      else if (key !== 'group' && key !== 'tags') problems.add(c.file, c.line, `seed config ${key} has no meshwork equivalent: not imported`, key === 'delimiter' ? 'meshwork seeds are comma-separated: save the file with commas' : 'remove it, or see docs/project-format.md#seeds');
    }
    if (Object.keys(entry).length > 0) seedEntries[seed.name] = entry;
  }
  if (Object.keys(seedEntries).length > 0) doc.seeds = seedEntries;
  return doc;
}

function bigqueryTable(t: DbtSourceTable): string {
  return [t.database, t.schema, t.identifier].filter((p) => p !== undefined).join('.');
}

function seedColumnTypes(project: DbtProject, seed: DbtSeedFile): { file: string; line: number } | undefined {
  const types = mergeConfigs(folderConfigAt(project.seedFolders, seed.path), project.seedProperties.get(seed.name)?.config ?? {}).column_types;
  return types && isRecord(types.value) ? { file: types.file, line: types.line } : undefined;
}

/** dbt's `freshness` + `loaded_at_field` → meshwork's `freshness: {loaded_at, warn_after, error_after, filter}`. */
function freshnessOf(source: PlannedSource, problems: ImportProblems): Record<string, unknown> | undefined {
  const t = source.table;
  if (!isRecord(t.freshness)) return undefined;
  const out: Record<string, unknown> = {};
  if (!t.loadedAtField) {
    problems.add(t.file, t.freshnessLine ?? t.line, `source ${t.sourceName}.${t.name} has freshness but no loaded_at_field: freshness not imported`, 'meshwork measures freshness on a column: add loaded_at_field (or loaded_at: in domain.yaml)');
    return undefined;
  }
  out.loaded_at = t.loadedAtField;
  for (const key of ['warn_after', 'error_after']) {
    const after = t.freshness[key];
    if (!isRecord(after)) continue;
    const count = after.count;
    const period = String(after.period);
    out[key] = typeof count === 'number' && PERIODS.includes(period) ? `${count} ${period}${count === 1 ? '' : 's'}` : after;
  }
  if (typeof t.freshness.filter === 'string') out.filter = t.freshness.filter;
  return out.warn_after === undefined && out.error_after === undefined ? undefined : out;
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}
