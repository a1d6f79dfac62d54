import type { Catalog } from './catalog-types.js';

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
