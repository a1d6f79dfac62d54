/** {{surrogate_key}} and {{star}} on BigQuery: ZetaSQL accepts what they write, with the columns the query should have. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/mesh.js';
import { planBuild } from '../../src/plan/build-plan.js';
import { LOGICAL_TYPES } from '../../src/template/neutral-helpers.js';
import type { StatementAnalyzer } from '../support/statement-analyzer.js';
import { writeProject } from '../support/temp-project.js';
import { createZetaSqlAnalyzer } from '../support/zetasql.js';
import { analyzePlan, BIGQUERY_CAPABILITIES, report, type Warehouse } from '../bigquery-sql/bigquery-statements.js';

describe('ZetaSQL accepts surrogate_key, star and sql_type on BigQuery', () => {
  let analyzer: StatementAnalyzer;
  beforeAll(async () => {
    analyzer = await createZetaSqlAnalyzer();
  });
  afterAll(async () => {
    await analyzer?.close();
  });

  it('over columns of every type, with and without an alias', async () => {
    const dir = writeProject({
      'mesh.yaml': 'name: lab\ntargets:\n  prod:\n    engine: bigquery\n    project: lab-prod\n    location: EU\ndefault_target: prod\n',
      'domains/lab/domain.yaml': 'name: lab\nowner: team-lab\ndescription: helpers\nsources:\n  kinds:\n    bigquery: ingest.kinds\n',
      'domains/lab/cleaned/keyed.sql': 'select {{surrogate_key (list "id" "day_col" "ts_col" "text_col" "num_col" "flag_col")}} as k,\r\n  {{surrogate_key (list "id")}} as k1\r\nfrom {{source "kinds"}}\r\n',
      'domains/lab/cleaned/starred.sql': 'select {{star except=(list "ts_col" "text_col")}} from {{source "kinds"}}\n',
      'domains/lab/cleaned/typed.sql': `select ${LOGICAL_TYPES.map((t) => `cast(null as {{sql_type "${t}"}}) as ${t}_col`).join(', ')}\n`,
      'domains/lab/cleaned/aliased.sql': 'select {{star except=(list "id") relation_alias="k"}}, 1 as one from {{source "kinds"}} as k\n',
    });
    const result = compile({ projectDir: dir, target: 'prod' });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const compiled = result.compiled!;
    expect(compiled.nodes.get('model.lab.keyed')!.select.sql).toContain("TO_HEX(MD5(CONCAT(coalesce(CAST(id AS STRING), '_dbt_utils_surrogate_key_null_'), '-', ");
    expect(compiled.nodes.get('model.lab.aliased')!.select.sql).toContain('k.* EXCEPT (`id`)');
    const warehouse: Warehouse = new Map([
      ['lab-prod.ingest.kinds', { kind: 'table', columns: [
        { name: 'id', type: 'INT64' }, { name: 'day_col', type: 'DATE' }, { name: 'ts_col', type: 'TIMESTAMP' }, { name: 'text_col', type: 'STRING' }, { name: 'num_col', type: 'NUMERIC' }, { name: 'flag_col', type: 'BOOL' },
      ] }],
    ]);
    const plan = planBuild(compiled, [...compiled.nodes.keys()], new Map(), result.engine!, { fullRefresh: false, runId: 'helpers', capabilities: BIGQUERY_CAPABILITIES });
    const { rejected } = await analyzePlan(analyzer, plan, warehouse, 'lab-prod');
    expect(rejected, report(rejected)).toEqual([]);
    expect(warehouse.get('lab-prod.lab_cleaned.keyed')?.columns).toEqual([{ name: 'k', type: 'STRING' }, { name: 'k1', type: 'STRING' }]);
    expect(warehouse.get('lab-prod.lab_cleaned.typed')?.columns.map((c) => c.type)).toEqual(['STRING', 'INT64', 'FLOAT64', 'NUMERIC', 'BOOL', 'DATE', 'TIMESTAMP']);
    expect(warehouse.get('lab-prod.lab_cleaned.starred')?.columns.map((c) => c.name)).toEqual(['id', 'day_col', 'num_col', 'flag_col']);
    expect(warehouse.get('lab-prod.lab_cleaned.aliased')?.columns.map((c) => c.name)).toEqual(['day_col', 'ts_col', 'text_col', 'num_col', 'flag_col', 'one']);
  });
});
