import type { EngineName, SeedDefinition, SourceDefinition } from '../parse/definitions.js';
import type { LogicalType } from '../template/neutral-helpers.js';

export type SeedSource = Pick<SeedDefinition, 'file' | 'csv' | 'columnTypes'>;

export interface SeedColumn {
  readonly name: string;
  readonly type: string;
}

/**
 * Pure SQL writing for one engine: names, quoting, types. Holds no connection; the adapter that
 * runs SQL is separate, so compiling for an engine never needs to reach it.
 */
export interface Dialect {
  readonly engine: EngineName;
  /** sql-formatter's language name. */
  readonly formatterLanguage: 'duckdb' | 'bigquery';
  /** How the engine reads strings, quoted names and comments: where a `;` separates statements and where it is text. */
  readonly lexicon: SqlLexicon;
  quoteIdentifier(name: string): string;
  /** The engine's schema (DuckDB) or dataset (BigQuery) name for a logical schema. */
  schemaName(schema: string): string;
  /** A quoted, fully qualified relation. */
  relation(schema: string, name: string): string;
  /**
   * Engines whose targets are separate database files (DuckDB): the statement that lets a
   * connection read another target's database, read-only, under `alias`, whose relations are then
   * `<alias>.<relation>` (`--defer`). Absent: every target's relations are read by their own names
   * from any connection (BigQuery's `project.dataset.table`).
   */
  attachDatabase?(path: string, alias: string): string;
  /** A quoted, fully qualified schema (dataset), as DDL names it (`DROP SCHEMA`). */
  schemaRelation(schema: string): string;
  /** What `{{source}}` renders to, or undefined when the source has no location on this engine. */
  sourceRelation(source: SourceDefinition): string | undefined;
  /**
   * Local files a statement reads as this engine reads them (DuckDB's `read_csv('…')`, `FROM
   * 'file.parquet'`), absolute against the project folder `root`: their stamps join the data
   * fingerprint of the node, so an edited or moved file is a change. Engines that read no local
   * files leave it out.
   */
  filesRead?(sql: string, root: string): readonly string[];
  /**
   * A SELECT over a seed's CSV rows (`file` relative to the project root, `csv` its text, already
   * read strictly), with the column types the domain declares; the others are inferred.
   */
  seedSelect(seed: SeedSource): string;
  /**
   * A seed's columns in header order with the engine type each loads as (capability `loadsFiles`):
   * the types the domain declares, in this engine's spelling, and the others inferred from the
   * values as the BigQuery seed literals infer them.
   */
  seedColumns(seed: SeedSource): readonly SeedColumn[];
  sqlType(type: LogicalType): string;
  stringLiteral(value: string): string;
  /** Seconds since 1970-01-01 UTC of a date or timestamp expression (timestamps without a zone are UTC). */
  epochSeconds(expression: string): string;
  /** A query whose rows are `<schema>\t<table>\t<column>\t<engine type>` for every column in these schemas. */
  schemaColumnTypesSql(schemas: readonly string[]): string;
  /** An expression of any type converted to an engine type (a contract view's column). */
  convert(expression: string, type: string): string;
  /** The hex MD5 of a value of any type written as text; NULL stays NULL (the `hash` column transform). */
  md5Hex(expression: string): string;
  /** An expression of engine type `type` in a form GROUP BY, DISTINCT and IN accept (audits on any column). */
  comparable(expression: string, type: string | undefined): string;
}


/** The parts of an engine's SQL lexer that decide what is code and what is text or comment. */
export interface SqlLexicon {
  /** Quoted strings and names, longest opener first. */
  readonly quotes: readonly SqlQuote[];
  readonly lineComments: readonly string[];
  /** Whether block comments nest (PostgreSQL and DuckDB) or end at the first closing mark (BigQuery). */
  readonly nestedBlockComments: boolean;
  /** PostgreSQL-style `$$…$$` and `$tag$…$tag$` strings. */
  readonly dollarQuotes: boolean;
}

export interface SqlQuote {
  /** What opens it, matched without case; one that starts with a letter (`E'`) opens only where a word may start. */
  readonly open: string;
  readonly close: string;
  /** The closing quote written twice stands for itself (`'it''s'`). */
  readonly doubled: boolean;
  /** A backslash escapes the next character (`'it\'s'`). */
  readonly backslash: boolean;
}
