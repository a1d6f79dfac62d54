import { createHash } from 'node:crypto';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../project/project-files.js';
import {
  modelId,
  testId,
  type ColumnDefinition,
  type ColumnTestDefinition,
  type IncrementalStrategy,
  type Materialization,
  type ModelDefinition,
  type Severity,
  type SingularTestDefinition,
  type Stage,
} from './definitions.js';
import { parseDataTests } from './parse-data-tests.js';
import { parseSnapshot, SNAPSHOT_KEYS } from './parse-snapshot.js';
import { parseTableLayout, TABLE_LAYOUT_KEYS } from './parse-table-layout.js';
import { splitHeader, type SplitFile } from './split-header.js';
import { YamlFile, YamlReader } from './yaml-file.js';

const MODEL_KEYS = ['materialized', 'unique_key', 'incremental_strategy', 'description', 'tags', 'columns', 'tests', 'data_tests', 'store_failures', ...TABLE_LAYOUT_KEYS, ...SNAPSHOT_KEYS];
const TEST_KEYS = ['severity', 'description', 'tags', 'store_failures'];
const MATERIALIZATIONS: readonly Materialization[] = ['view', 'table', 'incremental', 'ephemeral', 'snapshot'];
const STRATEGIES: readonly IncrementalStrategy[] = ['merge', 'append', 'delete+insert', 'insert_overwrite'];
/** Strategies that find the rows to replace by unique_key (insert_overwrite replaces partitions). */
const KEYED_STRATEGIES: readonly IncrementalStrategy[] = ['merge', 'delete+insert'];
const SEVERITIES: readonly Severity[] = ['error', 'warn'];
const STAGE_DEFAULTS: Record<Stage, Materialization> = { raw: 'view', cleaned: 'view', aggregate: 'table' };

export function checksum(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function fileBaseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
}

/** One model file → its definition; the header's problems come back as diagnostics. */
export function parseModel(domain: string, stage: Stage, file: SourceFile): { model: ModelDefinition; diagnostics: Diagnostic[] } {
  const split = splitHeader(file.text);
  const name = fileBaseName(file.path);
  const { value, reader, diagnostics } = readHeader(split, file.path);
  diagnostics.push(...noSql(split, file.path, 'a model is one select statement'));
  const h = reader?.map([], value, MODEL_KEYS, 'the model header') ?? {};
  const r = reader;

  const materialized = r?.oneOf(['materialized'], h.materialized, MATERIALIZATIONS, 'materialized') ?? STAGE_DEFAULTS[stage];
  const uniqueKey = r?.stringList(['unique_key'], h.unique_key, 'unique_key') ?? [];
  const strategy = r?.oneOf(['incremental_strategy'], h.incremental_strategy, STRATEGIES, 'incremental_strategy') ?? (uniqueKey.length > 0 ? 'merge' : 'append');
  if (r && materialized === 'incremental' && KEYED_STRATEGIES.includes(strategy) && uniqueKey.length === 0) {
    // The strategy asks for the key: point at it when it is written, else at `materialized`.
    r.invalid(
      h.incremental_strategy !== undefined ? ['incremental_strategy'] : ['materialized'],
      `incremental strategy '${strategy}' needs a unique_key`,
      'add unique_key: <column>, or use incremental_strategy: append',
    );
  }
  if (r && materialized !== 'incremental' && h.incremental_strategy !== undefined) {
    r.invalid(['incremental_strategy'], `incremental_strategy only applies to materialized: incremental, and this model is a ${materialized}`, 'remove incremental_strategy, or set materialized: incremental');
  }
  const snapshot = r ? parseSnapshot(r, h, materialized, uniqueKey) : undefined;
  const layout = r ? parseTableLayout(r, h, materialized) : {};
  if (r && materialized === 'incremental' && strategy === 'insert_overwrite' && !layout.partitionBy && (h.partition_by === undefined || h.partition_by === null)) {
    r.invalid(['incremental_strategy'], "incremental strategy 'insert_overwrite' replaces whole partitions and needs partition_by", 'add partition_by: { field: <column>, data_type: date }, or use incremental_strategy: merge with a unique_key');
  }
  const description = r?.string(['description'], h.description, 'description');
  const tags = r?.stringList(['tags'], h.tags, 'tags') ?? [];
  const columns = r ? parseColumns(r, h.columns) : [];
  const tests = r ? parseDataTests(r, testsKey(r, h, []), h.tests ?? h.data_tests, undefined) : [];
  const storeFailures = h.store_failures === undefined || h.store_failures === null ? undefined : typeof h.store_failures === 'boolean' ? h.store_failures : void r?.invalid(['store_failures'], `store_failures must be true or false, not ${JSON.stringify(h.store_failures)}`, 'write store_failures: true');

  const model: ModelDefinition = {
    kind: 'model',
    id: modelId(domain, name),
    name,
    domain,
    stage,
    file: file.path,
    body: split.body,
    bodyLine: split.bodyLine,
    checksum: checksum(file.text),
    config: {
      materialized,
      uniqueKey,
      incrementalStrategy: strategy,
      ...(snapshot ? { snapshot } : {}),
      ...(description ? { description } : {}),
      tags,
      columns,
      ...(tests.length > 0 ? { tests } : {}),
      ...(storeFailures !== undefined ? { storeFailures } : {}),
      ...layout,
    },
  };
  return { model, diagnostics };
}

