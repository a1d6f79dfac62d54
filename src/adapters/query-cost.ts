import type { QueryCost } from './adapter.js';

/**
 * The sum of what several calls cost; undefined when none reported a cost (an engine that does not
 * bill), so its results stay as they were. A figure is summed over the calls that report it; the
 * total is a cache hit only when every call that says was one.
 */
export function sumCosts(costs: readonly (QueryCost | undefined)[]): QueryCost | undefined {
  const reported = costs.filter((c): c is QueryCost => c !== undefined);
  if (reported.length === 0) return undefined;
  const total = (key: 'bytesProcessed' | 'bytesBilled' | 'slotMs'): { [K in typeof key]?: number } => {
    const values = reported.flatMap((c) => (c[key] === undefined ? [] : [c[key]]));
    return values.length > 0 ? { [key]: values.reduce((a, b) => a + b, 0) } : {};
  };
  const hits = reported.flatMap((c) => (c.cacheHit === undefined ? [] : [c.cacheHit]));
  return { ...total('bytesProcessed'), ...total('bytesBilled'), ...total('slotMs'), ...(hits.length > 0 ? { cacheHit: hits.every(Boolean) } : {}) };
}
