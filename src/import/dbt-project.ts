import type { DbtFixture, DbtUnitTest } from './dbt-unit-tests.js';

/**
 * A dbt project as the importer reads it: the files and YAML entries that map to meshwork, each
 * with the file and line it came from (for the report).
 */

/** Where something was written in the dbt project. */
export interface DbtLocation {
  /** Relative to the dbt project, with `/`. */
  readonly file: string;
  readonly line: number;
}

/** Something of the dbt project that meshwork has no place for, listed in the report. */
export interface DbtUnmapped extends DbtLocation {
  /** As written (its first line). */
  readonly construct: string;
  /** What was not imported, and why. */
  readonly what: string;
}

/** Something with a description, and the line the description is written at. */
export interface DbtDescribed {
  readonly description?: string;
  readonly descriptionLine?: number;
}

/** One config value (`+materialized: table`, `config: {tags: […]}`, `{{ config(unique_key='id') }}`). */
export interface DbtConfigValue extends DbtLocation {
  readonly value: unknown;
}

/** Config keys to values, as dbt spells them (without the `+`). */
export type DbtConfig = Readonly<Record<string, DbtConfigValue>>;

export interface DbtColumn extends DbtLocation, DbtDescribed {
  readonly name: string;
  readonly dataType?: string;
  /** The column's `tests:` / `data_tests:` entries as written. */
  readonly tests: readonly DbtTestEntry[];
  /** `constraints: [{type: not_null}, …]` types. */
  readonly constraints: readonly string[];
}

/** One test entry: `- unique` or `- accepted_values: {values: […]}`. */
export interface DbtTestEntry extends DbtLocation {
  readonly name: string;
  readonly args: Readonly<Record<string, unknown>>;
}

/** A model's entry in a properties yml (`models:`). */
export interface DbtModelProperties extends DbtLocation, DbtDescribed {
  readonly name: string;
  readonly config: DbtConfig;
  readonly columns: readonly DbtColumn[];
  readonly tests: readonly DbtTestEntry[];
  /** Model-level `constraints: [{type: primary_key, columns: [a]}]`: column → constraint types. */
  readonly constraints: Readonly<Record<string, readonly string[]>>;
}

export interface DbtSeedProperties extends DbtLocation, DbtDescribed {
  readonly name: string;
  readonly config: DbtConfig;
}

export interface DbtGroup extends DbtLocation {
  readonly name: string;
  readonly ownerName?: string;
  readonly ownerEmail?: string;
}

/** One table of a `sources:` entry, with the source's settings applied. */
export interface DbtSourceTable extends DbtLocation, DbtDescribed {
  readonly sourceName: string;
  readonly name: string;
  readonly database?: string;
  readonly schema: string;
  readonly identifier: string;
  readonly loadedAtField?: string;
  /** `freshness:` as written (null: none). */
  readonly freshness?: unknown;
  readonly freshnessLine?: number;
  readonly externalLocation?: string;
}

/** A `.sql` file of the project: a model, a singular test or a macro file. */
export interface DbtSqlFile {
  /** Relative to the dbt project, with `/`. */
  readonly file: string;
  /** Relative to the folder it was found under (models/, tests/, macros/). */
  readonly path: string;
  readonly name: string;
  readonly text: string;
}

export interface DbtSeedFile {
  readonly file: string;
  readonly path: string;
  readonly name: string;
  /** The file's bytes as read (BOM and line ends kept: the seed is copied as it is). */
  readonly bytes: Uint8Array;
}

/** A folder-level config tree (`models:` / `seeds:` in dbt_project.yml) below the project's name. */
export interface DbtFolderConfig {
  readonly config: DbtConfig;
  readonly children: Readonly<Record<string, DbtFolderConfig>>;
}

export interface DbtProject {
  readonly root: string;
  readonly name: string;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly modelPaths: readonly string[];
  readonly models: readonly DbtSqlFile[];
  readonly singularTests: readonly DbtSqlFile[];
  readonly macroFiles: readonly DbtSqlFile[];
  readonly seeds: readonly DbtSeedFile[];
  readonly modelFolders: DbtFolderConfig;
  readonly seedFolders: DbtFolderConfig;
  readonly modelProperties: ReadonlyMap<string, DbtModelProperties>;
  readonly seedProperties: ReadonlyMap<string, DbtSeedProperties>;
  readonly groups: readonly DbtGroup[];
  readonly sources: readonly DbtSourceTable[];
  /** `unit_tests:` entries of every properties yml, in path order. */
  readonly unitTests: readonly DbtUnitTest[];
  /** Unit test fixtures (`.csv` and `.sql` files under a test path's `fixtures/`) by name. */
  readonly fixtures: ReadonlyMap<string, DbtFixture>;
  /** Each text file read (YAML and SQL), by file: the report quotes the line of each problem. */
  readonly texts: ReadonlyMap<string, string>;
  /** What the importer does not map: properties entries (exposures, metrics, …), Python models, dbt snapshots. */
  readonly unmapped: readonly DbtUnmapped[];
}
