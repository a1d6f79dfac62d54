import { dirname, join, posix } from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { readCsv } from '../parse/read-csv.js';
import { YamlFile, YamlReader } from '../parse/yaml-file.js';
import type { SourceFile } from '../project/project-files.js';
import type { Cell, GivenInput, GivenKind, Row, UnitTestDefinition } from './unit-test-definition.js';

const TOP_KEYS = ['model', 'description', 'given', 'vars', 'is_incremental', 'expect'];
const GIVEN_KINDS: readonly GivenKind[] = ['ref', 'source', 'seed', 'contract', 'this'];
const GIVEN_KEYS = [...GIVEN_KINDS, 'version', 'rows', 'csv'];

/** Reads a CSV fixture by its path relative to the project root; undefined when it cannot be read. */
export type ReadFixture = (path: string) => SourceFile | undefined;

/**
 * A unit test file → its definition, or every problem in it: YAML shape (MESH101–104, as any YAML
 * file of the project), and a CSV given that cannot be read or is not a table (MESH278).
 */
export function parseUnitTest(file: SourceFile, domain: string, readFixture: ReadFixture): { test?: UnitTestDefinition; diagnostics: Diagnostic[] } {
  const parsed = YamlFile.parse(file.text, file.path);
  if (!parsed.yaml) return { diagnostics: parsed.diagnostics };
  const yaml = parsed.yaml;
  const reader = new YamlReader(yaml, parsed.diagnostics);
  const top = reader.map([], yaml.value ?? {}, TOP_KEYS, 'a unit test');
  if (!top) return { diagnostics: reader.diagnostics };
  const model = reader.string(['model'], top.model, "'model' (the model under test)", true);
  const given: GivenInput[] = [];
  if (top.given !== undefined && !Array.isArray(top.given)) reader.invalid(['given'], "'given' must be a list of inputs", 'write each input as a list item: - ref: orders');
  for (const [i, entry] of (Array.isArray(top.given) ? top.given : []).entries()) {
    const input = parseGiven(reader, yaml, i, entry, file.path, readFixture);
    if (input) given.push(input);
  }
  const vars = reader.map(['vars'], top.vars, 'any', "'vars'");
  const isIncremental = top.is_incremental === true;
  if (top.is_incremental !== undefined && typeof top.is_incremental !== 'boolean') reader.invalid(['is_incremental'], "'is_incremental' must be true or false");
  if (isIncremental && !given.some((g) => g.kind === 'this')) {
    reader.diagnostics.push(error('MESH277', 'a unit test of the incremental branch needs a given for `this` (the rows the model already holds)', { file: file.path, line: yaml.lineOf(['is_incremental'], true), hint: 'add under given: - this: true with its rows' }));
  }
  const expect = reader.map(['expect'], top.expect, ['rows', 'ordered'], "'expect'");
  if (!expect) reader.missing(['expect'], "'expect' (the rows the model should give)");
  const expected = expect ? rowList(reader, ['expect', 'rows'], expect.rows, true) : undefined;
  if (expect && typeof expect.ordered !== 'boolean' && expect.ordered !== undefined) reader.invalid(['expect', 'ordered'], "'ordered' must be true or false");
  if (!model || !expected || !expect || reader.diagnostics.some((d) => d.severity === 'error')) return { diagnostics: reader.diagnostics };
  const stem = posix.basename(file.path).replace(/\.ya?ml$/i, '');
  return {
    test: {
      name: `${domain}.${stem}`,
      domain,
      file: file.path,
      model,
      modelLine: yaml.lineOf(['model']),
      given,
      givenLine: yaml.lineOf(['given'], true),
      ...(vars ? { vars } : {}),
      isIncremental,
      expect: { ...expected, ordered: expect.ordered === true, line: yaml.lineOf(['expect'], true) },
    },
    diagnostics: reader.diagnostics,
  };
}

