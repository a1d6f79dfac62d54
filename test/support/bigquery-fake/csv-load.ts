import type { TableColumn } from '../statement-analyzer.js';
import { sameLocation, type Warehouse } from './warehouse.js';

/** A load job's `configuration.load`, as far as the fake reads it. */
export interface LoadConfiguration {
  readonly destinationTable?: { readonly projectId: string; readonly datasetId: string; readonly tableId: string };
  readonly schema?: { readonly fields?: readonly { readonly name: string; readonly type: string }[] };
  readonly skipLeadingRows?: number | string;
  readonly sourceFormat?: string;
  readonly writeDisposition?: string;
}

export class LoadError extends Error {}

/** Loads an uploaded CSV into the destination table; returns the job's load statistics, or throws LoadError as the job's error. */
export function runLoad(warehouse: Warehouse, load: LoadConfiguration, media: string, location: string): Record<string, string> {
  const { projectId: p, datasetId: d, tableId: t } = load.destinationTable!;
  const columns = (load.schema?.fields ?? []).map((f) => ({ name: f.name, type: f.type }));
  if (!sameLocation(warehouse.dataset(p, d)?.location, location)) throw new LoadError(`Not found: Dataset ${p}:${d} was not found in location ${location}`);
  if ((load.sourceFormat ?? 'CSV') !== 'CSV') throw new LoadError(`Only CSV loads are served here, not ${load.sourceFormat}`);
  const rows = readCsv(media, columns, Number(load.skipLeadingRows ?? 0));
  const existing = warehouse.relation(p, d, t);
  const disposition = load.writeDisposition ?? 'WRITE_APPEND';
  if (existing && disposition === 'WRITE_EMPTY' && (existing.numRows ?? 0) > 0) throw new LoadError(`Already Exists: Table ${p}:${d}.${t}`);
  const kept = existing && disposition === 'WRITE_APPEND' ? (existing.rows ?? []) : [];
  warehouse.putRelation({ projectId: p, datasetId: d, tableId: t, kind: 'TABLE', columns, rows: [...kept, ...rows], numRows: kept.length + rows.length });
  return { inputFiles: '1', inputFileBytes: String(Buffer.byteLength(media)), outputRows: String(rows.length), outputBytes: String(rows.length * 16 * columns.length), badRecords: '0' };
}

/**
 * A CSV file as a BigQuery load job reads it: a UTF-8 BOM dropped, CRLF or LF rows, quoted fields
 * (`""` inside), `skipLeadingRows` skipped; an empty unquoted field is NULL. Values are checked
 * against the schema's types as BigQuery checks them.
 */
export function readCsv(data: string, columns: readonly TableColumn[], skipLeadingRows: number): (string | null)[][] {
  const text = data.startsWith('\uFEFF') ? data.slice(1) : data;
  const rows: { values: (string | null)[]; at: number }[] = [];
  let row: (string | null)[] = [];
  let rowStart = 0;
  let i = 0;
  let field = '';
  let quoted = false;
  let any = false;
  const endField = (): void => {
    row.push(!quoted && field === '' ? null : field);
    field = '';
    quoted = false;
  };
  const endRow = (): void => {
    endField();
    if (any || row.length > 1 || row[0] !== null) rows.push({ values: row, at: rowStart });
    row = [];
    any = false;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' && field === '' && !quoted) {
      quoted = true;
      any = true;
      let j = i + 1;
      for (;;) {
        const close = text.indexOf('"', j);
        if (close < 0) throw new LoadError(`Error while reading data, error message: Missing close double quote (") character; line starting at position:${rowStart}`);
        field += text.slice(j, close);
        if (text[close + 1] === '"') {
          field += '"';
          j = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      continue;
    }
    if (c === ',') {
      endField();
      any = true;
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRow();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      rowStart = i;
      continue;
    }
    field += c;
    any = true;
    i++;
  }
  if (any || field !== '') endRow();
  const data_ = rows.slice(skipLeadingRows);
  for (const { values, at } of data_) {
    if (values.length !== columns.length) {
      throw new LoadError(`Error while reading data, error message: CSV table references column position ${columns.length - 1}, but line starting at position:${at} contains only ${values.length} columns.`);
    }
    values.forEach((value, k) => {
      const column = columns[k]!;
      if (value !== null && !fits(value, column.type)) {
        throw new LoadError(`Error while reading data, error message: Could not parse '${value}' as ${column.type} for field ${column.name} (position ${k}) starting at location ${at}`);
      }
    });
  }
  return data_.map((r) => r.values);
}

function fits(value: string, type: string): boolean {
  const base = type.toUpperCase().replace(/\(.*$/, '').trim();
  switch (base) {
    case 'INT64':
    case 'INTEGER':
      return /^\s*[+-]?\d+\s*$/.test(value);
    case 'FLOAT64':
    case 'FLOAT':
    case 'NUMERIC':
    case 'BIGNUMERIC':
      return value.trim() !== '' && !Number.isNaN(Number(value));
    case 'BOOL':
    case 'BOOLEAN':
      return /^(true|false|t|f|yes|no|y|n|1|0)$/i.test(value.trim());
    case 'DATE':
      return /^\d{4}-\d{1,2}-\d{1,2}$/.test(value.trim());
    case 'TIMESTAMP':
    case 'DATETIME':
      return !Number.isNaN(Date.parse(value.trim().replace(' ', 'T')));
    default:
      return true;
  }
}
