import type { SourceDefinition, TargetConfig } from '../../parse/definitions.js';
import type { LogicalType } from '../../template/neutral-helpers.js';
import type { Dialect } from '../dialect.js';
import { inferType, readCsv, type InferredType } from './seed-literals.js';

const TYPES: Record<LogicalType, string> = {
  string: 'STRING',
  integer: 'INT64',
  number: 'FLOAT64',
  decimal: 'NUMERIC',
  boolean: 'BOOL',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

const stringLiteral = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** BigQuery SQL text. A meshwork schema is a dataset in the target's project. */
export function bigqueryDialect(target: TargetConfig): Dialect {
  const project = target.project ?? 'project';
  const quote = (path: string): string => `\`${path.replace(/`/g, '\\`')}\``;
  return {
    engine: 'bigquery',
    formatterLanguage: 'bigquery',
    capabilities: { mergeWithoutColumnList: false, transactionalDdl: false, readsLocalFiles: false },
    quoteIdentifier: quote,
    schemaName: (schema) => `${target.datasetPrefix ?? ''}${schema}`,
    relation: (schema, name) => quote(`${project}.${schema}.${name}`),
    sourceRelation(source: SourceDefinition) {
      const location = source.locations.bigquery;
      if (!location) return undefined;
      return quote(location.split('.').length === 2 ? `${project}.${location}` : location);
    },
    // BigQuery cannot read a local file in SQL: the seed's rows travel inside the statement.
    seedSelect(_csvPath, csvText) {
      const { header, rows } = readCsv(csvText);
      const types = header.map((_, i) => inferType(rows.map((r) => r[i] ?? '')));
      const struct = `STRUCT<${header.map((h, i) => `${quote(h)} ${types[i]}`).join(', ')}>`;
      const values = rows.map((r) => `(${r.map((v, i) => literal(v, types[i]!)).join(', ')})`);
      return `SELECT * FROM UNNEST(ARRAY<${struct}>[\n  ${values.join(',\n  ')}\n])`;
    },
    sqlType: (type) => TYPES[type],
    stringLiteral,
  };
}

function literal(value: string, type: InferredType): string {
  if (value === '') return 'NULL';
  switch (type) {
    case 'INT64':
    case 'FLOAT64':
      return value;
    case 'BOOL':
      return value.toLowerCase();
    case 'DATE':
      return `DATE ${stringLiteral(value)}`;
    case 'TIMESTAMP':
      return `TIMESTAMP ${stringLiteral(value)}`;
    default:
      return stringLiteral(value);
  }
}
