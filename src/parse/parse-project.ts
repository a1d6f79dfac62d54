import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ProjectFiles } from '../project/project-files.js';
import { dirname, join, sep } from 'node:path';
import { CATALOG_FORMAT } from '../catalog/catalog-types.js';
import { parseCatalog } from '../catalog/read-catalog.js';
import { seedId, type ContractMappingDefinition, type ProjectConfig, type DomainDefinition, type ModelDefinition, type ProjectDefinition, type SeedDefinition, type SingularTestDefinition } from './definitions.js';
import { parseConfig } from './parse-config.js';
import { parseDomain } from './parse-domain.js';
import { Memo } from '../cache/memo.js';
import type { ContractDefinition } from '../contracts/contract-definition.js';
import { CONTRACT_SUFFIX, readContract } from '../contracts/read-contract.js';
import { cacheKey, type ParseCache } from './parse-cache.js';

type ImportedContract = ProjectDefinition['imported'][number];
import { checksum, fileBaseName, parseModel, parseSingularTest } from './parse-model.js';

const NODE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Files → definitions. Every problem is collected; the definition is returned whenever the config parsed. */
/** `cache` lets an unchanged model or test file skip parsing; without one every file is parsed. */
export function parseProject(files: ProjectFiles, cache: ParseCache = new Memo()): { project?: ProjectDefinition; diagnostics: Diagnostic[] } {
  if (!files.configFile) return { diagnostics: [] };
  const { config, diagnostics } = parseConfig(files.root, files.configFile);
  const domains: DomainDefinition[] = [];
  const models: ModelDefinition[] = [];
  const seeds: SeedDefinition[] = [];
  const tests: SingularTestDefinition[] = [];
  const mappings: ContractMappingDefinition[] = [];
  const contracts: ContractDefinition[] = [];
  const parsedDomains = files.domains.map((domainFiles) => {
    // The domain's folder is part of the key: source paths are resolved against it.
    const domainKey = cacheKey('domain', domainFiles.folder, domainFiles.dir, domainFiles.domainFile?.path ?? '', checksum(domainFiles.domainFile?.text ?? ''));
    const parsed = cache.get(domainKey, () => {
      const result = parseDomain(domainFiles);
      return { definition: result.domain, diagnostics: result.diagnostics };
    });
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
    /** False for a second node of one name: it is reported and left out, so ids stay unique. */
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
      if (!other) {
        seen.set(name, file);
        return true;
      }
      diagnostics.push(
        error('MESH150', `two nodes named '${name}' in domain '${domain}': ${other} and ${file}`, {
          file,
          line: 1,
          hint: `names are unique within a domain across stages, seeds and tests: rename ${file} or ${other}`,
        }),
      );
      return false;
    };

    for (const { stage, file } of domainFiles.models) {
      const key = cacheKey('model', domain, stage, file.path, checksum(file.text));
      const result = cache.get(key, () => {
        const parsed = parseModel(domain, stage, file);
        return { definition: parsed.model, diagnostics: parsed.diagnostics };
      });
      diagnostics.push(...result.diagnostics);
      if (claim(result.definition.name, file.path)) models.push(result.definition);
    }
    for (const file of domainFiles.seeds) {
      const name = fileBaseName(file.path);
      if (claim(name, file.path)) {
        seeds.push({ kind: 'seed', id: seedId(domain, name), name, domain, file: file.path, checksum: checksum(file.text), csv: file.text });
      }
    }
    for (const file of domainFiles.tests) {
      const key = cacheKey('test', domain, 'tests', file.path, checksum(file.text));
      const result = cache.get(key, () => {
        const parsed = parseSingularTest(domain, file);
        return { definition: parsed.test, diagnostics: parsed.diagnostics };
      });
      diagnostics.push(...result.diagnostics);
      if (claim(result.definition.name, file.path)) tests.push(result.definition);
    }
    for (const file of domainFiles.contracts) {
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
  return { project: { config, domains, models, seeds, tests, contracts, mappings, imported }, diagnostics };
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
