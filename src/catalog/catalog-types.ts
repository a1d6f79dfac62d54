/**
 * `target/catalog.json`: the mesh as a catalog sees it. Written by `mesh catalog` and every build;
 * read by the docs site and by other projects that import this project's published contracts.
 * Plain JSON (no Maps) so that it can be written, read back and shipped to a browser as is.
 */
import type { InterruptSignal } from '../execute/run-events.js';
import type { ColumnInput, DatasetId } from '../lineage/lineage-types.js';

export const CATALOG_FORMAT = 'meshwork.catalog/1';

export interface Catalog {
  readonly format: typeof CATALOG_FORMAT;
  readonly project: string;
  readonly meshworkVersion: string;
  readonly generatedAt: string;
  /** The target whose physical names the catalog gives. */
  readonly target: { readonly name: string; readonly engine: string };
  readonly domains: readonly CatalogDomain[];
  readonly products: readonly CatalogProduct[];
  /** Every model, seed, source, contract view and imported contract, by id. */
  readonly datasets: Readonly<Record<DatasetId, CatalogDataset>>;
  /** Table-level edges, upstream → downstream; `crossDomain` when the two are in different domains. */
  readonly edges: readonly { readonly from: DatasetId; readonly to: DatasetId; readonly crossDomain: boolean }[];
  /** The last build's results, when one ran. */
  readonly lastRun?: CatalogRun;
}

export interface CatalogDomain {
  readonly name: string;
  readonly owner: string;
  readonly description?: string;
  readonly products: readonly string[];
}

/** A data product: one contract file's product, with every major version published. */
export interface CatalogProduct {
  /** `domain.product` */
  readonly id: string;
  readonly domain: string;
  readonly name: string;
  readonly owner?: string;
  readonly description?: string;
  readonly versions: readonly CatalogContractVersion[];
  /** Input ports: sources and consumed contracts (dataset ids) the product's views derive from. */
  readonly inputs: readonly DatasetId[];
  /** Paths, relative to target/, of the resolved ODCS contracts and the ODPS descriptor. */
  readonly files: { readonly odps: string; readonly contracts: readonly string[] };
}

export interface CatalogContractVersion {
  readonly version: string;
  readonly major: number;
  readonly status: string;
  /** Contract file relative to the project root, and the contract's id. */
  readonly file: string;
  readonly contractId: string;
  /** Contract view dataset ids (one per schema object). */
  readonly views: readonly DatasetId[];
  readonly deprecation?: { readonly sunset?: string; readonly replacement?: string };
  readonly sla: readonly { readonly property: string; readonly value: string | number; readonly unit?: string; readonly element?: string }[];
  /** Dataset ids of the nodes (in other domains too) that read this version. */
  readonly consumers: readonly DatasetId[];
}

export interface CatalogColumn {
  readonly name: string;
  readonly type?: string;
  readonly description?: string;
  readonly classification?: string;
  readonly inputs: readonly ColumnInput[];
  readonly unresolved?: string;
}

export interface CatalogDataset {
  readonly id: DatasetId;
  readonly kind: 'model' | 'seed' | 'source' | 'contract' | 'import' | 'test';
  readonly name: string;
  readonly domain: string;
  readonly stage?: string;
  readonly description?: string;
  readonly materialized?: string;
  /** Physical name on the target, when the dataset is built or read there. */
  readonly relation?: string;
  readonly file?: string;
  /** Compiled SQL (as built) for models and contract views. */
  readonly sql?: string;
  readonly columns: readonly CatalogColumn[];
  /** Whole-dataset inputs (filters, joins, group by…). */
  readonly datasetInputs: readonly ColumnInput[];
  readonly upstream: readonly DatasetId[];
  readonly downstream: readonly DatasetId[];
  /** Contract views and imported contracts: the product (`domain.product`), version and contract id they publish. */
  readonly product?: string;
  readonly version?: string;
  readonly contractId?: string;
  readonly lastResult?: CatalogNodeResult;
  /** Sources that declare freshness: the last `mesh source freshness` result (target/sources.json). */
  readonly freshness?: CatalogFreshness;
}

/** A source's age as `mesh source freshness` last measured it on the catalog's target. */
export interface CatalogFreshness {
  readonly status: 'pass' | 'warn' | 'error' | 'runtime error';
  /** The `as_of` the age was measured at. */
  readonly measuredAt: string;
  /** The newest `loaded_at`, or without `loaded_at` the table's (file's) last change. */
  readonly maxLoadedAt?: string;
  readonly ageSeconds?: number;
  /** The column measured; absent: the warehouse's metadata. */
  readonly loadedAt?: string;
  /** Thresholds as measured: `12 hours`. */
  readonly warnAfter?: string;
  readonly errorAfter?: string;
  /** Why it could not be measured (a runtime error). */
  readonly error?: string;
}

export interface CatalogNodeResult {
  /** `reused`: the build did not run it (unchanged); the other fields are those of the build that made it, when known. */
  readonly status: 'success' | 'error' | 'skipped' | 'reused';
  readonly finishedAt?: string;
  readonly rows?: number;
  /** Tests: failing rows found. */
  readonly failures?: number;
  readonly message?: string;
  /** Contract audits: each rule with its outcome. */
  readonly audits?: readonly CatalogAudit[];
}

/** One contract audit of a build: `value` is what its query found (failing rows, a share, a row count). */
export interface CatalogAudit {
  readonly rule: string;
  readonly success: boolean;
  /** The contract column the rule is about, when it is about one. */
  readonly column?: string;
  readonly value?: number;
  /** Failing rows, for rules that count them (required; null, missing, invalid and duplicate values). */
  readonly failures?: number;
}

export interface CatalogRun {
  readonly runId: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly success: boolean;
  /** The signal that stopped the build; its unfinished nodes' last results are 'skipped'. */
  readonly interrupted?: InterruptSignal;
}
