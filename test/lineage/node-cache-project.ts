import { expect } from 'vitest';
import { lineage } from '../../src/mesh.js';

// A small mesh as an editor saves it (CRLF, a BOM, final newlines): a source, a chain and a sibling.
export const PROJECT = {
  'domains/shop/domain.yaml': 'name: shop\r\nowner: team-shop\r\nsources:\r\n  feed:\r\n    duckdb: data/feed.csv\r\n',
  'domains/shop/data/feed.csv': 'id,amount,region\n1,2.5,EU\n1,2.5,EU\n2,,\n',
  'domains/shop/raw/orders.sql': '\uFEFFselect id, amount, region from {{source "feed"}}\r\n',
  'domains/shop/raw/totals.sql': 'select region, sum(amount) as total from {{ref "orders"}} group by region\n',
  'domains/shop/raw/top.sql': 'select region from {{ref "totals"}} where total > 1\n',
  'domains/shop/raw/ids.sql': 'select id from {{ref "orders"}}\n',
  'domains/shop/raw/flags.sql': 'select id, amount > 2 as big from {{source "feed"}}\n',
};

export const MODELS = ['model.shop.orders', 'model.shop.totals', 'model.shop.top', 'model.shop.ids', 'model.shop.flags'];

export async function run(dir: string, types = true) {
  const cached = await lineage({ projectDir: dir, types });
  const fresh = await lineage({ projectDir: dir, types, cache: false });
  // Reused or not, the lineage is the one an uncached run computes, in the same order.
  expect([...cached.lineage!.datasets.entries()]).toEqual([...fresh.lineage!.datasets.entries()]);
  expect([...fresh.computed!].sort()).toEqual([...fresh.lineage!.datasets.keys()].sort());
  return { computed: [...cached.computed!].sort(), lineage: cached.lineage! };
}

export const cacheFile = (types: boolean) => `lineage-dev${types ? '' : '-untyped'}`;

