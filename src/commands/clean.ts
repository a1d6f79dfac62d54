import { existsSync, readdirSync, realpathSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { writeProblem } from '../artifacts/write-problem.js';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Environment } from '../parse/env-interpolation.js';
import { parseConfig } from '../parse/parse-config.js';
import { loadProject } from '../project/load-project.js';

export interface CleanOptions {
  readonly projectDir: string;
  /** Also the database files of the project's DuckDB targets (only those inside the project folder). */
  readonly all?: boolean;
  /** Where `${NAME}` in mesh.yaml is read from (a target's path may use it). */
  readonly env?: Environment;
}

/** A file or folder `mesh clean` removes. */
export interface Removal {
  /** Relative to the project folder, `/`-separated (a folder ends in `/`). */
  readonly path: string;
  readonly absolute: string;
  /** `output`: target/, rebuilt by any command; `database`: a DuckDB target's file or its WAL, whose data a build must recreate. */
  readonly kind: 'output' | 'database';
}

export interface CleanPlan {
  readonly diagnostics: readonly Diagnostic[];
  readonly root: string;
  /** What exists and would be removed, target/ first. */
  readonly removals: readonly Removal[];
  /** DuckDB database files outside the project folder: never removed, only reported. */
  readonly outside: readonly { readonly target: string; readonly path: string }[];
}

/**
 * What `mesh clean` would remove, without removing anything: the CLI asks before removing a
 * database. Needs a readable mesh.yaml, so that it never empties a folder that is not a project.
 */
export function planClean(options: CleanOptions): CleanPlan {
  const { files, diagnostics } = loadProject(options.projectDir);
  const root = files.root;
  const empty = { root, removals: [], outside: [] };
  // Only mesh.yaml matters here: a broken model must not stop a clean.
  const configProblems = diagnostics.filter((d) => d.file === 'mesh.yaml');
  if (!files.configFile || hasErrors(configProblems)) return { diagnostics: configProblems, ...empty };
  const removals: Removal[] = [];
  if (existsSync(join(root, 'target'))) removals.push({ path: 'target/', absolute: join(root, 'target'), kind: 'output' });
  if (!options.all) return { diagnostics: [], root, removals, outside: [] };

  const parsed = parseConfig(root, files.configFile, { env: options.env ?? {}, domains: files.domains.map((d) => d.folder) });
  if (!parsed.config || hasErrors(parsed.diagnostics)) return { diagnostics: parsed.diagnostics, ...empty };
  const outside: { target: string; path: string }[] = [];
  const seen = new Set<string>();
  for (const target of Object.values(parsed.config.targets)) {
    if (target.path === undefined || target.path === ':memory:' || seen.has(target.path)) continue;
    seen.add(target.path);
    if (!insideProject(root, target.path)) {
      outside.push({ target: target.name, path: target.path });
      continue;
    }
    // DuckDB keeps uncommitted changes beside the file, in <file>.wal.
    for (const file of [target.path, `${target.path}.wal`]) {
      if (existsSync(file)) removals.push({ path: relative(root, file).split(sep).join('/'), absolute: file, kind: 'database' });
    }
  }
  return { diagnostics: [], root, removals, outside };
}

/** Removes what the plan lists, and `.mesh/` when that leaves it empty; returns what was removed. */
export function applyClean(plan: CleanPlan): { readonly removed: readonly string[]; readonly diagnostics: readonly Diagnostic[] } {
  const removed: string[] = [];
  try {
    for (const removal of plan.removals) {
      // A symbolic link is removed itself; what it points to is left.
      rmSync(removal.absolute, { recursive: true, force: true });
      removed.push(removal.path);
    }
    const meshDir = join(plan.root, '.mesh');
    if (plan.removals.some((r) => r.kind === 'database') && existsSync(meshDir) && readdirSync(meshDir).length === 0) {
      rmdirSync(meshDir);
      removed.push('.mesh/');
    }
  } catch (e) {
    const problem = writeProblem(e, plan.root);
    if (!problem) throw e;
    return { removed, diagnostics: [problem] };
  }
  return { removed, diagnostics: [] };
}

/**
 * Whether `file` is inside the project folder, after following symbolic links of its folders (a
 * `.mesh` that links elsewhere is outside).
 */
function insideProject(root: string, file: string): boolean {
  const real = (path: string): string => {
    let existing = path;
    while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
    return join(realpathSync(existing), relative(existing, path));
  };
  const path = relative(real(root), join(real(dirname(file)), relative(dirname(file), file)));
  return path !== '' && path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path);
}
