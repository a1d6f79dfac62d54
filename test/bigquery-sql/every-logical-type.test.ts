/**
 * A contract using every ODCS logical type (string, integer in several formats, number with and
 * without precision, boolean, date, timestamp, time, object, nested object, array with and without
 * items) and every column transform (hash, mask) on backing columns of many types (published as
 * text, so their logical type is string), with every audit
 * (required, unique, a composite primary key, quality rules, a freshness SLA): its candidate, type
 * check, audits, publish and discard SQL accepted by Google's ZetaSQL analyzer on BigQuery, built
 * on a fresh warehouse and again on a rerun.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/mesh.js';
import { planBuild } from '../../src/plan/build-plan.js';
import type { StatementAnalyzer } from '../support/statement-analyzer.js';
import { writeProject } from '../support/temp-project.js';
import { createZetaSqlAnalyzer } from '../support/zetasql.js';
import { analyzePlan, BIGQUERY_CAPABILITIES, existingRelations, report, type Warehouse } from './bigquery-statements.js';

const PROJECT = 'lab-prod';

// The backing model: one column per BigQuery type a contract column may sit on.
const MODEL = `/*
description: One row of every type.
*/
select
  'a' as text_id,
  1 as line_no,
  42 as small_int,
  NUMERIC '18446744073709551615' as unsigned_big,
  BIGNUMERIC '170141183460469231731687303715884105727' as huge_int,
  1.5 as ratio,
  NUMERIC '12.34' as amount,
  BIGNUMERIC '1234567890123456789012345678.0123456789' as wide_amount,
  true as flag,
  DATE '2024-01-01' as day,
  TIMESTAMP '2024-01-01 10:00:00+00' as happened_at,
  TIME '12:30:00' as at_time,
  STRUCT('Berlin' as city, STRUCT('DE' as code, 10115 as zip) as country) as address,
  JSON '{"source": "api", "tags": ["x"]}' as document,
  [1, 2, 3] as quantities,
  ['a', 'b'] as labels,
  [DATE '2024-01-01'] as days,
  [STRUCT('x' as sku, 2 as qty)] as items,
  JSON '[1, "two"]' as anything,
  'secret' as email,
  7 as hashed_int,
  TIMESTAMP '2024-01-01 10:00:00+00' as hashed_at,
  STRUCT(1 as a) as hashed_object,
  ['p', 'q'] as hashed_list,
  false as hashed_flag,
  JSON '{"k": 1}' as hashed_document,
  DATE '2024-02-02' as masked_day,
  2.5 as masked_number,
  STRUCT(1 as a) as masked_object,
  [1] as masked_list
`;

const column = (name: string, type: string, extra = ''): string => `      - name: ${name}\n        logicalType: ${type}\n${extra}`;
const transform = (value: string): string => `        customProperties:\n          - property: transform\n            value: ${value}\n`;
const quality = (rules: string): string => `        quality:\n${rules}`;

const CONTRACT = `apiVersion: v3.1.0
kind: DataContract
id: lab-everything
name: Every logical type
version: 1.0.0
status: active
domain: lab
dataProduct: everything
team:
  name: team-lab
  members:
    - username: lab-lead@lab.example
      role: owner
schema:
  - name: everything
    physicalType: view
    customProperties:
      - property: model
        value: cleaned.everything
    quality:
      - metric: rowCount
        mustBeGreaterThan: 0
      - type: sql
        query: SELECT count(*) FROM \${object} WHERE ratio < 0
        mustBe: 0
    properties:
