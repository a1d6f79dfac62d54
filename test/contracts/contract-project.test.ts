import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/mesh.js';
import { writeProject } from '../support/temp-project.js';

/** The fixtures' data is from 2024-01-02: contract freshness SLAs are measured then. */
const AS_OF = '2024-01-02T12:00:00Z';

const ORDERS = readFileSync(new URL('./fixtures/orders.odcs.yaml', import.meta.url), 'utf8');
const CHECKOUT = {
  'mesh.yaml': 'name: shop\n',
  'domains/checkout/domain.yaml': 'name: checkout\nowner: team-checkout\n',
};
const where = (d: { severity: string; code: string; file?: string; line?: number }) => `${d.severity} ${d.code} ${d.file}:${d.line}`;

describe('contracts in a project', () => {
  it('are read with the project and checked against its models', () => {
    const dir = writeProject(
      {
        'domains/checkout/cleaned/orders.sql': "select 'o1' as order_id",
        'domains/checkout/contracts/orders.odcs.yaml': ORDERS,
      },
      CHECKOUT,
    );
    const result = compile({ projectDir: dir });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('a backing model that does not exist is MESH209 at the entry, with a hint', () => {
    const dir = writeProject(
      {
        'domains/checkout/raw/orders.sql': "select 'o1' as order_id",
        'domains/checkout/contracts/orders.odcs.yaml': ORDERS,
      },
      CHECKOUT,
    );
    const errors = compile({ projectDir: dir }).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map(where)).toEqual(['error MESH209 domains/checkout/contracts/orders.odcs.yaml:31']);
    expect(errors[0]?.message).toBe("schema object 'orders' of contract 'orders' is backed by 'cleaned.orders', which is not a cleaned model of domain 'checkout'");
    expect(errors[0]?.hint).toBe("'orders' is in raw: write raw.orders");
  });

  it("says 'an aggregate model' when the stage starts with a vowel", () => {
    const dir = writeProject(
      {
        'domains/checkout/cleaned/orders.sql': "select 'o1' as order_id",
        'domains/checkout/contracts/orders.odcs.yaml': ORDERS.replace('cleaned.orders', 'aggregate.orders'),
      },
      CHECKOUT,
    );
    const errors = compile({ projectDir: dir }).diagnostics.filter((d) => d.severity === 'error');
    expect(errors[0]?.message).toBe("schema object 'orders' of contract 'orders' is backed by 'aggregate.orders', which is not an aggregate model of domain 'checkout'");
  });

  it('contract problems are reported with the other problems of the project, all at once', () => {
    const dir = writeProject(
      {
        'domains/checkout/cleaned/orders.sql': 'select * from {{ref "nope"}}',
        'domains/checkout/contracts/orders.odcs.yaml': ORDERS.replace('version: 1.2.0', 'version: one'),
      },
      CHECKOUT,
    );
    const codes = compile({ projectDir: dir }).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.file}`);
    expect(codes).toEqual(['MESH140 domains/checkout/cleaned/orders.sql', 'MESH202 domains/checkout/contracts/orders.odcs.yaml']);
  });
});

describe('contract views on DuckDB', () => {
  it('publishes <domain>.<product>_v<major>: the contracted columns, in contract order, cast to the contracted types', async () => {
    const { build } = await import('../../src/mesh.js');
    const { memoryDuckDB } = await import('../support/temp-project.js');
    const dir = writeProject(
      {
        'domains/checkout/cleaned/orders.sql': [
          'select',
          "  'internal' as internal_note,",
          "  'paid' as status,",
          "  '2024-01-02 03:04:05' as ordered_at,",
          '  12 as order_total,',
          "  'c1' as customer_id,",
          "  'o1' as order_id",
        ].join('\n'),
        'domains/checkout/contracts/orders.odcs.yaml': ORDERS,
      },
      CHECKOUT,
    );
    const adapter = await memoryDuckDB(dir);
    try {
      const result = await build({ projectDir: dir, adapter, asOf: AS_OF });
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(result.run!.results.find((r) => r.id === 'contract.checkout.orders_v1')).toMatchObject({ kind: 'contract', status: 'success', label: 'checkout.orders_v1' });
      const columns = await adapter.query('select column_name, column_type as data_type from (describe checkout.orders_v1)');
      expect(columns).toEqual([
        { column_name: 'order_id', data_type: 'VARCHAR' },
        { column_name: 'customer_id', data_type: 'VARCHAR' },
        { column_name: 'order_total', data_type: 'DOUBLE' },
        { column_name: 'ordered_at', data_type: 'TIMESTAMP' },
        { column_name: 'status', data_type: 'VARCHAR' },
      ]);
      expect(await adapter.query('select order_id, order_total::double as total from checkout.orders_v1')).toEqual([{ order_id: 'o1', total: 12 }]);
    } finally {
      await adapter.close();
    }
  });
});

describe('{{contract}}: reading another domain through its contract view', () => {
  const files = (consumer: string) => ({
    'domains/checkout/cleaned/orders.sql': "select 'o1' as order_id, 'c1' as customer_id, 12.5 as order_total, timestamp '2024-01-02' as ordered_at, 'paid' as status",
    'domains/checkout/contracts/orders.odcs.yaml': ORDERS,
    'domains/management/domain.yaml': 'name: management\nowner: team-management\n',
    'domains/management/aggregate/revenue.sql': consumer,
  });

  it('renders the view of the pinned major version and depends on it', async () => {
    const { build } = await import('../../src/mesh.js');
    const { memoryDuckDB } = await import('../support/temp-project.js');
    const dir = writeProject(files('select sum(order_total) as revenue\nfrom {{contract "checkout.orders" version=1}}'), CHECKOUT);
    const compiled = compile({ projectDir: dir }).compiled!;
    expect(compiled.nodes.get('model.management.revenue')?.dependsOn).toEqual([{ id: 'contract.checkout.orders_v1', line: 2 }]);
    expect(compiled.nodes.get('model.management.revenue')?.select.sql).toContain('from "checkout"."orders_v1"');
    const adapter = await memoryDuckDB(dir);
    try {
      const run = (await build({ projectDir: dir, adapter, asOf: AS_OF })).run!;
      expect(run.success).toBe(true);
      expect(await adapter.query('select revenue from management_aggregate.revenue')).toEqual([{ revenue: 12.5 }]);
    } finally {
      await adapter.close();
    }
  });

  it.each([
    ['{{contract "checkout.order" version=1}}', "no published contract 'checkout.order'", "did you mean 'checkout.orders'?"],
    ['{{contract "checkout.orders"}}', '{{contract "checkout.orders"}} needs the major version it reads', 'write {{contract "checkout.orders" version=1}}'],
    ['{{contract "checkout.orders" version=2}}', "contract 'checkout.orders' has no version 2", 'published versions: 1'],
  ])('%s is MESH210 at its line', (call, message, hint) => {
    const dir = writeProject(files(`select 1\nfrom ${call}`), CHECKOUT);
    const errors = compile({ projectDir: dir }).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map(where)).toEqual(['error MESH210 domains/management/aggregate/revenue.sql:2']);
    expect(errors[0]).toMatchObject({ message, hint });
  });
});

describe('a cross-domain ref to a published model', () => {
  it('is MESH211, naming the contract to read instead', () => {
    const dir = writeProject(
      {
        'domains/checkout/cleaned/orders.sql': "select 'o1' as order_id",
        'domains/checkout/contracts/orders.odcs.yaml': ORDERS,
        'domains/management/domain.yaml': 'name: management\nowner: team-management\n',
        'domains/management/aggregate/revenue.sql': 'select count(*) as n\nfrom {{ref "checkout.orders"}}',
      },
      CHECKOUT,
    );
    const errors = compile({ projectDir: dir }).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map(where)).toEqual(['error MESH211 domains/management/aggregate/revenue.sql:2']);
    expect(errors[0]).toMatchObject({
      message: "ref to 'checkout.orders' reads an internal model of domain 'checkout'; other domains read only its contract views",
      hint: 'write {{contract "checkout.orders" version=1}}',
    });
  });
});

describe('deprecated contract versions', () => {
  const deprecated = (sunset: string) =>
    ORDERS.replace('status: active', 'status: deprecated').replace(
      'tags: [orders, checkout]',
      `tags: [orders, checkout]\ncustomProperties:\n  - property: sunset\n    value: "${sunset}"\n  - property: replacedBy\n    value: '{{contract "checkout.orders" version=2}}'`,
    );
  const project = (sunset: string) => ({
    'domains/checkout/cleaned/orders.sql': "select 'o1' as order_id",
    'domains/checkout/contracts/orders.odcs.yaml': deprecated(sunset),
    'domains/management/domain.yaml': 'name: management\nowner: team-management\n',
    'domains/management/aggregate/revenue.sql': 'select count(*) as n\nfrom {{contract "checkout.orders" version=1}}',
  });

  it('warns a consumer until the sunset date, naming the date and the replacement', () => {
    const diagnostics = compile({ projectDir: writeProject(project('2999-12-31'), CHECKOUT) }).diagnostics;
    expect(diagnostics.map(where)).toEqual(['warning MESH212 domains/management/aggregate/revenue.sql:2']);
    expect(diagnostics[0]).toMatchObject({
      message: "contract 'checkout.orders' version 1 is deprecated; it is retired on 2999-12-31",
      hint: 'read {{contract "checkout.orders" version=2}} instead',
    });
  });

  it('refuses a consumer after the sunset date', () => {
    const diagnostics = compile({ projectDir: writeProject(project('2000-01-31'), CHECKOUT) }).diagnostics;
    expect(diagnostics.map(where)).toEqual(['error MESH213 domains/management/aggregate/revenue.sql:2']);
    expect(diagnostics[0]?.message).toBe("contract 'checkout.orders' version 1 was retired on 2000-01-31");
  });
});

describe('several major versions of one product', () => {
  it('<product>.v<major>.odcs.yaml keeps an older major beside the current one; a file and its version must agree', () => {
    const base = { 'domains/checkout/cleaned/orders.sql': "select 'o1' as order_id, 'c1' as customer_id, 1.0 as order_total, timestamp '2024-01-01' as ordered_at, 'paid' as status" };
    const v2 = ORDERS.replace('version: 1.2.0', 'version: 2.0.0');
    const both = compile({ projectDir: writeProject({ ...base, 'domains/checkout/contracts/orders.odcs.yaml': v2, 'domains/checkout/contracts/orders.v1.odcs.yaml': ORDERS }, CHECKOUT) });
    expect(both.diagnostics).toEqual([]);
    expect([...both.compiled!.nodes.keys()].filter((id) => id.startsWith('contract.'))).toEqual(['contract.checkout.orders_v2', 'contract.checkout.orders_v1']);

    const mismatch = compile({ projectDir: writeProject({ ...base, 'domains/checkout/contracts/orders.v3.odcs.yaml': ORDERS }, CHECKOUT) }).diagnostics;
    expect(mismatch.map(where)).toEqual(['error MESH204 domains/checkout/contracts/orders.v3.odcs.yaml:5']);

    const twice = compile({ projectDir: writeProject({ ...base, 'domains/checkout/contracts/orders.odcs.yaml': ORDERS, 'domains/checkout/contracts/orders.v1.odcs.yaml': ORDERS }, CHECKOUT) }).diagnostics;
    expect(twice.map(where)).toEqual(['error MESH205 domains/checkout/contracts/orders.v1.odcs.yaml:1']);
  });
});
