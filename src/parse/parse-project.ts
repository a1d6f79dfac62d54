import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { parseMacro, type MacroDefinition } from './parse-macro.js';
import type { ProjectFiles } from '../project/project-files.js';
import { dirname, join, sep } from 'node:path';
import { CATALOG_FORMAT } from '../catalog/catalog-types.js';
import { parseCatalog } from '../catalog/read-catalog.js';
import { modelId, type ContractMappingDefinition, type GenericTestDefinition, type ProjectConfig, type DomainDefinition, type ModelDefinition, type ProjectDefinition, type SeedDefinition, type SingularTestDefinition, type Stage } from './definitions.js';
import { readSeedHeader, seedDefinition, type SeedHeader } from './parse-seed.js';
import type { SourceFile } from '../project/project-files.js';
import { nearestNames } from '../diagnostics/suggest.js';
import { parseConfig } from './parse-config.js';
import { parseDomain } from './parse-domain.js';
import { Memo } from '../cache/memo.js';
import type { ContractDefinition } from '../contracts/contract-definition.js';
import { CONTRACT_SUFFIX, readContract } from '../contracts/read-contract.js';
import { cacheKey, type CachedParse, type ParseCache } from './parse-cache.js';
import { readsEnvironment, type Environment } from './env-interpolation.js';

type ImportedContract = ProjectDefinition['imported'][number];
import { checksum, fileBaseName, parseModel, parseSingularTest } from './parse-model.js';
import { parseGenericTest } from './parse-generic-test.js';

const NODE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Engine folders of macros/ (`macros/duckdb/<name>.sql`): the dialects' engine keys. */
export const MACRO_ENGINES: readonly string[] = ['duckdb', 'bigquery'];

