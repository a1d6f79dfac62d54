import { beforeAll, describe, expect, it } from 'vitest';
import { lineageCoverage } from '../../src/lineage/lineage-coverage.js';
import type { ColumnInput, DatasetLineage, ProjectLineage } from '../../src/lineage/lineage-types.js';
import { lineage, type LineageResult } from '../../src/mesh.js';
import { writeProject } from '../support/temp-project.js';

/** One small project, one model per construct; every model is parsed and bound by a real DuckDB. */
const FILES: Record<string, string> = {
  'mesh.yaml': 'name: shop\n',
  'domains/shop/domain.yaml': [
    'name: shop',
    'owner: team-shop',
    'sources:',
    '  events:',
    '    duckdb: data/events.csv',
    '  customers:',
    '    duckdb: data/customers.csv',
    '  missing:',
    '    duckdb: data/missing.csv',
    '',
  ].join('\n'),
  'domains/shop/data/events.csv': 'event_id,order_id,customer_id,kind,amount,payload,occurred_at\n1,o1,c1,paid,10.5,"{""channel"": ""web""}",2024-01-01 10:00:00\n',
  'domains/shop/data/customers.csv': 'customer_id,email,country\nc1,a@b.c,nl\n',
  'domains/shop/seeds/fx.csv': 'currency,rate\nEUR,1.0\n',
  'domains/shop/raw/events.sql': 'select * from {{source "events"}}',
  'domains/shop/raw/customers.sql': 'select * exclude (email), upper(email) as email_upper from {{source "customers"}}',
  'domains/shop/raw/missing.sql': 'select * from {{source "missing"}}',
  'domains/shop/raw/elsewhere.sql': 'select x from main.not_in_the_project',
  'domains/shop/cleaned/orders.sql': `
with placed as (
  select
    order_id,
    customer_id,
    min(occurred_at) as placed_at,
    sum(amount) as total,
    max(case when kind = 'paid' then occurred_at end) as paid_at
  from {{ref "events"}}
  where kind <> 'test'
  group by order_id, customer_id
)
select order_id, customer_id, placed_at, total, paid_at from placed`,
  'domains/shop/cleaned/order_customers.sql': 'select o.*, c.country from {{ref "orders"}} as o left join {{ref "customers"}} as c using (customer_id)',
  'domains/shop/cleaned/joined_star.sql': 'select * from {{ref "orders"}} join {{ref "customers"}} using (customer_id)',
  'domains/shop/cleaned/windowed.sql': `
select
  order_id,
  total,
  row_number() over (partition by customer_id order by placed_at) as nth,
  (select count(*) from {{ref "customers"}} as c where c.customer_id = t.customer_id) as customer_rows
from (select * from {{ref "orders"}} where total > 0) as t
where order_id in (select order_id from {{ref "events"}} where kind = 'paid')
qualify nth = 1`,
  'domains/shop/cleaned/typed_events.sql':
    'select {{safe_cast "amount" "decimal"}} as amount, {{date_trunc "month" "occurred_at"}} as month, {{json_text "payload" "$.channel"}} as channel from {{ref "events"}}',
  'domains/shop/cleaned/recent.sql': '/*\nmaterialized: ephemeral\n*/\nselect order_id, total from {{ref "orders"}} where paid_at is not null',
  'domains/shop/aggregate/recent_total.sql': 'select sum(total) as total from {{ref "recent"}}',
  'domains/shop/aggregate/unioned.sql': 'select order_id, total as value from {{ref "orders"}}\nunion all\nselect order_id, cast(amount as double) from {{ref "events"}}',
  'domains/shop/aggregate/never_ordered.sql': 'select customer_id from {{ref "customers"}} except select customer_id from {{ref "orders"}}',
  'domains/shop/aggregate/fx_orders.sql': 'select o.order_id, o.total * f.rate as total_eur from {{ref "orders"}} as o cross join {{ref "fx"}} as f',
  'domains/shop/aggregate/by_customer.sql': 'select distinct customer_id, count(*) as orders from {{ref "orders"}} group by all order by customer_id',
  'domains/shop/aggregate/replaced.sql': 'select * replace (total * 100 as total) rename (paid_at as paid) from {{ref "orders"}}',
  'domains/shop/aggregate/unaliased.sql': 'select order_id, upper(order_id) from {{ref "orders"}}',
};