/** A singular test file: a query whose rows are failures, with an optional header. */
export function parseSingularTest(domain: string, file: SourceFile): { test: SingularTestDefinition; diagnostics: Diagnostic[] } {
  const split = splitHeader(file.text);
  const name = fileBaseName(file.path);
  const { value, reader, diagnostics } = readHeader(split, file.path);
  diagnostics.push(...noSql(split, file.path, 'a singular test is a select statement whose rows are failures'));
  const h = reader?.map([], value, TEST_KEYS, 'the test header') ?? {};
  const severity = reader?.oneOf(['severity'], h.severity, SEVERITIES, 'severity') ?? 'error';
  const description = reader?.string(['description'], h.description, 'description');
  const test: SingularTestDefinition = {
    kind: 'test',
    id: testId(domain, name),
    name,
    domain,
    file: file.path,
    body: split.body,
    bodyLine: split.bodyLine,
    checksum: checksum(file.text),
    severity,
    ...(description ? { description } : {}),
    tags: reader?.stringList(['tags'], h.tags, 'tags') ?? [],
    ...(typeof h.store_failures === 'boolean' ? { storeFailures: h.store_failures } : {}),
  };
  if (reader && h.store_failures !== undefined && h.store_failures !== null && typeof h.store_failures !== 'boolean') {
    reader.invalid(['store_failures'], `store_failures must be true or false, not ${JSON.stringify(h.store_failures)}`, 'write store_failures: true');
  }
  return { test, diagnostics };
}

/** An empty file (or a header alone) would reach the engine as an empty statement. */
export function noSql(split: SplitFile, file: string, what: string): Diagnostic[] {
  if (split.unclosedHeaderLine !== undefined || split.body.trim() !== '') return [];
  return [error('MESH120', 'the file has no SQL', { file, line: split.bodyLine, hint: `write the query${split.header === undefined ? '' : ' after the header'}: ${what}` })];
}

/** A header that is not valid YAML is reported, and the file is read with defaults. */
export function readHeader(split: SplitFile, file: string): { value: unknown; reader?: YamlReader; diagnostics: Diagnostic[] } {
  if (split.unclosedHeaderLine !== undefined) {
    const unclosed = error('MESH120', `the header comment opened on line ${split.unclosedHeaderLine} is never closed`, {
      file,
      line: split.unclosedHeaderLine,
      hint: 'end the YAML header with */ on its own line, before the SQL',
    });
    return { value: {}, diagnostics: [unclosed] };
  }
  if (split.header === undefined) return { value: {}, diagnostics: [] };
  const parsed = YamlFile.parse(split.header, file, split.headerLine - 1, split.headerColumn);
  if (!parsed.yaml) return { value: {}, diagnostics: parsed.diagnostics };
  const reader = new YamlReader(parsed.yaml);
  return { value: parsed.yaml.value ?? {}, reader, diagnostics: reader.diagnostics };
}

function parseColumns(r: YamlReader, raw: unknown): ColumnDefinition[] {
  const columns: ColumnDefinition[] = [];
  const declared = r.map(['columns'], raw, 'any', 'columns') ?? {};
  for (const [column, value] of Object.entries(declared)) {
    const path = ['columns', column];
    const c = r.map(path, value, ['description', 'tests', 'data_tests'], `column '${column}'`) ?? {};
    const description = r.string([...path, 'description'], c.description, 'description');
    const tests = parseDataTests(r, testsKey(r, c, path), c.tests ?? c.data_tests, column) as ColumnTestDefinition[];
    columns.push({ name: column, ...(description ? { description } : {}), tests });
  }
  return columns;
}

/** `tests:`, or `data_tests:` as dbt ≥ 1.8 spells it (one of the two). */
function testsKey(r: YamlReader, block: Record<string, unknown>, path: readonly string[]): string[] {
  if (block.tests !== undefined && block.data_tests !== undefined) r.invalid([...path, 'data_tests'], 'tests: and data_tests: are the same list, given twice', 'keep one of them (meshwork reads data_tests: as tests:)');
  return [...path, block.tests === undefined && block.data_tests !== undefined ? 'data_tests' : 'tests'];
}
