import { extname, posix } from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { DomainFiles } from '../project/project-files.js';
import type { DomainDefinition, EngineName, SeedConfig, SourceDefinition } from './definitions.js';
import type { Environment } from './env-interpolation.js';
import { parsePolicies } from './parse-policies.js';
import { parseDomainFreshness, parseSourceFreshness } from './parse-source-freshness.js';
import { YamlFile, YamlReader } from './yaml-file.js';

const NAME = /^[a-z][a-z0-9_]*$/;
const FILE_EXTENSIONS = ['.jsonl', '.ndjson', '.json', '.csv', '.parquet'];

/** domain.yaml → DomainDefinition; DuckDB source files are resolved against the domain folder; `${NAME}` in values is read from `env`. */
export function parseDomain(files: DomainFiles, env: Environment = {}): { domain?: DomainDefinition; diagnostics: Diagnostic[] } {
  const fileName = `domains/${files.folder}/domain.yaml`;
  if (files.domainFileUnreadable) return { diagnostics: [] };
  if (!files.domainFile) {
    return { diagnostics: [error('MESH110', `domain '${files.folder}' has no domain.yaml`, { file: fileName, hint: 'add a domain.yaml with name, owner and description' })] };
  }
  const parsed = YamlFile.parse(files.domainFile.text, files.domainFile.path, 0, 0, env);
  if (!parsed.yaml) return { diagnostics: parsed.diagnostics };
  const r = new YamlReader(parsed.yaml, parsed.diagnostics);
  const doc = r.map([], parsed.yaml.value ?? {}, ['name', 'owner', 'description', 'sources', 'seeds', 'policies', 'freshness'], 'domain.yaml') ?? {};
  const name = r.string(['name'], doc.name, 'domain name', true) ?? files.folder;
  if (doc.name !== undefined && name !== files.folder) {
    r.invalid(['name'], `domain name '${name}' differs from its folder '${files.folder}'`, `rename the folder or set name: ${files.folder}`);
  } else if (!NAME.test(name)) {
    r.invalid(['name'], `domain name '${name}' must match ${NAME.source}`);
  }
  const owner = r.string(['owner'], doc.owner, 'domain owner', true) ?? '';
  const description = r.string(['description'], doc.description, 'description');

  // The default freshness of the domain's sources (dbt's source-level freshness, over its tables).
  const freshnessDefault = parseDomainFreshness(r, doc.freshness);
  const sources: SourceDefinition[] = [];
  const declared = r.map(['sources'], doc.sources, 'any', 'sources') ?? {};
  for (const [sourceName, raw] of Object.entries(declared)) {
    const path = ['sources', sourceName];
    if (caseCollision(r, 'sources', sourceName, Object.keys(declared), fileName)) continue;
    const s = r.map(path, raw, ['description', 'duckdb', 'bigquery', 'freshness'], `source '${sourceName}'`) ?? {};
    const locations: Partial<Record<EngineName, string>> = {};
    const duckdb = r.string([...path, 'duckdb'], s.duckdb, 'duckdb location');
    if (duckdb) {
      const isFile = FILE_EXTENSIONS.includes(extname(duckdb).toLowerCase());
      if (!isFile && /[/\\]/.test(duckdb)) {
        r.invalid(
          [...path, 'duckdb'],
          `duckdb location '${duckdb}' is a path, but not to a file meshwork can read`,
          `use a ${FILE_EXTENSIONS.join(', ')} file relative to domains/${files.folder}, or a table name schema.table`,
        );
      }
      // Files are kept relative to the project root: DuckDB resolves them through file_search_path.
      locations.duckdb = isFile ? posix.join('domains', files.folder, duckdb) : duckdb;
    }
    const bigquery = r.string([...path, 'bigquery'], s.bigquery, 'bigquery location');
    if (bigquery) {
      if (bigquery.split('.').length < 2) r.invalid([...path, 'bigquery'], `bigquery location '${bigquery}' must be dataset.table or project.dataset.table`, `write bigquery: my_dataset.${sourceName}`);
      locations.bigquery = bigquery;
    }
    const sourceDescription = r.string([...path, 'description'], s.description, 'description');
    const line = parsed.yaml.lineOf(path, true);
    // `freshness: null` opts out of the domain's default; no key inherits it.
    const freshness = parseSourceFreshness(r, [...path, 'freshness'], 'freshness' in s ? (s.freshness ?? null) : undefined, `source '${sourceName}'`, freshnessDefault, line);
    sources.push({
      name: sourceName,
      domain: name,
      ...(sourceDescription ? { description: sourceDescription } : {}),
      locations,
      ...(freshness ? { freshness } : {}),
      file: fileName,
      line,
    });
  }
  const policies = parsePolicies(r, doc.policies, fileName);
  const seeds = parseSeedConfigs(r, doc.seeds);
  return {
    domain: { name, owner, ...(description ? { description } : {}), dir: files.dir, file: fileName, nameLine: parsed.yaml.lineOf(['name'], true), sources, policies, seeds },
    diagnostics: r.diagnostics,
  };
}

