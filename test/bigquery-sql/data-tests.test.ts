/**
 * The data tests' SQL on BigQuery, judged by ZetaSQL: every builtin (the new unique_combination,
 * expression_is_true at both levels and not_empty, and the older ones), with `where:`, a generic
 * test of the project and one of a domain, at column and model level; for each test its failure
 * count, its failing-rows query and, with store_failures, the statement replacing its audit table
 * in the `<prefix><domain>_audit` dataset the dialect names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/mesh.js';
import { planBuild } from '../../src/plan/build-plan.js';
import type { StatementAnalyzer } from '../support/statement-analyzer.js';
import { writeProject } from '../support/temp-project.js';
import { createZetaSqlAnalyzer } from '../support/zetasql.js';
import { analyzePlan, BIGQUERY_CAPABILITIES, report, type Warehouse } from './bigquery-statements.js';

const lines = (...text: string[]): string => `${text.join('\n')}\n`;

describe('ZetaSQL accepts the data tests on BigQuery', () => {
  let analyzer: StatementAnalyzer;
  beforeAll(async () => {
    analyzer = await createZetaSqlAnalyzer();
  });
  afterAll(async () => {
    await analyzer?.close();
  });

  it('builtins, generic tests, where, failing rows and store_failures', async () => {
    const dir = writeProject({
      'mesh.yaml': 'name: lab\ntargets:\n  prod:\n    engine: bigquery\n    project: lab-prod\n    location: EU\n    dataset_prefix: ci_\ndefault_target: prod\n',
      'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\ndescription: tests\nsources:\n  payments:\n    bigquery: ingest.payments\n',
      'tests/generic/at_least.sql': lines('/*', 'params: [min]', '*/', 'select {{column}} as value from {{model}} where {{column}} < {{min}}'),
      'domains/shop/tests/generic/rows_at_least.sql': lines('/*', 'params: [{min_rows: 1}]', '*/', 'select n from (select count(*) as n from {{model}}) as counted where n < {{min_rows}}'),
      'domains/shop/cleaned/customers.sql': 'select distinct customer_id from {{source "payments"}}\n',
      'domains/shop/cleaned/payments.sql': lines(
        '/*',
        'store_failures: true',
        'tests:',
        '  - unique_combination: { columns: [order_id, line], where: "amount > 0" }',
        '  - expression_is_true: { expression: "amount >= 0 or note is not null" }',
        '  - not_empty',
        '  - rows_at_least: { min_rows: 3 }',
        'columns:',
        '  order_id:',
        '    tests: [unique, not_null]',
        '  note:',
        '    tests: [{ accepted_values: { values: [ok, "it\'s"], where: "order_id > 2" } }]',
        '  customer_id:',
        '    tests: [{ relationships: { to: customers, field: customer_id } }]',
        '  amount:',
        '    tests:',
        '      - at_least: { min: -5, store_failures: false }',
        '      - expression_is_true: { expression: "between -100 and 100" }',
        '*/',
        'select * from {{source "payments"}}',
      ),
      'domains/shop/tests/big_payments.sql': lines('/*', 'store_failures: true', '*/', 'select order_id, amount from {{ref "payments"}} where amount > 1000'),
    });
    const result = compile({ projectDir: dir, target: 'prod' });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const compiled = result.compiled!;
    const warehouse: Warehouse = new Map([
      ['lab-prod.ingest.payments', { kind: 'table', columns: [
        { name: 'order_id', type: 'INT64' }, { name: 'line', type: 'INT64' }, { name: 'customer_id', type: 'STRING' }, { name: 'amount', type: 'NUMERIC' }, { name: 'note', type: 'STRING' },
      ] }],
    ]);
    const plan = planBuild(compiled, [...compiled.nodes.keys()], new Map(), result.engine!, { fullRefresh: false, runId: 'tests', capabilities: BIGQUERY_CAPABILITIES });
    const tests = plan.steps.filter((s) => s.kind === 'test');
    expect(tests).toHaveLength(11);
    // The audit dataset follows the dialect's naming (the prefix), created with the other datasets.
    expect(plan.schemas.map((s) => s.name)).toContain('ci_shop_audit');
    const stored = tests.filter((s) => s.storeFailures).map((s) => s.storeFailures!.relation);
    expect(stored).toHaveLength(10);
    expect(stored).toContain('`lab-prod.ci_shop_audit.unique_combination_payments`');
    expect(stored).toContain('`lab-prod.ci_shop_audit.big_payments`');
    expect(tests.find((s) => s.id === 'test.shop.at_least_payments_amount')?.storeFailures).toBeUndefined();

    const { rejected, analyzed } = await analyzePlan(analyzer, plan, warehouse, 'lab-prod');
    expect(rejected, report(rejected)).toEqual([]);
    // Per test: the count and the failing rows, and the store where asked.
    expect(analyzed).toBeGreaterThanOrEqual(2 + 11 * 2 + 10);
    // The audit tables have the failing rows' columns.
    expect(warehouse.get('lab-prod.ci_shop_audit.unique_combination_payments')?.columns.map((c) => c.name)).toEqual(['order_id', 'line', 'occurrences']);
    expect(warehouse.get('lab-prod.ci_shop_audit.not_empty_payments')?.columns).toEqual([{ name: 'row_count', type: 'INT64' }]);
  });
});
