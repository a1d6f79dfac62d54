import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMemo } from '../../src/artifacts/cache-files.js';
import type { CachedDataset } from '../../src/lineage/compute-lineage.js';
import { updateProject, writeProject } from '../support/temp-project.js';
import { cacheFile, MODELS, PROJECT, run } from './node-cache-project.js';

describe('lineage cached per dataset (target/.cache)', () => {
  for (const types of [true, false]) {
    it(`recomputes an edited leaf alone, and an edited parent with what reads it (types: ${types})`, async () => {
      const dir = writeProject(PROJECT);
      expect((await run(dir, types)).computed).toEqual(['source.shop.feed', ...MODELS].sort());
      expect((await run(dir, types)).computed).toEqual([]);
      // The cache file records one entry per dataset.
      const recorded = loadMemo<CachedDataset>(join(dir, 'target'), cacheFile(types));
      for (const id of ['source.shop.feed', ...MODELS]) expect(recorded.peek(id)?.lineage.id).toBe(id);

      updateProject(dir, { 'domains/shop/raw/top.sql': 'select region, total from {{ref "totals"}} where total > 1\n' });
      const leaf = await run(dir, types);
      expect(leaf.computed).toEqual(['model.shop.top']);
      expect(leaf.lineage.datasets.get('model.shop.top')!.columns.map((c) => c.name)).toEqual(['region', 'total']);
      // The entry recorded is the new one.
      expect(loadMemo<CachedDataset>(join(dir, 'target'), cacheFile(types)).peek('model.shop.top')!.lineage.columns.map((c) => c.name)).toEqual(['region', 'total']);

      updateProject(dir, { 'domains/shop/raw/orders.sql': 'select id, amount, upper(region) as region from {{source "feed"}}\r\n' });
      expect((await run(dir, types)).computed).toEqual(['model.shop.ids', 'model.shop.orders', 'model.shop.top', 'model.shop.totals']);
    });
  }

});
