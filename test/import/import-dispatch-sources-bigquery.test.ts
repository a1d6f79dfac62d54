/**
 * The jaffle-shop-shaped project's adapter.dispatch macros on BigQuery: with the prod target
 * switched on, its models compile with the bigquery__ variant (and the default where there is no
 * BigQuery one), and every statement a fresh build sends is accepted by Google's ZetaSQL analyzer,
 * reading the seed-loaded sources' BigQuery tables.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { importDbt } from '../../src/commands/import-dbt.js';
import { compile } from '../../src/mesh.js';
import { planBuild } from '../../src/plan/build-plan.js';
import { analyzePlan, BIGQUERY_CAPABILITIES, report, sourceTables } from '../bigquery-sql/bigquery-statements.js';
import { createZetaSqlAnalyzer } from '../support/zetasql.js';
import { DISPATCH_PROJECT } from './dispatch-fixture.js';

// Written here, not with writeProject: its folders are removed after each test, and these serve the whole file.
const base = mkdtempSync(join(tmpdir(), 'mesh-import-dispatch-bq-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
for (const [path, text] of Object.entries(DISPATCH_PROJECT)) {
  mkdirSync(dirname(join(base, 'dbt', path)), { recursive: true });
  writeFileSync(join(base, 'dbt', path), text);
}
const out = join(base, 'mesh');
const imported = importDbt({ dbtDir: join(base, 'dbt'), outDir: out });
if (imported.diagnostics.length > 0) throw new Error(`the fixture does not import: ${JSON.stringify(imported.diagnostics)}`);
// The prod target as a user switches it on: the comment's lines, uncommented.
const meshYaml = readFileSync(join(out, 'mesh.yaml'), 'utf8');
writeFileSync(join(out, 'mesh.yaml'), meshYaml.replace(/^ {2}# prod:/m, '  prod:').replace(/^ {2}# {3}/gm, '    '));

it('compiles stg_orders with the bigquery variant of cents_to_dollars and the default safe_divide, and ZetaSQL accepts the build', async () => {
  const result = compile({ projectDir: out, target: 'prod' });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const { compiled, engine } = result;
  if (!compiled || !engine) throw new Error('the imported project does not compile for prod');
  const sql = compiled.nodes.get('model.jaffle_shop.stg_orders')?.select.sql ?? '';
  expect(sql).toContain('round(cast((subtotal / 100) as numeric), 2) as subtotal');
  expect(sql).toContain('round(cast((tax_paid / 100) as numeric), 2) as tax_paid');
  expect(sql).toContain('(tax_paid / nullif(subtotal, 0)) as tax_rate');
  expect(sql).not.toContain('::numeric');

  // Every statement of a fresh build, against the seed-loaded sources' BigQuery tables (raw.raw_orders, raw.raw_customers).
  const warehouse = await sourceTables(compiled, out);
  expect([...warehouse.keys()].sort()).toEqual(['my-gcp-project.raw.raw_customers', 'my-gcp-project.raw.raw_orders']);
  const analyzer = await createZetaSqlAnalyzer();
  try {
    const plan = planBuild(compiled, [...compiled.nodes.keys()], new Map(), engine, { fullRefresh: false, runId: 'fresh', asOf: '2024-07-01T12:00:00Z', capabilities: BIGQUERY_CAPABILITIES });
    const { rejected, analyzed } = await analyzePlan(analyzer, plan, warehouse, compiled.target.project!);
    expect(rejected, report(rejected)).toEqual([]);
    expect(analyzed).toBeGreaterThanOrEqual(3);
    expect(warehouse.get('my-gcp-project.jaffle_shop_raw.stg_orders')?.columns.map((c) => c.name)).toEqual(['order_id', 'customer_id', 'subtotal', 'tax_paid', 'tax_rate']);
  } finally {
    await analyzer.close();
  }
}, 60_000);
