import { describe, expect, it } from 'vitest';
import { runUnitTests } from '../../src/mesh.js';
import { writeProject } from '../support/temp-project.js';

const where = (d: { code: string; file?: string; line?: number }): string => `${d.code} ${d.file}:${d.line}`;

/** Inputs whose columns the build types: models with integer keys and text codes, a source file saved with a BOM and CRLF. */
const PROJECT: Record<string, string> = {
  'mesh.yaml': 'name: typed\n',
  'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\nsources:\n  events:\n    duckdb: data/events.csv\n  gone:\n    duckdb: data/gone.csv\n',
  'domains/shop/data/events.csv': '\uFEFFevent_id,order_id,happened_at\r\n1,1,2024-01-01 10:00:00\r\n1,1,2024-01-01 10:00:00\r\n2,,2024-01-02 11:30:00\r\n',
  'domains/shop/cleaned/orders.sql': "select cast(1 as integer) as order_id, cast(7 as integer) as customer_id, date '2024-01-01' as ordered_on, 'web' as channel\n",
  'domains/shop/cleaned/customers.sql': "select cast(7 as integer) as customer_id, 'ann' as name, '01234' as zip\n",
  'domains/shop/aggregate/report.sql': [
    'select o.order_id, o.channel, c.name, e.happened_at,',
    "  c.zip like '01%' as local",
    'from {{ref "orders"}} as o',
    'left join {{ref "customers"}} as c on c.customer_id = o.customer_id',
    'left join {{source "events"}} as e on e.order_id = o.order_id',
    '',
  ].join('\n'),
};

describe('unit tests: ref and source givens typed as the build types their inputs', () => {
  it("gives every column of the input, typed: omitted ones are typed nulls, given values are cast to the input's types", async () => {
    // orders leaves out channel; its customer_id is null in every row (inferred alone: text, which
    // an integer key cannot be compared with); zip "01234" would be a number; events gives no happened_at.
    const test = [
      'model: report',
      'given:',
      '  - ref: orders',
      '    rows:',
      '      - {order_id: 1, customer_id: null}',
      '      - {order_id: 2}',
      '      - {order_id: 2}',
      '  - ref: customers',
      '    rows:',
      '      - {customer_id: 7, name: ann, zip: "01234"}',
      '  - source: events',
      '    rows:',
      '      - {event_id: 5, order_id: 1}',
      'expect:',
      '  rows:',
      '    - {order_id: 1, channel: null, name: null, happened_at: null, local: null}',
      '    - {order_id: 2, channel: null, name: null, happened_at: null, local: null}',
      '    - {order_id: 2, channel: null, name: null, happened_at: null, local: null}',
      '',
    ].join('\r\n');
    const dir = writeProject({ ...PROJECT, 'domains/shop/tests/unit/report.yaml': test }, {});
    const result = await runUnitTests({ projectDir: dir });
    expect(result.diagnostics).toEqual([]);
    expect(result.results.map((r) => [r.name, r.status])).toEqual([['shop.report', 'pass']]);
  });

  it('casts a text value to the text column it is given for, so a code with a leading zero stays text', async () => {
    const test = [
      'model: report',
      'given:',
      '  - ref: orders',
      '    rows: [{order_id: 1, customer_id: 7}]',
      '  - ref: customers',
      '    rows: [{customer_id: 7, name: ann, zip: "01234"}]',
      '  - source: events',
      '    rows: [{order_id: 1, happened_at: "2024-01-01 10:00:00"}]',
      'expect:',
      '  rows:',
      '    - {order_id: 1, name: ann, local: true, happened_at: "2024-01-01 10:00:00"}',
      '',
    ].join('\n');
    const dir = writeProject({ ...PROJECT, 'domains/shop/tests/unit/report.yaml': test }, {});
    const result = await runUnitTests({ projectDir: dir });
    expect(result.diagnostics).toEqual([]);
    expect(result.results[0]).toMatchObject({ status: 'pass' });
  });

  it("reports a given value that does not fit the model's column type at the given's line (MESH279)", async () => {
    const test = ['model: report', 'given:', '  - ref: orders', '    rows: [{order_id: 1}]', '  - ref: customers', '    rows:', '      - {customer_id: seven}', '  - source: events', '    rows: [{order_id: 1}]', 'expect:', '  rows: []', ''].join('\n');
    const dir = writeProject({ ...PROJECT, 'domains/shop/tests/unit/report.yaml': test }, {});
    const result = await runUnitTests({ projectDir: dir });
    expect(result.diagnostics.map(where)).toEqual(['MESH279 domains/shop/tests/unit/report.yaml:5']);
    expect(result.diagnostics[0]!.message).toContain("the given ref 'customers'");
  });

  it("types the given this as the model's own columns", async () => {
    // The table holds one row whose order_id is null: alone, a text column, which max() and > would not compare with the integer ids.
    const model = '/*\nmaterialized: incremental\n*/\nselect order_id, happened_at from {{source "events"}}\n{{#if is_incremental}}where order_id > (select coalesce(max(order_id), 0) from {{this}}){{/if}}\n';
    const test = ['model: new_events', 'is_incremental: true', 'given:', '  - source: events', '    rows: [{order_id: 1}, {order_id: 2}]', '  - this: true', '    rows: [{order_id: null}]', 'expect:', '  rows: [{order_id: 1}, {order_id: 2}]', ''].join('\n');
    const dir = writeProject({ ...PROJECT, 'domains/shop/cleaned/new_events.sql': model, 'domains/shop/tests/unit/new_events.yaml': test }, {});
    const result = await runUnitTests({ projectDir: dir });
    expect(result.diagnostics).toEqual([]);
    expect(result.results[0]).toMatchObject({ status: 'pass' });
  });

  it('infers the columns of a source that cannot be read locally from the rows, as before', async () => {
    const files = { ...PROJECT, 'domains/shop/aggregate/gone_ids.sql': 'select id + 1 as next_id from {{source "gone"}}\n' };
    const test = ['model: gone_ids', 'given:', '  - source: gone', '    rows: [{id: 1}, {id: 1}, {id: null}]', 'expect:', '  rows: [{next_id: 2}, {next_id: 2}, {next_id: null}]', ''].join('\n');
    const dir = writeProject({ ...files, 'domains/shop/tests/unit/gone.yaml': test }, {});
    const result = await runUnitTests({ projectDir: dir });
    expect(result.diagnostics).toEqual([]);
    expect(result.results[0]).toMatchObject({ status: 'pass' });
  });
});
