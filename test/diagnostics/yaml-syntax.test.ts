import { describe, expect, it } from 'vitest';
import { diagnose, expectWhere, lines, only } from './diagnose.js';

describe('MESH101: YAML that does not parse', () => {
  it('in mesh.yaml: at the line of the bracket never closed', () => {
    const diagnostics = diagnose({ 'mesh.yaml': lines('name: shop_mesh', 'vars:', '  countries: [de, fr', 'default_target: dev') });
    expectWhere(diagnostics, ['error MESH101 mesh.yaml:3']);
    expect(diagnostics[0]!.column).toBe(14);
    expect(diagnostics[0]!.message).toMatch(/^invalid YAML: /);
    expect(diagnostics[0]!.hint).toBe('close every [ with ], { with } and every quote');
  });

  it('in domain.yaml: one error per line, not one per parser rule', () => {
    const diagnostics = diagnose({ 'domains/shop/domain.yaml': lines('name: shop', 'owner: team-shop', 'description: orders: all of them') });
    expectWhere(diagnostics, ['error MESH101 domains/shop/domain.yaml:3']);
    expect(diagnostics[0]!.hint).toMatch(/quote values that contain ': '/);
  });

  it('a key written twice', () => {
    const diagnostics = diagnose({ 'domains/shop/domain.yaml': lines('name: shop', 'owner: team-shop', '', 'owner: team-orders') });
    expectWhere(diagnostics, ['error MESH101 domains/shop/domain.yaml:4']);
    expect(diagnostics[0]!.hint).toBe('a key appears twice in one mapping: keep one');
  });

  it('tabs as indentation', () => {
    const diagnostics = diagnose({ 'mesh.yaml': lines('name: shop_mesh', 'targets:', '\tdev:', '\t\tengine: duckdb') });
    expect(diagnostics.map((d) => `${d.code} ${d.file}:${d.line}`)[0]).toBe('MESH101 mesh.yaml:3');
    expect(diagnostics[0]!.hint).toBe('indent YAML with spaces, not tabs');
  });

  it('a quote never closed is reported where it opens', () => {
    const diagnostics = diagnose({ 'domains/shop/domain.yaml': lines('name: shop', 'owner: "team-shop', 'description: x') });
    expectWhere(diagnostics, ['error MESH101 domains/shop/domain.yaml:2']);
  });

  it('in a model header: the line in the .sql file, not in the header', () => {
    const diagnostics = diagnose({
      'domains/shop/cleaned/orders.sql': lines(
        '', //                              1
        '/*', //                            2: the header starts here
        'materialized: table', //           3
        'tags: [orders, pii', //            4: [ never closed
        '*/', //                            5
        'select 1 as id', //                6
      ),
    });
    expectWhere(diagnostics, ['error MESH101 domains/shop/cleaned/orders.sql:4']);
    expect(diagnostics[0]!.column).toBe(7);
  });

  it('in a one-line header: the column counts the opening /*', () => {
    const d = only(diagnose({ 'domains/shop/raw/orders.sql': lines('/* tags: [a */', 'select 1') }), 'MESH101');
    expect([d.file, d.line, d.column]).toEqual(['domains/shop/raw/orders.sql', 1, 10]);
  });

  it('in a singular test header', () => {
    const diagnostics = diagnose({
      'domains/shop/raw/orders.sql': 'select 1 as id\n',
      'domains/shop/tests/no_orders.sql': lines('/*', 'severity: warn', 'description: "rows', '*/', 'select * from {{ref "orders"}}'),
    });
    expectWhere(diagnostics, ['error MESH101 domains/shop/tests/no_orders.sql:3']);
  });

  it('reports every broken file, not only the first', () => {
    const diagnostics = diagnose({
      'mesh.yaml': lines('name: shop_mesh', 'vars: {a: 1'),
      'domains/shop/domain.yaml': lines('name: shop', 'owner: [team'),
      'domains/shop/raw/orders.sql': lines('/*', 'tags: [a', '*/', 'select 1'),
    });
    expectWhere(diagnostics, [
      'error MESH101 domains/shop/domain.yaml:2',
      'error MESH101 domains/shop/raw/orders.sql:2',
      'error MESH101 mesh.yaml:2',
    ]);
  });
});
