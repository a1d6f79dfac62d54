import { posix } from 'node:path';
import { yamlText } from '../catalog/yaml-text.js';
import { nearestNames } from '../diagnostics/suggest.js';
import { readCsv } from '../parse/read-csv.js';
import { decodeText } from '../project/decode-text.js';
import { flowRow, headerCsv } from '../unit/unit-test-yaml.js';
import type { Cell, Row } from '../unit/unit-test-definition.js';
import type { DbtProject } from './dbt-project.js';
import type { DbtUnitTest } from './dbt-unit-tests.js';
import { isRecord } from './dbt-yaml.js';
import type { ImportProblems } from './import-problems.js';
import type { ImportPlan, PlannedModel } from './plan-import.js';

/** A file the conversion writes: text, or a dbt fixture copied byte for byte. */
export type UnitTestFile = { readonly path: string; readonly text: string } | { readonly path: string; readonly copyOf: string };

/** A given or the expected rows, ready to write: inline rows, or a CSV file beside the test. */
type Rows = { readonly rows: readonly Row[] } | { readonly csv: string };
interface Given {
  readonly key: 'ref' | 'seed' | 'source' | 'contract' | 'this';
  readonly name: string;
  readonly version?: number;
  readonly data: Rows;
}
/** Why an entry cannot be converted (the test is then not written), or what of it was dropped. */
interface Issue {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly hint: string;
}

const KNOWN_KEYS = new Set(['name', 'model', 'description', 'given', 'expect', 'overrides', 'config', 'versions']);

/**
 * dbt `unit_tests:` → `domains/<d>/tests/unit/<name>.yaml` in the domain of each test's model.
 * A test is written only when meshwork can run it as dbt did: one with a given, expectation or
 * override meshwork cannot express is reported and left out, so that an imported build never
 * skips a model for a test the importer broke. What is dropped without changing the outcome
 * (tags, meta, versions) is reported and the test written.
 */
export function convertUnitTests(project: DbtProject, plan: ImportPlan, problems: ImportProblems): { files: UnitTestFile[]; count: number } {
  const files: UnitTestFile[] = [];
  const written = new Map<string, DbtUnitTest>();
  const copied = new Set<string>();
  let count = 0;
  const models = new Map(plan.models.map((m) => [m.dbt.name, m]));
  for (const test of project.unitTests) {
    const blockers: Issue[] = [];
    const notes: Issue[] = [];
    const model = typeof test.entry.model === 'string' ? models.get(test.entry.model) : undefined;
    if (typeof test.entry.model !== 'string') blockers.push({ path: ['model'], message: 'names no model', hint: 'add model: <the model under test>, as dbt requires' });
    else if (!model) blockers.push({ path: ['model'], message: `tests model ${test.entry.model}, which was not imported (disabled, or not a model of the project)`, hint: `${didYouMean(test.entry.model, [...models.keys()])}import the model, or fix model:, and import again` });
    const config = isRecord(test.entry.config) ? test.entry.config : {};
    if (config.enabled === false) {
      problems.add(test.file, test.lineOf(['config', 'enabled']), `unit test ${test.name} is disabled (enabled: false): not converted`, 'convert it by hand if you want it (docs/unit-tests.md)');
      continue;
    }
    for (const key of Object.keys(config).filter((k) => k !== 'enabled')) {
      notes.push({ path: ['config', key], message: `config ${key} of unit test ${test.name}: dropped (meshwork unit tests have no ${key})`, hint: key === 'tags' ? 'select the test by its name or its model (mesh test --unit --select <model>)' : 'keep it in a comment of the test file if you need it' });
    }
    if (test.entry.versions !== undefined) notes.push({ path: ['versions'], message: `versions: of unit test ${test.name}: dropped (the model is imported as one model, and the test runs against it)`, hint: 'nothing, unless the test was meant for another version' });
    for (const key of Object.keys(test.entry).filter((k) => !KNOWN_KEYS.has(k))) notes.push({ path: [key], message: `key ${key} of unit test ${test.name}: dropped`, hint: 'see docs/unit-tests.md for what a meshwork unit test holds' });

    const fileName = test.name.replace(/[^A-Za-z0-9_-]+/g, '_');
    const dir = model ? `domains/${model.domain}/tests/unit` : '';
    const fixtureFiles: UnitTestFile[] = [];
    const givens = model ? readGivens(test, model, fileName, project, plan, models, blockers, fixtureFiles) : [];
    const expected = readExpect(test, project, blockers);
    const overrides = readOverrides(test, blockers);
    const thisGiven = givens.findIndex((g) => g.key === 'this');
    if (!overrides.isIncremental && thisGiven >= 0) {
      // dbt reads `this` only in the incremental branch; meshwork refuses a given the model does not read (MESH276).
      const at = (test.entry.given as unknown[]).findIndex((g) => isRecord(g) && String(g.input).trim() === 'this');
      notes.push({ path: ['given', at], message: `unit test ${test.name} gives this without overrides: {macros: {is_incremental: true}}: that given is dropped (the full-refresh branch does not read this)`, hint: 'to test the incremental branch, add overrides: {macros: {is_incremental: true}} and import again' });
      givens.splice(thisGiven, 1);
    }
    if (overrides.isIncremental && thisGiven < 0) {
      blockers.push({ path: ['overrides', 'macros', 'is_incremental'], message: 'tests the incremental branch without a given for this', hint: 'add - input: this with the rows the model already holds, as meshwork needs them (docs/unit-tests.md)' });
    }
    const clashKey = model ? `${model.domain}/${fileName.toLowerCase()}` : '';
    const first = written.get(clashKey);
    if (model && first) blockers.push({ path: ['name'], message: `is a second unit test named ${test.name} in domain ${model.domain} (the first is in ${first.file} line ${first.line})`, hint: 'rename one of them: a unit test is named by its file, unique within a domain' });
    for (const n of notes) problems.add(test.file, test.lineOf(n.path), n.message, n.hint);
    if (!model || blockers.length > 0 || !expected) {
      for (const b of blockers) problems.add(test.file, test.lineOf(b.path), `unit test ${test.name} ${b.message}: not converted`, b.hint);
      continue;
    }
    written.set(clashKey, test);
    for (const f of fixtureFiles) {
      if (copied.has(f.path)) continue;
      copied.add(f.path);
      files.push({ ...f, path: `${dir}/${f.path}` });
    }
    const description = typeof test.entry.description === 'string' && test.entry.description.trim() !== '' ? test.entry.description.trim() : undefined;
    files.push({ path: `${dir}/${fileName}.yaml`, text: testYaml(test, model.dbt.name, description, givens, overrides, expected) });
    count++;
  }
  return { files, count };
}

