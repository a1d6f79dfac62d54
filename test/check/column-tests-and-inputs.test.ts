import { describe, expect, it } from 'vitest';
import { check } from '../../src/mesh.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { writeProject } from '../support/temp-project.js';

const SHOP: Record<string, string> = {
  'mesh.yaml': 'name: shop\ntargets:\n  dev:\n    engine: duckdb\n    path: .mesh/dev.duckdb\n  prod:\n    engine: bigquery\n    project: p\n    location: EU\n',
  'domains/shop/domain.yaml':
    'name: shop\nowner: team-shop\ndescription: the shop\nsources:\n  orders:\n    duckdb: data/orders.csv\n    bigquery: raw.orders\n',
  'domains/shop/data/orders.csv': 'order_id,customer_id,amount\n1,c1,10.5\n1,c1,10.5\n2,,\n',
  'domains/shop/raw/orders.sql': 'select order_id, customer_id, amount from {{source "orders"}}\n',
  'domains/shop/cleaned/customers.sql': 'select distinct customer_id from {{ref "orders"}}\n',
};

const where = (d: Diagnostic): string => `${d.severity} ${d.code} ${d.file}:${d.line}`;

describe('mesh check: column tests against the columns a model produces', () => {
  it('a column test on a column the model does not produce is MESH125 at the test, with did-you-mean', async () => {
    const dir = writeProject(
      {
        'domains/shop/cleaned/orders_clean.sql':
          '/*\ncolumns:\n  order_id:\n    tests: [unique, not_null]\n  custmer_id:\n    tests:\n      - not_null\n  amount:\n    tests: [not_null]\n*/\nselect order_id, customer_id, amount from {{ref "orders"}}\n',
      },
      SHOP,
    );
    const diagnostics = (await check({ projectDir: dir })).diagnostics;
    expect(diagnostics.map(where)).toEqual(['error MESH125 domains/shop/cleaned/orders_clean.sql:7']);
    expect(diagnostics[0]).toMatchObject({
      message: "not_null test on column 'custmer_id', which cleaned.orders_clean does not produce",
      hint: "did you mean 'customer_id'?",
    });
  });

  it('a relationships field the parent does not produce is MESH125 at the test, with the parent\'s columns near it', async () => {
    const dir = writeProject(
      {
        'domains/shop/cleaned/orders_clean.sql':
          '/*\ncolumns:\n  customer_id:\n    tests:\n      - relationships: { to: customers, field: customer }\n*/\nselect order_id, customer_id from {{ref "orders"}}\n',
      },
      SHOP,
    );
    const diagnostics = (await check({ projectDir: dir })).diagnostics;
    expect(diagnostics.map(where)).toEqual(['error MESH125 domains/shop/cleaned/orders_clean.sql:5']);
    expect(diagnostics[0]).toMatchObject({ message: "relationships test field on column 'customer', which cleaned.customers does not produce", hint: "did you mean 'customer_id'?" });
  });

  it('column names are matched as the engine matches them: without case', async () => {
    const dir = writeProject({ 'domains/shop/cleaned/orders_clean.sql': '/*\ncolumns:\n  Order_ID:\n    tests: [unique]\n*/\nselect order_id from {{ref "orders"}}\n' }, SHOP);
    expect((await check({ projectDir: dir })).diagnostics).toEqual([]);
  });
});

describe('mesh check: inputs that cannot be read locally are not errors', () => {
  it('a source whose local file is missing: one warning, and its readers are not bound, not reported', async () => {
    const dir = writeProject(
      {
        'domains/shop/domain.yaml': `${SHOP['domains/shop/domain.yaml']}  refunds:\n    duckdb: data/refunds.csv\n    bigquery: raw.refunds\n`,
        'domains/shop/raw/refunds.sql': 'select * from {{source "refunds"}}\n',
        'domains/shop/cleaned/refund_totals.sql': 'select order_id, sum(amount) as refunded from {{ref "refunds"}} group by order_id\n',
        'domains/shop/cleaned/bad.sql': 'select nope from {{ref "orders"}}\n',
      },
      SHOP,
    );
    const result = await check({ projectDir: dir });
    expect(result.diagnostics.map(where)).toEqual(['error MESH124 domains/shop/cleaned/bad.sql:1', 'warning MESH126 domains/shop/raw/refunds.sql:1']);
    expect(result.diagnostics[1]!.message).toBe("1 node not bound with no warehouse: model 'shop.refunds' cannot read its input locally; what reads it, contract columns included, is not checked");
    expect(result.binding).toMatchObject({ notBound: 2 });
  });

  it('a BigQuery-only source (no duckdb location): a BigQuery target checks with one warning and no error', async () => {
    const dir = writeProject(
      {
        'domains/shop/domain.yaml': `${SHOP['domains/shop/domain.yaml']}  clicks:\n    bigquery: raw.clicks\n`,
        'domains/shop/raw/clicks.sql': 'select * from {{source "clicks"}}\n',
      },
      SHOP,
    );
    const result = await check({ projectDir: dir, target: 'prod' });
    expect(result.diagnostics.map(where)).toEqual(['warning MESH126 domains/shop/raw/clicks.sql:1']);
    expect(result.diagnostics[0]!.message).toBe(
      "models and contract columns are not bound with no warehouse: the project does not compile for a DuckDB target (source 'clicks' has no duckdb location)",
    );
  });

  it('a BigQuery target is bound with the project\'s DuckDB SQL: a wrong column is found there too', async () => {
    const dir = writeProject({ 'domains/shop/cleaned/customers.sql': 'select distinct\n  customer from {{ref "orders"}}\n' }, SHOP);
    const result = await check({ projectDir: dir, target: 'prod' });
    expect(result.diagnostics.map(where)).toEqual(['error MESH124 domains/shop/cleaned/customers.sql:2']);
    expect(result.diagnostics[0]!.column).toBe(3);
  });
});
