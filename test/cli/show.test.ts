import { describe, expect, it } from 'vitest';
import { mesh } from '../support/run-cli.js';
import { writeProject } from '../support/temp-project.js';

/** A seed with a duplicate key and nulls, a cleaned model over it, an aggregate over that, and a leaf whose unique test fails. */
const FILES: Record<string, string> = {
  'domains/shop/seeds/order_rows.csv': 'id,customer_id,note\n1,10,first\n2,10,\n3,,a note long enough to be cut in a table of eighty columns wide\n4,11,"with, comma"\n5,12,x\n6,13,y\n7,14,z\n',
  'domains/shop/cleaned/orders.sql': 'select id, customer_id, note\nfrom {{ref "order_rows"}}\norder by id\n',
  // A leaf, so its failing test skips nothing.
  'domains/shop/aggregate/order_customers.sql': '/*\ncolumns:\n  customer_id:\n    tests: [unique]\n*/\nselect customer_id from {{ref "orders"}}\n',
  'domains/shop/aggregate/customer_totals.sql': 'select customer_id, count(*) as orders\nfrom {{ref "orders"}}\ngroup by customer_id\norder by customer_id nulls first\n',
};

async function built(): Promise<string> {
  const dir = writeProject(FILES);
  // The unique test fails (customer 10 twice, and the build says so), but every relation is built.
  const build = await mesh(['build', '--project', dir]);
  expect(build.out.join('\n')).toMatch(/ERROR\s+test/);
  return dir;
}