/** Files → definitions. Every problem is collected; the definition is returned whenever the config parsed. */
/** `cache` lets an unchanged model or test file skip parsing; without one every file is parsed. */
/** `env`: where `${NAME}` in mesh.yaml and domain.yaml is read from (the CLI passes the process's). */
export function parseProject(files: ProjectFiles, cache: ParseCache = new Memo(), env: Environment = {}): { project?: ProjectDefinition; diagnostics: Diagnostic[] } {
  if (!files.configFile) return { diagnostics: [] };
  const { config, diagnostics } = parseConfig(files.root, files.configFile, { env, domains: files.domains.map((d) => d.folder) });
  const domains: DomainDefinition[] = [];
  const models: ModelDefinition[] = [];
  const seeds: SeedDefinition[] = [];
  const tests: SingularTestDefinition[] = [];
  const genericTests: GenericTestDefinition[] = [];
  /** Generic test files are parsed once per content, like models. */
  const readGeneric = (file: SourceFile, domain: string | undefined): void => {
    if (file.undecodable) return;
    const result = cache.get(cacheKey('generic', domain ?? '', 'generic', file.path, checksum(file.text)), () => {
      const parsed = parseGenericTest(file, domain);
      return { definition: parsed.test, diagnostics: parsed.diagnostics };
    });
    diagnostics.push(...result.diagnostics);
    genericTests.push(result.definition as GenericTestDefinition);
  };
  for (const file of files.genericTests ?? []) readGeneric(file, undefined);
  const mappings: ContractMappingDefinition[] = [];
  const contracts: ContractDefinition[] = [];
  const macros: MacroDefinition[] = [];
  const readMacros = (sources: readonly SourceFile[] | undefined, domain: string | undefined, folder: string): void => {
    for (const file of sources ?? []) {
      if (file.undecodable) continue;
      const inFolder = file.path.slice(folder.length).split('/');
      const engine = inFolder.length > 1 ? inFolder[0] : undefined;
      if (engine !== undefined && !MACRO_ENGINES.includes(engine)) {
        // Reported once per folder, at its first file.
        if (!macros.some((m) => m.file.startsWith(`${folder}${engine}/`)) && !diagnostics.some((d) => d.file === `${folder}${engine}`)) {
          const near = nearestNames(engine, MACRO_ENGINES, 1);
          diagnostics.push(warning('MESH190', `folder '${folder}${engine}' is not an engine's; its macros are ignored`, { file: `${folder}${engine}`, hint: `${near.length > 0 ? `did you mean '${near[0]}'? ` : ''}per-engine macros go in ${MACRO_ENGINES.map((e) => `${folder}${e}/`).join(' or ')}` }));
        }
        continue;
      }
      const key = cacheKey('macro', domain ?? '', engine ?? '', file.path, checksum(file.text));
      const result = cache.get(key, () => {
        const parsed = parseMacro(file, { ...(domain !== undefined ? { domain } : {}), ...(engine !== undefined ? { engine } : {}) });
        return { definition: parsed.macro, diagnostics: parsed.diagnostics };
      });
      diagnostics.push(...result.diagnostics);
      macros.push(result.definition as MacroDefinition);
    }
  };
  readMacros(files.macros, undefined, 'macros/');

  // Folders whose names differ only in case would be one domain to the engines: the second is left out.
  const folders = new Map<string, string>();
  const distinct = files.domains.filter((domainFiles) => {
    const earlier = folders.get(domainFiles.folder.toLowerCase());
    if (earlier === undefined) {
      folders.set(domainFiles.folder.toLowerCase(), domainFiles.folder);
      return true;
    }
    diagnostics.push(
      error('MESH151', `domain folders '${earlier}' and '${domainFiles.folder}' differ only in case: domains/${earlier} and domains/${domainFiles.folder}`, {
        file: domainFiles.domainFile?.path ?? `domains/${domainFiles.folder}`,
        ...(domainFiles.domainFile ? { line: 1 } : {}),
        hint: `DuckDB and BigQuery fold names, so both would be one domain: merge domains/${domainFiles.folder} into domains/${earlier}, or rename one (domain names are lower case)`,
      }),
    );
    return false;
  });
  const parsedDomains = distinct.map((domainFiles) => {
    // The domain's folder is part of the key: source paths are resolved against it.
    const domainKey = cacheKey('domain', domainFiles.folder, domainFiles.dir, domainFiles.domainFile?.path ?? '', checksum(domainFiles.domainFile?.text ?? ''));
    // A domain.yaml that is not UTF-8 is reported as such, not as missing.
    const parseIt = (): CachedParse<DomainDefinition | undefined> => {
      const result = parseDomain(domainFiles, env);
      return { definition: result.domain, diagnostics: result.diagnostics };
    };
    // A domain.yaml that reads the environment is parsed on every run: a changed variable is never
    // served stale, and values from the environment never reach target/.cache.
    const parsed = domainFiles.domainFile?.undecodable
      ? { definition: undefined, diagnostics: [] }
      : readsEnvironment(domainFiles.domainFile?.text ?? '')
        ? parseIt()
        : cache.get(domainKey, parseIt);
    const definition = parsed.definition;
    return {
      domainFiles,
      diagnostics: parsed.diagnostics,
      definition,
      name: definition?.name ?? domainFiles.folder,
      where: { file: `domains/${domainFiles.folder}/domain.yaml`, line: definition?.nameLine ?? 1 },
    };
  });
  // One folder per domain name: the folder of that name, else the first; the others are left out
  // whole (their node ids would repeat the kept domain's), and named beside the kept one.
  const kept = new Map<string, (typeof parsedDomains)[number]>();
  for (const d of parsedDomains) {
    const other = kept.get(d.name);
    if (!other || (d.domainFiles.folder === d.name && other.domainFiles.folder !== d.name)) kept.set(d.name, d);
  }

  for (const { domainFiles, diagnostics: domainDiagnostics, definition, name: domain, where } of parsedDomains) {
    diagnostics.push(...domainDiagnostics);
    const keeper = kept.get(domain)!;
    if (keeper.domainFiles !== domainFiles) {
      diagnostics.push(
        error('MESH152', `two domains named '${domain}': ${keeper.where.file}:${keeper.where.line} and ${where.file}:${where.line}`, {
          ...where,
          hint: `give each domain its own name, the name of its folder: name: ${domainFiles.folder}`,
        }),
      );
      continue;
    }
    if (definition) domains.push(definition);

    const seen = new Map<string, string>();
    const seenWithoutCase = new Map<string, { name: string; file: string }>();
    /** False for a second node of one name, or of one name but for case: it is reported and left out, so ids and relations stay unique. */
    const claim = (name: string, file: string): boolean => {
      if (!NODE_NAME.test(name)) {
        diagnostics.push(
          error('MESH103', `'${name}' is not a valid node name (the file name without its extension)`, {
            file,
            line: 1,
            hint: 'rename the file: letters, digits and underscores, starting with a letter or underscore',
          }),
        );
      }
      const other = seen.get(name);
      if (other) {
        diagnostics.push(
          error('MESH150', `two nodes named '${name}' in domain '${domain}': ${other} and ${file}`, {
            file,
            line: 1,
            hint: `names are unique within a domain across stages, seeds and tests: rename ${file} or ${other}`,
          }),
        );
        return false;
      }
      const folded = seenWithoutCase.get(name.toLowerCase());
      if (folded) {
        diagnostics.push(
          error('MESH151', `nodes '${folded.name}' and '${name}' of domain '${domain}' differ only in case: ${folded.file} and ${file}`, {
            file,
            line: 1,
            hint: `DuckDB and BigQuery fold names to one relation, so one would overwrite the other: rename ${file} or ${folded.file}`,
          }),
        );
        return false;
      }
      seen.set(name, file);
      seenWithoutCase.set(name.toLowerCase(), { name, file });
      return true;
    };

    for (const { stage, file } of domainFiles.models) {
      if (file.undecodable) {
        // Kept under its name, so that refs to it are not reported as missing; it has no SQL to parse.
        if (claim(fileBaseName(file.path), file.path)) models.push(unreadModel(domain, stage, file));
        continue;
      }
      const key = cacheKey('model', domain, stage, file.path, checksum(file.text));
      const result = cache.get(key, () => {
        const parsed = parseModel(domain, stage, file);
        return { definition: parsed.model, diagnostics: parsed.diagnostics };
      });
      diagnostics.push(...result.diagnostics);
      if (claim(result.definition.name, file.path)) models.push(result.definition);
    }
    readMacros(domainFiles.macros, domain, `domains/${domainFiles.folder}/macros/`);
    const seedConfigs = new Map((definition?.seeds ?? []).map((c) => [c.name, c]));
    for (const file of domainFiles.seeds) {
      const name = fileBaseName(file.path);
      if (!claim(name, file.path)) continue;
      const sum = checksum(file.text);
      // Keyed by the CSV's text: a changed seed is read again.
      const header = file.undecodable
        ? { definition: { kind: 'seed-header' as const, columns: [] }, diagnostics: [] }
        : cache.get(cacheKey('seed', domain, 'seeds', file.path, sum), () => readSeedHeader(file));
      diagnostics.push(...header.diagnostics);
      const defined = seedDefinition(domain, name, file, header.definition as SeedHeader, seedConfigs.get(name), definition?.file ?? '', sum);
      diagnostics.push(...defined.diagnostics);
      seeds.push(defined.seed);
    }
    diagnostics.push(...unknownSeedConfigs(definition, domainFiles.seeds.map((f) => fileBaseName(f.path))));
    for (const file of domainFiles.tests) {
      if (file.undecodable) {
        claim(fileBaseName(file.path), file.path);
        continue;
      }
      const key = cacheKey('test', domain, 'tests', file.path, checksum(file.text));
      const result = cache.get(key, () => {
        const parsed = parseSingularTest(domain, file);
        return { definition: parsed.test, diagnostics: parsed.diagnostics };
      });
      diagnostics.push(...result.diagnostics);
      if (claim(result.definition.name, file.path)) tests.push(result.definition);
    }
    for (const file of domainFiles.genericTests ?? []) readGeneric(file, domain);
    for (const file of domainFiles.contracts) {
      if (file.undecodable) continue;
      if (file.path.endsWith('.sql')) {
        const name = file.path.slice(file.path.lastIndexOf('/') + 1, -'.sql'.length);
        mappings.push({ kind: 'mapping', id: `mapping.${domain}.${name}`, name, domain, file: file.path, body: file.text, bodyLine: 1, checksum: checksum(file.text) });
        continue;
      }
      if (!file.path.endsWith(CONTRACT_SUFFIX)) continue;
      const key = cacheKey('contract', domain, 'contracts', file.path, checksum(file.text));
      const result = cache.get(key, () => {
        const read = readContract(file, { domain });
        return { definition: read.contract, diagnostics: read.diagnostics };
      });
      diagnostics.push(...result.diagnostics);
      if (result.definition) contracts.push(result.definition);
    }
  }
  if (!config) return { diagnostics };
  const imported: ImportedContract[] = [];
  for (const entry of config.imports) {
    if (entry.catalog) {
      const fromCatalog = importCatalog(entry.catalog, entry.line, config, files);
      diagnostics.push(...fromCatalog.diagnostics);
      imported.push(...fromCatalog.imported);
      continue;
    }
    const file = entry.contract ? files.imports.get(entry.contract) : undefined;
    if (!file) {
      diagnostics.push(error('MESH217', `imported contract ${entry.contract} cannot be read`, { file: config.file, line: entry.line, hint: 'give the path of the producer\'s .odcs.yaml file, relative to this project' }));
      continue;
    }
    const read = readContract(file);
    diagnostics.push(...read.diagnostics);
    if (read.contract) imported.push({ contract: read.contract, locations: entry.locations });
  }
  return { project: { config, domains, models, seeds, tests, genericTests, contracts, mappings, imported, macros }, diagnostics };
}

