import { extname } from 'node:path';
import type { SourceDefinition } from '../../parse/definitions.js';
import type { LogicalType } from '../../template/neutral-helpers.js';
import { inferType, seedRows, type InferredType } from '../bigquery/seed-literals.js';
import type { Dialect } from '../dialect.js';
import { localFilesRead } from './absolute-file-paths.js';

const TYPES: Record<LogicalType, string> = {
  string: 'VARCHAR',
  integer: 'BIGINT',
  number: 'DOUBLE',
  decimal: 'DECIMAL(38, 9)',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

/** BigQuery's names for types DuckDB spells otherwise, so one seeds: declaration serves both engines. */
const FROM_BIGQUERY: Record<string, string> = { FLOAT64: 'DOUBLE', BYTES: 'BLOB', DATETIME: 'TIMESTAMP', BIGNUMERIC: 'DECIMAL(38, 9)' };

function duckdbType(type: string): string {
  return FROM_BIGQUERY[type.toUpperCase()] ?? type;
}

/** DuckDB's names for the types seed values are inferred as. */
const INFERRED: Record<InferredType, string> = { INT64: 'BIGINT', FLOAT64: 'DOUBLE', BOOL: 'BOOLEAN', DATE: 'DATE', TIMESTAMP: 'TIMESTAMP', STRING: 'VARCHAR' };

const READERS: Record<string, string> = {
  '.jsonl': 'read_json_auto',
  '.ndjson': 'read_json_auto',
  '.json': 'read_json_auto',
  '.csv': 'read_csv_auto',
  '.parquet': 'read_parquet',
};

/** DuckDB SQL text. File paths stay relative to the project: the adapter makes them absolute in what it runs. */
export const duckdbDialect: Dialect = {
  engine: 'duckdb',
  filesRead(sql, root) {
    return localFilesRead(sql, root);
  },
  formatterLanguage: 'duckdb',
  // DuckDB reads SQL with PostgreSQL's lexer: E'…' escapes, nested comments, dollar quoting.
  lexicon: {
    quotes: [
      { open: "E'", close: "'", doubled: true, backslash: true },
      { open: "'", close: "'", doubled: true, backslash: false },
      { open: '"', close: '"', doubled: true, backslash: false },
    ],
    lineComments: ['--'],
    nestedBlockComments: true,
    dollarQuotes: true,
  },
  quoteIdentifier: (name) => `"${name.replace(/"/g, '""')}"`,
  schemaName: (schema) => schema,
  relation(schema, name) {
    return `${this.quoteIdentifier(schema)}.${this.quoteIdentifier(name)}`;
  },
  attachDatabase(path, alias) {
    return `ATTACH IF NOT EXISTS ${this.stringLiteral(path)} AS ${this.quoteIdentifier(alias)} (READ_ONLY)`;
  },
  schemaRelation(schema) {
    return this.quoteIdentifier(schema);
  },
  sourceRelation(source: SourceDefinition) {
    const location = source.locations.duckdb;
    if (!location) return undefined;
    const reader = READERS[extname(location).toLowerCase()];
    if (reader) return `${reader}(${this.stringLiteral(location)})`;
    return location
      .split('.')
      .map((part) => this.quoteIdentifier(part))
      .join('.');
  },
  // The CSV dialect is pinned to what meshwork's strict reader checked (the sniffer could guess
  // another delimiter); column types not declared are still inferred.
  seedSelect(seed) {
    const declared = Object.entries(seed.columnTypes).map(([column, type]) => `${this.stringLiteral(column)}: ${this.stringLiteral(duckdbType(type))}`);
    const types = declared.length > 0 ? `, types = {${declared.join(', ')}}` : '';
    return `SELECT * FROM read_csv(${this.stringLiteral(seed.file)}, header = true, delim = ',', quote = '"', escape = '"'${types})`;
  },
  seedColumns(seed) {
    const { header, rows } = seedRows(seed.csv);
    return header.map((name, i) => {
      const declared = seed.columnTypes[name];
      return { name, type: declared !== undefined ? duckdbType(declared) : INFERRED[inferType(rows.map((r) => r[i] ?? ''))] };
    });
  },
  sqlType: (type) => TYPES[type],
  stringLiteral: (value) => `'${value.replace(/'/g, "''")}'`,
  epochSeconds: (expression) => `epoch(${expression})`,
  convert: (expression, type) => `CAST(${expression} AS ${type})`,
  md5Hex: (expression) => `md5(CAST(${expression} AS VARCHAR))`,
  comparable: (expression) => expression,
  schemaColumnTypesSql(schemas) {
    const list = schemas.length > 0 ? schemas.map((s) => this.stringLiteral(s)).join(', ') : 'NULL';
    return `SELECT concat_ws(chr(9), table_schema, table_name, column_name, data_type) FROM information_schema.columns WHERE table_catalog = current_database() AND table_schema IN (${list}) ORDER BY table_schema, table_name, ordinal_position`;
  },
};
