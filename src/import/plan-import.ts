import type { DbtConfig, DbtModelProperties, DbtProject, DbtSeedFile, DbtSqlFile, DbtSourceTable } from './dbt-project.js';
import { mergeConfigs } from './dbt-yaml.js';
import { folderConfigAt } from './dbt-project-yml.js';
import type { Stage } from './import-maps.js';
import type { ImportProblems } from './import-problems.js';
import type { RefTarget } from './import-types.js';
import { scanCalls, type ScannedCall } from './scan-calls.js';

export interface PlannedModel {
  readonly dbt: DbtSqlFile;
  readonly domain: string;
  readonly stage: Stage;
  /** Folder config < properties `config:` (the SQL's `{{ config() }}` is applied after conversion). */
  readonly config: DbtConfig;
  readonly properties?: DbtModelProperties;
  readonly calls: readonly ScannedCall[];
  /** `access: public` with `contract: {enforced: true}`: published through an ODCS contract. */
  readonly contracted: boolean;
}

export interface PlannedDomain {
  readonly name: string;
  readonly owner: string;
  readonly description?: string;
}

export interface PlannedSource {
  readonly table: DbtSourceTable;
  readonly domain: string;
  /** The source's name in the domain's domain.yaml. */
  readonly name: string;
  /** The project's seed that loads this table (its identifier names the seed): DuckDB reads the seed's CSV. */
  readonly seed?: DbtSeedFile;
}

export interface ImportPlan {
  readonly domains: readonly PlannedDomain[];
  readonly models: readonly PlannedModel[];
  readonly seedDomains: ReadonlyMap<string, string>;
  readonly sources: readonly PlannedSource[];
  readonly tests: readonly { readonly dbt: DbtSqlFile; readonly domain: string }[];
  resolveRef(domain: string, name: string): RefTarget;
  resolveSource(domain: string, sourceName: string, tableName: string): string | undefined;
}

export interface PlanOptions {
  readonly domainMap?: Readonly<Record<string, string>>;
  readonly stageMap: Readonly<Record<string, Stage>>;
}

/**
 * Decides where everything goes: each model's domain (dbt groups, else --domain-map, else one
 * domain) and stage (its folder), each seed's, source's and singular test's domain (that of the
 * models reading them), and what a `ref` or `source` from a domain becomes.
 */
