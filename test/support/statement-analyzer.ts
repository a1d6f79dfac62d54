/**
 * The seam between the local BigQuery endpoint (`bigquery-fake.ts`) and Google's ZetaSQL analyzer
 * (`zetasql.ts`): the endpoint knows which relations exist and what each job's script holds; the
 * analyzer says whether BigQuery would accept a statement and what columns its result has.
 */

/** A column as BigQuery's REST API and INFORMATION_SCHEMA spell its type: `STRING`, `INT64`, `ARRAY<STRUCT<a INT64>>`, … */
export interface TableColumn {
  readonly name: string;
  readonly type: string;
}

/** Relations known to the warehouse, by `project.dataset.table` (TEMP tables of the script: by their bare name). */
export type KnownTables = ReadonlyMap<string, readonly TableColumn[]>;

export type Analysis =
  /** `columns`: what a CREATE TABLE/VIEW … AS or a query produces (absent for DML, DROP, BEGIN, …). */
  | { readonly ok: true; readonly columns?: readonly TableColumn[] }
  /** BigQuery's own wording where it can; `line`/`column` 1-based within the statement. */
  | { readonly ok: false; readonly message: string; readonly line?: number; readonly column?: number };

export interface StatementAnalyzer {
  /** Analyzes one statement with BigQuery's language features against `tables`; `defaultProject` qualifies `dataset.table` names. */
  analyze(sql: string, tables: KnownTables, defaultProject: string): Promise<Analysis>;
  close(): Promise<void>;
}
