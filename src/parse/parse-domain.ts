import { extname, posix } from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { DomainFiles } from '../project/project-files.js';
import type { DomainDefinition, EngineName, SourceDefinition } from './definitions.js';
import { parsePolicies } from './parse-policies.js';
import { YamlFile, YamlReader } from './yaml-file.js';

const NAME = /^[a-z][a-z0-9_]*$/;
const FILE_EXTENSIONS = ['.jsonl', '.ndjson', '.json', '.csv', '.parquet'];

/** domain.yaml → DomainDefinition; DuckDB source files are resolved against the domain folder. */
export function parseDomain(files: DomainFiles): { domain?: DomainDefinition; diagnostics: Diagnostic[] } {
  const fileName = `domains/${files.folder}/domain.yaml`;
  if (files.domainFileUnreadable) return { diagnostics: [] };
  if (!files.domainFile) {
    return { diagnostics: [error('MESH110', `domain '${files.folder}' has no domain.yaml`, { file: fileName, hint: 'add a domain.yaml with name, owner and description' })] };
  }
  const parsed = YamlFile.parse(files.domainFile.text, files.domainFile.path);
  if (!parsed.yaml) return { diagnostics: parsed.diagnostics };
  const r = new YamlReader(parsed.yaml);
  const doc = r.map([], parsed.yaml.value ?? {}, ['name', 'owner', 'description', 'sources', 'policies'], 'domain.yaml') ?? {};
  const name = r.string(['name'], doc.name, 'domain name', true) ?? files.folder;
  if (doc.name !== undefined && name !== files.folder) {
    r.invalid(['name'], `domain name '${name}' differs from its folder '${files.folder}'`, `rename the folder or set name: ${files.folder}`);
  } else if (!NAME.test(name)) {
    r.invalid(['name'], `domain name '${name}' must match ${NAME.source}`);
  }
  const owner = r.string(['owner'], doc.owner, 'domain owner', true) ?? '';
  const description = r.string(['description'], doc.description, 'description');

  const sources: SourceDefinition[] = [];
  const declared = r.map(['sources'], doc.sources, 'any', 'sources') ?? {};
  for (const [sourceName, raw] of Object.entries(declared)) {
    const path = ['sources', sourceName];
    const s = r.map(path, raw, ['description', 'duckdb', 'bigquery'], `source '${sourceName}'`) ?? {};
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
    sources.push({
      name: sourceName,
      domain: name,
      ...(sourceDescription ? { description: sourceDescription } : {}),
      locations,
      file: fileName,
      line: parsed.yaml.lineOf(path, true),
    });
  }
  const policies = parsePolicies(r, doc.policies, fileName);
  return {
    domain: { name, owner, ...(description ? { description } : {}), dir: files.dir, file: fileName, nameLine: parsed.yaml.lineOf(['name'], true), sources, policies },
    diagnostics: r.diagnostics,
  };
}
