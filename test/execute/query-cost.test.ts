import { describe, expect, it } from 'vitest';
import { sumCosts } from '../../src/adapters/query-cost.js';

describe('the cost of several calls', () => {
  it('sums each figure over the calls that report it; a cache hit only when every call that says was one', () => {
    expect(sumCosts([{ bytesProcessed: 100, bytesBilled: 10_485_760, slotMs: 5, cacheHit: false }, undefined, { bytesProcessed: 50, cacheHit: true }])).toEqual({
      bytesProcessed: 150,
      bytesBilled: 10_485_760,
      slotMs: 5,
      cacheHit: false,
    });
    expect(sumCosts([{ bytesProcessed: 0, bytesBilled: 0, cacheHit: true }, { cacheHit: true }])).toEqual({ bytesProcessed: 0, bytesBilled: 0, cacheHit: true });
  });

  it('is no cost at all when no call reported one (an engine that does not bill)', () => {
    expect(sumCosts([])).toBeUndefined();
    expect(sumCosts([undefined, undefined])).toBeUndefined();
    expect(sumCosts([{}])).toEqual({});
  });
});
