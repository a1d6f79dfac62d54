import { hash } from 'node:crypto';
import { loadMemo, saveMemo } from '../artifacts/cache-files.js';
import { formatAll } from '../artifacts/format-sql.js';
import type { Dialect } from '../adapters/dialect.js';
import type { Catalog, CatalogDataset } from '../catalog/catalog-types.js';

/**
 * The catalog as the docs site shows it: each dataset's SQL laid out by sql-formatter, for reading
 * (catalog.json and target/compiled keep it as rendered). Laid-out text is kept in
 * target/.cache/docs-sql.bin by a hash of the SQL, so a warm `mesh docs` formats only what changed.
 */
export async function withLaidOutSql(catalog: Catalog, targetDir: string, language: Dialect['formatterLanguage']): Promise<Catalog> {
  const memo = loadMemo<string>(targetDir, 'docs-sql');
  const keys = new Map<string, string>();
  const missing = new Map<string, string>();
  for (const [id, dataset] of Object.entries(catalog.datasets)) {
    if (dataset.sql === undefined) continue;
    const key = hash('sha1', `${language}\0${dataset.sql}`);
    keys.set(id, key);
    const kept = memo.peek(key);
    if (kept !== undefined) memo.keep(key, kept);
    else missing.set(key, dataset.sql);
  }
  const formatted = await formatAll([...missing.values()], language);
  [...missing.keys()].forEach((key, i) => memo.set(key, formatted[i]!));
  saveMemo(targetDir, 'docs-sql', memo);
  const laidOut = memo.entries();
  const datasets: Record<string, CatalogDataset> = {};
  for (const [id, dataset] of Object.entries(catalog.datasets)) {
    const key = keys.get(id);
    datasets[id] = key === undefined ? dataset : { ...dataset, sql: laidOut.get(key)! };
  }
  return { ...catalog, datasets };
}
