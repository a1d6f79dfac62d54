/**
 * Per-domain GCP projects (`projects:` of a bigquery target): the golden fixture compiled with the
 * shop domain in its own project and a dataset prefix, plus a domain `shop_eu` whose name starts
 * with `shop` but which stays in the target's project. Compared with expected/domain-projects.sql;
 * after an intended change: UPDATE_GOLDEN=1 npx vitest run test/config/domain-projects.test.ts
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/mesh.js';
import { targetServer } from '../../src/catalog/resolve-contract.js';
import { BuildDatasets } from '../../src/openlineage/build-datasets.js';
import { publishedStateRelation } from '../../src/plan/build-plan.js';
import { GOLDEN_PROJECT } from '../golden/golden-files.js';
import { updateProject } from '../support/temp-project.js';

const EXPECTED = new URL('./expected/domain-projects.sql', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'mesh-domain-projects-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

cpSync(GOLDEN_PROJECT, dir, { recursive: true });
updateProject(dir, {
  'mesh.yaml': readFileSync(join(GOLDEN_PROJECT, 'mesh.yaml'), 'utf8').replace(
    '    location: EU\n',
    '    location: EU\n    dataset_prefix: ci_\n    projects:\n      shop: shop-prod\n',
  ),
  'domains/shop_eu/domain.yaml': 'name: shop_eu\nowner: team-shop\nsources:\n  returns:\n    bigquery: ingest.returns\n',
  'domains/shop_eu/cleaned/eu_orders.sql': 'select o.order_id, r.reason\nfrom {{contract "shop.orders" version=1}} as o\nleft join {{source "returns"}} as r on r.order_id = o.order_id\n',
});

const NODES = [
  'model.shop.order_events', // a 2-part source: the shop's project; a 3-part one as written
  'model.shop.customers_export',
  'model.shop.orders', // refs inside the shop's project
  'contract.shop.orders_v1', // the public view, in the shop's project
  'model.finance.monthly_revenue', // contracts of the shop, read from finance in the target's project
  'model.shop_eu.eu_orders', // shop_eu is not shop: the target's project
];

describe('projects: a domain in its own GCP project', () => {
  const { compiled, diagnostics } = compile({ projectDir: dir, target: 'prod', cache: false });

  it('compiles cleanly', () => {
    expect(diagnostics).toEqual([]);
  });

  it('qualifies each relation, source and contract with its domain\'s project (golden)', () => {
    const text = [
      `-- published state: ${publishedStateRelation(compiled!.dialect)}`,
      ...NODES.map((id) => {
        const node = compiled!.nodes.get(id);
        expect(node, id).toBeDefined();
        // The relations each node reads, not its whole SQL: other changes to the SQL do not touch this file.
        const reads = [...new Set(node!.select.sql.match(/`[^`.]+\.[^`]+`/g) ?? [])].sort();
        return `-- ${id} → ${node!.relation}\n${reads.map((r) => `reads ${r}`).join('\n')}`;
      }),
    ].join('\n') + '\n';
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(EXPECTED, text);
    expect(text).toBe(readFileSync(EXPECTED, 'utf8'));
  });

  it('resolves datasets by the longest domain name', () => {
    const { dialect } = compiled!;
    expect(dialect.relation(dialect.schemaName('shop_eu_cleaned'), 't')).toBe('`golden-project.ci_shop_eu_cleaned.t`');
    expect(dialect.relation(dialect.schemaName('shop_cleaned'), 't')).toBe('`shop-prod.ci_shop_cleaned.t`');
    expect(dialect.relation(dialect.schemaName('shop'), 't')).toBe('`shop-prod.ci_shop.t`');
    expect(dialect.relation(dialect.schemaName('shopping'), 't')).toBe('`golden-project.ci_shopping.t`');
    // The ODCS server a published contract names: the project its view is in.
    expect(targetServer(compiled!.target, 'ci_shop')).toMatchObject({ project: 'shop-prod', dataset: 'ci_shop' });
    expect(targetServer(compiled!.target, 'ci_finance')).toMatchObject({ project: 'golden-project', dataset: 'ci_finance' });
    // OpenLineage names datasets where they are.
    const datasets = new BuildDatasets(compiled!);
    expect(datasets.ref('model.shop.orders')?.name).toBe('shop-prod.ci_shop_cleaned.orders');
    expect(datasets.ref('contract.shop.orders_v1')?.name).toBe('shop-prod.ci_shop.orders_v1');
    expect(datasets.ref('model.finance.monthly_revenue')?.name).toBe('golden-project.ci_finance_aggregate.monthly_revenue');
    expect(datasets.ref('source.shop.order_events')?.name).toBe('shop-prod.ingest.order_events');
    expect(datasets.ref('source.shop_eu.returns')?.name).toBe('golden-project.ingest.returns');
    expect(dialect.schemaColumnTypesSql([dialect.schemaName('shop_cleaned')])).toContain('`shop-prod.ci_shop_cleaned`.INFORMATION_SCHEMA.COLUMNS');
  });
});
