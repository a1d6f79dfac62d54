import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { DbtColumn, DbtGroup, DbtModelProperties, DbtSeedProperties, DbtSourceTable, DbtTestEntry, DbtUnmapped } from './dbt-project.js';
import { badShape, configValues, isRecord, type DbtYaml } from './dbt-yaml.js';
import { readUnitTests, type DbtUnitTest } from './dbt-unit-tests.js';

export interface DbtProperties {
  readonly models: DbtModelProperties[];
  readonly seeds: DbtSeedProperties[];
  readonly groups: DbtGroup[];
  readonly sources: DbtSourceTable[];
  readonly unitTests: DbtUnitTest[];
  readonly unmapped: DbtUnmapped[];
  readonly diagnostics: Diagnostic[];
}

/** Top-level keys of a properties file that meshwork has no place for. */
const UNMAPPED_KINDS: Readonly<Record<string, string>> = {
  exposures: 'exposures are not imported: meshwork has no exposures; list the consumers in the contract or the docs',
  metrics: 'metrics are not imported: meshwork has no semantic layer; write the metric as an aggregate model',
  semantic_models: 'semantic models are not imported: meshwork has no semantic layer',
  saved_queries: 'saved queries are not imported: meshwork has no semantic layer',
  snapshots: 'snapshot properties are not imported: dbt snapshots are not converted',
  analyses: 'analyses are not imported',
};

/** One properties yml (`schema.yml`, `sources.yml`, any name) → its models, seeds, groups and sources. */
export function readProperties(yaml: DbtYaml): DbtProperties {
  const out: DbtProperties = { models: [], seeds: [], groups: [], sources: [], unitTests: [], unmapped: [], diagnostics: [] };
  const doc = yaml.value;
  if (doc === null || doc === undefined) return out;
  if (!isRecord(doc)) {
    out.diagnostics.push(badShape(yaml, [], 'a properties file must be a mapping (version: 2, models:, sources:, …)', 'write version: 2, then models: or sources: lists'));
    return out;
  }
  const entries = (key: string): { entry: Record<string, unknown>; path: (string | number)[] }[] => {
    const list = doc[key];
    if (list === undefined || list === null) return [];
    if (!Array.isArray(list)) {
      out.diagnostics.push(badShape(yaml, [key], `${key}: must be a list of entries with a name`, `write ${key}:, then - name: … for each`));
      return [];
    }
    const found: { entry: Record<string, unknown>; path: (string | number)[] }[] = [];
    list.forEach((entry: unknown, i) => {
      if (isRecord(entry) && typeof entry.name === 'string') found.push({ entry, path: [key, i] });
      else out.diagnostics.push(badShape(yaml, [key, i], `an entry of ${key}: without a name`, 'give each entry a name: (the model, seed, source or group it describes)'));
    });
    return found;
  };
  for (const { entry, path } of entries('models')) {
    out.models.push(readModel(yaml, entry, path));
    if (entry.versions !== undefined) out.unmapped.push({ file: yaml.file, line: yaml.line([...path, 'versions'], true), construct: 'versions:', what: `versioned model ${String(entry.name)}: only its file ${String(entry.name)}.sql is imported, as one model` });
  }
  for (const { entry, path } of entries('seeds')) {
    out.seeds.push({
      name: String(entry.name),
      ...described(yaml, entry.description, path),
      config: isRecord(entry.config) ? configValues(yaml, [...path, 'config'], entry.config, false) : {},
      file: yaml.file,
      line: yaml.line(path),
    });
  }
  for (const { entry, path } of entries('groups')) {
    const owner = isRecord(entry.owner) ? entry.owner : {};
    out.groups.push({
      name: String(entry.name),
      ...(typeof owner.name === 'string' ? { ownerName: owner.name } : {}),
      ...(typeof owner.email === 'string' ? { ownerEmail: owner.email } : {}),
      file: yaml.file,
      line: yaml.line(path),
    });
  }
  for (const { entry, path } of entries('sources')) out.sources.push(...readSource(yaml, entry, path, out));
  out.unitTests.push(...readUnitTests(yaml, entries('unit_tests')));
  for (const [key, what] of Object.entries(UNMAPPED_KINDS)) {
    if (doc[key] !== undefined) out.unmapped.push({ file: yaml.file, line: yaml.line([key], true), construct: `${key}:`, what });
  }
  return out;
}

/** A description and the line it is written at (where a docs block it names is reported). */
function described(yaml: DbtYaml, value: unknown, path: readonly (string | number)[]): { description?: string; descriptionLine?: number } {
  return typeof value === 'string' && value.trim() !== '' ? { description: value.trim(), descriptionLine: yaml.line([...path, 'description'], true) } : {};
}

