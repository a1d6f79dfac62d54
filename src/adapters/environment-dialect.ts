import type { Dialect } from './dialect.js';

/** What separates a schema's name from its environment's: `shop_cleaned__feature`. */
export const ENVIRONMENT_SEPARATOR = '__';

/**
 * A dialect that writes every schema of the target into an environment: `<schema>__<name>` (a
 * DuckDB schema in the same file, a BigQuery dataset in the same project), so that compiled SQL,
 * refs, relations, contract candidates and meshwork's own state all move with it. Sources keep
 * their names: an environment reads the same inputs as its target.
 */
export function inEnvironment(dialect: Dialect, environment: string | undefined): Dialect {
  if (environment === undefined) return dialect;
  const base = dialect.schemaName.bind(dialect);
  // Spread keeps the methods that call `this` (DuckDB's `relation`) on the environment's dialect.
  return { ...dialect, schemaName: (schema) => `${base(schema)}${ENVIRONMENT_SEPARATOR}${environment}` };
}

/** The target's schema an environment's schema stands in for (`shop_cleaned__feature` → `shop_cleaned`). */
export function targetSchemaOf(schema: string, environment: string): string {
  const suffix = `${ENVIRONMENT_SEPARATOR}${environment}`;
  return schema.endsWith(suffix) ? schema.slice(0, -suffix.length) : schema;
}
