/**
 * Every engine-neutral helper (`templates/bigquery/helpers/`), with every choice of its parameters,
 * on columns of each type it is meant for, accepted by ZetaSQL on BigQuery: date_trunc, date_add
 * and date_diff on DATE and TIMESTAMP columns for every part, safe_cast from text to every logical
 * type, json_text on a JSON and on a STRING column, current_timestamp.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/mesh.js';
import { planBuild } from '../../src/plan/build-plan.js';
import { LOGICAL_TYPES, NEUTRAL_HELPERS } from '../../src/template/neutral-helpers.js';
import type { StatementAnalyzer } from '../support/statement-analyzer.js';
import { writeProject } from '../support/temp-project.js';
import { createZetaSqlAnalyzer } from '../support/zetasql.js';
import { analyzePlan, BIGQUERY_CAPABILITIES, report, type Warehouse } from './bigquery-statements.js';

const PARTS = NEUTRAL_HELPERS.date_trunc!.choices!.part!;

const expressions = [
  ...['day_col', 'ts_col'].flatMap((column) =>
    PARTS.flatMap((part) => [
      `{{date_trunc "${part}" "${column}"}}`,
      `{{date_add "${column}" 3 "${part}"}}`,
      `{{date_diff "${part}" "${column}" "ts_col"}}`,
      `{{date_diff "${part}" "day_col" "${column}"}}`,
    ]),
  ),
  ...LOGICAL_TYPES.map((type) => `{{safe_cast "text_col" "${type}"}}`),
  '{{json_text "doc_col" "$.a.b"}}',
  '{{json_text "text_col" "a"}}',
  '{{current_timestamp}}',
];

const MODEL = `/*
description: Every helper, every choice.
*/
select
${expressions.map((e, i) => `  ${e} as c${i}`).join(',\n')}
from {{source "kinds"}}
`;

describe('ZetaSQL accepts every neutral helper on BigQuery', () => {
  let analyzer: StatementAnalyzer;
  beforeAll(async () => {
    analyzer = await createZetaSqlAnalyzer();
  });
  afterAll(async () => {
    await analyzer?.close();
  });

  it('for every parameter choice, on the column types it takes', async () => {
    const dir = writeProject({
      'mesh.yaml': 'name: lab\ntargets:\n  prod:\n    engine: bigquery\n    project: lab-prod\n    location: EU\ndefault_target: prod\n',
      'domains/lab/domain.yaml': 'name: lab\nowner: team-lab\ndescription: helpers\nsources:\n  kinds:\n    bigquery: ingest.kinds\n',
      'domains/lab/cleaned/helpers.sql': MODEL,
    });
    const result = compile({ projectDir: dir, target: 'prod' });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const compiled = result.compiled!;
    const warehouse: Warehouse = new Map([
      ['lab-prod.ingest.kinds', { kind: 'table', columns: [
        { name: 'day_col', type: 'DATE' }, { name: 'ts_col', type: 'TIMESTAMP' }, { name: 'text_col', type: 'STRING' }, { name: 'doc_col', type: 'JSON' },
      ] }],
    ]);
    const plan = planBuild(compiled, [...compiled.nodes.keys()], new Map(), result.engine!, { fullRefresh: false, runId: 'helpers', capabilities: BIGQUERY_CAPABILITIES });
    const { rejected } = await analyzePlan(analyzer, plan, warehouse, 'lab-prod');
    expect(rejected, report(rejected)).toEqual([]);
    const columns = warehouse.get('lab-prod.lab_cleaned.helpers')?.columns ?? [];
    expect(columns).toHaveLength(expressions.length);
    // safe_cast gives the logical type's BigQuery type.
    const casts = columns.slice(PARTS.length * 8, PARTS.length * 8 + LOGICAL_TYPES.length).map((c) => c.type);
    expect(casts).toEqual(['STRING', 'INT64', 'FLOAT64', 'NUMERIC', 'BOOL', 'DATE', 'TIMESTAMP']);
  });
});
