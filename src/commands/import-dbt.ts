import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { writeProblem } from '../artifacts/write-problem.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { importDbtProject } from '../import/import-project.js';
import type { ImportCounts } from '../import/import-report.js';
import type { ImportProblem } from '../import/import-types.js';

export interface ImportDbtOptions {
  /** The dbt project folder (holds dbt_project.yml). */
  readonly dbtDir: string;
  /** The meshwork project to write: a new or empty folder. */
  readonly outDir: string;
  /** `--domain-map 'folder=domain,…'`, as typed. */
  readonly domainMap?: string;
  /** `--stage-map 'staging=raw,…'`, as typed. */
  readonly stageMap?: string;
}

export interface ImportDbtResult {
  readonly diagnostics: readonly Diagnostic[];
  /** Absolute path of the meshwork project written. */
  readonly root: string;
  /** Files written, relative to `root`, in the order written. */
  readonly files: readonly string[];
  readonly counts?: ImportCounts;
  /** What could not be converted (also in import-report.md). */
  readonly problems: readonly ImportProblem[];
}

/**
 * `mesh import dbt <dbt-project> --out <dir>`: converts a dbt project into a new meshwork project.
 * Nothing is written when the out folder holds anything or the dbt project cannot be read.
 */
export function importDbt(options: ImportDbtOptions): ImportDbtResult {
  const root = resolve(options.outDir);
  const refused = (diagnostics: readonly Diagnostic[]): ImportDbtResult => ({ diagnostics, root, files: [], problems: [] });
  if (existsSync(root)) {
    if (!statSync(root).isDirectory()) {
      return refused([error('MESH100', 'cannot write the imported project here: it is a file, not a folder', { file: options.outDir, hint: 'name a new or empty folder: mesh import dbt <dbt-project> --out <dir>' })]);
    }
    const entries = readdirSync(root).sort();
    if (entries.length > 0) {
      const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? `, and ${entries.length - 5} more` : '');
      return refused([
        error('MESH100', `mesh import dbt writes a new project, and this folder is not empty (it holds ${shown})`, {
          file: options.outDir,
          hint: 'name a new or empty folder with --out (it is created when missing); nothing was written',
        }),
      ]);
    }
  }
  const imported = importDbtProject(resolve(options.dbtDir), { domainMap: options.domainMap, stageMap: options.stageMap });
  if (!imported.output) return refused(imported.diagnostics);
  const files: string[] = [];
  try {
    for (const file of imported.output.files) {
      const path = join(root, file.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, 'copyOf' in file ? readFileSync(join(resolve(options.dbtDir), file.copyOf)) : file.text, { flag: 'wx' });
      files.push(file.path);
    }
  } catch (e) {
    const problem = writeProblem(e, root);
    if (!problem) throw e;
    return { diagnostics: [problem], root, files, problems: imported.output.problems };
  }
  return { diagnostics: imported.diagnostics, root, files, counts: imported.output.counts, problems: imported.output.problems };
}
