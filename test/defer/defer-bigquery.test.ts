/**
 * --defer on BigQuery, judged by ZetaSQL: a dev target (dataset prefix `dev_`) building one
 * incremental leaf and its tests against a warehouse where only prod's relations exist. The
 * deferred statements read prod's tables and are accepted; the same plan without defer is refused
 * (dev's parents do not exist), so the test fails if the substitution does not happen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unselectedParents, withRelationsReplaced } from '../../src/compile/defer-relations.js';
import { compile } from '../../src/mesh.js';
import { planBuild } from '../../src/plan/build-plan.js';
import { chooseDeferred } from '../../src/state/defer-parents.js';
import { deferSource } from '../../src/state/defer-source.js';
import type { StatementAnalyzer } from '../support/statement-analyzer.js';
import { writeProject } from '../support/temp-project.js';
import { createZetaSqlAnalyzer } from '../support/zetasql.js';
import { analyzePlan, BIGQUERY_CAPABILITIES, existingRelations, report, type Relation, type Warehouse } from '../bigquery-sql/bigquery-statements.js';

const FILES = {
  'mesh.yaml': 'name: lab\r\ntargets:\r\n  dev:\r\n    engine: bigquery\r\n    project: lab\r\n    location: EU\r\n    dataset_prefix: dev_\r\n  prod:\r\n    engine: bigquery\r\n    project: lab\r\n    location: EU\r\ndefault_target: dev\r\n',
  'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\ndescription: orders\nsources:\n  payments:\n    bigquery: ingest.payments\n',
  'domains/shop/cleaned/orders.sql': '/*\nmaterialized: table\n*/\nselect distinct order_id, customer_id, amount from {{source "payments"}}\n',
  'domains/shop/cleaned/customers.sql': 'select distinct customer_id from {{source "payments"}}\n',
  'domains/shop/cleaned/paid.sql': '/*\nmaterialized: ephemeral\n*/\nselect * from {{ref "orders"}} where amount is not null\n',
  'domains/shop/aggregate/spend.sql': [
    '/*',
    'materialized: incremental',
    'unique_key: customer_id',
    'columns:',
    '  customer_id:',
    '    tests: [not_null, { relationships: { to: customers, field: customer_id } }]',
    '*/',
    "# not `lab.dev_shop_cleaned.orders`: that one is dev's",
    "select customer_id, sum(amount) as total, '`lab.dev_shop_cleaned.orders`' as note",
    'from {{ref "paid"}}',
    '{{#if is_incremental}}where customer_id not in (select customer_id from {{this}}){{/if}}',
    'group by customer_id',
    '',
  ].join('\n'),
};

const PAYMENTS = { kind: 'table' as const, columns: [{ name: 'order_id', type: 'INT64' }, { name: 'customer_id', type: 'STRING' }, { name: 'amount', type: 'NUMERIC' }] };

/** Prod's relations, as its full build left them; dev has only its own leaf (for the incremental run) or nothing. */
function warehouse(devLeaf: boolean): Warehouse {
  const w: Warehouse = new Map<string, Relation>([
    ['lab.ingest.payments', PAYMENTS],
    ['lab.shop_cleaned.orders', PAYMENTS],
    ['lab.shop_cleaned.customers', { kind: 'view', columns: [{ name: 'customer_id', type: 'STRING' }] }],
  ]);
  if (devLeaf) w.set('lab.dev_shop_aggregate.spend', { kind: 'table', columns: [{ name: 'customer_id', type: 'STRING' }, { name: 'total', type: 'NUMERIC' }, { name: 'note', type: 'STRING' }] });
  return w;
}

describe('--defer-to on BigQuery: ZetaSQL accepts the deferred statements', () => {
  let analyzer: StatementAnalyzer;
  beforeAll(async () => {
    analyzer = await createZetaSqlAnalyzer();
  });
  afterAll(async () => {
    await analyzer?.close();
  });

  for (const devLeaf of [false, true]) {
    it(`the leaf ${devLeaf ? 'incrementally, into its existing dev table' : 'first built'}, its tests reading prod's parents`, async () => {
      const dir = writeProject(FILES, {});
      const result = compile({ projectDir: dir });
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const compiled = result.compiled!;
      const selected = compiled.graph.select(['spend'], undefined).ids;
      expect(selected).toContain('model.shop.spend');
      const { source, diagnostics } = deferSource(compiled, { deferTo: 'prod' });
      expect(diagnostics).toEqual([]);
      const w = warehouse(devLeaf);
      const existing = existingRelations(w, 'lab');
      const chosen = chooseDeferred(compiled, unselectedParents(compiled, selected), source!, existing);
      expect(chosen.deferred.sort()).toEqual(['model.shop.customers', 'model.shop.orders']);
      const deferred = withRelationsReplaced(compiled, selected, chosen.replacements);
      const options = { fullRefresh: false, runId: 'defer', capabilities: BIGQUERY_CAPABILITIES, ...(devLeaf ? { columns: new Map([['dev_shop_aggregate.spend', ['customer_id', 'total', 'note']]]) } : {}) };

      const plan = planBuild(deferred, selected, existing, result.engine!, options);
      const sql = plan.steps.flatMap((s) => s.statements.map((t) => t.sql)).join('\n');
      expect(sql).toContain('from `lab.shop_cleaned.orders`');
      // The comment and the string literal keep dev's name.
      expect(sql).toContain("# not `lab.dev_shop_cleaned.orders`: that one is dev's");
      expect(sql).toContain("'`lab.dev_shop_cleaned.orders`' as note");
      const { rejected, analyzed } = await analyzePlan(analyzer, plan, w, 'lab');
      expect(rejected, report(rejected)).toEqual([]);
      expect(analyzed).toBeGreaterThanOrEqual(3);

      // Without defer the same statements read dev's parents, which do not exist.
      const plain = planBuild(compiled, selected, existing, result.engine!, options);
      const refused = await analyzePlan(analyzer, plain, warehouse(devLeaf), 'lab');
      expect(refused.rejected.map((r) => r.message).join('\n')).toMatch(/dev_shop_cleaned\.(orders|customers)/);
    });
  }
});
