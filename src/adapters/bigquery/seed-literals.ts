import { readCsv } from '../../parse/read-csv.js';

/** A seed's header and rows as text (the parse stage already reported any problem in them). */
export function seedRows(text: string): { header: readonly string[]; rows: readonly (readonly string[])[] } {
  const { table } = readCsv(text);
  return { header: table?.header ?? [], rows: table?.rows ?? [] };
}

export type InferredType = 'INT64' | 'FLOAT64' | 'BOOL' | 'DATE' | 'TIMESTAMP' | 'STRING';

/** The text each inferred type's literal is written from, narrowest first. */
const PATTERNS: readonly (readonly [InferredType, RegExp])[] = [
  ['INT64', /^-?\d{1,18}$/],
  ['FLOAT64', /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/],
  ['BOOL', /^(true|false)$/i],
  ['DATE', /^\d{4}-\d{2}-\d{2}$/],
  ['TIMESTAMP', /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/],
];

/** Whether `value` can be written as a literal of `type` (any text is a STRING; other types are cast). */
export function fitsType(value: string, type: string): boolean {
  if (type === 'STRING') return true;
  const pattern = PATTERNS.find(([t]) => t === type)?.[1];
  return pattern !== undefined && pattern.test(value);
}

/** The narrowest type every non-empty value of a column fits, as a CSV reader would infer it. */
export function inferType(values: readonly string[]): InferredType {
  const present = values.filter((v) => v !== '');
  if (present.length === 0) return 'STRING';
  return PATTERNS.find(([type]) => present.every((v) => fitsType(v, type)))?.[0] ?? 'STRING';
}