/** `dataset.column TYPE:SUBTYPE[+TYPE:SUBTYPE]`, sorted: exact and readable. */
function show(inputs: readonly ColumnInput[]): string[] {
  return inputs.map((i) => `${i.dataset}.${i.column} ${i.transformations.map((t) => `${t.type}:${t.subtype}${t.masking ? ':masked' : ''}`).join('+')}`).sort();
}

let result: LineageResult;
let project: ProjectLineage;
const dataset = (name: string): DatasetLineage => {
  const found = project.datasets.get(name);
  if (!found) throw new Error(`no lineage for ${name}`);
  return found;
};
const column = (name: string, col: string): readonly ColumnInput[] => {
  const found = dataset(name).columns.find((c) => c.name === col);
  if (!found) throw new Error(`${name} has no column ${col}: ${dataset(name).columns.map((c) => c.name).join(', ')}`);
  return found.inputs;
};

describe('column-level lineage, construct by construct (DuckDB parse tree)', () => {
  beforeAll(async () => {
    result = await lineage({ projectDir: writeProject(FILES, {}) });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    project = result.lineage!;
  });

  it('sources and seeds have the columns DuckDB reads from their files, with types and no inputs', () => {
    expect(dataset('source.shop.events').columns.map((c) => c.name)).toEqual(['event_id', 'order_id', 'customer_id', 'kind', 'amount', 'payload', 'occurred_at']);
    expect(dataset('source.shop.events').columns.find((c) => c.name === 'amount')).toEqual({ name: 'amount', type: 'DOUBLE', inputs: [] });
    expect(dataset('seed.shop.fx').columns.map((c) => `${c.name} ${c.type}`)).toEqual(['currency VARCHAR', 'rate DOUBLE']);
  });

  it('a source whose file is missing is unresolved with the reason, and so is what reads it', () => {
    expect(dataset('source.shop.missing').unresolved).toMatch(/^cannot read domains\/shop\/data\/missing\.csv: IO Error: No files found/);
    const reader = dataset('model.shop.missing');
    expect(reader.columns).toHaveLength(1);
    expect(reader.columns[0]!.unresolved).toMatch(/cannot read domains\/shop\/data\/missing\.csv/);
  });

  it('a relation that is not part of the project is named in the reason', () => {
    expect(dataset('model.shop.elsewhere').columns).toEqual([{ name: 'x', inputs: [], unresolved: "'not_in_the_project' is not a model, seed, source or contract of the project" }]);
  });

  it('select *: every column of the source, copied', () => {
    expect(dataset('model.shop.events').columns.map((c) => c.name)).toEqual(['event_id', 'order_id', 'customer_id', 'kind', 'amount', 'payload', 'occurred_at']);
    expect(show(column('model.shop.events', 'payload'))).toEqual(['source.shop.events.payload DIRECT:IDENTITY']);
    expect(dataset('model.shop.events').upstream).toEqual(['source.shop.events']);
  });

  it('* EXCLUDE drops the column; an expression of it is a transformation', () => {
    expect(dataset('model.shop.customers').columns.map((c) => c.name)).toEqual(['customer_id', 'country', 'email_upper']);
    expect(show(column('model.shop.customers', 'email_upper'))).toEqual(['source.shop.customers.email DIRECT:TRANSFORMATION']);
  });

  it('CTE with aggregates, CASE, WHERE and GROUP BY: aggregation, conditional and dataset-level filter and grouping', () => {
    expect(show(column('model.shop.orders', 'order_id'))).toEqual(['model.shop.events.order_id DIRECT:IDENTITY']);
    expect(show(column('model.shop.orders', 'total'))).toEqual(['model.shop.events.amount DIRECT:AGGREGATION']);
    expect(show(column('model.shop.orders', 'paid_at'))).toEqual(['model.shop.events.kind INDIRECT:CONDITIONAL', 'model.shop.events.occurred_at DIRECT:AGGREGATION']);
    expect(show(dataset('model.shop.orders').dataset)).toEqual([
      'model.shop.events.customer_id INDIRECT:GROUP_BY',
      'model.shop.events.kind INDIRECT:CONDITIONAL+INDIRECT:FILTER',
      'model.shop.events.order_id INDIRECT:GROUP_BY',
    ]);
  });

  it('alias.* and a LEFT JOIN ... USING: join keys of both sides, columns of each side', () => {
    const d = dataset('model.shop.order_customers');
    expect(d.columns.map((c) => c.name)).toEqual(['order_id', 'customer_id', 'placed_at', 'total', 'paid_at', 'country']);
    expect(show(column('model.shop.order_customers', 'total'))).toEqual(['model.shop.orders.total DIRECT:IDENTITY']);
    expect(show(column('model.shop.order_customers', 'country'))).toEqual(['model.shop.customers.country DIRECT:IDENTITY']);
    expect(show(d.dataset)).toEqual(['model.shop.customers.customer_id INDIRECT:JOIN', 'model.shop.orders.customer_id INDIRECT:JOIN']);
    expect(d.upstream).toEqual(['model.shop.orders', 'model.shop.customers']);
  });

  it('* over a join USING lists the key once, as DuckDB does', () => {
    expect(dataset('model.shop.joined_star').columns.map((c) => c.name)).toEqual(['order_id', 'customer_id', 'placed_at', 'total', 'paid_at', 'country', 'email_upper']);
    expect(show(column('model.shop.joined_star', 'customer_id'))).toEqual(['model.shop.orders.customer_id DIRECT:IDENTITY']);
  });

  it('window functions, QUALIFY, a subquery in FROM, a correlated scalar subquery and IN (subquery)', () => {
    expect(show(column('model.shop.windowed', 'nth'))).toEqual(['model.shop.orders.customer_id INDIRECT:WINDOW', 'model.shop.orders.placed_at INDIRECT:WINDOW']);
    // count(*) reads no column; the correlation decides which rows it counts.
    expect(show(column('model.shop.windowed', 'customer_rows'))).toEqual(['model.shop.customers.customer_id INDIRECT:FILTER', 'model.shop.orders.customer_id INDIRECT:FILTER']);
    expect(show(dataset('model.shop.windowed').dataset)).toEqual([
      'model.shop.events.kind INDIRECT:FILTER',
      'model.shop.events.order_id INDIRECT:FILTER',
      'model.shop.orders.customer_id INDIRECT:WINDOW+INDIRECT:FILTER',
      'model.shop.orders.order_id INDIRECT:FILTER',
      'model.shop.orders.placed_at INDIRECT:WINDOW+INDIRECT:FILTER',
      'model.shop.orders.total INDIRECT:FILTER',
    ]);
    expect([...dataset('model.shop.windowed').upstream].sort()).toEqual(['model.shop.customers', 'model.shop.events', 'model.shop.orders']);
  });

  it("meshwork's neutral helpers render to functions: transformations", () => {
    expect(show(column('model.shop.typed_events', 'amount'))).toEqual(['model.shop.events.amount DIRECT:TRANSFORMATION']);
    expect(show(column('model.shop.typed_events', 'month'))).toEqual(['model.shop.events.occurred_at DIRECT:TRANSFORMATION']);
    expect(show(column('model.shop.typed_events', 'channel'))).toEqual(['model.shop.events.payload DIRECT:TRANSFORMATION']);
  });

  it('an ephemeral model inlined as a CTE is read as the model itself, which has its own lineage', () => {
    expect(show(column('model.shop.recent_total', 'total'))).toEqual(['model.shop.recent.total DIRECT:AGGREGATION']);
    expect(dataset('model.shop.recent_total').upstream).toEqual(['model.shop.recent']);
    expect(show(column('model.shop.recent', 'total'))).toEqual(['model.shop.orders.total DIRECT:IDENTITY']);
    expect(show(dataset('model.shop.recent').dataset)).toEqual(['model.shop.orders.paid_at INDIRECT:FILTER']);
  });

  it('UNION ALL merges by position; EXCEPT makes its right side a filter', () => {
    expect(show(column('model.shop.unioned', 'value'))).toEqual(['model.shop.events.amount DIRECT:TRANSFORMATION', 'model.shop.orders.total DIRECT:IDENTITY']);
    expect(show(column('model.shop.never_ordered', 'customer_id'))).toEqual(['model.shop.customers.customer_id DIRECT:IDENTITY']);
    expect(show(dataset('model.shop.never_ordered').dataset)).toEqual(['model.shop.orders.customer_id INDIRECT:FILTER']);
  });

  it('a seed in a cross join: both inputs of the product', () => {
    expect(show(column('model.shop.fx_orders', 'total_eur'))).toEqual(['model.shop.orders.total DIRECT:TRANSFORMATION', 'seed.shop.fx.rate DIRECT:TRANSFORMATION']);
  });

  it('SELECT DISTINCT, GROUP BY ALL and ORDER BY: grouping and sorting keys', () => {
    expect(show(column('model.shop.by_customer', 'orders'))).toEqual([]);
    expect(show(dataset('model.shop.by_customer').dataset)).toEqual(['model.shop.orders.customer_id INDIRECT:GROUP_BY+INDIRECT:SORT']);
  });

  it('* REPLACE and RENAME', () => {
    expect(dataset('model.shop.replaced').columns.map((c) => c.name)).toEqual(['order_id', 'customer_id', 'placed_at', 'total', 'paid']);
    expect(show(column('model.shop.replaced', 'total'))).toEqual(['model.shop.orders.total DIRECT:TRANSFORMATION']);
    expect(show(column('model.shop.replaced', 'paid'))).toEqual(['model.shop.orders.paid_at DIRECT:IDENTITY']);
  });

  it("the binder names unaliased expressions and types every column", () => {
    expect(dataset('model.shop.unaliased').columns.map((c) => `${c.name} ${c.type}`)).toEqual(['order_id VARCHAR', 'upper(order_id) VARCHAR']);
    expect(dataset('model.shop.orders').columns.map((c) => c.type)).toEqual(['VARCHAR', 'VARCHAR', 'TIMESTAMP', 'DOUBLE', 'TIMESTAMP']);
  });

  it('coverage lists exactly the columns whose lineage stops, with the reason', () => {
    const coverage = lineageCoverage(project, result.compiled!);
    expect(coverage.unresolved.map((u) => `${u.dataset}.${u.column}`)).toEqual(['model.shop.elsewhere.x', 'model.shop.missing.read_csv_auto.*']);
    expect(coverage.unresolved[0]!.reason).toBe("model.shop.elsewhere.x: 'not_in_the_project' is not a model, seed, source or contract of the project");
    expect(coverage.resolved).toBe(coverage.columns - 2);
    expect(coverage.share).toBeCloseTo((coverage.columns - 2) / coverage.columns);
  });

  it('without the binder (types: false) the parse tree alone gives the same inputs, untyped', async () => {
    // writeProject removes its folders after each test: a fresh copy.
    const plain = (await lineage({ projectDir: writeProject(FILES, {}), types: false })).lineage!;
    for (const [id, d] of project.datasets) {
      if (id === 'model.shop.unaliased') continue;
      expect(plain.datasets.get(id)!.columns.map((c) => [c.name, show(c.inputs)]), id).toEqual(d.columns.map((c) => [c.name, show(c.inputs)]));
    }
    expect(plain.datasets.get('model.shop.orders')!.columns.every((c) => c.type === undefined)).toBe(true);
  });
});
