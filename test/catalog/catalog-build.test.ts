import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Catalog } from '../../src/catalog/catalog-types.js';
import { main } from '../../src/cli/main.js';
import { build, catalog } from '../../src/mesh.js';
import { odcsSchema } from '../../src/contracts/odcs-schema.js';
import { odpsProblems } from '../support/odps-schema.js';
import { memoryDuckDB, writeProject } from '../support/temp-project.js';

/** A contract over `model` of domain shop; `required` makes `note` a required column. */
function contract(product: string, model: string, noteRequired: boolean): string {
  return `apiVersion: v3.1.0
kind: DataContract
id: shop-${product}
version: 1.0.0
status: active
domain: shop
dataProduct: ${product}
team:
  name: team-shop
description:
  purpose: ${product} of the shop.
slaProperties:
  - property: latency
    value: 1
    unit: d
schema:
  - name: ${product}
    physicalType: view
    customProperties:
      - property: model
        value: ${model}
    quality:
      - metric: rowCount
        mustBeGreaterThan: 0
    properties:
      - name: id
        logicalType: integer
        required: true
        description: Identifier.
      - name: note
        logicalType: string
        required: ${noteRequired}
        description: A note, missing on some rows.
`;
}

const PROJECT = {
  'mesh.yaml': 'name: run_mesh\ntargets:\n  dev:\n    engine: duckdb\n    path: .mesh/dev.duckdb\n',
  'domains/shop/raw/items.sql': "/*\nmaterialized: table\ncolumns:\n  id:\n    tests: [unique]\n*/\nselect range as id, case when range = 1 then null else 'n' || range end as note from range(3)",
  'domains/shop/cleaned/items_ok.sql': 'select * from {{ref "items"}}',
  'domains/shop/contracts/items.odcs.yaml': contract('items', 'raw.items', true),
  'domains/shop/contracts/good_items.odcs.yaml': contract('good_items', 'cleaned.items_ok', false),
};

function readCatalog(dir: string): Catalog {
  return JSON.parse(readFileSync(join(dir, 'target', 'catalog.json'), 'utf8')) as Catalog;
}

describe('the catalog a build writes', () => {
  it('has the run and each dataset\'s result, with every contract audit, failed ones too', async () => {
    const dir = writeProject(PROJECT);
    const adapter = await memoryDuckDB(dir);
    let built;
    try {
      built = await build({ projectDir: dir, adapter });
    } finally {
      await adapter.close();
    }
    const run = built.run!;
    expect(run.success).toBe(false);
    const written = readCatalog(dir);
    expect(written.lastRun).toMatchObject({ startedAt: run.startedAt, success: false });
    expect(written.lastRun!.durationMs).toBeGreaterThanOrEqual(0);
    // The build's OpenLineage parent run.
    expect(written.lastRun!.runId).toBe(built.openlineage!.runId);

    const items = written.datasets['model.shop.items']!;
    expect(items.lastResult).toMatchObject({ status: 'success', rows: 3 });
    expect(Date.parse(items.lastResult!.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(run.startedAt));
    expect(written.datasets['test.shop.unique_items_id']!.lastResult).toMatchObject({ status: 'success', failures: 0 });

    const failed = written.datasets['contract.shop.items_v1']!.lastResult!;
    expect(failed.status).toBe('error');
    expect(failed.message).toContain('contract audits failed');
    expect(failed.audits).toEqual([
      { rule: 'column types', success: true, value: 0 },
      { rule: 'required: id', success: true, column: 'id', value: 0, failures: 0 },
      { rule: 'required: note', success: false, column: 'note', value: 1, failures: 1 },
      { rule: 'quality: rowCount', success: true, value: 3 },
    ]);
    const passed = written.datasets['contract.shop.good_items_v1']!.lastResult!;
    expect(passed.status).toBe('success');
    expect(passed.audits!.every((a) => a.success)).toBe(true);

    // The documents of each product are written beside it, and follow their schemas.
    const odps = parse(readFileSync(join(dir, 'target', 'products', 'shop.items', 'odps.yaml'), 'utf8'));
    expect(odpsProblems(odps)).toEqual([]);
    const resolved = parse(readFileSync(join(dir, 'target', 'products', 'shop.items', 'items.v1.odcs.yaml'), 'utf8'));
    expect(odcsSchema().validate(resolved)).toEqual([]);
    expect(resolved.servers).toEqual([expect.objectContaining({ server: 'dev', type: 'duckdb', database: join(dir, '.mesh/dev.duckdb'), schema: 'shop' })]);
  });

  it('mesh catalog writes the catalog and product documents without running anything', async () => {
    const dir = writeProject(PROJECT);
    const result = await catalog({ projectDir: dir });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.files).toEqual([
      'catalog.json',
      'products/shop.good_items/good_items.v1.odcs.yaml',
      'products/shop.good_items/odps.yaml',
      'products/shop.items/items.v1.odcs.yaml',
      'products/shop.items/odps.yaml',
    ]);
    for (const f of result.files) expect(existsSync(join(dir, 'target', f))).toBe(true);
    const written = readCatalog(dir);
    expect(written.lastRun).toBeUndefined();
    expect(Object.values(written.datasets).some((d) => d.lastResult)).toBe(false);
    expect(written.products.map((p) => p.id)).toEqual(['shop.good_items', 'shop.items']);
    // Nothing ran: the target's database was never opened.
    expect(existsSync(join(dir, '.mesh', 'dev.duckdb'))).toBe(false);

    // A product whose contract is gone leaves no folder behind.
    rmSync(join(dir, 'domains/shop/contracts/good_items.odcs.yaml'));
    await catalog({ projectDir: dir });
    expect(existsSync(join(dir, 'target', 'products', 'shop.good_items'))).toBe(false);
    expect(readCatalog(dir).products.map((p) => p.id)).toEqual(['shop.items']);
  });

  it('the CLI: mesh catalog prints what it wrote; a project that does not compile writes nothing and exits 1', async () => {
    const dir = writeProject(PROJECT);
    const out: string[] = [];
    const code = await main(['catalog', '--project', dir], { out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(code).toBe(0);
    expect(out[0]).toBe(`Catalog of 2 data products and 5 datasets for target 'dev' → ${join(dir, 'target')}/catalog.json`);
    expect(out.slice(1)).toEqual([`  shop.good_items  v1  → ${join(dir, 'target')}/products/shop.good_items/`, `  shop.items  v1  → ${join(dir, 'target')}/products/shop.items/`]);

    const broken = writeProject({ ...PROJECT, 'domains/shop/cleaned/items_ok.sql': 'select * from {{ref "nope"}}' });
    const errors: string[] = [];
    expect(await main(['catalog', '--project', broken], { out: (l) => errors.push(l), err: (l) => errors.push(l) })).toBe(1);
    expect(errors.join('\n')).toContain('MESH140');
    expect(existsSync(join(broken, 'target', 'catalog.json'))).toBe(false);
  });
});
