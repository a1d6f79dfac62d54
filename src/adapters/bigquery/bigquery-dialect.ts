import type { SourceDefinition, TargetConfig } from '../../parse/definitions.js';
import type { LogicalType } from '../../template/neutral-helpers.js';
import type { Dialect, SqlLexicon } from '../dialect.js';
import { datasetProjects, defaultProject } from './dataset-projects.js';
import { fitsType, inferType, seedRows, type InferredType } from './seed-literals.js';

const TYPES: Record<LogicalType, string> = {
  string: 'STRING',
  integer: 'INT64',
  number: 'FLOAT64',
  decimal: 'NUMERIC',
  boolean: 'BOOL',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

// A newline must be escaped: BigQuery rejects it inside a single-quoted literal.
const stringLiteral = (value: string): string =>
  `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;

/**
 * GoogleSQL: strings in single, double or triple quotes, all with backslash escapes (raw and bytes
 * prefixes change what an escape means, not where the string ends), backtick names, `#` comments.
 */
const BIGQUERY_LEXICON: SqlLexicon = {
  quotes: ["'''", '"""', "'", '"', '`'].map((q) => ({ open: q, close: q, doubled: false, backslash: true })),
  lineComments: ['--', '#'],
  nestedBlockComments: false,
  dollarQuotes: false,
};

/**
 * BigQuery SQL text. A meshwork schema is a dataset in the target's project, or in its domain's own
 * project when `projects:` lists the domain. `domains`: every domain of the project, so that a
 * dataset is told apart by its longest domain name (`shop_eu_raw` is shop_eu's, not shop's).
 */
export function bigqueryDialect(target: TargetConfig, domains: readonly string[] = Object.keys(target.bigquery?.projects ?? {})): Dialect {
  const projectOf = datasetProjects(target, domains);
  const quote = (path: string): string => `\`${path.replace(/`/g, '\\`')}\``;
  return {
    engine: 'bigquery',
    formatterLanguage: 'bigquery',
    lexicon: BIGQUERY_LEXICON,
    quoteIdentifier: quote,
    schemaName: (schema) => `${target.datasetPrefix ?? ''}${schema}`,
    relation: (schema, name) => quote(`${projectOf(schema)}.${schema}.${name}`),
    schemaRelation: (schema) => quote(`${projectOf(schema)}.${schema}`),
    sourceRelation(source: SourceDefinition) {
      const location = source.locations.bigquery;
      if (!location) return undefined;
      // A `dataset.table` source lives where its domain's datasets do.
      return quote(location.split('.').length === 2 ? `${target.bigquery?.projects[source.domain] ?? defaultProject(target)}.${location}` : location);
    },
    // BigQuery cannot read a local file in SQL: the seed's rows travel inside the statement.
    seedSelect(seed) {
      const { header, rows } = seedRows(seed.csv);
      const declared = new Map(Object.entries(seed.columnTypes).map(([column, type]) => [column, bigqueryType(type)]));
      const types = header.map((h, i) => declared.get(h) ?? inferType(rows.map((r) => r[i] ?? '')));
      // A parameterized type (`NUMERIC(5, 4)`) is for CAST; the array's element type takes the bare one.
      const bare = (type: string): string => type.replace(/\s*\(.*\)$/, '');
      if (header.length === 1) {
        // `(x)` is a parenthesized value, not a one-field struct: one column is an array of values.
        const values = rows.map((r) => literal(r[0] ?? '', types[0]!));
        return `SELECT * FROM UNNEST(ARRAY<${bare(types[0]!)}>[\n  ${values.join(',\n  ')}\n]) AS ${fieldName(header[0]!)}`;
      }
      const struct = `STRUCT<${header.map((h, i) => `${fieldName(h)} ${bare(types[i]!)}`).join(', ')}>`;
      const values = rows.map((r) => `(${r.map((v, i) => literal(v, types[i]!)).join(', ')})`);
      return `SELECT * FROM UNNEST(ARRAY<${struct}>[\n  ${values.join(',\n  ')}\n])`;
    },
    seedColumns(seed) {
      const { header, rows } = seedRows(seed.csv);
      const declared = new Map(Object.entries(seed.columnTypes).map(([column, type]) => [column, bigqueryType(type)]));
      return header.map((name, i) => ({ name, type: declared.get(name) ?? inferType(rows.map((r) => r[i] ?? '')) }));
    },
    sqlType: (type) => TYPES[type],
    stringLiteral,
    epochSeconds: (expression) => `UNIX_SECONDS(TIMESTAMP(${expression}))`,
    // No CAST reaches JSON: TO_JSON takes any type (a JSON value stays as it is).
    convert: (expression, type) => (type === 'JSON' ? `TO_JSON(${expression})` : `CAST(${expression} AS ${type})`),
    // CAST to STRING refuses arrays, structs and JSON; FORMAT's %t writes any value (a string as it is), and NULL as 'NULL'.
    md5Hex: (expression) => `IF(${expression} IS NULL, NULL, TO_HEX(MD5(FORMAT('%t', ${expression}))))`,
    // JSON cannot be grouped nor compared: its text can.
    comparable: (expression, type) => (type === 'JSON' ? `TO_JSON_STRING(${expression})` : expression),
    // INFORMATION_SCHEMA is per dataset on BigQuery: one SELECT each.
    schemaColumnTypesSql: (schemas) =>
      schemas.length === 0
        ? "SELECT '' FROM UNNEST([]) AS nothing"
        : schemas.map((schema) => `SELECT CONCAT(table_schema, '\\t', table_name, '\\t', column_name, '\\t', data_type) FROM ${quote(`${projectOf(schema)}.${schema}`)}.INFORMATION_SCHEMA.COLUMNS`).join('\nUNION ALL\n'),
  };
}

