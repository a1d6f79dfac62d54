import type { QueryCost } from '../adapter.js';
import type { JobStatistics } from './bigquery-api.js';

const number = (text: string | undefined): number | undefined => (text === undefined ? undefined : Number(text));

/** What a job cost, from its statistics (a script's parent sums its children). */
export function jobCost(statistics: JobStatistics | undefined): QueryCost {
  const query = statistics?.query;
  const bytesProcessed = number(query?.totalBytesProcessed ?? statistics?.totalBytesProcessed);
  const bytesBilled = number(query?.totalBytesBilled);
  const slotMs = number(query?.totalSlotMs ?? statistics?.totalSlotMs);
  return {
    ...(bytesProcessed !== undefined ? { bytesProcessed } : {}),
    ...(bytesBilled !== undefined ? { bytesBilled } : {}),
    ...(slotMs !== undefined ? { slotMs } : {}),
    ...(query?.cacheHit !== undefined ? { cacheHit: query.cacheHit } : {}),
  };
}

