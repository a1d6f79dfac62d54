import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeProblem } from '../artifacts/write-problem.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';

/** The new project's files, shipped in the package (`files` includes templates/). */
const TEMPLATE_DIR = fileURLToPath(new URL('../../templates/init/', import.meta.url));

/** Stands for the project's name in the templates (not Handlebars: the models use `{{…}}` themselves). */
const NAME_PLACEHOLDER = /__PROJECT_NAME__/g;

/** The package's JSON Schemas (`files` includes schemas/), which the YAML files' modelines point at. */
const SCHEMA_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

/**
 * Stands for the schemas folder in a template's `# yaml-language-server: $schema=` modeline: the
 * path from the written file's folder to this meshwork's schemas (node_modules/meshwork/schemas
 * when meshwork is installed in the project), so the editor finds the schema of the version in use.
 */
const SCHEMAS_PLACEHOLDER = /__SCHEMAS__/g;

/**
 * Template files stored under another name: npm leaves `.gitignore` out of a published package,
 * so the template is `gitignore` and is written under its real name.
 */
const RENAMED: Readonly<Record<string, string>> = { gitignore: '.gitignore' };

export interface InitOptions {
  /** The folder to write the project into; created when missing, refused when not empty. */
  readonly dir: string;
}

export interface InitResult {
  readonly diagnostics: readonly Diagnostic[];
  /** Absolute path of the project folder. */
  readonly root: string;
  /** The project's name in mesh.yaml, derived from the folder's. */
  readonly name: string;
  /** Files written, relative to `root`, `/`-separated, in the order written. */
  readonly files: readonly string[];
}

/**
 * `mesh init`: writes a small project that checks and builds at once (a DuckDB dev target, one
 * domain with raw, cleaned and aggregate models over a sample CSV, tests and a contract). Writes
 * nothing into a folder that already holds something.
 */
export function init(options: InitOptions): InitResult {
  const root = resolve(options.dir);
  const name = projectNameFor(basename(root));
  const refused = (diagnostic: Diagnostic): InitResult => ({ diagnostics: [diagnostic], root, name, files: [] });
  if (existsSync(root)) {
    if (!statSync(root).isDirectory()) {
      return refused(error('MESH100', 'cannot write a new project here: it is a file, not a folder', { file: options.dir, hint: 'name a new or empty folder: mesh init <dir>' }));
    }
    const entries = readdirSync(root).sort();
    if (entries.length > 0) {
      const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? `, and ${entries.length - 5} more` : '');
      return refused(
        error('MESH100', `mesh init writes a new project, and this folder is not empty (it holds ${shown})`, {
          file: options.dir,
          hint: 'name a new or empty folder (mesh init <dir> creates it); nothing was written',
        }),
      );
    }
  }
  const files: string[] = [];
  try {
    for (const template of templateFiles(TEMPLATE_DIR)) {
      const path = template.split('/').map((part) => RENAMED[part] ?? part).join('/');
      const schemas = relative(dirname(join(root, path)), SCHEMA_DIR).split(sep).join('/');
      const text = readFileSync(join(TEMPLATE_DIR, template), 'utf8').replace(NAME_PLACEHOLDER, name).replace(SCHEMAS_PLACEHOLDER, schemas);
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text.endsWith('\n') ? text : `${text}\n`, { flag: 'wx' });
      files.push(path);
    }
  } catch (e) {
    const problem = writeProblem(e, root);
    if (!problem) throw e;
    return { diagnostics: [problem], root, name, files };
  }
  return { diagnostics: [], root, name, files };
}

/**
 * A valid project name (`^[a-z][a-z0-9_]*$`) from a folder's name: lower case, other characters
 * as `_`, and a leading letter (`My Shop-2` → `my_shop_2`, `2024-data` → `mesh_2024_data`).
 */
export function projectNameFor(folder: string): string {
  const words = folder
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents: `café` → `cafe`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (words === '') return 'mesh_project';
  return /^[a-z]/.test(words) ? words : `mesh_${words}`;
}

/** Every file under `dir`, relative and `/`-separated, in name order (folders' files in place). */
function templateFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const absolute = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...templateFiles(absolute));
    else found.push(relative(TEMPLATE_DIR, absolute).split(sep).join('/'));
  }
  return found;
}
