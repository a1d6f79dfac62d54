import type { SeedLoad } from '../adapter.js';
import type { LoadConfiguration } from './bigquery-api.js';

/**
 * A seed's load job: its CSV with the header row skipped, the given column types as the schema
 * (a parameterized type's precision, scale or length as fields), replacing the table's rows.
 */
export function seedLoadConfiguration(seed: SeedLoad, projectId: string): LoadConfiguration {
  return {
    destinationTable: { projectId, datasetId: seed.schema, tableId: seed.name },
    schema: { fields: seed.columns.map((c) => schemaField(c.name, c.type)) },
    sourceFormat: 'CSV',
    skipLeadingRows: 1,
    writeDisposition: 'WRITE_TRUNCATE',
    createDisposition: 'CREATE_IF_NEEDED',
    allowQuotedNewlines: true,
    encoding: 'UTF-8',
  };
}

function schemaField(name: string, type: string): LoadConfiguration['schema']['fields'][number] {
  const found = /^\s*([A-Za-z0-9_]+)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?\s*$/.exec(type);
  if (!found) return { name, type: type.trim().toUpperCase() };
  const base = found[1]!.toUpperCase();
  const [, , first, second] = found;
  if (first === undefined) return { name, type: base };
  if (base === 'STRING' || base === 'BYTES') return { name, type: base, maxLength: first };
  return { name, type: base, precision: first, ...(second !== undefined ? { scale: second } : {}) };
}
