import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { updateProject, writeProject } from '../support/temp-project.js';
import { PROJECT, run } from './node-cache-project.js';

describe('lineage cached per dataset: what a node reads', () => {
  it('describes a source again when its file changes, and recomputes its readers only when its columns did', async () => {
    const dir = writeProject(PROJECT);
    await run(dir);
    // New rows, same columns: the readers keep their lineage.
    appendFileSync(join(dir, 'domains/shop/data/feed.csv'), '3,7.5,US\n');
    expect((await run(dir)).computed).toEqual(['source.shop.feed']);
    updateProject(dir, { 'domains/shop/data/feed.csv': 'id,amount,region,currency\n1,2.5,EU,EUR\n' });
    // orders names its columns (same lineage) but is analysed again, and so is what reads it.
    expect((await run(dir)).computed).toEqual(['model.shop.flags', 'model.shop.ids', 'model.shop.orders', 'model.shop.top', 'model.shop.totals', 'source.shop.feed']);
  });

  it('follows a relation named in FROM without ref: a change to it, or a model appearing under that name', async () => {
    const dir = writeProject({
      ...PROJECT,
      'domains/shop/raw/via_ids.sql': 'select * from shop_raw.ids\n',
      'domains/shop/raw/early.sql': 'select * from shop_raw.later\n',
    });
    const first = await run(dir);
    expect(first.lineage.datasets.get('model.shop.via_ids')!.upstream).toEqual(['model.shop.ids']);
    expect(first.lineage.datasets.get('model.shop.early')!.upstream).toEqual([]);
    updateProject(dir, { 'domains/shop/raw/ids.sql': 'select id, amount from {{ref "orders"}}\n' });
    const edited = await run(dir);
    expect(edited.computed).toEqual(['model.shop.ids', 'model.shop.via_ids']);
    expect(edited.lineage.datasets.get('model.shop.via_ids')!.columns.map((c) => c.name)).toEqual(['id', 'amount']);

    updateProject(dir, { 'domains/shop/raw/later.sql': 'select 1 as one\n' });
    const added = await run(dir);
    expect(added.computed).toEqual(['model.shop.early', 'model.shop.later']);
    expect(added.lineage.datasets.get('model.shop.early')!.upstream).toEqual(['model.shop.later']);
    // early comes first in the order and reads later as having no lineage yet: an edit to early
    // recomputes it once, not on every run after.
    updateProject(dir, { 'domains/shop/raw/early.sql': 'select * from shop_raw.later where true\n' });
    expect((await run(dir)).computed).toEqual(['model.shop.early']);
    expect((await run(dir)).computed).toEqual([]);
  });
});
