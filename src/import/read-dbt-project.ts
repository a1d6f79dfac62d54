import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { decodeText } from '../project/decode-text.js';
import type { DbtGroup, DbtModelProperties, DbtProject, DbtSeedFile, DbtSeedProperties, DbtSourceTable, DbtSqlFile, DbtUnmapped } from './dbt-project.js';
import { readDbtProjectYml } from './dbt-project-yml.js';
import { readDocBlocks, withDocBlocks, type DocBlock } from './dbt-docs.js';
import { readProperties } from './dbt-properties.js';
import { parseDbtYaml, type DbtYaml } from './dbt-yaml.js';
import type { DbtFixture, DbtUnitTest } from './dbt-unit-tests.js';

/**
 * Reads a dbt project folder: dbt_project.yml, every properties yml, the models, seeds, macros and
 * singular tests. Every problem with the project itself is a diagnostic, all of them at once.
 */
export function readDbtProject(root: string): { project?: DbtProject; diagnostics: Diagnostic[] } {
  if (!existsSync(join(root, 'dbt_project.yml'))) {
    const what = !existsSync(root) ? 'does not exist' : statSync(root).isDirectory() ? 'has no dbt_project.yml' : 'is a file, not a folder';
    return {
      diagnostics: [error('MESH285', `${root} is not a dbt project: the folder ${what}`, { file: 'dbt_project.yml', hint: 'name the folder of a dbt project, the one that holds dbt_project.yml: mesh import dbt <dbt-project> --out <dir>' })],
    };
  }
  const diagnostics: Diagnostic[] = [];
  const texts = new Map<string, string>();
  const readText = (root: string, file: string, diagnostics: Diagnostic[]): string | undefined => {
    const text = readDecoded(root, file, diagnostics);
    if (text !== undefined) texts.set(file, text);
    return text;
  };
  const yamlOf = (file: string): DbtYaml | undefined => {
    const text = readText(root, file, diagnostics);
    if (text === undefined) return undefined;
    const parsed = parseDbtYaml(text, file);
    diagnostics.push(...parsed.diagnostics);
    return parsed.yaml;
  };
  const projectYaml = yamlOf('dbt_project.yml');
  const settings = projectYaml ? readDbtProjectYml(projectYaml) : undefined;
  diagnostics.push(...(settings?.diagnostics ?? []));

  const modelPaths = settings?.project?.modelPaths ?? ['models'];
  const seedPaths = settings?.project?.seedPaths ?? ['seeds'];
  const models: DbtSqlFile[] = [];
  const unmapped: DbtUnmapped[] = [...(settings?.project?.unmapped ?? [])];
  const modelProperties = new Map<string, DbtModelProperties>();
  const seedProperties = new Map<string, DbtSeedProperties>();
  const groups: DbtGroup[] = [];
  const sources: DbtSourceTable[] = [];
  const unitTests: DbtUnitTest[] = [];
  const propertyFiles: string[] = [];
  for (const base of modelPaths) {
    for (const path of listFiles(root, base)) {
      const file = posix.join(base, path);
      if (path.endsWith('.sql')) {
        const text = readText(root, file, diagnostics);
        if (text !== undefined) models.push({ file, path, name: stem(path), text });
      } else if (/\.ya?ml$/.test(path)) propertyFiles.push(file);
      else if (path.endsWith('.py')) unmapped.push({ file, line: 1, construct: posix.basename(path), what: 'Python model: not imported (meshwork models are SQL)' });
    }
  }
  for (const base of seedPaths) for (const path of listFiles(root, base)) if (/\.ya?ml$/.test(path)) propertyFiles.push(posix.join(base, path));
  // Descriptions may read `{{ doc("x") }}` blocks of any .md file under the model, seed, macro and test folders (dbt's default docs-paths).
  const docs = new Map<string, DocBlock>();
  const docsPaths = [...new Set([...modelPaths, ...seedPaths, ...(settings?.project?.macroPaths ?? ['macros']), ...(settings?.project?.testPaths ?? ['tests'])])];
  for (const base of docsPaths) {
    for (const path of listFiles(root, base).filter((p) => p.endsWith('.md'))) {
      const text = readText(root, posix.join(base, path), diagnostics);
      if (text !== undefined) for (const [name, block] of readDocBlocks(text, posix.join(base, path))) docs.set(name, block);
    }
  }
  for (const file of propertyFiles) {
    const yaml = yamlOf(file);
    if (!yaml) continue;
    const props = withDocBlocks(readProperties(yaml), docs, unmapped);
    diagnostics.push(...props.diagnostics);
    for (const m of props.models) modelProperties.set(m.name, m);
    for (const s of props.seeds) seedProperties.set(s.name, s);
    groups.push(...props.groups);
    sources.push(...props.sources);
    unitTests.push(...props.unitTests);
    unmapped.push(...props.unmapped);
  }
  const seeds: DbtSeedFile[] = [];
  for (const base of seedPaths) {
    for (const path of listFiles(root, base)) {
      if (path.endsWith('.csv')) seeds.push({ file: posix.join(base, path), path, name: stem(path), bytes: readFileSync(join(root, base, path)) });
    }
  }
  const sqlUnder = (bases: readonly string[], keep: (path: string) => boolean): DbtSqlFile[] => {
    const files: DbtSqlFile[] = [];
    for (const base of bases) {
      for (const path of listFiles(root, base)) {
        if (!path.endsWith('.sql') || !keep(path)) continue;
        const text = readText(root, posix.join(base, path), diagnostics);
        if (text !== undefined) files.push({ file: posix.join(base, path), path, name: stem(path), text });
      }
    }
    return files;
  };
  const testPaths = settings?.project?.testPaths ?? ['tests'];
  // Generic tests in tests/generic/ are `{% test %}` blocks, converted as macro files are.
  const macroFiles = [...sqlUnder(settings?.project?.macroPaths ?? ['macros'], () => true), ...sqlUnder(testPaths, (p) => p.startsWith('generic/'))];
  const isFixture = (p: string): boolean => p.startsWith('fixtures/') || p.includes('/fixtures/');
  const singularTests = sqlUnder(testPaths, (p) => !p.startsWith('generic/') && !isFixture(p));
  // dbt finds a unit test's `fixture: name` by file stem under a test path's fixtures/ folder.
  const fixtures = new Map<string, DbtFixture>();
  for (const base of testPaths) {
    for (const path of listFiles(root, base).filter(isFixture)) {
      const format = path.endsWith('.csv') ? 'csv' : path.endsWith('.sql') ? 'sql' : undefined;
      const text = format && !fixtures.has(stem(path)) ? readText(root, posix.join(base, path), diagnostics) : undefined;
      if (format && text !== undefined) fixtures.set(stem(path), { name: stem(path), file: posix.join(base, path), format, text });
    }
  }
  for (const snapshot of sqlUnder(settings?.project?.snapshotPaths ?? ['snapshots'], () => true)) {
    const line = snapshot.text.split(/\r?\n/).findIndex((l) => /\{%-?\s*snapshot\b/.test(l)) + 1 || 1;
    unmapped.push({ file: snapshot.file, line, construct: snapshot.text.split(/\r?\n/)[line - 1]?.trim() ?? snapshot.name, what: `dbt snapshot ${snapshot.name}: not converted` });
  }
  if (!settings?.project || diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const { name, vars, modelFolders, seedFolders } = settings.project;
  return {
    project: { root, name, vars, modelPaths, models, singularTests, macroFiles, seeds, modelFolders, seedFolders, modelProperties, seedProperties, groups, sources, unitTests, fixtures, texts, unmapped },
    diagnostics,
  };
}

function readDecoded(root: string, file: string, diagnostics: Diagnostic[]): string | undefined {
  const decoded = decodeText(readFileSync(join(root, file)));
  if ('text' in decoded) return decoded.text;
  diagnostics.push(error('MESH105', decoded.problem.message, { file, line: decoded.problem.line, column: decoded.problem.column, hint: decoded.problem.hint }));
  return undefined;
}

/** Files under `base` (relative to it, `/`-separated), sorted, skipping hidden ones. */
function listFiles(root: string, base: string): string[] {
  const dir = join(root, base);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else out.push(path);
    }
  };
  walk('');
  return out;
}

function stem(path: string): string {
  return posix.basename(path).replace(/\.[^.]+$/, '');
}
