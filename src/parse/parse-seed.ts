import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { nearestNames } from '../diagnostics/suggest.js';
import type { SourceFile } from '../project/project-files.js';
import { seedId, type SeedConfig, type SeedDefinition } from './definitions.js';
import { readCsv } from './read-csv.js';

/** What reading a seed's CSV yields, cached by its text: the header's names, or the problems. */
export interface SeedHeader {
  readonly kind: 'seed-header';
  readonly columns: readonly string[];
}

/** The CSV read strictly: every problem is a MESH122 at the line where the bad record starts. */
export function readSeedHeader(file: SourceFile): { definition: SeedHeader; diagnostics: Diagnostic[] } {
  const { table, problems } = readCsv(file.text);
  return {
    definition: { kind: 'seed-header', columns: table?.header ?? [] },
    diagnostics: problems.map((p) => error('MESH122', p.message, { file: file.path, line: p.line, hint: p.hint })),
  };
}

/**
 * A seed with what its domain declares about it. A `column_types` entry must name a column of the
 * CSV (compared without case, as engines do): otherwise it is reported at its line in domain.yaml.
 */
export function seedDefinition(
  domain: string,
  name: string,
  file: SourceFile,
  header: SeedHeader,
  config: SeedConfig | undefined,
  domainFile: string,
  checksum: string,
): { seed: SeedDefinition; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const columnTypes: Record<string, string> = {};
  const byLowerName = new Map(header.columns.map((c) => [c.toLowerCase(), c]));
  // A CSV that did not read has no columns to check against: its own problems say enough.
  for (const { column, type, line } of header.columns.length > 0 ? config?.columnTypes ?? [] : []) {
    const actual = byLowerName.get(column.toLowerCase());
    if (actual !== undefined) {
      columnTypes[actual] = type;
      continue;
    }
    const near = nearestNames(column, header.columns, 1);
    diagnostics.push(
      error('MESH122', `column_types of seed '${name}' names column '${column}', which ${file.path} does not have`, {
        file: domainFile,
        line,
        hint: `${near.length > 0 ? `did you mean '${near[0]}'? ` : ''}its columns are ${header.columns.join(', ')}`,
      }),
    );
  }
  if (Object.keys(columnTypes).length > 0) diagnostics.push(...valuesThatCannotCast(file, columnTypes));
  return {
    seed: {
      kind: 'seed',
      id: seedId(domain, name),
      name,
      domain,
      file: file.path,
      checksum,
      csv: file.text,
      columns: header.columns,
      columnTypes,
      ...(config?.description ? { description: config.description } : {}),
    },
    diagnostics,
  };
}

/** Types whose values are numbers, dates or times: a value without a single digit never converts to them. */
const NUMERIC_OR_TEMPORAL = new Set(
  ('tinyint smallint integer int bigint hugeint utinyint usmallint uinteger ubigint uhugeint int1 int2 int4 int8 int64 ' +
    'long short signed byteint varint float real double float4 float8 float64 decimal numeric bignumeric bigdecimal ' +
    'date time timestamp timestamptz datetime').split(' '),
);
/** Words engines read as numbers or instants although they hold no digit. */
const WORDS = new Set(['inf', '+inf', '-inf', 'infinity', '+infinity', '-infinity', 'nan', 'epoch']);

/**
 * The values of a declared numeric, date or time column that hold no digit (`unknown`, `N/A`, `-`):
 * no engine converts them, so they are reported at their line before anything runs. Anything
 * subtler is the engine's to judge when the seed loads.
 */
function valuesThatCannotCast(file: SourceFile, columnTypes: Readonly<Record<string, string>>): Diagnostic[] {
  const { table } = readCsv(file.text);
  if (!table) return [];
  const diagnostics: Diagnostic[] = [];
  for (const [column, type] of Object.entries(columnTypes)) {
    const base = type.toLowerCase().replace(/\s*\(.*$/, '').split(' ')[0]!;
    if (!NUMERIC_OR_TEMPORAL.has(base)) continue;
    const index = table.header.indexOf(column);
    const bad = table.rows.flatMap((row, i) => {
      const value = row[index]!;
      return value === '' || /\d/.test(value) || WORDS.has(value.trim().toLowerCase()) ? [] : [{ value, line: table.rowLines[i]! }];
    });
    const [first] = bad;
    if (!first) continue;
    // The first, and how many more: one mistake repeated down a column is one problem.
    const more = bad.length > 1 ? ` (and ${bad.length - 1} more row${bad.length > 2 ? 's' : ''} below)` : '';
    diagnostics.push(
      error('MESH122', `value '${first.value}' of column '${column}' is not a ${type}, the type domain.yaml declares${more}`, {
        file: file.path,
        line: first.line,
        hint: 'fix the value, or leave it empty for NULL; or declare the column varchar',
      }),
    );
  }
  return diagnostics;
}
