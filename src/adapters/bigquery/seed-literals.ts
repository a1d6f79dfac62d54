import { parse } from 'csv-parse/sync';

/** The CSV parser's one home: a seed's header and rows as text. */
export function readCsv(text: string): { header: string[]; rows: string[][] } {
  const records = parse(text, { relax_column_count: false, skip_empty_lines: true, bom: true }) as string[][];
  const [header = [], ...rows] = records;
  return { header, rows };
}

export type InferredType = 'INT64' | 'FLOAT64' | 'BOOL' | 'DATE' | 'TIMESTAMP' | 'STRING';

/** The narrowest type every non-empty value of a column fits, as a CSV reader would infer it. */
export function inferType(values: readonly string[]): InferredType {
  const present = values.filter((v) => v !== '');
  const all = (pattern: RegExp): boolean => present.length > 0 && present.every((v) => pattern.test(v));
  if (all(/^-?\d{1,18}$/)) return 'INT64';
  if (all(/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/)) return 'FLOAT64';
  if (all(/^(true|false)$/i)) return 'BOOL';
  if (all(/^\d{4}-\d{2}-\d{2}$/)) return 'DATE';
  if (all(/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/)) return 'TIMESTAMP';
  return 'STRING';
}
