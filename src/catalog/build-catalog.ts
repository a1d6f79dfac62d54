import { MESHWORK_VERSION } from '../artifacts/artifact-metadata.js';
import type { CompiledProject } from '../compile/compiled-node.js';
import type { RunResults } from '../execute/run-events.js';
import type { DatasetId, ProjectLineage } from '../lineage/lineage-types.js';
import { catalogDatasets } from './catalog-datasets.js';
import { catalogDomains, catalogProducts } from './catalog-products.js';
import { catalogRun, nodeResults } from './catalog-results.js';
import { CATALOG_FORMAT, type Catalog, type CatalogDataset, type CatalogFreshness } from './catalog-types.js';
import { datasetReads, externalDatasets } from '../lineage/dataset-reads.js';

export interface CatalogOptions {
  /** When the catalog is made (ISO 8601); passed in so that the same inputs give the same catalog. */
  readonly generatedAt: string;
  /** The build's run id (the OpenLineage parent run), when a build ran. */
  readonly runId?: string;
  /** The last source freshness results (readFreshnessResults), shown on the sources that declare freshness. */
  readonly freshness?: ReadonlyMap<DatasetId, CatalogFreshness>;
}

/**
 * The mesh as a catalog sees it: domains, data products and their versions, every dataset with its
 * columns, table-level edges and, after a build, its results. Pure: no file or warehouse is read.
 */
export function buildCatalog(compiled: CompiledProject, lineage: ProjectLineage | undefined, run: RunResults | undefined, options: CatalogOptions): Catalog {
  const externals = externalDatasets(compiled);
  const reads = datasetReads(compiled, externals, lineage);
  const datasets = catalogDatasets({ compiled, externals, reads, lineage, results: nodeResults(run), freshness: options.freshness ?? new Map() });
  const products = catalogProducts(compiled, datasets);
  return {
    format: CATALOG_FORMAT,
    project: compiled.project.config.name,
    meshworkVersion: MESHWORK_VERSION,
    generatedAt: options.generatedAt,
    target: { name: compiled.target.name, engine: compiled.target.engine },
    domains: catalogDomains(compiled, products),
    products,
    datasets,
    edges: tableEdges(datasets),
    ...(run ? { lastRun: catalogRun(run, options.runId ?? run.startedAt) } : {}),
  };
}

/** Upstream → downstream between datasets; tests check data but publish none, so they draw no edge. */
function tableEdges(datasets: Readonly<Record<DatasetId, CatalogDataset>>): Catalog['edges'] {
  return Object.values(datasets)
    .filter((d) => d.kind !== 'test')
    .flatMap((d) =>
      d.upstream
        .filter((u) => datasets[u] && datasets[u].kind !== 'test')
        .map((u) => ({ from: u, to: d.id, crossDomain: datasets[u]!.domain !== d.domain })),
    );
}
