import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG_FORMAT, type Catalog } from './catalog-types.js';

/** A catalog.json's text as a Catalog, or undefined when it is not one meshwork wrote. */
export function parseCatalog(text: string): Catalog | undefined {
  try {
    const catalog = JSON.parse(text) as Catalog;
    return catalog.format === CATALOG_FORMAT ? catalog : undefined;
  } catch {
    return undefined;
  }
}

/** target/catalog.json as the last `mesh build` or `mesh catalog` left it, when it is one. */
export function readCatalogFile(targetDir: string): Catalog | undefined {
  const file = join(targetDir, 'catalog.json');
  return existsSync(file) ? parseCatalog(readFileSync(file, 'utf8')) : undefined;
}