${column('text_id', 'string', `        required: true\n        primaryKey: true\n        primaryKeyPosition: 1\n` + quality(`          - metric: invalidValues\n            arguments:\n              validValues: [a, b]\n            mustBe: 0\n          - metric: missingValues\n            arguments:\n              missingValues: ['', 'n/a']\n            mustBeLessThan: 5\n            unit: percent\n          - metric: duplicateValues\n            mustBe: 0\n`))}${column('line_no', 'integer', `        primaryKey: true\n        primaryKeyPosition: 2\n        unique: true\n` + quality(`          - metric: invalidValues\n            arguments:\n              validValues: [1, 2, 3]\n            mustBe: 0\n          - metric: nullValues\n            mustBe: 0\n`))}${column('small_int', 'integer', `        logicalTypeOptions:\n          format: i32\n        required: true\n`)}${column('unsigned_big', 'integer', `        logicalTypeOptions:\n          format: u64\n        unique: true\n`)}${column('huge_int', 'integer', `        logicalTypeOptions:\n          format: i128\n`)}${column('ratio', 'number', `        required: true\n        unique: true\n` + quality(`          - metric: duplicateValues\n            mustBe: 0\n          - metric: invalidValues\n            arguments:\n              validValues: [1.5, 2.5]\n            mustBe: 0\n`))}${column('amount', 'number', `        physicalType: decimal(12,2)\n        unique: true\n`)}${column('wide_amount', 'number', `        physicalType: decimal(38,10)\n        required: true\n`)}${column('flag', 'boolean', `        required: true\n        unique: true\n` + quality(`          - metric: invalidValues\n            arguments:\n              validValues: [true]\n            mustBe: 0\n`))}${column('day', 'date', `        required: true\n        unique: true\n` + quality(`          - metric: duplicateValues\n            mustBe: 0\n`))}${column('happened_at', 'timestamp', `        required: true\n        unique: true\n`)}${column('at_time', 'time', `        unique: true\n`)}${column('address', 'object', `        classification: internal\n        required: true\n        unique: true\n        properties:\n          - name: city\n            logicalType: string\n          - name: country\n            logicalType: object\n            properties:\n              - name: code\n                logicalType: string\n              - name: zip\n                logicalType: integer\n` + quality(`          - metric: duplicateValues\n            mustBe: 0\n          - metric: nullValues\n            mustBe: 0\n`))}${column('document', 'object', `        required: true\n        unique: true\n` + quality(`          - metric: duplicateValues\n            mustBe: 0\n          - metric: missingValues\n            arguments:\n              missingValues: ['{}']\n            mustBe: 0\n`))}${column('quantities', 'array', `        items:\n          logicalType: integer\n        required: true\n        unique: true\n` + quality(`          - metric: duplicateValues\n            mustBe: 0\n`))}${column('labels', 'array', `        items:\n          logicalType: string\n        unique: true\n`)}${column('days', 'array', `        items:\n          logicalType: date\n`)}${column('items', 'array', `        items:\n          logicalType: object\n          properties:\n            - name: sku\n              logicalType: string\n        unique: true\n`)}${column('anything', 'array', `        required: true\n        unique: true\n` + quality(`          - metric: duplicateValues\n            mustBe: 0\n`))}${column('email', 'string', `        classification: pii\n` + transform('hash') + `        required: true\n        unique: true\n`)}${column('hashed_int', 'string', transform('hash') + `        unique: true\n`)}${column('hashed_at', 'string', transform('hash'))}${column('hashed_object', 'string', transform('hash') + `        unique: true\n`)}${column('hashed_list', 'string', transform('hash'))}${column('hashed_flag', 'string', transform('hash'))}${column('hashed_document', 'string', transform('hash') + `        required: true\n`)}${column('masked_day', 'string', transform('mask') + `        required: true\n`)}${column('masked_number', 'string', transform('mask'))}${column('masked_object', 'string', transform('mask') + `        unique: true\n`)}${column('masked_list', 'string', transform('mask'))}slaProperties:
  - property: latency
    value: 1
    unit: d
    element: everything.happened_at
  - property: freshness
    value: 2
    unit: d
    element: everything.day
`;

function project(): string {
  return writeProject({
    'mesh.yaml': `name: lab\ntargets:\n  prod:\n    engine: bigquery\n    project: ${PROJECT}\n    location: EU\ndefault_target: prod\n`,
    'domains/lab/domain.yaml': 'name: lab\nowner: team-lab\ndescription: Every type, every rule.\n',
    'domains/lab/cleaned/everything.sql': MODEL,
    'domains/lab/contracts/everything.odcs.yaml': CONTRACT,
  });
}

describe('ZetaSQL accepts the BigQuery SQL of a contract with every logical type and transform', () => {
  let analyzer: StatementAnalyzer;
  beforeAll(async () => {
    analyzer = await createZetaSqlAnalyzer();
  });
  afterAll(async () => {
    await analyzer?.close();
  });

  it('writes, audits, publishes and republishes it', async () => {
    const result = compile({ projectDir: project(), target: 'prod' });
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.file}:${d.line} ${d.code} ${d.message}`)).toEqual([]);
    const compiled = result.compiled!;
    const engine = result.engine!;
    const plan = (existing: ReadonlyMap<string, 'table' | 'view'>, runId: string) =>
      planBuild(compiled, [...compiled.nodes.keys()], existing, engine, { fullRefresh: false, runId, asOf: '2024-07-01T12:00:00Z', capabilities: BIGQUERY_CAPABILITIES });

    const warehouse: Warehouse = new Map();
    const fresh = plan(new Map(), 'fresh');
    const contract = fresh.steps.find((s) => s.action === 'contract')!;
    const audited = new Set(contract.audits!.map((a) => a.name.split(':')[0]));
    expect([...audited].sort()).toEqual(['column types', 'freshness', 'primary key', 'quality', 'required', 'unique']);
    expect(contract.audits!.filter((a) => a.name.startsWith('freshness'))).toHaveLength(2);

    const first = await analyzePlan(analyzer, fresh, warehouse, PROJECT);
    expect(first.rejected, report(first.rejected)).toEqual([]);
    // The published view has the contracted types: transformed columns are text.
    const view = warehouse.get(`${PROJECT}.lab.everything_v1`);
    expect(Object.fromEntries(view!.columns.map((c) => [c.name, c.type]))).toMatchObject({
      text_id: 'STRING', line_no: 'INT64', small_int: 'INT64', unsigned_big: 'NUMERIC', huge_int: 'BIGNUMERIC', ratio: 'FLOAT64',
      amount: 'NUMERIC', wide_amount: 'BIGNUMERIC', flag: 'BOOL', day: 'DATE', happened_at: 'TIMESTAMP', at_time: 'TIME',
      address: 'JSON', document: 'JSON', quantities: 'ARRAY<INT64>', labels: 'ARRAY<STRING>', days: 'ARRAY<DATE>', items: 'JSON',
      anything: 'JSON', email: 'STRING', hashed_int: 'STRING', hashed_at: 'STRING', hashed_object: 'STRING', hashed_list: 'STRING',
      hashed_flag: 'STRING', hashed_document: 'STRING', masked_day: 'STRING', masked_number: 'STRING', masked_object: 'STRING', masked_list: 'STRING',
    });

    const again = await analyzePlan(analyzer, plan(existingRelations(warehouse, PROJECT), 'rerun'), warehouse, PROJECT);
    expect(again.rejected, report(again.rejected)).toEqual([]);
  });
});
