/**
 * The pure half of --defer: which parents a selection reads without building them, and replacing
 * their relations in code only (never in strings, quoted text or comments), per engine lexicon.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bigqueryDialect } from '../../src/adapters/bigquery/bigquery-dialect.js';
import { duckdbDialect } from '../../src/adapters/duckdb/duckdb-dialect.js';
import { replaceRelations, unselectedParents, withRelationsReplaced } from '../../src/compile/defer-relations.js';
import { relationIn } from '../../src/state/defer-source.js';
import { compile } from '../../src/mesh.js';
import { writeProject } from '../support/temp-project.js';

const DUCK = new Map([['"shop_cleaned"."orders"', '"mesh_defer_prod"."shop_cleaned"."orders"']]);

describe('replaceRelations (DuckDB lexicon)', () => {
  const replace = (sql: string): string => replaceRelations(sql, DUCK, duckdbDialect.lexicon);

  it('replaces the relation where it is code, each time it appears, with its column qualifiers', () => {
    expect(replace('select "shop_cleaned"."orders".id from "shop_cleaned"."orders"\njoin "shop_cleaned"."orders" as o2 using (id)')).toBe(
      'select "mesh_defer_prod"."shop_cleaned"."orders".id from "mesh_defer_prod"."shop_cleaned"."orders"\njoin "mesh_defer_prod"."shop_cleaned"."orders" as o2 using (id)',
    );
  });

  it('leaves strings, E-strings, dollar-quoted text and comments as they are', () => {
    const sql = [
      '-- reads "shop_cleaned"."orders"',
      '/* and "shop_cleaned"."orders" /* nested "shop_cleaned"."orders" */ still a comment "shop_cleaned"."orders" */',
      `select '"shop_cleaned"."orders"' as a, E'it\\'s "shop_cleaned"."orders"' as b, $t$"shop_cleaned"."orders"$t$ as c`,
      'from "shop_cleaned"."orders"',
    ].join('\r\n');
    const out = replace(sql);
    expect(out).toBe(sql.replace('from "shop_cleaned"."orders"', 'from "mesh_defer_prod"."shop_cleaned"."orders"'));
  });

  it('leaves longer names it is only the start or the tail of', () => {
    const sql = 'select * from "shop_cleaned"."orders_2", "shop_cleaned"."orders""x", "db"."shop_cleaned"."orders", "shop_cleaned"."ordersx"';
    expect(replace(sql)).toBe(sql);
  });

  it('returns the very string when nothing matches (no copy for the many nodes without deferred parents)', () => {
    const sql = 'select 1';
    expect(replace(sql)).toBe(sql);
    expect(replaceRelations(sql, new Map(), duckdbDialect.lexicon)).toBe(sql);
  });
});

describe('replaceRelations (BigQuery lexicon)', () => {
  const dev = bigqueryDialect({ name: 'dev', engine: 'bigquery', threads: 1, project: 'lab', datasetPrefix: 'dev_' });
  const prod = bigqueryDialect({ name: 'prod', engine: 'bigquery', threads: 1, project: 'lab' });
  const from = dev.relation(dev.schemaName('shop_cleaned'), 'orders');
  const to = prod.relation(prod.schemaName('shop_cleaned'), 'orders');

  it('replaces the backquoted path in code; not in strings of any quote, raw strings or comments', () => {
    expect(from).toBe('`lab.dev_shop_cleaned.orders`');
    const sql = [
      '# reads `lab.dev_shop_cleaned.orders`',
      "select '`lab.dev_shop_cleaned.orders`' as a, \"`lab.dev_shop_cleaned.orders`\" as b, r'''`lab.dev_shop_cleaned.orders`''' as c",
      'from `lab.dev_shop_cleaned.orders` /* `lab.dev_shop_cleaned.orders` */',
    ].join('\n');
    expect(to).toBe('`lab.shop_cleaned.orders`');
    expect(replaceRelations(sql, new Map([[from, to]]), dev.lexicon)).toBe(sql.replace(`from ${from}`, `from ${to}`));
  });
});

const ORDERS_CONTRACT = readFileSync(new URL('../contracts/fixtures/orders.odcs.yaml', import.meta.url), 'utf8');

describe('unselectedParents', () => {
  const dir = (): string =>
    writeProject(
      {
        'mesh.yaml': 'name: lab\n',
        'domains/checkout/domain.yaml': 'name: checkout\nowner: team-checkout\nseeds:\n  codes: {}\n',
        'domains/checkout/seeds/codes.csv': 'code\r\nA\r\nA\r\n\r\n',
        'domains/checkout/cleaned/orders.sql': "select 'o1' as order_id\n",
        'domains/checkout/contracts/orders.odcs.yaml': ORDERS_CONTRACT,
        'domains/checkout/cleaned/paid.sql': '/*\nmaterialized: ephemeral\n*/\nselect * from {{ref "orders"}}\n',
        'domains/checkout/aggregate/leaf.sql': '/*\nmaterialized: table\n*/\nselect p.order_id, c.code\nfrom {{ref "paid"}} as p\ncross join {{ref "codes"}} as c\n',
        'domains/finance/domain.yaml': 'name: finance\nowner: team-finance\n',
        'domains/finance/aggregate/report.sql': 'select order_id from {{contract "checkout.orders" version=1}}\n',
      },
      {},
    );

  it('are the models and seeds outside the selection, through ephemerals, never a contract view', () => {
    const result = compile({ projectDir: dir() });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const compiled = result.compiled!;
    const ids = ['model.checkout.leaf', 'model.finance.report'];
    const parents = unselectedParents(compiled, ids);
    expect(parents.map((p) => [p.parent.id, p.reader.id, p.line])).toEqual([
      // orders through the ephemeral paid: at the leaf's reference to paid (line 5)
      ['model.checkout.orders', 'model.checkout.leaf', 5],
      ['seed.checkout.codes', 'model.checkout.leaf', 6],
    ]);
    // The report reads checkout's published view: never deferred, even when unselected.
    expect(compiled.nodes.get('model.finance.report')!.dependsOn.map((d) => compiled.nodes.get(d.id)!.kind)).toContain('contract');
    // Selected parents are built by the selection: not deferred.
    expect(unselectedParents(compiled, ['model.checkout.orders', 'model.checkout.leaf']).map((p) => p.parent.id)).toEqual(['seed.checkout.codes']);
  });

  it('--defer-to names a relation as compile names it on that target', () => {
    const compiled = compile({ projectDir: dir() }).compiled!;
    for (const node of compiled.nodes.values()) {
      if (node.relation && node.kind !== 'contract') expect(relationIn(compiled.dialect, node, node.identifier!)).toBe(node.relation);
    }
  });

  it('withRelationsReplaced changes only the selected nodes, leaving the project as it was', () => {
    const compiled = compile({ projectDir: dir() }).compiled!;
    const orders = compiled.nodes.get('model.checkout.orders')!.relation!;
    const swapped = withRelationsReplaced(compiled, ['model.checkout.leaf'], new Map([[orders, '"other"."orders"']]));
    expect(swapped.nodes.get('model.checkout.leaf')!.select.sql).toContain('from "other"."orders"');
    expect(swapped.nodes.get('model.checkout.leaf')!.select.lines).toEqual(compiled.nodes.get('model.checkout.leaf')!.select.lines);
    expect(compiled.nodes.get('model.checkout.leaf')!.select.sql).not.toContain('"other"');
    expect(swapped.nodes.get('model.finance.report')).toBe(compiled.nodes.get('model.finance.report'));
  });
});
