import { existsSync, lstatSync, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { nearestNames } from '../diagnostics/suggest.js';
import { STAGES, type Stage } from '../parse/definitions.js';
import { decodeText } from './decode-text.js';
import type { DomainFiles, ProjectFiles, SourceFile } from './project-files.js';
import { parseCatalog } from '../catalog/read-catalog.js';

/** Folders a domain may hold besides its stages; anything else is probably a typo. */
const OTHER_DOMAIN_FOLDERS = ['seeds', 'tests', 'data', 'contracts', 'macros', 'docs'];

/** A path loadProject is about to look at (a folder it lists, a file it reads, a path it tests), before it does. */
export type Observe = (absolute: string) => void;

/**
 * Reads every file of a project from disk. The only stage that touches the project's folder.
 * `seen` hears of every path it looks at, before it looks: what a later run must stat to know that
 * nothing it would read changed (compile-record.ts).
 */
export function loadProject(projectDir: string, seen: Observe = () => {}): { files: ProjectFiles; diagnostics: Diagnostic[] } {
  const root = resolve(projectDir);
  const diagnostics: Diagnostic[] = [];
  const prefix = root.endsWith(sep) ? root : `${root}${sep}`;
  // A plain slice for what is under the root (every project file; path.relative was a tenth of reading 10,000 models).
  const shown = (absolute: string): string => (absolute.startsWith(prefix) ? absolute.slice(prefix.length) : relative(root, absolute)).split(sep).join('/');
  /** A file's text; MESH105 when it is not UTF-8 text, MESH100 when it cannot be read (a folder of that name, a broken link). */
  const read = (absolute: string): SourceFile | undefined => {
    const path = shown(absolute);
    seen(absolute);
    try {
      const decoded = decodeText(readFileSync(absolute));
      if ('text' in decoded) return { path, absolute, text: decoded.text };
      const { line, column, message, hint } = decoded.problem;
      diagnostics.push(error('MESH105', message, { file: path, line, column, hint }));
      return { path, absolute, text: '', undecodable: true };
    } catch (e) {
      diagnostics.push(unreadable(path, e));
      return undefined;
    }
  };

  const configPath = join(root, 'mesh.yaml');
  seen(configPath);
  if (!existsSync(configPath)) {
    diagnostics.push(
      error('MESH100', `no mesh.yaml in ${root}`, {
        file: 'mesh.yaml',
        hint: 'run mesh in a project folder, or pass --project <dir>',
      }),
    );
    return { files: { root, domains: [], templates: new Map(), imports: new Map() }, diagnostics };
  }

  const configFile = read(configPath);
  if (!configFile || configFile.undecodable) return { files: { root, domains: [], templates: new Map(), imports: new Map() }, diagnostics };

  const domains: DomainFiles[] = [];
  const domainsDir = join(root, 'domains');
  diagnostics.push(...notFolders(root, '', ['domains', 'templates', 'macros'], seen));
  diagnostics.push(...strayFiles(domainsDir, 'domains', (name) => KNOWN_EXTENSIONS.includes(extname(name)), 'each domain is a folder under domains/ with a domain.yaml', seen));
  for (const folder of listDirs(domainsDir, seen)) {
    const dir = join(domainsDir, folder);
    const domainPath = join(dir, 'domain.yaml');
    const models: { stage: Stage; file: SourceFile }[] = [];
    diagnostics.push(...strayFiles(dir, `domains/${folder}`, (name) => name !== 'domain.yaml' && KNOWN_EXTENSIONS.includes(extname(name)), placeHint, seen));
    diagnostics.push(...notFolders(dir, `domains/${folder}/`, [...STAGES, ...OTHER_DOMAIN_FOLDERS], seen));
    // A folder named domain.yaml is reported where domain.yaml is read.
    for (const entry of listDirs(dir, seen).filter((e) => e !== 'domain.yaml')) {
      const shown = `domains/${folder}/${entry}`;
      const isStage = (STAGES as readonly string[]).includes(entry);
      if (isStage) {
        for (const name of listFiles(join(dir, entry), '.sql', seen)) {
          const file = read(join(dir, entry, name));
          if (file) models.push({ stage: entry as Stage, file });
        }
      }
      if (entry === 'contracts') {
        diagnostics.push(
          ...strayFiles(join(dir, entry), shown, (name) => KNOWN_EXTENSIONS.includes(extname(name)) && !name.endsWith('.odcs.yaml') && extname(name) !== '.sql', 'contracts/ holds <product>.odcs.yaml data contracts and optional <product>.sql mappings', seen),
        );
      }
      if (isStage || entry === 'tests' || entry === 'seeds') {
        const belongs = entry === 'seeds' ? '.csv' : '.sql';
        diagnostics.push(...strayFiles(join(dir, entry), shown, (name) => misplacedIn(name, belongs), placeHint, seen));
        // tests/generic/ holds the domain's generic tests, tests/unit/ its unit tests (read by mesh test --unit); other folders there are not read.
        diagnostics.push(...nestedFolders(join(dir, entry), shown, seen).filter((d) => !(entry === 'tests' && (d.file === `${shown}/generic` || d.file === `${shown}/unit`))));
      } else if (!OTHER_DOMAIN_FOLDERS.includes(entry)) {
        const near = nearestNames(entry, [...STAGES, ...OTHER_DOMAIN_FOLDERS], 1);
        diagnostics.push(
          warning('MESH190', `folder '${entry}' is not a stage meshwork knows; its files are ignored`, {
            file: shown,
            hint: `${near.length > 0 ? `did you mean '${near[0]}'? ` : ''}stages are ${STAGES.join(', ')}; other folders: ${OTHER_DOMAIN_FOLDERS.join(', ')}`,
          }),
        );
      }
    }
    const readAll = (sub: string, names: readonly string[]): SourceFile[] => names.flatMap((n) => read(join(dir, sub, n)) ?? []);
    // A domain.yaml that exists but cannot be read is reported as such, not as missing.
    seen(domainPath);
    const domainFile = existsSync(domainPath) || isLink(domainPath, seen) ? read(domainPath) : undefined;
    domains.push({
      folder,
      dir,
      ...(domainFile ? { domainFile } : {}),
      ...(domainFile === undefined && (existsSync(domainPath) || isLink(domainPath, seen)) ? { domainFileUnreadable: true } : {}),
      models,
      seeds: readAll('seeds', listFiles(join(dir, 'seeds'), '.csv', seen)),
      tests: readAll('tests', listFiles(join(dir, 'tests'), '.sql', seen)),
      genericTests: readAll('tests/generic', listFiles(join(dir, 'tests', 'generic'), '.sql', seen)),
      contracts: readAll('contracts', [...listFiles(join(dir, 'contracts'), '.odcs.yaml', seen), ...listFiles(join(dir, 'contracts'), '.sql', seen)].sort()),
      macros: macroFiles(join(dir, 'macros'), read, seen),
    });
  }

  const templates = new Map<string, SourceFile>();
  const templatesDir = join(root, 'templates');
  for (const engine of listDirs(templatesDir, seen)) {
    for (const kind of listDirs(join(templatesDir, engine), seen)) {
      for (const name of listFiles(join(templatesDir, engine, kind), '.sql', seen)) {
        const file = read(join(templatesDir, engine, kind, name));
        if (file && !file.undecodable) templates.set(`${engine}/${kind}/${name}`, file);
      }
    }
  }

  const genericDir = join(root, 'tests', 'generic');
  const genericTests = listFiles(genericDir, '.sql', seen).flatMap((name) => read(join(genericDir, name)) ?? []);
  // dbt keeps singular tests in the project's tests/: here they belong to a domain, and would be ignored.
  diagnostics.push(...strayFiles(join(root, 'tests'), 'tests', (name) => KNOWN_EXTENSIONS.includes(extname(name)), 'the project\'s tests/ holds generic tests in tests/generic/; a singular test goes in its domain\'s tests/ (domains/<domain>/tests/)', seen));
  diagnostics.push(...nestedFolders(join(root, 'tests'), 'tests', seen).filter((d) => d.file !== 'tests/generic'));

  const imports = new Map<string, SourceFile>();
  const readImport = (path: string): SourceFile | undefined => {
    const absolute = resolve(root, path);
    seen(absolute);
    if (!existsSync(absolute) || !statSync(absolute).isFile()) return undefined;
    const read = readImportText(absolute);
    if (read === undefined) return undefined;
    const file = { path, absolute, text: read };
    imports.set(path, file);
    return file;
  };
  for (const { contract, catalog } of importedPaths(configFile.text)) {
    if (contract) readImport(contract);
    // Another project's catalog names its resolved contracts relative to its own target/ folder.
    const text = catalog ? readImport(catalog)?.text : undefined;
    for (const file of text ? catalogContractFiles(text) : []) readImport(join(dirname(catalog!), file).split(sep).join('/'));
  }

  return { files: { root, configFile, domains, templates, genericTests, imports, macros: macroFiles(join(root, 'macros'), read, seen) }, diagnostics };
}

/** `<dir>/*.sql` and `<dir>/<engine>/*.sql`: macros, and their per-engine variants. */
function macroFiles(dir: string, read: (absolute: string) => SourceFile | undefined, seen: Observe): SourceFile[] {
  const files = listFiles(dir, '.sql', seen).flatMap((name) => read(join(dir, name)) ?? []);
  for (const engine of listDirs(dir, seen)) files.push(...listFiles(join(dir, engine), '.sql', seen).flatMap((name) => read(join(dir, engine, name)) ?? []));
  return files;
}

/** Files meshwork reads somewhere; one of them in the wrong folder is probably misplaced. */
const KNOWN_EXTENSIONS = ['.sql', '.csv', '.yaml', '.yml'];

function misplacedIn(name: string, belongs: string): boolean {
  const extension = extname(name);
  return extension !== belongs && KNOWN_EXTENSIONS.includes(extension);
}

function placeHint(name: string): string {
  if (name === 'domain.yml') return 'rename it domain.yaml';
  const extension = extname(name);
  if (extension === '.sql') return `models go in a stage folder (${STAGES.join(', ')}), singular tests in tests/`;
  if (extension === '.csv') return 'seeds go in seeds/, files read by sources in data/';
  return `stage folders and tests/ hold .sql files, seeds/ holds .csv files, data/ holds files read by sources`;
}

/** MESH190 warnings for the files in `dir` that `misplaced` picks: meshwork would ignore them. */
function strayFiles(dir: string, shown: string, misplaced: (name: string) => boolean, hint: string | ((name: string) => string), seen: Observe): Diagnostic[] {
  return entries(dir, seen)
    .filter((e) => !e.isDirectory() && !e.name.startsWith('.') && !(e.isSymbolicLink() && isFolder(join(dir, e.name), seen)) && misplaced(e.name))
    .map((e) => e.name)
    .sort()
    .map((name) =>
      warning('MESH190', `file '${name}' is not where meshwork looks for it; it is ignored`, {
        file: `${shown}/${name}`,
        hint: typeof hint === 'string' ? hint : hint(name),
      }),
    );
}

/** Stage, tests and seeds folders are flat: files in their subfolders would be silently skipped. */
function nestedFolders(dir: string, shown: string, seen: Observe): Diagnostic[] {
  return listDirs(dir, seen).map((name) =>
    warning('MESH190', `folder '${name}' inside ${shown} is not read; its files are ignored`, {
      file: `${shown}/${name}`,
      hint: `move its files up into ${shown}/ (a domain's folders are flat)`,
    }),
  );
}

function listDirs(dir: string, seen: Observe): string[] {
  return entries(dir, seen)
    .filter((e) => e.isDirectory() || (e.isSymbolicLink() && isFolder(join(dir, e.name), seen)))
    .map((e) => e.name)
    .filter((n) => !n.startsWith('.'))
    .sort();
}

function listFiles(dir: string, extension: string, seen: Observe): string[] {
  return entries(dir, seen)
    .filter((e) => !e.isDirectory() && !(e.isSymbolicLink() && isFolder(join(dir, e.name), seen)) && e.name.endsWith(extension) && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

/** A folder's entries; none when it does not exist or is not a folder (that is reported where it matters). */
function entries(dir: string, seen: Observe): Dirent[] {
  seen(dir);
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Whether `path` is a folder, following links; false for a broken link or a link loop. */
function isFolder(path: string, seen: Observe): boolean {
  seen(path);
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isLink(path: string, seen: Observe): boolean {
  seen(path);
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** An imported file's text, when it can be read as UTF-8 text (an import that cannot is MESH217 where it is used). */
function readImportText(path: string): string | undefined {
  try {
    const decoded = decodeText(readFileSync(path));
    return 'text' in decoded ? decoded.text : undefined;
  } catch {
    return undefined;
  }
}

/** MESH100 for a file that is there but cannot be read, with what to do for the usual causes. */
function unreadable(file: string, e: unknown): Diagnostic {
  const code = (e as NodeJS.ErrnoException).code;
  const hint =
    code === 'EISDIR'
      ? 'this is a folder; meshwork expects a file of this name here: replace the folder with the file'
      : code === 'ENOENT'
        ? 'this is a symbolic link to a file that does not exist: point it at the file, or remove it'
        : code === 'ELOOP'
          ? 'this symbolic link points back to itself: point it at the file, or remove it'
          : code === 'EACCES' || code === 'EPERM'
            ? 'meshwork may not read it: give the user running mesh read permission'
            : 'make it a readable text file';
  return error('MESH100', `cannot read ${file}: ${(e as Error).message.replace(/^\w+: /, '').replace(/, \w+ '.*'$/, '')}`, { file, hint });
}

/** MESH190 for a file where meshwork looks for a folder (`domains`, a stage): it reads nothing from it. */
function notFolders(dir: string, shown: string, folders: readonly string[], seen: Observe): Diagnostic[] {
  return entries(dir, seen)
    .filter((e) => folders.includes(e.name) && !e.isDirectory() && !isFolder(join(dir, e.name), seen))
    .map((e) =>
      warning('MESH190', `'${shown}${e.name}' is a file, but meshwork reads a folder of that name; it is ignored`, {
        file: `${shown}${e.name}`,
        hint: `make ${shown}${e.name} a folder`,
      }),
    );
}

/** The contract and catalog files mesh.yaml imports, read before it is parsed properly (a broken file yields none here). */
function importedPaths(configText: string): { contract?: string; catalog?: string }[] {
  try {
    const doc = parseYaml(configText) as { imports?: unknown } | null;
    const list = Array.isArray(doc?.imports) ? doc.imports : [];
    return list.map((entry: unknown) => {
      const { contract, catalog } = (entry ?? {}) as { contract?: unknown; catalog?: unknown };
      return { ...(typeof contract === 'string' ? { contract } : {}), ...(typeof catalog === 'string' ? { catalog } : {}) };
    });
  } catch {
    return [];
  }
}

/** The resolved contract files a catalog.json lists (relative to its folder); none when it is not a catalog. */
function catalogContractFiles(text: string): string[] {
  return (parseCatalog(text)?.products ?? []).flatMap((p) => p.files.contracts);
}
