/**
 * `mesh build --defer` on real DuckDB files: a "prod" target built in full into one file, a "dev"
 * target in another with nothing (or a little) built. The selected leaf reads its unselected
 * parents from prod's file, attached read-only, and its rows equal prod's.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/mesh.js';
import { mesh } from '../support/run-cli.js';
import { builtProd, query, SUMMARY } from './defer-project.js';

const ran = (result: Awaited<ReturnType<typeof build>>): string[] => result.run!.results.filter((r) => r.status !== 'skipped').map((r) => r.id);

describe('mesh build --defer (DuckDB files)', () => {
  it('builds only the selected leaf, reading its unbuilt parents from prod, with prod\'s rows', async () => {
    const { dir, state } = await builtProd();
    const deferred = await build({ projectDir: dir, select: ['summary'], defer: true, state });
    expect(deferred.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(deferred.run?.success).toBe(true);
    // The leaf and its two tests (the relationships one reads prod's orders too).
    expect(ran(deferred).filter((id) => !id.startsWith('test.'))).toEqual(['model.shop.summary']);
    expect(ran(deferred).filter((id) => id.startsWith('test.'))).toHaveLength(2);
    const devRows = await query(join(dir, '.mesh/dev.duckdb'), SUMMARY);
    expect(devRows).toEqual(await query(join(dir, '.mesh/prod.duckdb'), SUMMARY));
    expect(devRows).toEqual([
      { customer: 'ann', total: '15', n: '2', note: '"shop_cleaned"."orders"' },
      { customer: 'cy', total: '7', n: '1', note: '"shop_cleaned"."orders"' },
    ]);
    // Dev built nothing but the leaf: its parent stays prod's alone.
    expect(await query(join(dir, '.mesh/dev.duckdb'), "select table_name from information_schema.tables where table_catalog = current_database() and table_schema <> 'meshwork' order by 1")).toEqual([{ table_name: 'summary' }]);
  });

  it('fails without --defer: the parent is not built on dev', async () => {
    const { dir } = await builtProd();
    const plain = await build({ projectDir: dir, select: ['summary'] });
    expect(plain.run?.success).toBe(false);
    const summary = plain.run!.results.find((r) => r.id === 'model.shop.summary')!;
    expect(summary.status).toBe('error');
    expect(summary.message).toMatch(/orders/);
  });

  it('through the CLI: --defer-to prod names prod\'s relations without a manifest; --defer alone is MESH250, exit 1', async () => {
    const { dir, state } = await builtProd();
    const result = await mesh(['build', '--project', dir, '--select', 'summary', '--defer-to', 'prod']);
    expect(result.err.join('\n')).not.toMatch(/error/);
    expect(result.code).toBe(0);
    expect(await query(join(dir, '.mesh/dev.duckdb'), SUMMARY)).toEqual(await query(join(dir, '.mesh/prod.duckdb'), SUMMARY));
    const alone = await mesh(['build', '--project', dir, '--select', 'summary', '--defer']);
    expect(alone.code).toBe(1);
    expect(alone.err.join('\n')).toContain('error MESH250: --defer has nothing to defer to');
    // mesh test: the relationships test of the leaf reads orders, which only prod has.
    expect((await mesh(['test', '--project', dir, '--select', 'summary'])).code).toBe(1);
    const tested = await mesh(['test', '--project', dir, '--select', 'summary', '--defer', '--state', state]);
    expect(tested.out.join('\n')).toMatch(/2 OK, 0 errors/);
    expect(tested.code).toBe(0);
  });
});