function parseGiven(reader: YamlReader, yaml: YamlFile, i: number, entry: unknown, testPath: string, readFixture: ReadFixture): GivenInput | undefined {
  const path = ['given', i];
  const map = reader.map(path, entry, GIVEN_KEYS, 'a given input');
  if (!map) return undefined;
  const kinds = GIVEN_KINDS.filter((k) => map[k] !== undefined);
  const line = yaml.lineOf(path);
  if (kinds.length !== 1) {
    reader.invalid(path, kinds.length === 0 ? 'a given input names no input' : `a given input names ${kinds.length} inputs (${kinds.join(', ')})`, `name one: ${GIVEN_KINDS.filter((k) => k !== 'this').join(':, ')}:, or this: true`);
    return undefined;
  }
  const kind = kinds[0]!;
  const name = kind === 'this' ? 'this' : reader.string([...path, kind], map[kind], `'${kind}'`, true);
  if (name === undefined) return undefined;
  const version = map.version === undefined ? undefined : reader.positiveInteger([...path, 'version'], map.version, "'version'");
  if (map.version !== undefined && kind !== 'contract') reader.invalid([...path, 'version'], "'version' belongs to a contract: given", 'remove it');
  if ((map.rows === undefined) === (map.csv === undefined)) {
    reader.invalid(path, `the given ${kind} '${name}' needs exactly one of 'rows' and 'csv'`, 'give its rows inline (rows: [...]) or a CSV file relative to the test file (csv: fixtures/orders.csv)');
    return undefined;
  }
  const base = { kind, name, ...(version !== undefined ? { version } : {}), line };
  if (map.rows !== undefined) {
    const rows = rowList(reader, [...path, 'rows'], map.rows, false);
    // With no row there is no column to make a table of.
    if (rows && rows.columns.length === 0) reader.invalid([...path, 'rows'], `the given ${kind} '${name}' has no rows, so no columns`, 'for an empty input, give a CSV file with only its header line (csv: fixtures/empty.csv)');
    return rows && rows.columns.length > 0 ? { ...base, ...rows, fromCsv: false } : undefined;
  }
  const csvPath = reader.string([...path, 'csv'], map.csv, "'csv'");
  if (csvPath === undefined) return undefined;
  const relative = posix.normalize(join(dirname(testPath), csvPath).split('\\').join('/'));
  const fixture = readFixture(relative);
  const csvLine = yaml.lineOf([...path, 'csv']);
  if (!fixture) {
    reader.diagnostics.push(error('MESH278', `the CSV file '${csvPath}' of the given ${kind} '${name}' cannot be read (looked for ${relative})`, { file: testPath, line: csvLine, hint: 'a csv: path is relative to the unit test file' }));
    return undefined;
  }
  const { table, problems } = readCsv(fixture.text);
  for (const p of problems) reader.diagnostics.push(error('MESH278', `bad CSV given: ${p.message}`, { file: fixture.path, line: p.line, hint: p.hint }));
  if (!table || problems.length > 0) return undefined;
  const rows = table.rows.map((fields) => Object.fromEntries(table.header.map((column, c) => [column, fields[c] === '' || fields[c] === undefined ? null : fields[c]!])));
  return { ...base, columns: table.header, rows, fromCsv: true };
}

/** A list of flat mappings: the columns in the order first seen, and the rows (a column a row does not give is null). */
function rowList(reader: YamlReader, path: (string | number)[], value: unknown, required: boolean): { columns: string[]; rows: Row[] } | undefined {
  if (value === undefined || value === null) {
    if (required) reader.missing(path, "'rows'");
    return required ? undefined : { columns: [], rows: [] };
  }
  if (!Array.isArray(value)) {
    reader.invalid(path, "'rows' must be a list of rows", 'write each row as a list item: - {order_id: 1, amount: 10}');
    return undefined;
  }
  const columns: string[] = [];
  const rows: Row[] = [];
  let ok = true;
  for (const [i, row] of value.entries()) {
    const map = reader.map([...path, i], row, 'any', 'a row');
    if (!map) {
      ok = false;
      continue;
    }
    const cells: Record<string, Cell> = {};
    for (const [column, cell] of Object.entries(map)) {
      if (!columns.includes(column)) columns.push(column);
      if (cell === null || typeof cell === 'string' || typeof cell === 'number' || typeof cell === 'boolean') cells[column] = cell;
      else {
        reader.invalid([...path, i, column], `the value of '${column}' must be a single value (text, number, true/false or null)`);
        ok = false;
      }
    }
    rows.push(cells);
  }
  return ok ? { columns, rows } : undefined;
}
