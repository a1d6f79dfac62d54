import type { EngineName } from '../parse/definitions.js';

/** ODCS v3.1 logical types (the schema's `logicalType` enum). */
export const ODCS_LOGICAL_TYPES = ['string', 'date', 'timestamp', 'time', 'number', 'integer', 'object', 'array', 'boolean'] as const;
export type OdcsLogicalType = (typeof ODCS_LOGICAL_TYPES)[number];

export function isOdcsLogicalType(value: unknown): value is OdcsLogicalType {
  return typeof value === 'string' && (ODCS_LOGICAL_TYPES as readonly string[]).includes(value);
}

export interface EngineTypes {
  readonly duckdb: string;
  readonly bigquery: string;
}

export interface LogicalTypeMapping extends EngineTypes {
  /** Which `logicalTypeOptions` change the type, and how; docs/contracts.md shows this table. */
  readonly note: string;
}

/**
 * The engine type a contract column is cast to, per logical type, when `logicalTypeOptions` say
 * nothing more. The scalar types agree with the dialects' `safe_cast` types.
 */
export const LOGICAL_TYPE_MAPPING: Readonly<Record<OdcsLogicalType, LogicalTypeMapping>> = {
  string: { duckdb: 'VARCHAR', bigquery: 'STRING', note: 'length and pattern options are checked as quality, not typed' },
  date: { duckdb: 'DATE', bigquery: 'DATE', note: 'a calendar day, no time zone' },
  timestamp: { duckdb: 'TIMESTAMP', bigquery: 'TIMESTAMP', note: '`timezone: true` → DuckDB `TIMESTAMPTZ`; meshwork keeps timestamps in UTC' },
  time: { duckdb: 'TIME', bigquery: 'TIME', note: 'a time of day' },
  number: { duckdb: 'DOUBLE', bigquery: 'FLOAT64', note: '`format: f32` → DuckDB `FLOAT`; exact (money): `physicalType: decimal(p,s)` → DuckDB `DECIMAL(p,s)`, BigQuery `NUMERIC(p,s)` (`BIGNUMERIC` beyond its range)' },
  integer: { duckdb: 'BIGINT', bigquery: 'INT64', note: '`format` (i8 … u128) picks the width: see the integer table' },
  object: { duckdb: 'JSON', bigquery: 'JSON', note: 'nested `properties` are not typed one by one (yet)' },
  array: { duckdb: 'JSON', bigquery: 'JSON', note: '`items` of a scalar logical type → a typed list: DuckDB `<type>[]`, BigQuery `ARRAY<type>`' },
  boolean: { duckdb: 'BOOLEAN', bigquery: 'BOOL', note: 'true or false' },
};

export const INTEGER_FORMATS = ['i8', 'i16', 'i32', 'i64', 'i128', 'u8', 'u16', 'u32', 'u64', 'u128'] as const;
export type IntegerFormat = (typeof INTEGER_FORMATS)[number];

/**
 * `logicalType: integer` with a `format`. BigQuery has one 64-bit integer: wider formats become
 * NUMERIC (29 digits hold u64) or BIGNUMERIC (i128, u128).
 */
export const INTEGER_FORMAT_MAPPING: Readonly<Record<IntegerFormat, EngineTypes>> = {
  i8: { duckdb: 'TINYINT', bigquery: 'INT64' },
  i16: { duckdb: 'SMALLINT', bigquery: 'INT64' },
  i32: { duckdb: 'INTEGER', bigquery: 'INT64' },
  i64: { duckdb: 'BIGINT', bigquery: 'INT64' },
  i128: { duckdb: 'HUGEINT', bigquery: 'BIGNUMERIC' },
  u8: { duckdb: 'UTINYINT', bigquery: 'INT64' },
  u16: { duckdb: 'USMALLINT', bigquery: 'INT64' },
  u32: { duckdb: 'UINTEGER', bigquery: 'INT64' },
  u64: { duckdb: 'UBIGINT', bigquery: 'NUMERIC' },
  u128: { duckdb: 'UHUGEINT', bigquery: 'BIGNUMERIC' },
};

/** What decides a column's engine type: its logical type and the options that refine it. */
export interface TypedColumn {
  readonly logicalType?: OdcsLogicalType;
  /** `decimal(p,s)` / `numeric(p,s)` on a number column fixes its precision (money). */
  readonly physicalType?: string;
  readonly logicalTypeOptions: Readonly<Record<string, unknown>>;
  readonly items?: { readonly logicalType?: OdcsLogicalType };
}

/**
 * The engine type of a contract column, or undefined when it has no logical type. An integer
 * without `format` is 64-bit (ODCS documents i32 as the default, but a contract that says only
 * "integer" should not overflow on identifiers; write `format: i32` for a 32-bit column).
 */
export function engineType(column: TypedColumn, engine: EngineName): string | undefined {
  const { logicalType, logicalTypeOptions: options } = column;
  if (!logicalType) return undefined;
  switch (logicalType) {
    case 'integer': {
      const format = options.format;
      return typeof format === 'string' && format in INTEGER_FORMAT_MAPPING ? INTEGER_FORMAT_MAPPING[format as IntegerFormat][engine] : LOGICAL_TYPE_MAPPING.integer[engine];
    }
    case 'number': {
      const decimal = decimalType(column.physicalType, engine);
      if (decimal) return decimal;
      return options.format === 'f32' && engine === 'duckdb' ? 'FLOAT' : LOGICAL_TYPE_MAPPING.number[engine];
    }
    case 'timestamp':
      return options.timezone === true && engine === 'duckdb' ? 'TIMESTAMPTZ' : LOGICAL_TYPE_MAPPING.timestamp[engine];
    case 'array': {
      const item = column.items?.logicalType;
      if (!item || item === 'array' || item === 'object') return LOGICAL_TYPE_MAPPING.array[engine];
      const itemType = LOGICAL_TYPE_MAPPING[item][engine];
      return engine === 'duckdb' ? `${itemType}[]` : `ARRAY<${itemType}>`;
    }
    default:
      return LOGICAL_TYPE_MAPPING[logicalType][engine];
  }
}

const DECIMAL = /^\s*(?:decimal|numeric)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)\s*$/i;

/**
 * ODCS has no precision option for numbers, so an exact type is said with `physicalType:
 * decimal(p,s)`: DuckDB `DECIMAL(p,s)` (p ≤ 38), BigQuery `NUMERIC(p,s)` (p - s ≤ 29, s ≤ 9) or
 * else `BIGNUMERIC(p,s)`. Any other physical type leaves the logical type's mapping.
 */
export function decimalType(physicalType: string | undefined, engine: EngineName): string | undefined {
  const match = physicalType ? DECIMAL.exec(physicalType) : null;
  if (!match) return undefined;
  const precision = Number(match[1]);
  const scale = Number(match[2] ?? 0);
  if (precision < 1 || precision > 38 || scale > precision) return undefined;
  if (engine === 'duckdb') return `DECIMAL(${precision},${scale})`;
  return precision - scale <= 29 && scale <= 9 ? `NUMERIC(${precision},${scale})` : `BIGNUMERIC(${precision},${scale})`;
}
