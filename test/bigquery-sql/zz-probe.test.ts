import { fileURLToPath } from 'node:url';
import { it } from 'vitest';
import { compile } from '../../src/mesh.js';
import { planBuild } from '../../src/plan/build-plan.js';
import { createZetaSqlAnalyzer } from '../support/zetasql.js';
import { analyzePlan, BIGQUERY_CAPABILITIES, sourceTables } from './bigquery-statements.js';
it('x', async () => {
  const dir = fileURLToPath(new URL('../../example-project/', import.meta.url));
  const r = compile({ projectDir: dir, target: 'prod' });
  const a = await createZetaSqlAnalyzer();
  const w = await sourceTables(r.compiled!, dir);
  console.log(JSON.stringify([...w]));
  const plan = planBuild(r.compiled!, [...r.compiled!.nodes.keys()], new Map(), r.engine!, { fullRefresh: false, runId: 'fresh', capabilities: BIGQUERY_CAPABILITIES });
  const spy = { analyze: async (sql: string, t: any, p: string) => { const res = await a.analyze(sql, t, p); console.log('---', JSON.stringify(res).slice(0, 300), '\n' + sql.slice(0, 400)); return res; }, close: () => a.close() };
  const out = await analyzePlan(spy, plan, w, 'shop-analytics-prod');
  console.log('analyzed', out.analyzed, out.rejected.length);
  await a.close();
});
