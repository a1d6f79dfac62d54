import { isAbsolute, join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { nearestNames } from '../diagnostics/suggest.js';
import type { SourceFile } from '../project/project-files.js';
import type { EngineName, ImportDefinition, OpenLineageConfig, ProjectConfig, TargetConfig } from './definitions.js';
import type { Environment } from './env-interpolation.js';
import { BIGQUERY_TARGET_KEYS, parseBigQueryTarget } from './parse-bigquery-target.js';
import { parsePolicies } from './parse-policies.js';
import { YamlFile, YamlReader } from './yaml-file.js';

const ENGINES: readonly EngineName[] = ['duckdb', 'bigquery'];
const NAME = /^[a-z][a-z0-9_]*$/;
const DEFAULT_THREADS = 4;

export interface ConfigOptions {
  /** Where `${NAME}` in values is read from (default: nothing is set). */
  readonly env?: Environment;
  /** The project's domain folders: the domains a BigQuery target's `projects:` may name. */
  readonly domains?: readonly string[];
}

/** mesh.yaml → ProjectConfig. A `dev` DuckDB target exists even when none is declared. */
export function parseConfig(root: string, file: SourceFile, options: ConfigOptions = {}): { config?: ProjectConfig; diagnostics: Diagnostic[] } {
  const parsed = YamlFile.parse(file.text, file.path, 0, 0, options.env ?? {});
  if (!parsed.yaml) return { diagnostics: parsed.diagnostics };
  const r = new YamlReader(parsed.yaml, parsed.diagnostics);
  const doc = r.map([], parsed.yaml.value ?? {}, ['name', 'targets', 'default_target', 'vars', 'policies', 'imports', 'openlineage', 'fresh_sources'], 'mesh.yaml') ?? {};

  const name = r.string(['name'], doc.name, 'project name', true) ?? 'project';
  if (doc.name !== undefined && !NAME.test(name)) r.invalid(['name'], `project name '${name}' must match ${NAME.source}`);

  // The project's default for every target; a target's own fresh_sources wins.
  const freshSources = parseFreshSources(r, ['fresh_sources'], doc.fresh_sources);
  const targets: Record<string, TargetConfig> = {};
  const declared = r.map(['targets'], doc.targets, 'any', 'targets') ?? {};
  let targetsBroken = false;
  for (const [targetName, raw] of Object.entries(declared)) {
    const target = parseTarget(r, root, targetName, raw, options.domains ?? [], freshSources);
    if (target) targets[targetName] = target;
    else targetsBroken = true;
  }
  targets.dev ??= { name: 'dev', engine: 'duckdb', threads: DEFAULT_THREADS, path: join(root, '.mesh', 'dev.duckdb'), ...(freshSources ? { freshSources } : {}) };

  const defaultTarget = r.string(['default_target'], doc.default_target, 'default_target') ?? 'dev';
  if (!targets[defaultTarget] && !(defaultTarget in declared)) {
    targetsBroken = true;
    const near = nearestNames(defaultTarget, Object.keys(targets));
    r.invalid(
      ['default_target'],
      `default_target '${defaultTarget}' is not a declared target`,
      `${near.length > 0 ? `did you mean ${near.join(', ')}? ` : ''}declared targets: ${Object.keys(targets).join(', ')}`,
    );
  }
  const vars = r.map(['vars'], doc.vars, 'any', 'vars') ?? {};
  const policies = parsePolicies(r, doc.policies, 'mesh.yaml');
  const imports = parseImports(r, doc.imports, Object.keys(declared).length > 0 ? [...new Set(['dev', ...Object.keys(declared)])] : ['dev']);
  const openlineage = parseOpenLineage(r, doc.openlineage);
  // A broken target is reported here, with its line; no config means no second report for it
  // when the target is resolved.
  if (targetsBroken) return { diagnostics: r.diagnostics };
  return { config: { name, root, file: file.path, targets, defaultTarget, vars, policies, imports, ...(openlineage ? { openlineage } : {}) }, diagnostics: r.diagnostics };
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_RETRIES = 10;

/** `openlineage:` — where builds POST their OpenLineage events (`url`), a token's variable, timeout, retries. */
function parseOpenLineage(r: YamlReader, raw: unknown): OpenLineageConfig | undefined {
  const path = ['openlineage'];
  const o = r.map(path, raw, ['url', 'api_key_env', 'timeout_ms', 'retries'], 'openlineage');
  if (!o) return undefined;
  const url = r.string([...path, 'url'], o.url, 'openlineage url');
  if (url !== undefined) {
    const parsed = URL.canParse(url) ? new URL(url) : undefined;
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      r.invalid([...path, 'url'], `openlineage url '${url}' is not an http:// or https:// URL`, 'write the catalog\'s base URL, e.g. url: http://localhost:5000');
    } else if (/\/api\/v1\/lineage\/?$/.test(parsed.pathname)) {
      r.invalid([...path, 'url'], `openlineage url '${url}' already ends in /api/v1/lineage`, `write the catalog's base URL (${url.replace(/\/api\/v1\/lineage\/?$/, '')}): meshwork adds /api/v1/lineage`);
    }
  }
  const apiKeyEnv = r.string([...path, 'api_key_env'], o.api_key_env, 'openlineage api_key_env');
  if (apiKeyEnv !== undefined && !ENV_NAME.test(apiKeyEnv)) {
    r.invalid([...path, 'api_key_env'], `openlineage api_key_env must name an environment variable, not '${apiKeyEnv}'`, 'keep the token out of mesh.yaml: export it, e.g. MARQUEZ_TOKEN=…, and write api_key_env: MARQUEZ_TOKEN');
  }
  const timeoutMs = r.positiveInteger([...path, 'timeout_ms'], o.timeout_ms, 'openlineage timeout_ms');
  let retries: number | undefined;
  if (o.retries !== undefined && o.retries !== null) {
    if (typeof o.retries === 'number' && Number.isInteger(o.retries) && o.retries >= 0 && o.retries <= MAX_RETRIES) retries = o.retries;
    else r.invalid([...path, 'retries'], `openlineage retries must be a whole number from 0 to ${MAX_RETRIES}, not ${typeof o.retries === 'string' ? `'${o.retries}'` : String(o.retries)}`, 'write retries: 2, for example (0: no second attempt)');
  }
  return {
    ...(url !== undefined ? { url: url.replace(/\/+$/, '') } : {}),
    ...(apiKeyEnv !== undefined ? { apiKeyEnv } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(retries !== undefined ? { retries } : {}),
  };
}

/** `imports:` — a list of `{ contract: <path to an .odcs.yaml>, locations: { <target>: <relation> } }` or `{ catalog: <path to a catalog.json> }`. */
function parseImports(r: YamlReader, raw: unknown, targetNames: readonly string[]): ImportDefinition[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    r.invalid(['imports'], 'imports must be a list of { contract, locations }', 'write - contract: ../crm/contracts/customers.odcs.yaml');
    return [];
  }
  const imports: ImportDefinition[] = [];
  raw.forEach((entry: unknown, i: number) => {
    const path = ['imports', i];
    const e = r.map(path, entry, ['contract', 'catalog', 'locations'], 'an import') ?? {};
    if (e.catalog !== undefined) {
      const catalog = r.string([...path, 'catalog'], e.catalog, 'import catalog');
      if (catalog !== undefined && !catalog.endsWith('.json')) r.invalid([...path, 'catalog'], `'${catalog}' is not a catalog file (target/catalog.json of the producing project)`);
      if (e.contract !== undefined || e.locations !== undefined) {
        r.invalid(path, 'an import names either a catalog or a contract with its locations, not both', 'a catalog gives every contract and its location: write only catalog:');
      }
      if (catalog) imports.push({ catalog, locations: {}, line: r.yaml.lineOf(path) });
      return;
    }
    const contract = r.string([...path, 'contract'], e.contract, 'import contract', true);
    if (contract !== undefined && !contract.endsWith('.odcs.yaml')) r.invalid([...path, 'contract'], `'${contract}' is not an ODCS contract file (<product>.odcs.yaml)`);
    const given = r.map([...path, 'locations'], e.locations, targetNames, 'import locations') ?? {};
    const locations: Record<string, string> = {};
    for (const [target, value] of Object.entries(given)) {
      const location = r.string([...path, 'locations', target], value, `location on target '${target}'`);
      if (location) locations[target] = location;
    }
    if (contract) imports.push({ contract, locations, line: r.yaml.lineOf(path) });
  });
  return imports;
}

function parseTarget(r: YamlReader, root: string, name: string, raw: unknown, domains: readonly string[], projectFreshSources: boolean | undefined): TargetConfig | undefined {
  const path = ['targets', name];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    r.invalid(path, `target '${name}' must be a mapping with an engine`, `write '${name}:' and below it, indented, 'engine: duckdb' or 'engine: bigquery'`);
    return undefined;
  }
  const given = (raw as Record<string, unknown>).engine;
  if (given === undefined || given === null) {
    r.missing([...path, 'engine'], `target '${name}' engine`);
    return undefined;
  }
  const engine = r.oneOf([...path, 'engine'], given, ENGINES, `target '${name}' engine`);
  if (!engine) return undefined;
  const allowed = engine === 'duckdb' ? ['engine', 'path', 'threads', 'as_of', 'fresh_sources'] : BIGQUERY_TARGET_KEYS;
  const t = r.map(path, raw, allowed, `target '${name}'`) ?? {};
  const threads = r.positiveInteger([...path, 'threads'], t.threads, 'threads') ?? DEFAULT_THREADS;
  const asOf = parseAsOf(r, [...path, 'as_of'], t.as_of);
  const freshSources = parseFreshSources(r, [...path, 'fresh_sources'], t.fresh_sources) ?? projectFreshSources;
  const fresh = freshSources ? { freshSources } : {};
  if (engine === 'duckdb') {
    const given = r.string([...path, 'path'], t.path, 'path') ?? join('.mesh', `${name}.duckdb`);
    const file = given === ':memory:' || isAbsolute(given) ? given : join(root, given);
    const line = r.yaml.lineOf(t.path === undefined ? path : [...path, 'path'], t.path === undefined);
    return { name, engine, threads, path: file, line, ...(asOf ? { asOf } : {}), ...fresh };
  }
  const before = r.diagnostics.length;
  const { project, location, datasetPrefix, bigquery } = parseBigQueryTarget(r, root, path, t, domains);
  // A target with a problem is not returned: it cannot be compiled for, and its problems are reported here.
  if (!project || !location || r.diagnostics.length > before) return undefined;
  return {
    name,
    engine,
    threads,
    line: r.yaml.lineOf(path, true),
    project,
    location,
    ...(datasetPrefix ? { datasetPrefix } : {}),
    bigquery,
    ...(asOf ? { asOf } : {}),
    ...fresh,
  };
}

