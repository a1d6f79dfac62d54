import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SourceDefinition, TargetConfig } from '../parse/definitions.js';
import type { DatasetRef } from './openlineage-types.js';

/**
 * OpenLineage's dataset naming (spec/Naming.md): BigQuery `bigquery` / `project.dataset.table`;
 * DuckDB `duckdb://<absolute database path>` / `schema.table`, and `duckdb://memory` for an
 * in-memory database; a local file `file` / its absolute path.
 */
export function warehouseNamespace(target: TargetConfig): string {
  if (target.engine === 'bigquery') return 'bigquery';
  const path = target.path ?? ':memory:';
  return path === ':memory:' ? 'duckdb://memory' : `duckdb://${pathToFileURL(resolve(path)).pathname}`;
}

/**
 * A relation meshwork builds (`schema` is the engine's schema, or BigQuery dataset), of `domain`:
 * on BigQuery in the domain's project when the target's `projects:` lists it.
 */
export function relationDataset(target: TargetConfig, schema: string, identifier: string, domain?: string): DatasetRef {
  const name = target.engine === 'bigquery' ? `${projectOf(target, domain)}.${schema}.${identifier}` : `${schema}.${identifier}`;
  return { namespace: warehouseNamespace(target), name };
}

/** A relation written as text (`dataset.table` or `project.dataset.table`): an import's location, a BigQuery source of `domain`. */
export function tableDataset(target: TargetConfig, location: string, domain?: string): DatasetRef {
  const name = target.engine === 'bigquery' && location.split('.').length === 2 ? `${projectOf(target, domain)}.${location}` : location;
  return { namespace: warehouseNamespace(target), name };
}

function projectOf(target: TargetConfig, domain: string | undefined): string | undefined {
  return (domain !== undefined ? target.bigquery?.projects[domain] : undefined) ?? target.project;
}

/** Locations DuckDB reads as files (the dialect reads these with read_csv_auto, read_json_auto, read_parquet). */
const FILE_LOCATION = /\.(csv|jsonl|ndjson|json|parquet)$/i;

/** A declared source on the target's engine; undefined when it has no location there. */
export function sourceDataset(target: TargetConfig, root: string, source: SourceDefinition): DatasetRef | undefined {
  const location = source.locations[target.engine];
  if (!location) return undefined;
  if (target.engine === 'duckdb' && FILE_LOCATION.test(location)) {
    return { namespace: 'file', name: isAbsolute(location) ? location : resolve(root, location) };
  }
  return tableDataset(target, location, source.domain);
}

/** The `dataSource` facet's fields for a dataset: its namespace, and a URI for it when it is one. */
export function dataSourceOf(ref: DatasetRef): { name: string; uri?: string } {
  if (ref.namespace === 'file') return { name: 'file', uri: pathToFileURL(ref.name).href };
  if (ref.namespace.startsWith('duckdb://')) return { name: ref.namespace, uri: ref.namespace };
  return { name: ref.namespace };
}
