import type { Dialect } from '../adapters/dialect.js';
import type { SourceDefinition, SourceFreshness } from '../parse/definitions.js';

/**
 * The query `mesh source freshness` runs for a source: the newest `loaded_at` of the rows the
 * filter keeps, as seconds since 1970 (one number per engine, compared in TypeScript at `as_of`,
 * as contract SLAs are). NULL when no row has a `loaded_at`. Undefined when the source has no
 * location on this engine, or no `loaded_at` (its age then comes from metadata, not a query).
 */
export function freshnessQuery(dialect: Dialect, source: SourceDefinition, freshness: SourceFreshness): string | undefined {
  const relation = dialect.sourceRelation(source);
  if (relation === undefined || freshness.loadedAt === undefined) return undefined;
  // loaded_at and filter are SQL as the user wrote them (an expression is allowed, as in dbt).
  const where = freshness.filter ? `\nwhere (${freshness.filter})` : '';
  return `select ${dialect.epochSeconds(`max(${freshness.loadedAt})`)} as max_loaded_at\nfrom ${relation}${where}`;
}
