/**
 * Column-level lineage as the lineage stage leaves it: engine-neutral, keyed by meshwork ids.
 * OpenLineage events, the catalog, ODPS descriptors, `mesh lineage` and the docs site all read this
 * shape; only `src/lineage/` computes it.
 */

/** OpenLineage's transformation types: DIRECT feeds the value, INDIRECT decides which rows or how. */
export type TransformationType = 'DIRECT' | 'INDIRECT';

/** OpenLineage's subtypes for DIRECT (identity, transformation, aggregation) and INDIRECT (the rest). */
export type TransformationSubtype =
  | 'IDENTITY'
  | 'TRANSFORMATION'
  | 'AGGREGATION'
  | 'FILTER'
  | 'JOIN'
  | 'GROUP_BY'
  | 'SORT'
  | 'WINDOW'
  | 'CONDITIONAL';

export interface Transformation {
  readonly type: TransformationType;
  readonly subtype: TransformationSubtype;
  /** The value is hashed or masked (contract views of PII columns). */
  readonly masking?: boolean;
}

/**
 * A dataset lineage points at: a node id of the compiled project (`model.d.n`, `seed.d.n`,
 * `contract.d.p_v1`), `source.<domain>.<name>` for a declared source, or `import.<domain>.<product>_v<major>`
 * for a contract imported from outside the repository.
 */
export type DatasetId = string;

/** One input column of an output column (or of the whole dataset), with how it is used. */
export interface ColumnInput {
  readonly dataset: DatasetId;
  readonly column: string;
  /** Every way the column is used; an input used both directly and in a CASE condition has two. */
  readonly transformations: readonly Transformation[];
}

export interface ColumnLineage {
  readonly name: string;
  /** The engine type when known (from a contract, a declared column or DuckDB's binder). */
  readonly type?: string;
  readonly inputs: readonly ColumnInput[];
  /** Why the inputs are incomplete, when they are; absent when resolved. */
  readonly unresolved?: string;
}

export interface DatasetLineage {
  readonly id: DatasetId;
  /** Output columns in order. Sources and seeds have columns with no inputs. */
  readonly columns: readonly ColumnLineage[];
  /** Columns that affect the whole dataset: filters, join keys, group by, sort, window partitions. */
  readonly dataset: readonly ColumnInput[];
  /** Datasets read (table-level lineage). */
  readonly upstream: readonly DatasetId[];
  /** Why the node could not be analysed at all, when it could not. */
  readonly unresolved?: string;
}

export interface ProjectLineage {
  /** Every model, seed, contract view, source and imported contract of the project. */
  readonly datasets: ReadonlyMap<DatasetId, DatasetLineage>;
}
