import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FreshnessPeriod, SourceFreshness } from '../parse/definitions.js';
import { metadata } from './artifact-metadata.js';

export const SOURCES_SCHEMA = 'meshwork/sources/v1';

/** One source as `mesh source freshness` measured it. */
export interface SourceFreshnessResult {
  /** `source.<domain>.<name>`, as the manifest's lineage names sources. */
  readonly id: string;
  readonly domain: string;
  readonly name: string;
  readonly status: 'pass' | 'warn' | 'error' | 'runtime error';
  readonly criteria: SourceFreshness;
  /** The newest `loaded_at` (ISO, UTC), or without `loaded_at` the table's (file's) last change; absent when no row has one, or on a runtime error. */
  readonly maxLoadedAt?: string;
  /** Seconds from the newest `loaded_at` to `as_of`. */
  readonly ageSeconds?: number;
  /** The warehouse's message, on a runtime error. */
  readonly error?: string;
  readonly sql?: string;
  /** Wall-clock seconds the query took. */
  readonly seconds: number;
}

/**
 * target/sources.json: dbt's `sources.json` (v3) simplified — the same result keys, `snapshotted_at`
 * is the `as_of` ages were measured at, and criteria also name `loaded_at`. Returns the file's path.
 */
export function writeSourcesJson(results: readonly SourceFreshnessResult[], targetDir: string, context: { asOf: string; target: string }): string {
  mkdirSync(targetDir, { recursive: true });
  const file = join(targetDir, 'sources.json');
  const period = (p: FreshnessPeriod | undefined): { count: number; period: string } | null => (p ? { count: p.count, period: p.period } : null);
  const document = {
    metadata: metadata(SOURCES_SCHEMA, { target: context.target, as_of: context.asOf }),
    results: results.map((r) => ({
      unique_id: r.id,
      status: r.status,
      max_loaded_at: r.maxLoadedAt ?? null,
      snapshotted_at: context.asOf,
      max_loaded_at_time_ago_in_s: r.ageSeconds ?? null,
      criteria: { loaded_at: r.criteria.loadedAt ?? null, warn_after: period(r.criteria.warnAfter), error_after: period(r.criteria.errorAfter), filter: r.criteria.filter ?? null },
      execution_time: r.seconds,
      ...(r.error !== undefined ? { error: r.error } : {}),
      ...(r.sql !== undefined ? { compiled_sql: r.sql } : {}),
    })),
    elapsed_time: results.reduce((sum, r) => sum + r.seconds, 0),
  };
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  return file;
}