export function planImport(project: DbtProject, options: PlanOptions, problems: ImportProblems): ImportPlan {
  const fallback = domainName(project.name);
  const domains = new Map<string, PlannedDomain>();
  const groups = new Map(project.groups.map((g) => [g.name, g]));
  const useGroups = project.groups.length > 0;
  const addDomain = (name: string, owner: string, description?: string): void => {
    if (!domains.has(name)) domains.set(name, { name, owner, ...(description ? { description } : {}) });
  };

  if (useGroups && options.domainMap) {
    const first = project.groups[0]!;
    problems.add(first.file, first.line, '--domain-map is not used: the project has dbt groups, and they decide the domains', 'drop --domain-map, or remove the groups to place models by folder');
  }
  const models: PlannedModel[] = [];
  const taken = new Map<string, string>();
  for (const dbt of project.models) {
    const properties = project.modelProperties.get(dbt.name);
    const config = mergeConfigs(folderConfigAt(project.modelFolders, dbt.path), properties?.config ?? {}, sqlConfig(dbt));
    const enabled = config.enabled;
    if (enabled && enabled.value === false) {
      problems.add(enabled.file, enabled.line, `model ${dbt.name} is disabled (enabled: false): not imported`, 'import it by removing enabled: false, or leave it out');
      continue;
    }
    let domain = fallback;
    const group = config.group;
    if (useGroups) {
      const g = typeof group?.value === 'string' ? groups.get(group.value) : undefined;
      if (g) {
        domain = domainName(g.name);
        const owner = g.ownerEmail ? (g.ownerName ? `${g.ownerName} <${g.ownerEmail}>` : g.ownerEmail) : g.ownerName;
        if (!owner) problems.add(g.file, g.line, `group ${g.name} names no owner: domain ${domain} gets owner ${domain}-team`, `set owner: in domains/${domain}/domain.yaml`);
        addDomain(domain, owner ?? `${domain}-team`, `Imported from the dbt group ${g.name}.`);
      } else if (group) {
        problems.add(group.file, group.line, `group '${String(group.value)}' is not declared under groups:; model ${dbt.name} goes to domain ${fallback}`, 'declare the group (groups: - name: …, owner: …) or move the model with mesh');
      } else {
        problems.add(dbt.file, 1, `model ${dbt.name} belongs to no group; it goes to domain ${fallback}`, `give it a group (config: {group: …}) and import again, or move domains/${fallback}/…/${dbt.name}.sql to its domain`);
      }
    } else if (options.domainMap) {
      const prefix = Object.keys(options.domainMap).filter((p) => dbt.path === p || dbt.path.startsWith(`${p}/`)).sort((a, b) => b.length - a.length)[0];
      if (prefix !== undefined) domain = options.domainMap[prefix]!;
      else problems.add(dbt.file, 1, `no --domain-map folder holds ${dbt.path}; model ${dbt.name} goes to domain ${fallback}`, `add its folder to --domain-map ('${dbt.path.split('/')[0]}=<domain>,…')`);
    }
    if (!domains.has(domain)) {
      addDomain(domain, `${domain}-team`);
      problems.add('dbt_project.yml', 1, `domain ${domain} has no owner in the dbt project: written as ${domain}-team`, `set owner: in domains/${domain}/domain.yaml (dbt groups with owner: give one)`, `name: ${project.name}`);
    }
    const dirs = dbt.path.split('/').slice(0, -1);
    // A model's own name in --stage-map wins over its folders (a model at the models folder's root has none).
    const mapped = options.stageMap[dbt.name] !== undefined ? dbt.name : dirs.find((d) => options.stageMap[d] !== undefined);
    const stage = mapped !== undefined ? options.stageMap[mapped]! : 'cleaned';
    if (mapped === undefined) {
      const key = dirs.length > 0 ? `its folder with --stage-map '${dirs[0]}=aggregate'` : `the model with --stage-map '${dbt.name}=aggregate'`;
      problems.add(dbt.file, 1, `model ${dbt.name} is in no staging, intermediate or marts folder: written to cleaned/`, `move it to the stage it belongs to (raw/, cleaned/, aggregate/), or map ${key}`);
    }
    const key = `${domain}.${dbt.name.toLowerCase()}`;
    const before = taken.get(key);
    if (before !== undefined) {
      problems.add(dbt.file, 1, `a second model named ${dbt.name} in domain ${domain} (the first is ${before}): not imported`, 'names are unique within a domain: rename one of them, or put them in different domains with --domain-map');
      continue;
    }
    taken.set(key, dbt.file);
    const access = config.access?.value;
    const contract = config.contract?.value;
    // dbt refuses an enforced contract without columns; without them there is nothing to publish.
    const contracted = access === 'public' && typeof contract === 'object' && contract !== null && (contract as Record<string, unknown>).enforced === true && (properties?.columns.length ?? 0) > 0;
    models.push({ dbt, domain, stage, config, ...(properties ? { properties } : {}), calls: scanCalls(dbt.text), contracted });
  }
  if (domains.size === 0) addDomain(fallback, `${fallback}-team`);
  const firstDomain = [...domains.keys()][0]!;

  const byName = new Map(models.map((m) => [m.dbt.name, m]));
  const seedNames = new Set(project.seeds.map((s) => s.name));
  // Which domains read each seed and source: staging models first (they own the raw data), then by path.
  const rank: Readonly<Record<Stage, number>> = { raw: 0, cleaned: 1, aggregate: 2 };
  const byStage = [...models].sort((a, b) => rank[a.stage] - rank[b.stage]);
  const readers = (kind: 'ref' | 'source', key: (c: ScannedCall) => string): Map<string, { domain: string; file: string; line: number }[]> => {
    const found = new Map<string, { domain: string; file: string; line: number }[]>();
    for (const m of byStage) {
      for (const c of m.calls) {
        if (c.kind !== kind) continue;
        const list = found.get(key(c)) ?? [];
        if (!list.some((r) => r.domain === m.domain)) list.push({ domain: m.domain, file: m.dbt.file, line: c.line });
        found.set(key(c), list);
      }
    }
    return found;
  };
  const seedReaders = readers('ref', (c) => c.name);
  const backing = sourceSeeds(project);
  const seedDomains = new Map<string, string>();
  for (const seed of project.seeds) {
    const list = seedReaders.get(seed.name) ?? [];
    // A seed that only loads a source's table becomes that source's DuckDB data.
    if (list.length === 0 && [...backing.values()].includes(seed)) {
      seedNames.delete(seed.name);
      continue;
    }
    seedDomains.set(seed.name, list[0]?.domain ?? firstDomain);
    if (list.length === 0 && domains.size > 1) problems.add(seed.file, 1, `no model reads seed ${seed.name}: it goes to domain ${firstDomain}`, `move domains/${firstDomain}/seeds/${seed.name}.csv to the domain that owns it`, `${seed.name}.csv`);
  }
  const sourceReaders = readers('source', (c) => `${c.name}.${c.second}`);
  const tableCounts = new Map<string, number>();
  for (const t of project.sources) tableCounts.set(t.name, (tableCounts.get(t.name) ?? 0) + 1);
  const sources: PlannedSource[] = project.sources.map((table) => {
    const list = sourceReaders.get(`${table.sourceName}.${table.name}`) ?? [];
    for (const other of list.slice(1)) {
      problems.add(other.file, other.line, `source ${table.sourceName}.${table.name} is declared in domain ${list[0]!.domain}, which reads it first; domain ${other.domain} reads it too`, `declare it in domains/${other.domain}/domain.yaml as well, or read it through a contract of ${list[0]!.domain}`);
    }
    // The table's name when no other source has a table of that name.
    const unique = tableCounts.get(table.name) === 1;
    const seed = backing.get(table);
    return { table, domain: list[0]?.domain ?? firstDomain, name: unique ? table.name : `${table.sourceName}_${table.name}`, ...(seed ? { seed } : {}) };
  });

  const sourceByKey = new Map(sources.map((s) => [`${s.table.sourceName}.${s.table.name}`, s]));
  for (const m of models) {
    for (const c of m.calls) {
      if (c.kind !== 'ref') continue;
      const target = byName.get(c.name);
      const targetDomain = target?.domain ?? seedDomains.get(c.name);
      if (targetDomain === undefined || targetDomain === m.domain || target?.contracted) continue;
      problems.add(
        m.dbt.file,
        c.line,
        target
          ? `ref to ${c.name} of domain ${targetDomain} from domain ${m.domain}: kept as {{ref "${c.name}"}}, which meshwork refuses across domains (MESH211)`
          : `ref to seed ${c.name}, which goes to domain ${targetDomain} (its first reader), from domain ${m.domain}: kept as {{ref "${c.name}"}}, which meshwork refuses across domains (MESH211)`,
        target ? `make ${c.name} public with a contract (access: public, contract: {enforced: true}, columns with data_type) and import again, or read it with {{contract}}` : `publish seed ${c.name} with a contract, or copy it into domains/${m.domain}/seeds/`,
      );
    }
  }

  const tests = project.singularTests.map((dbt) => {
    const read = scanCalls(dbt.text).find((c) => c.kind === 'ref' && byName.has(c.name));
    const domain = read ? byName.get(read.name)!.domain : firstDomain;
    return { dbt, domain };
  });

  return {
    domains: [...domains.values()],
    models,
    seedDomains,
    sources,
    tests,
    resolveRef(domain, name) {
      const model = byName.get(name);
      if (model) {
        if (model.domain === domain || !model.contracted) return { kind: 'ref', name };
        return { kind: 'contract', product: `${model.domain}.${name}`, version: 1 };
      }
      if (seedNames.has(name)) return { kind: 'ref', name };
      return { kind: 'unknown', name };
    },
    resolveSource(domain, sourceName, tableName) {
      const source = sourceByKey.get(`${sourceName}.${tableName}`);
      return source?.domain === domain ? source.name : undefined;
    },
  };
}

