import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { STAGES, type Stage } from '../parse/definitions.js';
import type { DomainFiles, ProjectFiles, SourceFile } from './project-files.js';

/** Folders a domain may hold besides its stages; anything else is probably a typo. */
const OTHER_DOMAIN_FOLDERS = ['seeds', 'tests', 'data', 'contracts', 'macros', 'docs'];

/** Reads every file of a project from disk. The only stage that touches the project's folder. */
export function loadProject(projectDir: string): { files: ProjectFiles; diagnostics: Diagnostic[] } {
  const root = resolve(projectDir);
  const diagnostics: Diagnostic[] = [];
  const read = (absolute: string): SourceFile => ({
    path: relative(root, absolute).split(sep).join('/'),
    absolute,
    text: readFileSync(absolute, 'utf8'),
  });

  const configPath = join(root, 'mesh.yaml');
  if (!existsSync(configPath)) {
    diagnostics.push(
      error('MESH100', `no mesh.yaml in ${root}`, {
        file: 'mesh.yaml',
        hint: 'run mesh in a project folder, or pass --project <dir>',
      }),
    );
    return { files: { root, domains: [], templates: new Map() }, diagnostics };
  }

  const domains: DomainFiles[] = [];
  const domainsDir = join(root, 'domains');
  for (const folder of listDirs(domainsDir)) {
    const dir = join(domainsDir, folder);
    const domainPath = join(dir, 'domain.yaml');
    const models: { stage: Stage; file: SourceFile }[] = [];
    for (const entry of listDirs(dir)) {
      if ((STAGES as readonly string[]).includes(entry)) {
        for (const name of listFiles(join(dir, entry), '.sql')) models.push({ stage: entry as Stage, file: read(join(dir, entry, name)) });
      } else if (!OTHER_DOMAIN_FOLDERS.includes(entry)) {
        diagnostics.push(
          warning('MESH190', `folder '${entry}' is not a stage meshwork knows; its files are ignored`, {
            file: `domains/${folder}/${entry}`,
            hint: `stages are ${STAGES.join(', ')}; other folders: ${OTHER_DOMAIN_FOLDERS.join(', ')}`,
          }),
        );
      }
    }
    domains.push({
      folder,
      dir,
      ...(existsSync(domainPath) ? { domainFile: read(domainPath) } : {}),
      models,
      seeds: listFiles(join(dir, 'seeds'), '.csv').map((n) => read(join(dir, 'seeds', n))),
      tests: listFiles(join(dir, 'tests'), '.sql').map((n) => read(join(dir, 'tests', n))),
    });
  }

  const templates = new Map<string, SourceFile>();
  const templatesDir = join(root, 'templates');
  for (const engine of listDirs(templatesDir)) {
    for (const kind of listDirs(join(templatesDir, engine))) {
      for (const name of listFiles(join(templatesDir, engine, kind), '.sql')) {
        templates.set(`${engine}/${kind}/${name}`, read(join(templatesDir, engine, kind, name)));
      }
    }
  }

  return { files: { root, configFile: read(configPath), domains, templates }, diagnostics };
}

function listDirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() || (e.isSymbolicLink() && statSync(join(dir, e.name)).isDirectory()))
    .map((e) => e.name)
    .filter((n) => !n.startsWith('.'))
    .sort();
}

function listFiles(dir: string, extension: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.isDirectory() && e.name.endsWith(extension) && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}
