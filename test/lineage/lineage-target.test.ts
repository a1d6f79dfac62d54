import { describe, expect, it } from 'vitest';
import { resolveLineageTarget } from '../../src/lineage/lineage-target.js';
import type { DatasetLineage, ProjectLineage } from '../../src/lineage/lineage-types.js';

const dataset = (id: string, ...columns: string[]): [string, DatasetLineage] => [id, { id, columns: columns.map((name) => ({ name, inputs: [] })), dataset: [], upstream: [] }];
const LINEAGE: ProjectLineage = {
  datasets: new Map([
    dataset('source.shop.orders', 'id'),
    dataset('model.shop.orders', 'id', 'total'),
    dataset('model.finance.orders', 'id'),
    dataset('contract.shop.orders_v1', 'id'),
    dataset('seed.shop.fx', 'rate'),
  ]),
};
const resolve = (text: string) => resolveLineageTarget(LINEAGE, text);

describe('what `mesh lineage <node>[.<column>]` names', () => {
  it('a node id, domain.name or unique bare name, with or without a column', () => {
    expect(resolve('model.shop.orders').target).toEqual({ dataset: 'model.shop.orders' });
    expect(resolve('model.shop.orders.total').target).toEqual({ dataset: 'model.shop.orders', column: 'total' });
    expect(resolve('shop.orders.TOTAL').target).toEqual({ dataset: 'model.shop.orders', column: 'total' });
    expect(resolve('fx.rate').target).toEqual({ dataset: 'seed.shop.fx', column: 'rate' });
    expect(resolve('orders_v1').target).toEqual({ dataset: 'contract.shop.orders_v1' });
  });

  it('a name shared by a model and its source means the model; the source is reached by its id', () => {
    expect(resolve('shop.orders').target).toEqual({ dataset: 'model.shop.orders' });
    expect(resolve('source.shop.orders.id').target).toEqual({ dataset: 'source.shop.orders', column: 'id' });
  });

  it('a bare name of nodes in several domains is MESH230, asking to qualify it', () => {
    const { target, diagnostics } = resolve('orders.id');
    expect(target).toBeUndefined();
    expect(diagnostics).toEqual([
      { code: 'MESH230', severity: 'error', message: "'orders' names 3 nodes: source.shop.orders, model.shop.orders, model.finance.orders", hint: 'qualify it: shop.orders or shop.orders or finance.orders' },
    ]);
  });

  it('unknown names and columns are MESH230 with the nearest ones', () => {
    expect(resolve('shop.ordrs').diagnostics[0]).toMatchObject({ code: 'MESH230', message: "no model, seed, source or contract view named 'shop.ordrs'", hint: 'did you mean shop.orders?' });
    expect(resolve('seed.shop.fx.rte').diagnostics[0]).toMatchObject({ code: 'MESH230', message: "seed.shop.fx has no column 'rte'", hint: 'did you mean seed.shop.fx.rate?' });
  });
});