/**
 * Source tables the project loads with its own seeds, as jaffle-shop does: the table's identifier
 * is a seed's name, and the seed's `schema` config (when set) is the source's schema.
 */
function sourceSeeds(project: DbtProject): Map<DbtSourceTable, DbtSeedFile> {
  const byName = new Map(project.seeds.map((s) => [s.name.toLowerCase(), s]));
  const out = new Map<DbtSourceTable, DbtSeedFile>();
  for (const table of project.sources) {
    const seed = byName.get(table.identifier.toLowerCase());
    if (!seed || table.externalLocation !== undefined) continue;
    const schema = mergeConfigs(folderConfigAt(project.seedFolders, seed.path), project.seedProperties.get(seed.name)?.config ?? {}).schema?.value;
    if (schema === undefined || String(schema).toLowerCase() === table.schema.toLowerCase()) out.set(table, seed);
  }
  return out;
}

/** A name meshwork takes as a domain: lower case, letters, digits and `_`. */
export function domainName(text: string): string {
  const name = text.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^[^a-z]+/, '').replace(/_+$/, '');
  return name === '' ? 'main' : name;
}

/**
 * What the model's own `{{ config(…) }}` says about its group, access and contract: needed to place
 * it before it is converted (the converter reads the whole config afterwards).
 */
function sqlConfig(dbt: DbtSqlFile): DbtConfig {
  const out: Record<string, { value: unknown; file: string; line: number }> = {};
  const call = /\{\{-?\s*config\(([\s\S]*?)\)\s*-?\}\}/.exec(dbt.text);
  if (!call) return out;
  const line = dbt.text.slice(0, call.index).split('\n').length;
  const group = /\bgroup\s*=\s*['"]([^'"]+)['"]/.exec(call[1]!);
  if (group) out.group = { value: group[1], file: dbt.file, line };
  const access = /\baccess\s*=\s*['"]([^'"]+)['"]/.exec(call[1]!);
  if (access) out.access = { value: access[1], file: dbt.file, line };
  if (/\bcontract\s*=\s*\{[^}]*['"]enforced['"]\s*:\s*true/i.test(call[1]!)) out.contract = { value: { enforced: true }, file: dbt.file, line };
  const enabled = /\benabled\s*=\s*(true|false)/i.exec(call[1]!);
  if (enabled) out.enabled = { value: enabled[1]!.toLowerCase() === 'true', file: dbt.file, line };
  return out;
}