/** DuckDB's (and SQL's) names for types BigQuery spells otherwise, so one seeds: declaration serves both engines. */
const FROM_DUCKDB: Record<string, string> = {
  VARCHAR: 'STRING', TEXT: 'STRING', CHAR: 'STRING', BPCHAR: 'STRING', STRING: 'STRING',
  BIGINT: 'INT64', INTEGER: 'INT64', INT: 'INT64', SMALLINT: 'INT64', TINYINT: 'INT64', INT8: 'INT64', INT4: 'INT64', INT2: 'INT64', HUGEINT: 'INT64', INT64: 'INT64',
  DOUBLE: 'FLOAT64', FLOAT: 'FLOAT64', REAL: 'FLOAT64', FLOAT8: 'FLOAT64', FLOAT4: 'FLOAT64', FLOAT64: 'FLOAT64',
  'DOUBLE PRECISION': 'FLOAT64', BOOLEAN: 'BOOL', BOOL: 'BOOL', BLOB: 'BYTES', BYTEA: 'BYTES',
  TIMESTAMPTZ: 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE': 'TIMESTAMP', DATE: 'DATE', TIMESTAMP: 'TIMESTAMP',
};

function bigqueryType(type: string): string {
  const upper = type.toUpperCase().replace(/\s+/g, ' ');
  const [, base = upper, params = ''] = /^(.*?) ?(\(.*\))?$/.exec(upper) ?? [];
  const mapped = base === 'DECIMAL' || base === 'NUMERIC' ? 'NUMERIC' : FROM_DUCKDB[base];
  if (!mapped) return upper;
  // BigQuery takes a length or a precision on STRING, BYTES and NUMERIC only.
  return ['STRING', 'BYTES', 'NUMERIC'].includes(mapped) ? `${mapped}${params}` : mapped;
}

function literal(value: string, type: string): string {
  if (value === '') return 'NULL';
  // A declared type's value is cast from text: never written into the SQL unchecked.
  if (!fitsType(value, type)) return `CAST(${stringLiteral(value)} AS ${type})`;
  switch (type as InferredType) {
    case 'INT64':
    case 'FLOAT64':
      return value;
    case 'BOOL':
      return value.toLowerCase();
    case 'DATE':
      return `DATE ${stringLiteral(value)}`;
    case 'TIMESTAMP':
      return `TIMESTAMP ${stringLiteral(timestampText(value))}`;
    default:
      return stringLiteral(value);
  }
}

/** The canonical `YYYY-MM-DD HH:MM:SS[.F]` form: a BigQuery timestamp literal needs the seconds. */
function timestampText(value: string): string {
  const text = value.replace('T', ' ');
  return /^\S+ \d{2}:\d{2}$/.test(text) ? `${text}:00` : text;
}

/** BigQuery's reserved keywords: a column so named must stay quoted. */
const RESERVED = new Set(
  ('all and any array as asc assert_rows_modified at between by case cast collate contains create cross cube current ' +
    'default define desc distinct else end enum escape except exclude exists extract false fetch following for from full ' +
    'group grouping groups hash having if ignore in inner intersect interval into is join lateral left like limit lookup ' +
    'merge natural new no not null nulls of on or order outer over partition preceding proto qualify range recursive ' +
    'respect right rollup rows select set some struct tablesample then to treat true unbounded union unnest using when ' +
    'where window with within').split(' '),
);

/** Plain names stay bare (as people write them, and as SQL checkers read them); anything else is quoted. */
function fieldName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !RESERVED.has(name.toLowerCase()) ? name : `\`${name.replace(/`/g, '\\`')}\``;
}
