import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { loadMemo, saveMemo } from '../artifacts/cache-files.js';
import type { CompiledProject } from '../compile/compiled-node.js';
import type { Catalog } from './catalog-types.js';
import { productDocuments } from './product-documents.js';

/**
 * Writes target/catalog.json and target/products/<domain>.<product>/ (resolved contracts, ODPS
 * descriptor). Only files whose text changed are written; a removed product or version leaves nothing behind.
 * Returns the paths written, relative to target/.
 */
export function writeCatalog(catalog: Catalog, compiled: CompiledProject, targetDir: string): string[] {
  const root = compiled.project.config.root;
  const memo = loadMemo<string>(targetDir, 'product-documents');
  const documents = productDocuments(catalog, compiled, (file) => readFileSync(join(root, file), 'utf8'), memo);
  saveMemo(targetDir, 'product-documents', memo);
  // Only what changed is written, and what no product has any more removed.
  const products = join(targetDir, 'products');
  const wanted = new Set(documents.map((d) => d.path));
  const folders = new Set([...wanted].map((path) => path.split('/')[1]));
  for (const path of filesUnder(products)) {
    if (wanted.has(`products/${path}`)) continue;
    // A product that is gone goes whole; a file a product no longer has (an old major) alone.
    const folder = path.split('/')[0]!;
    rmSync(join(products, folders.has(folder) ? path : folder), { recursive: true, force: true });
  }
  for (const d of documents) {
    const file = join(targetDir, d.path);
    if (readOr(file) !== d.text) writeCreating(file, d.text);
  }
  writeCreating(join(targetDir, 'catalog.json'), `${JSON.stringify(catalog, null, 2)}\n`);
  return ['catalog.json', ...documents.map((d) => d.path)];
}

function readOr(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Files under a folder, relative to it with `/` separators; none when it does not exist. */
function filesUnder(folder: string): string[] {
  try {
    return readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(folder, join(e.parentPath ?? folder, e.name)).split(sep).join('/'));
  } catch {
    return [];
  }
}

/** Writes a file, making its folder only when it is missing (a file in the way fails on the file's own path). */
function writeCreating(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}
