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

/** Costs added up (a dry run's statements); a cache hit only when every part was one. */
export function sumCosts(costs: readonly QueryCost[]): QueryCost {
  const sum = (key: 'bytesProcessed' | 'bytesBilled' | 'slotMs'): Partial<QueryCost> => {
    const known = costs.map((c) => c[key]).filter((v): v is number => v !== undefined);
    return known.length > 0 ? { [key]: known.reduce((a, b) => a + b, 0) } : {};
  };
  const hits = costs.map((c) => c.cacheHit).filter((v): v is boolean => v !== undefined);
  return { ...sum('bytesProcessed'), ...sum('bytesBilled'), ...sum('slotMs'), ...(hits.length > 0 ? { cacheHit: hits.every(Boolean) } : {}) };
}