/** A type name as engines write them (`bigint`, `decimal(10, 2)`, `timestamp with time zone`, `varchar[]`): it is written into SQL. */
const TYPE_NAME = /^[A-Za-z][A-Za-z0-9_]*( [A-Za-z][A-Za-z0-9_]*)*( ?\( ?\d+ ?(, ?\d+ ?)?\))?(\[\])?$/;

/**
 * `seeds: <name>: { description, column_types: { <column>: <type> } }`, as dbt's seed configs.
 * Whether each names a seed file and its columns is checked with the seed files (parse-seed.ts):
 * this parse is cached by the text of domain.yaml alone.
 */
function parseSeedConfigs(r: YamlReader, raw: unknown): SeedConfig[] {
  const configs: SeedConfig[] = [];
  const declared = r.map(['seeds'], raw, 'any', 'seeds') ?? {};
  for (const [name, value] of Object.entries(declared)) {
    const path = ['seeds', name];
    if (caseCollision(r, 'seeds', name, Object.keys(declared), r.yaml.file)) continue;
    const s = r.map(path, value ?? {}, ['description', 'column_types'], `seed '${name}'`) ?? {};
    const description = r.string([...path, 'description'], s.description, 'description');
    const columnTypes: SeedConfig['columnTypes'][number][] = [];
    for (const [column, given] of Object.entries(r.map([...path, 'column_types'], s.column_types, 'any', 'column_types') ?? {})) {
      const type = r.string([...path, 'column_types', column], given, `type of column '${column}'`, true);
      if (type === undefined) continue;
      if (!TYPE_NAME.test(type.trim())) {
        const cut = /\([^)]*$/.test(type) ? "; inside { }, quote a type that holds a comma: 'decimal(10, 2)'" : '';
        r.invalid([...path, 'column_types', column], `'${type}' is not a type name`, `write the engine's type: varchar, bigint, double, boolean, date, timestamp, decimal(10, 2)${cut}`);
        continue;
      }
      columnTypes.push({ column, type: type.trim(), line: r.yaml.lineOf([...path, 'column_types', column], true) });
    }
    configs.push({ name, ...(description ? { description } : {}), columnTypes, line: r.yaml.lineOf(path, true) });
  }
  return configs;
}

/**
 * MESH151 for an entry whose name an earlier entry of the mapping has but for case (`Orders` after
 * `orders`): engines fold the names to one relation. True when `name` is such a second entry.
 */
function caseCollision(r: YamlReader, mapping: 'sources' | 'seeds', name: string, names: readonly string[], file: string): boolean {
  const first = names.find((n) => n.toLowerCase() === name.toLowerCase());
  if (first === undefined || first === name) return false;
  const firstLine = r.yaml.lineOf([mapping, first], true);
  r.diagnostics.push(
    error('MESH151', `${mapping === 'sources' ? 'sources' : 'seed entries'} '${first}' (line ${firstLine}) and '${name}' differ only in case`, {
      file,
      line: r.yaml.lineOf([mapping, name], true),
      hint: `DuckDB and BigQuery fold names, so both would be one ${mapping === 'sources' ? 'source' : 'seed'}: keep one entry, or rename one`,
    }),
  );
  return true;
}
