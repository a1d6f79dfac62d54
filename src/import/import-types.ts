/**
 * The seam between the two halves of `mesh import dbt`: the project importer (folders, YAML,
 * contracts, the report) and the Jinja converter (one model's or macro file's text).
 */

/** One construct the importer could not convert, listed in `import-report.md`. */
export interface ImportProblem {
  /** Relative to the dbt project, with `/`. */
  readonly file: string;
  /** 1-based, in the dbt file. */
  readonly line: number;
  /** As written in the dbt file (its first line). */
  readonly construct: string;
  /** What was not converted and what was written instead. */
  readonly message: string;
  /** What the user should do. */
  readonly hint: string;
}

/** What a dbt `ref(...)` becomes, seen from the domain of the file being converted. */
export type RefTarget =
  /** A model or seed of the same domain: `{{ref "name"}}`. */
  | { readonly kind: 'ref'; readonly name: string }
  /** Another domain's public model, read through its contract view: `{{contract "domain.product" version=N}}`. */
  | { readonly kind: 'contract'; readonly product: string; readonly version: number }
  /** Not a model, seed or contract of the project: kept as `{{ref "name"}}` and reported. */
  | { readonly kind: 'unknown'; readonly name: string };

/** What the converter needs to know about the project around one file. */
export interface JinjaContext {
  /** The file being converted, relative to the dbt project (for problems). */
  readonly file: string;
  /** `ref('x')`, `ref('package', 'x')`, `ref('x', v=2)`. */
  resolveRef(name: string, packageName?: string): RefTarget;
  /** `source('src', 'tbl')` → the meshwork source name in the domain's `domain.yaml`; undefined when not declared. */
  resolveSource(sourceName: string, tableName: string): string | undefined;
  /** Project macros converted to meshwork macros: a call `name(...)` becomes `{{name …}}`. */
  readonly macros: ReadonlySet<string>;
  /** The dbt project's vars (`dbt_project.yml` `vars:`), for `{% for x in var('list') %}` and `{% if var('flag') %}`. */
  readonly vars: Readonly<Record<string, unknown>>;
}

/** A dbt model (or singular test, or analysis) converted to a meshwork template. */
export interface ConvertedModel {
  /** The Handlebars SQL, without a YAML header (the importer writes the header). */
  readonly sql: string;
  /**
   * The arguments of `{{ config(...) }}` calls in the file, as the Python literals they were
   * (`materialized='incremental'` → `{materialized: 'incremental'}`, lists as arrays); the importer
   * maps them to header keys.
   */
  readonly config: Readonly<Record<string, unknown>>;
  readonly problems: readonly ImportProblem[];
}

/** A `{% macro %}` that is plain SQL with parameters, converted to a meshwork macro file. */
export interface ConvertedMacro {
  readonly name: string;
  /** In meshwork's `params:` header form: a bare name, or `{name: default}`. */
  readonly params: readonly (string | Readonly<Record<string, unknown>>)[];
  /** The macro's body as Handlebars (no header). */
  readonly sql: string;
  /** 1-based line of `{% macro` in the dbt file. */
  readonly line: number;
}

/** A dbt `{% test name(model, column_name, …) %}` converted to a meshwork generic test body. */
export interface ConvertedGenericTest {
  readonly name: string;
  readonly params: readonly (string | Readonly<Record<string, unknown>>)[];
  readonly sql: string;
  readonly line: number;
}

/**
 * A dbt macro whose body is only `{{ return(adapter.dispatch('x')(a, b)) }}`: it becomes no file;
 * its `default__x`, `duckdb__x`, `bigquery__x` become `x` and its engine variants.
 */
export interface ConvertedDispatcher {
  /** Also the name dispatched on: a macro dispatching on another name is a call of that macro. */
  readonly name: string;
  readonly params: readonly (string | Readonly<Record<string, unknown>>)[];
  readonly line: number;
}

/** Every macro and generic test of one dbt `macros/*.sql` file; the ones that cannot be converted are problems. */
export interface ConvertedMacroFile {
  readonly macros: readonly ConvertedMacro[];
  readonly dispatchers: readonly ConvertedDispatcher[];
  readonly tests: readonly ConvertedGenericTest[];
  readonly problems: readonly ImportProblem[];
}
