import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, catalog, check, compile } from '../../src/mesh.js';
import { memoryDuckDB, writeProject } from '../support/temp-project.js';

/** The fixtures' data is from 2024-01-02: contract freshness SLAs are measured then. */
const AS_OF = '2024-01-02T12:00:00Z';

const CUSTOMERS = `apiVersion: v3.1.0
kind: DataContract
id: crm-customers
version: 1.4.0
status: active
domain: crm
dataProduct: customers
team:
  name: team-crm
description:
  purpose: Customers, one row each.
schema:
  - name: customers
    physicalType: view
    customProperties:
      - property: model
        value: customers
    properties:
      - name: customer_id
        logicalType: string
        description: Customer identifier.
      - name: segment
        logicalType: string
        description: Marketing segment.
slaProperties:
  - property: latency
    value: 1
    unit: d
`;

/** A producer's published contract in another repository, and a consumer project that imports it. */
function consumer(locations: string, model = 'select segment, count(*) as customers\nfrom {{contract "crm.customers" version=1}}\ngroup by segment') {
  const producer = writeProject({ 'contracts/customers.odcs.yaml': CUSTOMERS }, {});
  return writeProject(
    {
      'mesh.yaml': `name: shop\ntargets:\n  prod:\n    engine: bigquery\n    project: p\n    location: EU\nimports:\n  - contract: ../${basename(producer)}/contracts/customers.odcs.yaml\n    locations:\n${locations}`,
      'domains/marketing/domain.yaml': 'name: marketing\nowner: team-marketing\n',
      'domains/marketing/aggregate/segments.sql': model,
    },
    {},
  );
}

describe('imported contracts', () => {
  it('a domain consumes a contract published outside this repository, at its location on the target', async () => {
    const dir = consumer('      dev: crm.customers_v1\n      prod: crm-project.crm.customers_v1\n');
    const dev = compile({ projectDir: dir });
    expect(dev.diagnostics).toEqual([]);
    expect(dev.compiled!.nodes.get('model.marketing.segments')!.select.sql).toContain('from "crm"."customers_v1"');
    expect(dev.compiled!.nodes.get('model.marketing.segments')!.dependsOn).toEqual([]);
    expect(compile({ projectDir: dir, target: 'prod' }).compiled!.nodes.get('model.marketing.segments')!.select.sql).toContain('from `crm-project`.`crm`.`customers_v1`');

    const adapter = await memoryDuckDB(dir);
    try {
      // The producer's view, as another project published it into the same warehouse.
      await adapter.execute([{ sql: 'CREATE SCHEMA crm' }, { sql: "CREATE VIEW crm.customers_v1 AS SELECT * FROM (VALUES ('c1', 'gold'), ('c2', 'gold'), ('c3', 'new')) AS t(customer_id, segment)" }]);
      expect((await build({ projectDir: dir, adapter, asOf: AS_OF })).run!.success).toBe(true);
      expect(await adapter.query('select segment, customers from marketing_aggregate.segments order by 1')).toEqual([
        { segment: 'gold', customers: 2 },
        { segment: 'new', customers: 1 },
      ]);
    } finally {
      await adapter.close();
    }
  });

  it('an import with no location on the target is MESH217 where it is read; a missing file at its mesh.yaml line', () => {
    const dir = consumer('      dev: crm.customers_v1\n');
    const prod = compile({ projectDir: dir, target: 'prod' }).diagnostics;
    expect(prod.map((d) => `${d.code} ${d.file}:${d.line}`)).toEqual(['MESH217 domains/marketing/aggregate/segments.sql:2']);
    const missing = writeProject({ 'mesh.yaml': 'name: shop\nimports:\n  - contract: ../nowhere/customers.odcs.yaml\n    locations:\n      dev: crm.customers_v1\n', 'domains/marketing/domain.yaml': 'name: marketing\nowner: t\n' }, {});
    expect(compile({ projectDir: missing }).diagnostics.map((d) => `${d.code} ${d.file}:${d.line}`)).toEqual(['MESH217 mesh.yaml:3']);
  });

  it('mesh check binds a consumer against the imported contract alone: a column the contract lacks is MESH218 at its line', async () => {
    const good = consumer('      dev: crm.customers_v1\n');
    expect((await check({ projectDir: good, cache: false })).diagnostics).toEqual([]);

    const dir = consumer('      dev: crm.customers_v1\n', 'select\n  segment,\n  loyalty_tier,\n  count(*) as customers\nfrom {{contract "crm.customers" version=1}}\ngroup by all');
    const diagnostics = (await check({ projectDir: dir, cache: false })).diagnostics;
    expect(diagnostics.map((d) => `${d.severity} ${d.code} ${d.file}:${d.line}`)).toEqual(['error MESH218 domains/marketing/aggregate/segments.sql:3']);
    expect(diagnostics[0]!.message).toMatch(/^aggregate\.segments reads column 'loyalty_tier', which is not in imported contract 'crm\.customers version 1': Binder Error/);
    expect(diagnostics[0]!.hint).toMatch(/contracts\/customers\.odcs\.yaml\) lists the columns you can read/);
  });

  it("imports every contract of another project's catalog.json, located where that project built its views", async () => {
    const shared = join(writeProject({}, {}), 'warehouse.duckdb');
    const producer = writeProject(
      {
        'mesh.yaml': `name: crm_mesh\ntargets:\n  dev:\n    engine: duckdb\n    path: ${shared}\n    as_of: 2024-01-02T12:00:00Z\n`,
        'domains/crm/domain.yaml': 'name: crm\nowner: team-crm\n',
        'domains/crm/contracts/customers.odcs.yaml': CUSTOMERS,
        'domains/crm/cleaned/customers.sql': "select * from (values ('c1', 'gold'), ('c2', 'gold'), ('c3', 'new')) as t(customer_id, segment)",
      },
      {},
    );
    expect((await build({ projectDir: producer })).run!.success).toBe(true);
    expect((await catalog({ projectDir: producer })).files).toContain('products/crm.customers/customers.v1.odcs.yaml');

    const dir = writeProject(
      {
        'mesh.yaml': `name: shop\ntargets:\n  dev:\n    engine: duckdb\n    path: ${shared}\nimports:\n  - catalog: ../${basename(producer)}/target/catalog.json\n`,
        'domains/marketing/domain.yaml': 'name: marketing\nowner: team-marketing\n',
        'domains/marketing/aggregate/segments.sql': 'select segment, count(*) as customers\nfrom {{contract "crm.customers" version=1}}\ngroup by segment',
      },
      {},
    );
    const compiled = compile({ projectDir: dir, cache: false });
    expect(compiled.diagnostics).toEqual([]);
    expect(compiled.compiled!.nodes.get('model.marketing.segments')!.select.sql).toContain('from "crm"."customers_v1"');
    expect((await check({ projectDir: dir, cache: false })).diagnostics).toEqual([]);
    const run = (await build({ projectDir: dir })).run!;
    expect(run.success).toBe(true);
    expect(run.results.map((r) => r.id)).toEqual(['model.marketing.segments']);

    const missing = writeProject({ 'mesh.yaml': 'name: shop\nimports:\n  - catalog: ../nowhere/target/catalog.json\n', 'domains/marketing/domain.yaml': 'name: marketing\nowner: t\n' }, {});
    expect(compile({ projectDir: missing }).diagnostics.map((d) => `${d.code} ${d.file}:${d.line} ${d.message}`)).toEqual(['MESH217 mesh.yaml:3 imported catalog ../nowhere/target/catalog.json cannot be read']);
  });
});
