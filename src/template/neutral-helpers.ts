/**
 * Engine-neutral helpers: where DuckDB and BigQuery SQL differ, a model calls one of these and each
 * engine's template (`templates/<engine>/helpers/<name>.sql`) writes its own SQL.
 */
export interface NeutralHelper {
  readonly params: readonly string[];
  /** Allowed values of a parameter, lower case. */
  readonly choices?: Readonly<Record<string, readonly string[]>>;
}

export const LOGICAL_TYPES = ['string', 'integer', 'number', 'decimal', 'boolean', 'date', 'timestamp'] as const;
export type LogicalType = (typeof LOGICAL_TYPES)[number];
const DATE_PARTS = ['day', 'week', 'month', 'quarter', 'year'];

export const NEUTRAL_HELPERS: Readonly<Record<string, NeutralHelper>> = {
  json_text: { params: ['expr', 'path'] },
  safe_cast: { params: ['expr', 'type'], choices: { type: LOGICAL_TYPES } },
  date_trunc: { params: ['part', 'expr'], choices: { part: DATE_PARTS } },
  date_add: { params: ['expr', 'amount', 'part'], choices: { part: DATE_PARTS } },
  date_diff: { params: ['part', 'start', 'end'], choices: { part: DATE_PARTS } },
  current_timestamp: { params: [] },
};

/** `$.a.b`, `a.b` and `$['a']` all mean the same field; templates get the `$.`-form. */
export function normalizeJsonPath(path: string): string {
  return path.startsWith('$') ? path : `$.${path}`;
}
