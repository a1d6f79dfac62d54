import { describe, expect, it } from 'vitest';
import { compile } from '../../src/mesh.js';
import { mesh } from '../support/run-cli.js';
import { writeProject } from '../support/temp-project.js';
import { diagnose, expectWhere, lines, only } from './diagnose.js';

// This machine's file system tells `Orders.sql` from `orders.sql`, as Linux CI runners do; on
// macOS or Windows the second file could not exist, which is the point: the names are one.

describe('MESH151: names that differ only in case', () => {
  it('capitals are valid in a node name: Orders.sql alone compiles', () => {
    expect(diagnose({ 'domains/shop/raw/Orders.sql': 'select 1 as id\n' })).toEqual([]);
  });

  it('two models of one stage, naming both files', () => {
    const diagnostics = diagnose({ 'domains/shop/raw/Orders.sql': 'select 1 as id\n', 'domains/shop/raw/orders.sql': 'select 2 as id\n' });
    expectWhere(diagnostics, ['error MESH151 domains/shop/raw/orders.sql:1']);
    expect(diagnostics[0]!.message).toBe("nodes 'Orders' and 'orders' of domain 'shop' differ only in case: domains/shop/raw/Orders.sql and domains/shop/raw/orders.sql");
    expect(diagnostics[0]!.hint).toMatch(/rename domains\/shop\/raw\/orders.sql or domains\/shop\/raw\/Orders.sql$/);
  });

  it('models in two stages, a model and a seed, a model and a test', () => {
    const diagnostics = diagnose({
      'domains/shop/cleaned/Daily_Sales.sql': 'select 1 as id\r\n',
      'domains/shop/aggregate/daily_sales.sql': 'select 2 as id\r\n',
      'domains/shop/raw/Countries.sql': 'select 1 as id\n',
      'domains/shop/seeds/countries.csv': 'code\nDE\n',
      'domains/shop/tests/COUNTRIES.sql': 'select * from {{ref "Countries"}} where false\n',
    });
    expectWhere(diagnostics, [
      'error MESH151 domains/shop/cleaned/Daily_Sales.sql:1',
      'error MESH151 domains/shop/seeds/countries.csv:1',
      'error MESH151 domains/shop/tests/COUNTRIES.sql:1',
    ]);
    expect(diagnostics[0]!.message).toMatch(/'daily_sales' and 'Daily_Sales' .*domains\/shop\/aggregate\/daily_sales.sql and domains\/shop\/cleaned\/Daily_Sales.sql/);
  });

  it('the same name in two domains is fine: their schemas differ', () => {
    expect(
      diagnose({
        'domains/billing/domain.yaml': 'name: billing\nowner: team-billing\n',
        'domains/billing/raw/Orders.sql': 'select 1 as id\n',
        'domains/shop/raw/orders.sql': 'select 1 as id\n',
      }),
    ).toEqual([]);
  });

  it('two sources of one domain.yaml, naming both entries with their lines', () => {
    const d = only(
      diagnose({
        'domains/shop/domain.yaml': lines('name: shop', 'owner: team-shop', 'sources:', '  Orders:', '    duckdb: data/a.csv', '  orders:', '    duckdb: data/b.csv'),
      }),
      'MESH151',
    );
    expect([d.file, d.line, d.message]).toEqual(['domains/shop/domain.yaml', 6, "sources 'Orders' (line 4) and 'orders' differ only in case"]);
  });

  it('two domain folders: the second is left out, naming both folders', () => {
    const dir = writeProject({
      'domains/Shop/domain.yaml': 'name: Shop\nowner: team-shop\n',
      'domains/Shop/raw/orders.sql': 'select 1 as id\n',
      'domains/shop/raw/orders.sql': 'select 1 as id\n',
    });
    const { diagnostics } = compile({ projectDir: dir });
    // Domain names are lower case already (MESH103); the second folder would be the same schema.
    expectWhere(diagnostics, ['error MESH151 domains/shop/domain.yaml:1', 'error MESH103 domains/Shop/domain.yaml:1']);
    expect(diagnostics[0]!.message).toBe("domain folders 'Shop' and 'shop' differ only in case: domains/Shop and domains/shop");
  });

  it('mesh check fails with both files named', async () => {
    const dir = writeProject({ 'domains/shop/raw/Orders.sql': 'select 1 as id\n', 'domains/shop/raw/orders.sql': 'select 2 as id\n' });
    const { code, out, err } = await mesh(['check', '--project', dir]);
    expect(code).toBe(1);
    expect([...out, ...err].join('\n')).toContain('domains/shop/raw/orders.sql:1: error MESH151: ');
  });
});
