/**
 * The harness of the BigQuery SQL tests must be able to fail: the walk over a plan follows what
 * statements create and drop (a read of a dropped or never-created relation, or of a step's TEMP
 * table from another step, is rejected), and source columns get the BigQuery types of their data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildPlan, PlanStep } from '../../src/plan/build-plan.js';
import type { StatementAnalyzer } from '../support/statement-analyzer.js';
import { createZetaSqlAnalyzer } from '../support/zetasql.js';
import { analyzePlan, bigqueryType, type Warehouse } from './bigquery-statements.js';

const step = (id: string, statements: string[], extra: Partial<PlanStep> = {}): PlanStep => ({
  id, kind: 'model', domain: 'd', stage: 'cleaned', action: 'table', label: id, statements: statements.map((sql) => ({ sql })), sources: [], waitsFor: [], ...extra,
});
const plan = (...steps: PlanStep[]): BuildPlan => ({ steps, schemas: [], setup: [] });

describe('the walk over a plan', () => {
  let analyzer: StatementAnalyzer;
  beforeAll(async () => {
    analyzer = await createZetaSqlAnalyzer();
  });
  afterAll(async () => {
    await analyzer?.close();
  });

  it('follows creates and drops, and ends TEMP tables with their step', async () => {
    const warehouse: Warehouse = new Map([['p.raw.events', { kind: 'table', columns: [{ name: 'id', type: 'STRING' }, { name: 'n', type: 'INT64' }] }]]);
    const { rejected, analyzed } = await analyzePlan(analyzer, plan(
      step('a', ['CREATE OR REPLACE TABLE `p.d.a` AS SELECT id, n * 2 AS doubled FROM `p.raw.events`', 'CREATE TEMP TABLE scratch AS SELECT 1 AS one', 'SELECT one FROM scratch']),
      step('b', ['SELECT doubled FROM `p.d.a`', 'SELECT one FROM scratch', 'SELECT * FROM `p.d.missing`']),
      step('c', ['DROP TABLE IF EXISTS `p.d.a`', 'SELECT id FROM `p.d.a`']),
      step('t', [], { failureCountSql: 'SELECT count(*) FROM `p.raw.events` WHERE nope IS NULL' }),
    ), warehouse, 'p');
    expect(analyzed).toBe(9);
    expect(rejected.map((r) => [r.where, r.message.replace(/;.*/, '')])).toEqual([
      ['b (table) [1]', 'Table not found: scratch'],
      ['b (table) [2]', 'Table not found: `p.d.missing`'],
      ['c (table) [1]', 'Table not found: `p.d.a`'],
      ['t (failure count)', 'Unrecognized name: nope'],
    ]);
    expect(warehouse.has('p.d.a')).toBe(false);
  });

  it('keeps the warehouse as it is after a discard, and applies a publish', async () => {
    const warehouse: Warehouse = new Map([['p.d.candidate', { kind: 'table', columns: [{ name: 'id', type: 'STRING' }] }]]);
    const { rejected } = await analyzePlan(analyzer, plan(
      step('contract', [], { discard: [{ sql: 'DROP TABLE IF EXISTS `p.d.candidate`' }], publish: [{ sql: 'CREATE OR REPLACE VIEW `p.d.v1` AS SELECT * FROM `p.d.candidate`' }] }),
    ), warehouse, 'p');
    expect(rejected).toEqual([]);
    expect([...warehouse.keys()].sort()).toEqual(['p.d.candidate', 'p.d.v1']);
    expect(warehouse.get('p.d.v1')).toEqual({ kind: 'view', columns: [{ name: 'id', type: 'STRING' }] });
  });
});

describe('source columns', () => {
  it('take the BigQuery type of what DuckDB reads from the file', () => {
    expect(bigqueryType('VARCHAR', false)).toBe('STRING');
    expect(bigqueryType('UUID', true)).toBe('STRING');
    expect(bigqueryType('TIMESTAMP', false)).toBe('TIMESTAMP');
    expect(bigqueryType('DECIMAL(12,2)', false)).toBe('NUMERIC');
    expect(bigqueryType('BIGINT[]', false)).toBe('ARRAY<INT64>');
    expect(bigqueryType('STRUCT(a VARCHAR, "b c" DOUBLE[])', false)).toBe('STRUCT<a STRING, `b c` ARRAY<FLOAT64>>');
    // A nested object of a JSON lines file is landed as JSON.
    expect(bigqueryType('STRUCT(order_id VARCHAR)', true)).toBe('JSON');
  });
});