describe('mesh show', () => {
  it('prints a model as an aligned table: NULL for nulls, long values cut, the default limit of 5 rows', async () => {
    const dir = await built();
    const r = await mesh(['show', 'orders', '--project', dir]);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const [title, header, rule, ...rows] = r.out;
    expect(title).toBe('Previewing model.shop.orders (5 rows, limit 5):');
    expect(header).toMatch(/^id +\| customer_id \| note/);
    expect(rule).toMatch(/^-+-\+-+-\+-+$/);
    expect(rows).toHaveLength(5);
    expect(rows[1]).toMatch(/^2 +\| 10 +\| NULL$/);
    // Cut so the line fits the 80 columns of an output that does not say its width.
    expect(rows[2]).toMatch(/^3 +\| NULL +\| a note long enough.*…$/);
    for (const line of r.out) expect(line.length).toBeLessThanOrEqual(80);
    // Columns line up: every '|' of a row under the header's.
    const bars = (line: string): number[] => [...line].flatMap((c, i) => (c === '|' ? [i] : []));
    for (const row of rows) expect(bars(row)).toEqual(bars(header!));
  });

  it('--limit, and --output json and csv that read back to the same rows', async () => {
    const dir = await built();
    const json = await mesh(['show', 'shop.orders', '--limit', '3', '--output', 'json', '--project', dir]);
    expect(json.code).toBe(0);
    expect(json.out.map((l) => JSON.parse(l) as unknown)).toEqual([
      { id: 1, customer_id: 10, note: 'first' },
      { id: 2, customer_id: 10, note: null },
      { id: 3, customer_id: null, note: 'a note long enough to be cut in a table of eighty columns wide' },
    ]);
    const csv = await mesh(['show', 'orders', '--limit', '10', '--output', 'csv', '--project', dir]);
    expect(csv.code).toBe(0);
    expect(csv.out).toHaveLength(8);
    expect(csv.out[0]).toBe('id,customer_id,note');
    expect(csv.out[2]).toBe('2,10,');
    expect(csv.out[4]).toBe('4,11,"with, comma"');
  });

  it('shows a test\'s failing rows', async () => {
    const dir = await built();
    const ls = await mesh(['ls', '--select', 'kind:test', '--project', dir]);
    const test = ls.out.find((l) => l.startsWith('test.'))!;
    const r = await mesh(['show', test, '--output', 'json', '--project', dir]);
    expect(r.code).toBe(0);
    const rows = r.out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).toContain('10');
    expect(JSON.stringify(rows)).not.toContain('11');
  });

  it('--inline compiles a query with refs as a model of the project', async () => {
    const dir = await built();
    const r = await mesh(['show', '--inline', 'select customer_id, orders from {{ref "customer_totals"}} where orders > 1', '--output', 'json', '--project', dir]);
    expect(r.err).toEqual([]);
    expect(r.out.map((l) => JSON.parse(l) as unknown)).toEqual([{ customer_id: 10, orders: 2 }]);
  });

  it('--inline: a template error is reported at the line of the inline text', async () => {
    const dir = await built();
    const r = await mesh(['show', '--inline', 'select *\nfrom {{ref "custmer_totals"}}', '--project', dir]);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toMatch(/^<inline>:2(:\d+)?: error MESH140: .*custmer_totals[\s\S]*customer_totals/m);
  });

  it('--inline belongs to its first ref\'s domain and reads other domains only through contracts (MESH211)', async () => {
    const dir = writeProject({ ...FILES, 'domains/ops/domain.yaml': 'name: ops\nowner: team-ops\ndescription: ops\n', 'domains/ops/raw/tickets.sql': 'select 10 as customer_id' });
    const own = await mesh(['show', '--inline', 'select * from {{ref "ops.tickets"}}', '--output', 'csv', '--project', dir]);
    expect(own.err.join('\n')).toContain('MESH240');
    const across = await mesh(['show', '--inline', 'select *\nfrom {{ref "orders"}}\njoin {{ref "ops.tickets"}} using (customer_id)', '--project', dir]);
    expect(across.code).toBe(1);
    expect(across.err.join('\n')).toMatch(/^<inline>:3(:\d+)?: error MESH211: /m);
  });

  it('a seed shows its built table', async () => {
    const dir = await built();
    const r = await mesh(['show', 'order_rows', '--limit', '2', '--output', 'json', '--project', dir]);
    expect(r.code).toBe(0);
    expect(r.out.map((l) => JSON.parse(l) as { id: number }).map((row) => row.id)).toEqual([1, 2]);
  });

  it('an unknown node is MESH230 with the names it is near, exit 1', async () => {
    const dir = await built();
    const r = await mesh(['show', 'oders', '--project', dir]);
    expect(r.code).toBe(1);
    expect(r.out).toEqual([]);
    expect(r.err.join('\n')).toMatch(/error MESH230: no model, seed, test or contract view named 'oders'\n {2}hint: did you mean .*shop\.orders/);
  });

  it('a model whose parents were never built is MESH240 naming the build to run, not a stack trace', async () => {
    const dir = writeProject(FILES);
    const r = await mesh(['show', 'customer_totals', '--project', dir]);
    expect(r.code).toBe(1);
    const text = r.err.join('\n');
    expect(text).toMatch(/^domains\/shop\/aggregate\/customer_totals\.sql:1: error MESH240: cannot show model\.shop\.customer_totals: it reads a relation the target has not built \(shop_cleaned\.orders\)/);
    expect(text).toContain('hint: build it first: mesh build --select +shop.customer_totals');
    expect(text).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('mesh compile --select', () => {
  it('prints the compiled SQL of the selection, each after a line naming it; without --select, only the summary', async () => {
    const dir = writeProject(FILES);
    const r = await mesh(['compile', '--select', 'orders', 'customer_totals', '--project', dir]);
    expect(r.code).toBe(0);
    const text = r.out.join('\n');
    expect(text).toContain('-- model.shop.orders (domains/shop/cleaned/orders.sql)');
    expect(text).toContain('-- model.shop.customer_totals (domains/shop/aggregate/customer_totals.sql)');
    expect(text).toMatch(/from\s+"shop_cleaned"\."orders"/i);
    expect(text).not.toContain('order_rows.csv');
    const json = await mesh(['compile', '--select', 'orders', '--log-format', 'json', '--project', dir]);
    const events = json.out.map((l) => JSON.parse(l) as { type: string; node?: string; sql?: string });
    expect(events.filter((e) => e.type === 'compiled_sql').map((e) => e.node)).toEqual(['model.shop.orders']);
    const plain = await mesh(['compile', '--project', dir]);
    expect(plain.out).toHaveLength(1);
    expect(plain.out[0]).toMatch(/^Compiled \d+ nodes/);
  });

  it('--inline prints the inline query compiled', async () => {
    const dir = writeProject(FILES);
    const r = await mesh(['compile', '--inline', 'select count(*) from {{ref "orders"}}', '--project', dir]);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/-- <inline>\nselect count\(\*\) from "shop_cleaned"\."orders"/i);
  });
});
