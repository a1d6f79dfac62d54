/**
 * The node-state table on BigQuery: created in the plan's setup, written after a run by one MERGE
 * (and a DELETE for failed nodes), read back by the next build; every statement accepted by
 * ZetaSQL, against the warehouse the example project's fresh build leaves. A rerun that reuses
 * part of the project plans only the rest, and those statements read the reused relations as
 * they exist.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompiledProject } from '../../src/compile/compiled-node.js';
import { nodeStateStatements } from '../../src/execute/record-node-state.js';
import type { NodeResult } from '../../src/execute/run-events.js';
import { compile } from '../../src/mesh.js';
import { planBuild } from '../../src/plan/build-plan.js';
import { fingerprintNodes } from '../../src/state/fingerprints.js';
import { nodeStateQuery, nodeStateRelation, type StoredNodeState } from '../../src/state/node-state.js';
import type { TemplateEngine } from '../../src/template/template-engine.js';
import type { StatementAnalyzer } from '../support/statement-analyzer.js';
import { createZetaSqlAnalyzer } from '../support/zetasql.js';
import { analyzePlan, BIGQUERY_CAPABILITIES, existingRelations, report, sourceTables } from './bigquery-statements.js';

const PROJECT = fileURLToPath(new URL('../../example-project/', import.meta.url));

describe('the node-state table on BigQuery', () => {
  let analyzer: StatementAnalyzer;
  let compiled: CompiledProject;
  let engine: TemplateEngine;
  beforeAll(async () => {
    analyzer = await createZetaSqlAnalyzer();
    const result = compile({ projectDir: PROJECT, target: 'prod' });
    if (!result.compiled || !result.engine) throw new Error('example-project does not compile for prod');
    compiled = result.compiled;
    engine = result.engine;
  });
  afterAll(async () => {
    await analyzer?.close();
  });

  it('is created, recorded, read and reused with statements ZetaSQL accepts', async () => {
    const project = compiled.target.project!;
    const fingerprints = fingerprintNodes(compiled, () => 'stamp');
    const selected = [...compiled.nodes.keys()];
    const warehouse = await sourceTables(compiled, PROJECT);
    const reuse = { fingerprints, stored: new Map<string, StoredNodeState>() };
    const fresh = planBuild(compiled, selected, new Map(), engine, { fullRefresh: false, runId: 'fresh', asOf: '2024-07-01T12:00:00Z', capabilities: BIGQUERY_CAPABILITIES, reuse });
    expect(fresh.setup.some((s) => s.sql.includes(`CREATE TABLE IF NOT EXISTS ${nodeStateRelation(compiled.dialect)}`))).toBe(true);
    const built = await analyzePlan(analyzer, fresh, warehouse, project);
    expect(built.rejected, report(built.rejected)).toEqual([]);

    // The run: everything succeeded but one model (forgotten) and one test with failing rows (not recorded).
    const failedModel = fresh.steps.find((s) => s.kind === 'model')!.id;
    const failingTest = fresh.steps.find((s) => s.kind === 'test')!.id;
    const results: NodeResult[] = fresh.steps.map((s) => ({
      id: s.id, kind: s.kind, label: s.label, action: s.action, durationMs: 1,
      status: s.id === failedModel ? 'error' : 'success',
      ...(s.id === failingTest ? { failures: 2, warning: true } : {}),
    }));
    const calls = nodeStateStatements(engine, compiled, fresh, { results }, fingerprints);
    expect(calls).toHaveLength(1);
    const statements = calls[0]!.map((s) => s.sql);
    expect(statements.map((sql) => sql.split(/\s/)[0])).toEqual(['DELETE', 'MERGE']);
    expect(statements[0]).toContain(`'${failedModel}'`);
    expect(statements[0]).toContain(`'${failingTest}'`);
    expect(statements[1]).not.toContain(`'${failedModel}'`);
    const tables = new Map([...warehouse].map(([name, relation]) => [name, relation.columns]));
    for (const sql of [...statements, nodeStateQuery(nodeStateRelation(compiled.dialect))]) {
      const analyzed = await analyzer.analyze(sql, tables, project);
      expect(analyzed.ok, `${sql}\n${analyzed.ok ? '' : analyzed.message}`).toBe(true);
    }

    // The next build reuses what was recorded: the failed model and what reads it run, reading relations that exist.
    const stored = new Map(results.filter((r) => r.status === 'success' && !r.failures).map((r) => [r.id, { relation: compiled.nodes.get(r.id)!.relation ?? '', ...fingerprints.get(r.id)! }]));
    const rerun = planBuild(compiled, selected, existingRelations(warehouse, project), engine, {
      fullRefresh: false, runId: 'rerun', asOf: '2024-07-01T12:00:00Z', capabilities: BIGQUERY_CAPABILITIES, reuse: { fingerprints, stored },
    });
    expect(rerun.steps.map((s) => s.id)).toContain(failedModel);
    expect(rerun.steps.map((s) => s.id)).toContain(failingTest);
    expect(rerun.reused!.length).toBeGreaterThan(rerun.steps.length);
    // The table exists now: no CREATE in the setup.
    expect(rerun.setup.some((s) => s.sql.includes(nodeStateRelation(compiled.dialect)))).toBe(false);
    const again = await analyzePlan(analyzer, rerun, warehouse, project);
    expect(again.rejected, report(again.rejected)).toEqual([]);
  });
});
