import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG_FORMAT, type Catalog } from './catalog-types.js';

/** target/catalog.json as the last `mesh build` or `mesh catalog` left it, when it is one. */
export function readCatalogFile(targetDir: string): Catalog | undefined {
  const file = join(targetDir, 'catalog.json');
  if (!existsSync(file)) return undefined;
  try {
    const catalog = JSON.parse(readFileSync(file, 'utf8')) as Catalog;
    return catalog.format === CATALOG_FORMAT ? catalog : undefined;
  } catch {
    return undefined;
  }
}

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