/** `fresh_sources: true|false` (a target's, or the project's default): `mesh build` runs as with --fresh-sources. */
function parseFreshSources(r: YamlReader, path: (string | number)[], raw: unknown): boolean | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'boolean') return raw;
  r.invalid(path, `fresh_sources must be true or false, not ${JSON.stringify(raw)}`, 'write fresh_sources: true (a production target) or leave it out (off)');
  return undefined;
}

/** `as_of`: the clock a target's freshness SLAs are measured against, for a snapshot of data; UTC unless a zone is given. */
function parseAsOf(r: YamlReader, path: (string | number)[], raw: unknown): string | undefined {
  const given = raw instanceof Date ? raw.toISOString() : r.string(path, raw, 'as_of');
  if (given === undefined) return undefined;
  const asOf = parseInstant(given);
  if (!asOf) r.invalid(path, `as_of '${given}' is not a date or timestamp`, "write an ISO 8601 instant, e.g. as_of: '2024-07-01T12:00:00Z'");
  return asOf;
}

/** An ISO 8601 date or timestamp as a UTC instant (`…Z`); a timestamp without a zone is UTC. */
export function parseInstant(text: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(text.trim())) return undefined;
  const normalized = text.trim().replace(' ', 'T');
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(normalized) ? normalized : `${normalized}${normalized.includes('T') ? '' : 'T00:00:00'}Z`;
  const time = Date.parse(zoned);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
