import type { Catalog, CatalogNodeResult } from './catalog-types.js';

/**
 * The catalog with the results of the last build on the same target where it has none: a catalog
 * made from the compiled project alone knows no results, and the site shows quality results.
 */
export function withLastResults(catalog: Catalog, last: Catalog | undefined): Catalog {
  if (!last || last.target.name !== catalog.target.name) return catalog;
  const datasets = Object.fromEntries(Object.entries(catalog.datasets).map(([id, d]) => {
    const result = d.lastResult ?? last.datasets[id]?.lastResult;
    return [id, result ? { ...d, lastResult: result } : d];
  }));
  const lastRun = catalog.lastRun ?? last.lastRun;
  return { ...catalog, datasets, ...(lastRun ? { lastRun } : {}) };
}

/**
 * A reused node's result keeps what the build that made its relation found (rows, audits, when),
 * as the previous build on the same target recorded it (`last`: by dataset id), with status `reused`.
 */
export function withReusedResults(catalog: Catalog, last: (id: string) => CatalogNodeResult | undefined): Catalog {
  const datasets = Object.fromEntries(Object.entries(catalog.datasets).map(([id, d]) => {
    const before = d.lastResult?.status === 'reused' ? last(id) : undefined;
    if (d.lastResult?.status !== 'reused' || !before) return [id, d];
    return [id, { ...d, lastResult: { ...before, status: 'reused' as const } }];
  }));
  return { ...catalog, datasets };
}
