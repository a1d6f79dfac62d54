import type { LastModified, SourceTable } from '../adapter.js';
import type { TargetConfig } from '../../parse/definitions.js';
import type { TableReference, TableResource } from './bigquery-api.js';
import { defaultProject } from './dataset-projects.js';

/** A source's table: `dataset.table` lives in its domain's project (else the target's), `project.dataset.table` where it says. */
export function sourceTableReference(target: TargetConfig, table: SourceTable): TableReference | undefined {
  const parts = table.location.replace(/`/g, '').split('.');
  if (parts.length === 2) return { projectId: target.bigquery?.projects[table.domain] ?? defaultProject(target), datasetId: parts[0]!, tableId: parts[1]! };
  if (parts.length === 3) return { projectId: parts[0]!, datasetId: parts[1]!, tableId: parts[2]! };
  return undefined;
}

/**
 * A stamp of a table's data from its metadata (tables.get): its type and last modification time.
 * Undefined when the metadata cannot tell that the data is unchanged: a view or an external table
 * (their data changes elsewhere), rows in a streaming buffer (not yet counted in the time).
 */
export function tableStamp(table: TableResource): string | undefined {
  if (table.lastModifiedTime === undefined || table.streamingBuffer !== undefined) return undefined;
  if (table.type === 'TABLE' || table.type === 'SNAPSHOT' || table.type === 'CLONE') return `${table.type}:${table.lastModifiedTime}`;
  if (table.type === 'MATERIALIZED_VIEW') return table.materializedView?.lastRefreshTime ? `${table.type}:${table.lastModifiedTime}:${table.materializedView.lastRefreshTime}` : undefined;
  return undefined;
}

/**
 * When a table's data last changed (source freshness without `loaded_at`, as dbt-bigquery's
 * metadata freshness): `lastModifiedTime`, or a materialized view's last refresh. Rows still in a
 * streaming buffer arrived after the oldest entry's time, so that time is taken when later.
 */
export function tableModifiedAt(table: TableResource | undefined, name: string): LastModified {
  if (!table) return { unknown: `table ${name} does not exist` };
  const ms = (text: string | undefined): number | undefined => (text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined);
  if (table.type === 'VIEW' || table.type === 'EXTERNAL') return { unknown: `${name} is ${table.type === 'VIEW' ? 'a view' : 'an external table'}: BigQuery records no modification time of its data` };
  const changed = table.type === 'MATERIALIZED_VIEW' ? ms(table.materializedView?.lastRefreshTime) : ms(table.lastModifiedTime);
  const streamed = ms(table.streamingBuffer?.oldestEntryTime);
  const newest = Math.max(changed ?? -Infinity, streamed ?? -Infinity);
  return Number.isFinite(newest) ? { at: newest / 1000 } : { unknown: `BigQuery records no modification time for ${name}` };
}
