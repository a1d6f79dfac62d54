import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ProjectFiles } from '../project/project-files.js';
import { seedId, type DomainDefinition, type ModelDefinition, type ProjectDefinition, type SeedDefinition, type SingularTestDefinition } from './definitions.js';
import { parseConfig } from './parse-config.js';
import { parseDomain } from './parse-domain.js';
import { checksum, fileBaseName, parseModel, parseSingularTest } from './parse-model.js';

const NODE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Files → definitions. Every problem is collected; the definition is returned whenever the config parsed. */
export function parseProject(files: ProjectFiles): { project?: ProjectDefinition; diagnostics: Diagnostic[] } {
  if (!files.configFile) return { diagnostics: [] };
  const { config, diagnostics } = parseConfig(files.root, files.configFile);
  const domains: DomainDefinition[] = [];
  const models: ModelDefinition[] = [];
  const seeds: SeedDefinition[] = [];
  const tests: SingularTestDefinition[] = [];

  for (const domainFiles of files.domains) {
    const parsed = parseDomain(domainFiles);
    diagnostics.push(...parsed.diagnostics);
    const domain = parsed.domain?.name ?? domainFiles.folder;
    if (parsed.domain) domains.push(parsed.domain);

    const seen = new Map<string, string>();
    const claim = (name: string, file: string): void => {
      const other = seen.get(name);
      if (other) {
        diagnostics.push(
          error('MESH150', `two nodes named '${name}' in domain '${domain}': ${other} and ${file}`, {
            file,
            line: 1,
            hint: 'names are unique within a domain across stages, seeds and tests: rename one file',
          }),
        );
      } else {
        seen.set(name, file);
      }
      if (!NODE_NAME.test(name)) {
        diagnostics.push(error('MESH103', `'${name}' is not a valid node name`, { file, line: 1, hint: 'use letters, digits and underscores, starting with a letter' }));
      }
    };

    for (const { stage, file } of domainFiles.models) {
      const result = parseModel(domain, stage, file);
      claim(result.model.name, file.path);
      diagnostics.push(...result.diagnostics);
      models.push(result.model);
    }
    for (const file of domainFiles.seeds) {
      const name = fileBaseName(file.path);
      claim(name, file.path);
      seeds.push({ kind: 'seed', id: seedId(domain, name), name, domain, file: file.path, checksum: checksum(file.text), csv: file.text });
    }
    for (const file of domainFiles.tests) {
      const result = parseSingularTest(domain, file);
      claim(result.test.name, file.path);
      diagnostics.push(...result.diagnostics);
      tests.push(result.test);
    }
  }
  if (!config) return { diagnostics };
  return { project: { config, domains, models, seeds, tests }, diagnostics };
}