/**
 * `imports: - catalog: <path>`: every contract version another project's catalog.json publishes,
 * from the resolved contract files beside it, located where that project built its views: on each
 * target of this project with the catalog's engine.
 */
function importCatalog(path: string, line: number, config: ProjectConfig, files: ProjectFiles): { imported: ImportedContract[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const text = files.imports.get(path)?.text;
  const catalog = text === undefined ? undefined : parseCatalog(text);
  if (!catalog) {
    const why = text === undefined ? 'cannot be read' : `is not a meshwork catalog (${CATALOG_FORMAT})`;
    diagnostics.push(error('MESH217', `imported catalog ${path} ${why}`, { file: config.file, line, hint: "give the path of the producing project's target/catalog.json, written by its mesh build or mesh catalog" }));
    return { imported: [], diagnostics };
  }
  const targets = Object.values(config.targets).filter((t) => t.engine === catalog.target.engine).map((t) => t.name);
  const imported: ImportedContract[] = [];
  for (const product of catalog.products) {
    for (const [i, version] of product.versions.entries()) {
      const contractPath = product.files.contracts[i];
      const relation = catalog.datasets[version.views[0] ?? '']?.relation;
      const file = contractPath ? files.imports.get(join(dirname(path), contractPath).split(sep).join('/')) : undefined;
      if (!file || !relation) {
        diagnostics.push(error('MESH217', `imported catalog ${path} lists ${product.id} version ${version.version}, but not its contract file and view`, { file: config.file, line, hint: "rebuild the producer's catalog with mesh catalog" }));
        continue;
      }
      const read = readContract(file);
      diagnostics.push(...read.diagnostics);
      const location = unquoteRelation(relation);
      if (read.contract) imported.push({ contract: read.contract, locations: Object.fromEntries(targets.map((t) => [t, location])) });
    }
  }
  return { imported, diagnostics };
}

/** `"checkout"."orders_v1"` or `` `p`.`d`.`t` `` → `checkout.orders_v1`, as imports write locations. */
function unquoteRelation(relation: string): string {
  return relation.split('.').map((part) => part.replace(/^["`]|["`]$/g, '')).join('.');
}

/** A model file that is not UTF-8 (MESH105): its name stands, with no SQL and default settings. */
function unreadModel(domain: string, stage: Stage, file: SourceFile): ModelDefinition {
  const name = fileBaseName(file.path);
  return {
    kind: 'model',
    id: modelId(domain, name),
    name,
    domain,
    stage,
    file: file.path,
    body: '',
    bodyLine: 1,
    checksum: checksum(file.text),
    config: { materialized: 'view', uniqueKey: [], incrementalStrategy: 'append', tags: [], columns: [] },
  };
}

/** `seeds:` entries of domain.yaml with no CSV file of their name in the domain's seeds/ folder. */
function unknownSeedConfigs(domain: DomainDefinition | undefined, seedNames: readonly string[]): Diagnostic[] {
  return (domain?.seeds ?? [])
    .filter((config) => !seedNames.includes(config.name))
    .map((config) => {
      const near = nearestNames(config.name, seedNames, 1);
      return error('MESH102', `seeds: names '${config.name}', but the domain has no seed ${config.name}.csv`, {
        file: domain!.file,
        line: config.line,
        hint: `${near.length > 0 ? `did you mean '${near[0]}'? ` : ''}${seedNames.length > 0 ? `the domain's seeds are ${seedNames.join(', ')}` : `add domains/${domain!.name}/seeds/${config.name}.csv, or remove the entry`}`,
      });
    });
}
