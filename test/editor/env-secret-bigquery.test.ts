import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillSecrets } from '../../src/execute/secret-values.js';
import { compile } from '../../src/mesh.js';
import { planBuild } from '../../src/plan/build-plan.js';
import type { StatementAnalyzer } from '../support/statement-analyzer.js';
import { writeProject } from '../support/temp-project.js';
import { createZetaSqlAnalyzer } from '../support/zetasql.js';
import { analyzePlan, BIGQUERY_CAPABILITIES, report, type Warehouse } from '../bigquery-sql/bigquery-statements.js';

const SECRET = "it's a \\ token";

describe('{{env_secret}} on BigQuery', () => {
  let analyzer: StatementAnalyzer;
  beforeAll(async () => {
    analyzer = await createZetaSqlAnalyzer();
  });
  afterAll(async () => {
    await analyzer?.close();
  });

  it('ZetaSQL accepts the compiled placeholder and the statement with the value filled in', async () => {
    const dir = writeProject({
      'mesh.yaml': 'name: lab\ntargets:\n  prod:\n    engine: bigquery\n    project: lab-prod\n    location: EU\ndefault_target: prod\n',
      'domains/lab/domain.yaml': 'name: lab\nowner: team-lab\ndescription: secrets\nsources:\n  keys:\n    bigquery: ingest.keys\n',
      'domains/lab/aggregate/current.sql': 'select id\nfrom {{source "keys"}}\nwhere key_md5 = to_hex(md5({{env_secret "API_TOKEN"}}))\n',
    });
    const result = compile({ projectDir: dir, target: 'prod', env: { API_TOKEN: SECRET } });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const compiled = result.compiled!;
    const warehouse = (): Warehouse => new Map([['lab-prod.ingest.keys', { kind: 'table', columns: [{ name: 'id', type: 'INT64' }, { name: 'key_md5', type: 'STRING' }] }]]);
    const plan = planBuild(compiled, [...compiled.nodes.keys()], new Map(), result.engine!, { fullRefresh: false, runId: 'secrets', capabilities: BIGQUERY_CAPABILITIES });
    const statements = plan.steps.flatMap((s) => s.statements.map((st) => st.sql));
    expect(statements.some((sql) => sql.includes("/* env_secret API_TOKEN */ ''"))).toBe(true);
    expect((await analyzePlan(analyzer, plan, warehouse(), 'lab-prod')).rejected).toEqual([]);

    const filled = { ...plan, steps: plan.steps.map((s) => ({ ...s, statements: s.statements.map((st) => ({ ...st, sql: fillSecrets(st.sql, { API_TOKEN: SECRET }, compiled.dialect) })) })) };
    const sent = filled.steps.flatMap((s) => s.statements.map((st) => st.sql)).join('\n');
    expect(sent).toContain(compiled.dialect.stringLiteral(SECRET));
    expect(sent).not.toContain('env_secret');
    const { rejected } = await analyzePlan(analyzer, filled, warehouse(), 'lab-prod');
    expect(rejected, report(rejected)).toEqual([]);
  });
});
