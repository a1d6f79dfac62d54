import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineage } from '../../src/mesh.js';
import { updateProject, writeProject } from '../support/temp-project.js';

const columnsOf = async (dir: string, id: string) => (await lineage({ projectDir: dir })).lineage!.datasets.get(id)!.columns.map((c) => c.name);

describe('the lineage cache (target/.cache)', () => {
  it('is reused while no SQL and no source file changes, and recomputed when one does', async () => {
    const dir = writeProject({
      'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\nsources:\n  feed:\n    duckdb: data/feed.csv\n',
      'domains/shop/data/feed.csv': 'id,amount\n1,2.5\n',
      'domains/shop/raw/orders.sql': 'select * from {{source "feed"}}',
    });
    expect(await columnsOf(dir, 'model.shop.orders')).toEqual(['id', 'amount']);
    expect(existsSync(join(dir, 'target', '.cache', 'lineage-dev.bin'))).toBe(true);
    expect(await columnsOf(dir, 'model.shop.orders')).toEqual(['id', 'amount']);

    // The source file gains a column: the model's SQL is the same, its columns are not.
    updateProject(dir, { 'domains/shop/data/feed.csv': 'id,amount,currency\n1,2.5,EUR\n' });
    expect(await columnsOf(dir, 'model.shop.orders')).toEqual(['id', 'amount', 'currency']);
    updateProject(dir, { 'domains/shop/raw/orders.sql': 'select id from {{source "feed"}}' });
    expect(await columnsOf(dir, 'model.shop.orders')).toEqual(['id']);
  });

  it('is recomputed when a seed changes: the seed\'s SQL names its file, not its columns', async () => {
    const dir = writeProject({
      'domains/shop/seeds/rates.csv': 'code,rate\n1,2\n',
      'domains/shop/raw/priced.sql': 'select * from {{ref "rates"}}',
    });
    expect(await columnsOf(dir, 'model.shop.priced')).toEqual(['code', 'rate']);
    updateProject(dir, { 'domains/shop/seeds/rates.csv': 'code,rate,currency\n1,2,EUR\n' });
    expect(await columnsOf(dir, 'model.shop.priced')).toEqual(['code', 'rate', 'currency']);
  });
});
