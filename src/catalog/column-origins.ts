import type { DatasetId } from '../lineage/lineage-types.js';
import type { CatalogDataset } from './catalog-types.js';

/**
 * Where each column of a view comes from: its DIRECT inputs followed up through the pipeline to
 * the columns of the product's inputs (sources, consumed contracts) or seeds, as `dataset.column`.
 * A path that ends on a column with unknown inputs contributes nothing.
 */
export function columnOrigins(view: DatasetId, inputs: ReadonlySet<DatasetId>, datasets: Readonly<Record<DatasetId, CatalogDataset>>): Record<string, string[]> {
  const memo = new Map<string, ReadonlySet<string>>();
  const walk = (dataset: DatasetId, column: string, path: ReadonlySet<string>): ReadonlySet<string> => {
    const key = `${dataset}\u0000${column}`;
    const known = memo.get(key);
    if (known) return known;
    const d = datasets[dataset];
    if (!d) return new Set();
    if (inputs.has(dataset) || d.kind === 'seed' || d.kind === 'source') return new Set([`${dataset}.${column}`]);
    if (path.has(key)) return new Set(); // a model that reads itself (incremental): no new origin
    const col = d.columns.find((c) => c.name.toLowerCase() === column.toLowerCase());
    const found = new Set<string>();
    const next = new Set([...path, key]);
    for (const input of col?.inputs ?? []) {
      if (!input.transformations.some((t) => t.type === 'DIRECT')) continue;
      for (const origin of walk(input.dataset, input.column, next)) found.add(origin);
    }
    memo.set(key, found);
    return found;
  };
  const columns = datasets[view]?.columns ?? [];
  return Object.fromEntries(columns.map((c) => [c.name, [...walk(view, c.name, new Set())].sort()]));
}
