import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SOURCES_SCHEMA } from '../artifacts/sources-json.js';
import type { DatasetId } from '../lineage/lineage-types.js';
import type { CatalogFreshness } from './catalog-types.js';

type Period = { count?: unknown; period?: unknown } | null | undefined;

/**
 * The last `mesh source freshness` result of each source (target/sources.json), by dataset id, for
 * the catalog: read once per catalog, nothing when the file is missing, is not one meshwork wrote,
 * or was measured on another target (its ages are not this target's).
 */
export function readFreshnessResults(targetDir: string, target: string): ReadonlyMap<DatasetId, CatalogFreshness> {
  let document: { metadata?: { schema_version?: unknown; target?: unknown }; results?: unknown };
  try {
    document = JSON.parse(readFileSync(join(targetDir, 'sources.json'), 'utf8')) as typeof document;
  } catch {
    return new Map();
  }
  if (document.metadata?.schema_version !== SOURCES_SCHEMA || document.metadata.target !== target || !Array.isArray(document.results)) return new Map();
  const found = new Map<DatasetId, CatalogFreshness>();
  for (const r of document.results as Record<string, unknown>[]) {
    const criteria = (r.criteria ?? {}) as { loaded_at?: unknown; warn_after?: Period; error_after?: Period };
    if (typeof r.unique_id !== 'string' || typeof r.status !== 'string' || typeof r.snapshotted_at !== 'string') continue;
    const warnAfter = periodText(criteria.warn_after);
    const errorAfter = periodText(criteria.error_after);
    found.set(r.unique_id, {
      status: r.status as CatalogFreshness['status'],
      measuredAt: r.snapshotted_at,
      ...(typeof r.max_loaded_at === 'string' ? { maxLoadedAt: r.max_loaded_at } : {}),
      ...(typeof r.max_loaded_at_time_ago_in_s === 'number' ? { ageSeconds: r.max_loaded_at_time_ago_in_s } : {}),
      ...(typeof criteria.loaded_at === 'string' ? { loadedAt: criteria.loaded_at } : {}),
      ...(warnAfter ? { warnAfter } : {}),
      ...(errorAfter ? { errorAfter } : {}),
      ...(typeof r.error === 'string' ? { error: r.error } : {}),
    });
  }
  return found;
}

/** `{ count: 12, period: hour }` as people read it: `12 hours`. */
function periodText(p: Period): string | undefined {
  if (!p || typeof p.count !== 'number' || typeof p.period !== 'string') return undefined;
  return `${p.count} ${p.period}${p.count === 1 ? '' : 's'}`;
}
