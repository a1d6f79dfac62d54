import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  engineType,
  INTEGER_FORMAT_MAPPING,
  INTEGER_FORMATS,
  LOGICAL_TYPE_MAPPING,
  ODCS_LOGICAL_TYPES,
  type OdcsLogicalType,
} from '../../src/contracts/logical-types.js';

const DOC = readFileSync(new URL('../../docs/contracts.md', import.meta.url), 'utf8');
const SCHEMA = JSON.parse(readFileSync(new URL('../../templates/schemas/odcs-json-schema-v3.1.0.json', import.meta.url), 'utf8')) as {
  $defs: { SchemaBaseProperty: { properties: { logicalType: { enum: string[] } } } };
};

const column = (logicalType: OdcsLogicalType, logicalTypeOptions: Record<string, unknown> = {}, items?: OdcsLogicalType) => ({
  logicalType,
  logicalTypeOptions,
  ...(items ? { items: { logicalType: items } } : {}),
});

describe('ODCS logical types → engine types', () => {
  it("cover exactly the schema's logicalType enum", () => {
    expect([...ODCS_LOGICAL_TYPES].sort()).toEqual([...SCHEMA.$defs.SchemaBaseProperty.properties.logicalType.enum].sort());
    expect(Object.keys(LOGICAL_TYPE_MAPPING).sort()).toEqual([...ODCS_LOGICAL_TYPES].sort());
  });

  it.each([
    ['string', {}, undefined, 'VARCHAR', 'STRING'],
    ['date', {}, undefined, 'DATE', 'DATE'],
    ['timestamp', {}, undefined, 'TIMESTAMP', 'TIMESTAMP'],
    ['timestamp', { timezone: true }, undefined, 'TIMESTAMPTZ', 'TIMESTAMP'],
    ['time', {}, undefined, 'TIME', 'TIME'],
    ['number', {}, undefined, 'DOUBLE', 'FLOAT64'],
    ['number', { format: 'f32' }, undefined, 'FLOAT', 'FLOAT64'],
    ['integer', {}, undefined, 'BIGINT', 'INT64'],
    ['integer', { format: 'i32' }, undefined, 'INTEGER', 'INT64'],
    ['integer', { format: 'u64' }, undefined, 'UBIGINT', 'NUMERIC'],
    ['integer', { format: 'i128' }, undefined, 'HUGEINT', 'BIGNUMERIC'],
    ['boolean', {}, undefined, 'BOOLEAN', 'BOOL'],
    ['object', {}, undefined, 'JSON', 'JSON'],
    ['array', {}, undefined, 'JSON', 'JSON'],
    ['array', {}, 'string', 'VARCHAR[]', 'ARRAY<STRING>'],
    ['array', {}, 'integer', 'BIGINT[]', 'ARRAY<INT64>'],
    ['array', {}, 'object', 'JSON', 'JSON'],
  ] as const)('%s %j (items %s) → DuckDB %s, BigQuery %s', (logicalType, options, items, duckdb, bigquery) => {
    const c = column(logicalType, options, items);
    expect([engineType(c, 'duckdb'), engineType(c, 'bigquery')]).toEqual([duckdb, bigquery]);
  });

  it.each([
    ['decimal(12,2)', 'DECIMAL(12,2)', 'NUMERIC(12,2)'],
    ['NUMERIC(38, 9)', 'DECIMAL(38,9)', 'NUMERIC(38,9)'],
    ['decimal(38,10)', 'DECIMAL(38,10)', 'BIGNUMERIC(38,10)'],
    ['decimal(10)', 'DECIMAL(10,0)', 'NUMERIC(10,0)'],
    ['decimal(40,2)', 'DOUBLE', 'FLOAT64'],
    ['double', 'DOUBLE', 'FLOAT64'],
  ] as const)('number with physicalType %s → DuckDB %s, BigQuery %s', (physicalType, duckdb, bigquery) => {
    const c = { ...column('number', {}, undefined), physicalType };
    expect([engineType(c, 'duckdb'), engineType(c, 'bigquery')]).toEqual([duckdb, bigquery]);
  });

  it('a column without a logical type has no engine type', () => {
    expect(engineType({ logicalTypeOptions: {} }, 'duckdb')).toBeUndefined();
  });

  it('docs/contracts.md shows the same tables', () => {
    for (const [type, m] of Object.entries(LOGICAL_TYPE_MAPPING)) {
      expect(DOC).toContain(`| \`${type}\` | \`${m.duckdb}\` | \`${m.bigquery}\` | ${m.note} |`);
    }
    for (const format of INTEGER_FORMATS) {
      const m = INTEGER_FORMAT_MAPPING[format];
      expect(DOC).toContain(`| \`${format}\` | \`${m.duckdb}\` | \`${m.bigquery}\` |`);
    }
  });
});
