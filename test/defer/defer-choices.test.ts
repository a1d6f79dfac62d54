/**
 * Which parents --defer reads from prod: not one dev has built (unless --favor-state), and one
 * prod's manifest does not know stays dev's with MESH251; `mesh show --defer` reads the same way.
 */
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { build, show } from '../../src/mesh.js';
import { updateProject } from '../support/temp-project.js';
import { builtProd, PROJECT, query, SUMMARY } from './defer-project.js';

describe('what --defer reads from prod', () => {
  it('reads a parent this target has built from this target, unless --favor-state', async () => {
    const { dir, state } = await builtProd();
    // Dev's own orders: only ann's first order.
    const dev = await build({ projectDir: dir, select: ['orders'], kinds: ['model'] });
    expect(dev.run?.success).toBe(true);
    const devDb = join(dir, '.mesh/dev.duckdb');
    const own = await query(devDb, 'select count(*) as n from shop_cleaned.orders');
    expect(own).toEqual([{ n: '4' }]);
    await (async () => {
      const instance = await DuckDBInstance.create(devDb);
      const c = await instance.connect();
      await c.run("delete from shop_cleaned.orders where customer <> 'ann' or id <> 1");
      c.closeSync();
      instance.closeSync();
    })();

    const preferDev = await build({ projectDir: dir, select: ['summary'], defer: true, state });
    expect(preferDev.run?.success).toBe(true);
    expect(await query(devDb, 'select customer, total, n from shop_aggregate.summary')).toEqual([{ customer: 'ann', total: '10', n: '1' }]);

    const favor = await build({ projectDir: dir, select: ['summary'], defer: true, state, favorState: true });
    expect(favor.run?.success).toBe(true);
    expect(await query(devDb, SUMMARY)).toEqual(await query(join(dir, '.mesh/prod.duckdb'), SUMMARY));
  });

  it('MESH251: a parent the state manifest does not know is read from this target, with a warning at the reference', async () => {
    const { dir, state } = await builtProd();
    // A model added since prod's run, and the leaf reads it.
    const files = {
      'domains/shop/cleaned/vip.sql': "select 'ann' as customer\n",
      'domains/shop/aggregate/summary.sql': `${PROJECT['domains/shop/aggregate/summary.sql']!.replace('group by customer\n', '')}where customer in (select customer from {{ref "vip"}})\ngroup by customer\n`,
    };
    updateProject(dir, files);
    const result = await build({ projectDir: dir, select: ['summary'], defer: true, state });
    const warned = result.diagnostics.filter((d) => d.code === 'MESH251');
    expect(warned).toMatchObject([{ severity: 'warning', file: 'domains/shop/aggregate/summary.sql', line: 10 }]);
    expect(warned[0]!.message).toContain('model.shop.vip');
    // vip was never built on dev: the leaf fails there, as the warning says.
    expect(result.run?.success).toBe(false);
  });
  it('mesh show --defer-to prod previews a model whose parents dev has not built', async () => {
    const { dir } = await builtProd();
    const plain = await show({ projectDir: dir, node: 'summary' });
    expect(plain.diagnostics.map((d) => `${d.code} ${d.file}`)).toEqual(['MESH240 domains/shop/aggregate/summary.sql']);
    const shown = await show({ projectDir: dir, node: 'summary', deferTo: 'prod' });
    expect(shown.diagnostics).toEqual([]);
    expect([...shown.rows!.rows].sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([
      ['ann', 15, 2, '"shop_cleaned"."orders"'],
      ['cy', 7, 1, '"shop_cleaned"."orders"'],
    ]);
  });
});
