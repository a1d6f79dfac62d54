import type { QueryCost } from '../../adapters/adapter.js';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Bytes in binary units, as BigQuery prices them and dbt-bigquery prints them: `0 B`, `512 B`, `1.5 GiB`. */
export function humanBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

/**
 * What a node's calls cost, for its progress line: bytes processed and billed, and a cache hit; a
 * dry run's figure is the estimate of bytes a real build would process. Empty when the engine
 * reported no figure.
 */
export function costText(cost: QueryCost | undefined, dryRun: boolean): string {
  if (!cost) return '';
  if (dryRun) return cost.bytesProcessed !== undefined ? `estimate ${humanBytes(cost.bytesProcessed)} processed` : '';
  const parts = [
    ...(cost.bytesProcessed !== undefined ? [`${humanBytes(cost.bytesProcessed)} processed`] : []),
    ...(cost.bytesBilled !== undefined ? [`${humanBytes(cost.bytesBilled)} billed`] : []),
    ...(cost.cacheHit ? ['cached'] : []),
  ];
  return parts.join(', ');
}