function readGivens(test: DbtUnitTest, model: PlannedModel, fileName: string, project: DbtProject, plan: ImportPlan, models: ReadonlyMap<string, PlannedModel>, blockers: Issue[], fixtures: UnitTestFile[]): Given[] {
  const list = test.entry.given;
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    blockers.push({ path: ['given'], message: 'has a given: that is not a list', hint: 'write given: as a list of - input: … entries' });
    return [];
  }
  const givens: Given[] = [];
  list.forEach((raw: unknown, i) => {
    const path = ['given', i];
    const entry = isRecord(raw) ? raw : {};
    const input = typeof entry.input === 'string' ? entry.input.trim() : '';
    const call = /^(ref|source)\s*\(([\s\S]*)\)$/.exec(input);
    const args = call ? [...call[2]!.matchAll(/(?:^|,)\s*(['"])(.*?)\1/g)].map((m) => m[2]!) : [];
    let target: Omit<Given, 'data'> | undefined;
    if (input === 'this') target = { key: 'this', name: 'this' };
    else if (call?.[1] === 'ref' && args.length > 0) {
      const name = args[args.length - 1]!;
      const resolved = plan.resolveRef(model.domain, name);
      if (resolved.kind === 'contract') target = { key: 'contract', name: resolved.product, version: resolved.version };
      else if (resolved.kind === 'ref') target = { key: models.has(name) ? 'ref' : 'seed', name };
      else blockers.push({ path: [...path, 'input'], message: `reads ${input}, which is no model or seed of the project`, hint: `${didYouMean(name, [...models.keys(), ...project.seeds.map((s) => s.name)])}fix the ref, or import the model it names` });
    } else if (call?.[1] === 'source' && args.length === 2) {
      const name = plan.resolveSource(model.domain, args[0]!, args[1]!) ?? plan.sources.find((s) => s.table.sourceName === args[0] && s.table.name === args[1])?.name;
      if (name !== undefined) target = { key: 'source', name };
      else blockers.push({ path: [...path, 'input'], message: `reads ${input}, a source not declared in the project`, hint: 'declare the source (sources: in a properties yml) and import again' });
    } else blockers.push({ path: [...path, 'input'], message: `has a given whose input is ${input === '' ? 'missing' : `'${input}'`}`, hint: "write input: ref('x'), source('s', 't') or this" });
    if (!target) return;
    const data = givenRows(test, entry, path, `${fileName}__${target.key}_${target.name.replace(/\W+/g, '_')}`, target, model, project, blockers, fixtures);
    if (data) givens.push({ ...target, data });
  });
  return givens;
}

/** A given's rows: dict rows inline; CSV (inline text or a fixture file) as a CSV file beside the test, read as meshwork reads CSV givens. */
function givenRows(
  test: DbtUnitTest,
  entry: Record<string, unknown>,
  path: (string | number)[],
  stem: string,
  target: Omit<Given, 'data'>,
  model: PlannedModel,
  project: DbtProject,
  blockers: Issue[],
  fixtures: UnitTestFile[],
): Rows | undefined {
  const format = entry.format ?? 'dict';
  const input = String(entry.input);
  if (format === 'sql' || (entry.fixture !== undefined && project.fixtures.get(String(entry.fixture))?.format === 'sql')) {
    blockers.push({ path: [...path, 'format'], message: `gives ${input} as SQL (format: sql), which meshwork unit tests do not read`, hint: 'write its rows as a list of mappings (rows:) or a CSV file (csv:), docs/unit-tests.md' });
    return undefined;
  }
  if (entry.fixture !== undefined) {
    const fixture = project.fixtures.get(String(entry.fixture));
    if (!fixture) {
      blockers.push({ path: [...path, 'fixture'], message: `gives ${input} from fixture ${String(entry.fixture)}, which is no file under the test paths' fixtures/ folder`, hint: 'add the fixture file (tests/fixtures/<name>.csv) and import again' });
      return undefined;
    }
    const to = `fixtures/${posix.basename(fixture.file)}`;
    fixtures.push({ path: to, copyOf: fixture.file });
    return { csv: to };
  }
  if (format === 'csv') {
    if (typeof entry.rows !== 'string') {
      blockers.push({ path: [...path, 'rows'], message: `gives ${input} as format: csv without CSV text in rows:`, hint: 'write rows: | followed by the CSV lines, or fixture: <name>' });
      return undefined;
    }
    const problem = readCsv(entry.rows).problems[0];
    if (problem) {
      blockers.push({ path: [...path, 'rows'], message: `gives ${input} as CSV that does not read (${problem.message})`, hint: problem.hint });
      return undefined;
    }
    const to = `fixtures/${stem}.csv`;
    fixtures.push({ path: to, text: entry.rows.replace(/\r\n?/g, '\n') });
    return { csv: to };
  }
  if (format !== 'dict') {
    blockers.push({ path: [...path, 'format'], message: `gives ${input} in format ${String(format)}`, hint: 'dbt reads format: dict, csv or sql' });
    return undefined;
  }
  const rows = dictRows(entry.rows);
  if (rows === 'bad') {
    blockers.push({ path: [...path, 'rows'], message: `gives ${input} with rows that are not a list of mappings of single values`, hint: 'meshwork given values are text, numbers, true/false or null: write nested values as their JSON text' });
    return undefined;
  }
  if (rows.length > 0) return { rows };
  // No row: meshwork takes the columns of an empty given from a header-only CSV file.
  const columns = knownColumns(target, model, project);
  if (!columns) {
    blockers.push({ path: [...path, 'rows'], message: `gives ${input} with no rows, and its columns are not known to the importer`, hint: 'write a CSV file with only its header line beside the test (csv: fixtures/empty.csv, docs/unit-tests.md)' });
    return undefined;
  }
  const to = `fixtures/${stem}.csv`;
  fixtures.push({ path: to, text: headerCsv(columns) });
  return { csv: to };
}

/** The columns of an input with no given rows: a seed's header, or a model's documented columns. */
function knownColumns(target: Omit<Given, 'data'>, model: PlannedModel, project: DbtProject): readonly string[] | undefined {
  if (target.key === 'seed') {
    const seed = project.seeds.find((s) => s.name === target.name);
    const decoded = seed ? decodeText(seed.bytes) : undefined;
    const header = decoded && 'text' in decoded ? readCsv(decoded.text.split(/\r?\n/)[0] ?? '').table?.header : undefined;
    return header && header.length > 0 ? header : undefined;
  }
  const name = target.key === 'this' ? model.dbt.name : target.name.split('.').pop()!;
  const columns = project.modelProperties.get(name)?.columns.map((c) => c.name) ?? [];
  return target.key !== 'source' && columns.length > 0 ? columns : undefined;
}

function readExpect(test: DbtUnitTest, project: DbtProject, blockers: Issue[]): { rows: readonly Row[] } | undefined {
  const expect = test.entry.expect;
  if (!isRecord(expect)) {
    blockers.push({ path: ['expect'], message: 'has no expect: mapping', hint: 'add expect: {rows: […]}, as dbt requires' });
    return undefined;
  }
  const format = expect.format ?? 'dict';
  const fixture = expect.fixture === undefined ? undefined : project.fixtures.get(String(expect.fixture));
  if (format === 'sql' || fixture?.format === 'sql') {
    blockers.push({ path: ['expect', 'format'], message: 'expects rows given as SQL (format: sql), which meshwork unit tests do not read', hint: 'write the expected rows as a list of mappings (expect: {rows: […]})' });
    return undefined;
  }
  if (expect.fixture !== undefined && !fixture) {
    blockers.push({ path: ['expect', 'fixture'], message: `expects the rows of fixture ${String(expect.fixture)}, which is no file under the test paths' fixtures/ folder`, hint: 'add the fixture file and import again' });
    return undefined;
  }
  // meshwork's expect holds rows only: CSV (inline or a fixture) becomes inline rows, its values text, an empty field null.
  const csvText = fixture ? fixture.text : format === 'csv' && typeof expect.rows === 'string' ? expect.rows : undefined;
  if (csvText !== undefined) {
    const { table, problems } = readCsv(csvText);
    if (!table || problems.length > 0) {
      blockers.push({ path: ['expect', fixture ? 'fixture' : 'rows'], message: `expects CSV rows that do not read (${problems[0]?.message ?? 'no header'})`, hint: problems[0]?.hint ?? 'write the header line first' });
      return undefined;
    }
    return { rows: table.rows.map((fields) => Object.fromEntries(table.header.map((c, i) => [c, fields[i] === '' || fields[i] === undefined ? null : fields[i]!]))) };
  }
  if (format !== 'dict') {
    blockers.push({ path: ['expect', 'format'], message: `expects rows in format ${String(format)}${format === 'csv' ? ' without CSV text in rows:' : ''}`, hint: 'write the expected rows as a list of mappings' });
    return undefined;
  }
  const rows = dictRows(expect.rows);
  if (rows === 'bad') {
    blockers.push({ path: ['expect', 'rows'], message: 'expects rows that are not a list of mappings of single values', hint: 'write nested values as their JSON text' });
    return undefined;
  }
  return { rows };
}

function readOverrides(test: DbtUnitTest, blockers: Issue[]): { vars?: Record<string, unknown>; isIncremental: boolean } {
  const overrides = isRecord(test.entry.overrides) ? test.entry.overrides : {};
  let isIncremental = false;
  for (const [key, value] of Object.entries(overrides)) {
    if (key === 'vars') continue;
    if (key !== 'macros' || !isRecord(value)) {
      blockers.push({ path: ['overrides', key], message: `overrides ${key}, which meshwork unit tests cannot set`, hint: key === 'env_vars' ? 'read the value through a var ({{var}}) and set it under vars: of the test' : 'meshwork overrides vars and is_incremental only' });
      continue;
    }
    for (const [macro, result] of Object.entries(value)) {
      if (macro === 'is_incremental') isIncremental = result === true;
      else blockers.push({ path: ['overrides', 'macros', macro], message: `overrides the macro ${macro}, which meshwork unit tests cannot do`, hint: 'make what the macro gives a var of the model ({{var}}) and set it under vars: of the test' });
    }
  }
  return { ...(isRecord(overrides.vars) ? { vars: overrides.vars } : {}), isIncremental };
}

function didYouMean(name: string, names: readonly string[]): string {
  const near = nearestNames(name, names);
  return near.length > 0 ? `did you mean ${near.join(', ')}? ` : '';
}

/** A list of flat mappings of single values; `'bad'` when it is not. */
function dictRows(value: unknown): Row[] | 'bad' {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return 'bad';
  const rows: Row[] = [];
  for (const row of value) {
    if (!isRecord(row)) return 'bad';
    const cells: Record<string, Cell> = {};
    for (const [column, cell] of Object.entries(row)) {
      if (cell !== null && typeof cell === 'object') return 'bad';
      cells[column] = cell === undefined ? null : (cell as Cell);
    }
    rows.push(cells);
  }
  return rows;
}

function testYaml(test: DbtUnitTest, model: string, description: string | undefined, givens: readonly Given[], overrides: { vars?: Record<string, unknown>; isIncremental: boolean }, expected: { rows: readonly Row[] }): string {
  const lines = [`# Imported from the dbt unit test ${test.name} (${test.file}, line ${test.line}).`, `model: ${model}`];
  if (description !== undefined) lines.push(yamlText({ description }).trimEnd());
  lines.push('given:');
  for (const g of givens) {
    lines.push(g.key === 'this' ? '  - this: true' : `  - ${g.key}: ${g.name}`);
    if (g.version !== undefined) lines.push(`    version: ${g.version}`);
    if ('csv' in g.data) lines.push(`    csv: ${g.data.csv}`);
    else lines.push('    rows:', ...g.data.rows.map((row) => `      - ${flowRow(Object.keys(row), row)}`));
  }
  if (overrides.vars) lines.push(yamlText({ vars: overrides.vars }).trimEnd());
  if (overrides.isIncremental) lines.push('is_incremental: true');
  lines.push('expect:', expected.rows.length === 0 ? '  rows: []' : '  rows:', ...expected.rows.map((row) => `    - ${flowRow(Object.keys(row), row)}`));
  return `${lines.join('\n')}\n`;
}
