import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CompiledProject } from '../compile/compiled-node.js';
import type { Catalog } from './catalog-types.js';
import { productDocuments } from './product-documents.js';

/**
 * Writes target/catalog.json and target/products/<domain>.<product>/ (resolved contracts, ODPS
 * descriptor). The products folder is rewritten whole, so a removed product leaves nothing behind.
 * Returns the paths written, relative to target/.
 */
export function writeCatalog(catalog: Catalog, compiled: CompiledProject, targetDir: string): string[] {
  const root = compiled.project.config.root;
  const documents = productDocuments(catalog, compiled, (file) => readFileSync(join(root, file), 'utf8'));
  rmSync(join(targetDir, 'products'), { recursive: true, force: true });
  for (const d of documents) {
    mkdirSync(dirname(join(targetDir, d.path)), { recursive: true });
    writeFileSync(join(targetDir, d.path), d.text);
  }
  mkdirSync(targetDir, { recursive: true });
  writeFileSync(join(targetDir, 'catalog.json'), `${JSON.stringify(catalog, null, 2)}\n`);
  return ['catalog.json', ...documents.map((d) => d.path)];
}
