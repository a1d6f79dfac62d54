import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/catalog-types.js';
import { mesh } from '../support/run-cli.js';
import { updateProject } from '../support/temp-project.js';
import { freshnessProject } from './freshness-project.js';

const AS_OF = '2024-07-01T12:00:00Z';
const readCatalog = (dir: string): Catalog => JSON.parse(readFileSync(join(dir, 'target', 'catalog.json'), 'utf8')) as Catalog;

describe('source freshness in target/catalog.json', () => {
  it('each source with freshness carries its last result (mesh catalog and mesh build); none before a measurement, none for a source without freshness', async () => {
    const dir = freshnessProject();
    expect((await mesh(['catalog', '--project', dir])).code).toBe(0);
    expect(readCatalog(dir).datasets['source.shop.orders']!.freshness).toBeUndefined();

    expect((await mesh(['source', 'freshness', '--project', dir, '--as-of', AS_OF])).code).toBe(1);
    expect((await mesh(['catalog', '--project', dir])).code).toBe(0);
    const datasets = readCatalog(dir).datasets;
    expect(datasets['source.shop.orders']!.freshness).toEqual({
      status: 'warn',
      measuredAt: '2024-07-01T12:00:00.000Z',
      maxLoadedAt: '2024-07-01T08:00:00.000Z',
      ageSeconds: 14_400,
      loadedAt: 'loaded_at',
      warnAfter: '3 hours',
      errorAfter: '1 day',
    });
    expect(datasets['source.shop.customers']!.freshness).toEqual({ status: 'error', measuredAt: '2024-07-01T12:00:00.000Z', maxLoadedAt: '2024-06-29T12:00:00.000Z', ageSeconds: 172_800, errorAfter: '1 day' });
    expect(datasets['source.shop.events']!.freshness).toBeUndefined();

    // A build writes the catalog too, with the same results.
    expect((await mesh(['build', '--project', dir])).code).toBe(0);
    expect(readCatalog(dir).datasets['source.shop.orders']!.freshness?.status).toBe('warn');

    // A source that no longer declares freshness shows no stale result; another target's sources.json is not this one's.
    updateProject(dir, { 'domains/shop/domain.yaml': readFileSync(join(dir, 'domains/shop/domain.yaml'), 'utf8').replace('freshness: { error_after: 1 day }', 'freshness: null') });
    expect((await mesh(['catalog', '--project', dir])).code).toBe(0);
    expect(readCatalog(dir).datasets['source.shop.customers']!.freshness).toBeUndefined();
    updateProject(dir, { 'mesh.yaml': 'name: m\ntargets:\n  other:\n    engine: duckdb\n' });
    expect((await mesh(['catalog', '--project', dir, '--target', 'other'])).code).toBe(0);
    expect(readCatalog(dir).datasets['source.shop.orders']!.freshness).toBeUndefined();
  });
});