function readModel(yaml: DbtYaml, entry: Record<string, unknown>, path: (string | number)[]): DbtModelProperties {
  const config = isRecord(entry.config) ? configValues(yaml, [...path, 'config'], entry.config, false) : {};
  // `access:` and `group:` are also written beside `config:`; inside it wins, as in dbt.
  const beside: Record<string, { value: unknown; file: string; line: number }> = {};
  for (const key of ['access', 'group', 'tags']) {
    if (entry[key] !== undefined) beside[key] = { value: entry[key], file: yaml.file, line: yaml.line([...path, key], true) };
  }
  const columns: DbtColumn[] = [];
  if (Array.isArray(entry.columns)) {
    entry.columns.forEach((column: unknown, i) => {
      if (!isRecord(column) || typeof column.name !== 'string') return;
      const cpath = [...path, 'columns', i];
      const constraints = Array.isArray(column.constraints) ? column.constraints.filter(isRecord).map((c) => String(c.type)) : [];
      columns.push({
        name: column.name,
        ...described(yaml, column.description, cpath),
        ...(typeof column.data_type === 'string' ? { dataType: column.data_type } : {}),
        tests: readTests(yaml, column, cpath),
        constraints,
        file: yaml.file,
        line: yaml.line(cpath),
      });
    });
  }
  const constraints: Record<string, string[]> = {};
  if (Array.isArray(entry.constraints)) {
    for (const c of entry.constraints.filter(isRecord)) {
      for (const column of Array.isArray(c.columns) ? c.columns : []) (constraints[String(column)] ??= []).push(String(c.type));
    }
  }
  return {
    name: String(entry.name),
    ...described(yaml, entry.description, path),
    config: { ...beside, ...config },
    columns,
    tests: readTests(yaml, entry, path),
    constraints,
    file: yaml.file,
    line: yaml.line(path),
  };
}

/** `tests:` or `data_tests:` (dbt ≥ 1.8), both read. */
function readTests(yaml: DbtYaml, owner: Record<string, unknown>, path: (string | number)[]): DbtTestEntry[] {
  const tests: DbtTestEntry[] = [];
  for (const key of ['tests', 'data_tests']) {
    const list = owner[key];
    if (!Array.isArray(list)) continue;
    list.forEach((test: unknown, i) => {
      const line = yaml.line([...path, key, i]);
      if (typeof test === 'string') tests.push({ name: test, args: {}, file: yaml.file, line });
      else if (isRecord(test) && typeof test.test_name === 'string') {
        // dbt's named form: `- name: orders_status_ok` with `test_name: accepted_values` and the arguments beside.
        const { name: _given, test_name: testName, ...args } = test;
        tests.push({ name: testName, args, file: yaml.file, line });
      } else if (isRecord(test)) {
        const [name, args] = Object.entries(test)[0] ?? [];
        if (name !== undefined) tests.push({ name, args: isRecord(args) ? args : {}, file: yaml.file, line });
      }
    });
  }
  return tests;
}

/** A source's tables, each with the source's settings where the table sets none (as dbt). */
function readSource(yaml: DbtYaml, source: Record<string, unknown>, path: (string | number)[], out: DbtProperties): DbtSourceTable[] {
  const sourceName = String(source.name);
  const sourceConfig = isRecord(source.config) ? source.config : {};
  const sourceMeta = isRecord(source.meta) ? source.meta : {};
  const tables: DbtSourceTable[] = [];
  if (!Array.isArray(source.tables)) return tables;
  source.tables.forEach((table: unknown, i) => {
    const tpath = [...path, 'tables', i];
    if (!isRecord(table) || typeof table.name !== 'string') {
      out.diagnostics.push(badShape(yaml, tpath, `a table of source '${sourceName}' without a name`, 'give each table a name:'));
      return;
    }
    const config = isRecord(table.config) ? table.config : {};
    const meta = isRecord(table.meta) ? table.meta : {};
    // meshwork tests models, not sources: each test on a source is reported where it is written.
    const sourceTests = [...readTests(yaml, table, tpath)];
    if (Array.isArray(table.columns)) table.columns.forEach((column: unknown, c) => isRecord(column) && sourceTests.push(...readTests(yaml, column, [...tpath, 'columns', c])));
    for (const t of sourceTests) {
      out.unmapped.push({ file: t.file, line: t.line, construct: `- ${t.name}`, what: `test ${t.name} on source ${sourceName}.${String(table.name)}: not imported (meshwork tests models, not sources)` });
    }
    const pick = (key: string): unknown => config[key] ?? table[key] ?? sourceConfig[key] ?? source[key];
    const freshnessAt = [config, table, sourceConfig, source].findIndex((level) => key(level, 'freshness'));
    const freshnessPath = [[...tpath, 'config', 'freshness'], [...tpath, 'freshness'], [...path, 'config', 'freshness'], [...path, 'freshness']][freshnessAt];
    const location = meta.external_location ?? config.external_location ?? sourceMeta.external_location ?? sourceConfig.external_location;
    const identifier = typeof table.identifier === 'string' ? table.identifier : table.name;
    const loadedAt = pick('loaded_at_field');
    tables.push({
      sourceName,
      name: table.name,
      ...(table.description !== undefined ? described(yaml, table.description, tpath) : described(yaml, source.description, path)),
      ...(typeof source.database === 'string' ? { database: source.database } : {}),
      schema: typeof source.schema === 'string' ? source.schema : sourceName,
      identifier,
      ...(typeof loadedAt === 'string' ? { loadedAtField: loadedAt } : {}),
      ...(freshnessPath ? { freshness: [config, table, sourceConfig, source][freshnessAt]!.freshness, freshnessLine: yaml.line(freshnessPath, true) } : {}),
      // dbt-duckdb formats {name} (and {identifier}) into a source-level location.
      ...(typeof location === 'string' ? { externalLocation: location.replace(/\{(name|identifier)\}/g, (_, k: string) => (k === 'name' ? table.name as string : identifier)) } : {}),
      file: yaml.file,
      line: yaml.line(tpath),
    });
  });
  return tables;
}

function key(level: Record<string, unknown>, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(level, name);
}
