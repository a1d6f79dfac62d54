/**
 * Every statement a `prod` (BigQuery) build of a project sends, accepted by Google's ZetaSQL
 * analyzer with BigQuery's language, in three warehouse states: fresh (nothing exists), a rerun
 * (everything exists: incremental models take their incremental branch, contracts republish and
 * drop the previous candidates), and kinds switched (each view exists as a table and each table as
 * a view). Statements are those of the plan (setup, each step's statements, failure counts, audits
 * with their type check and samples, publish and discard), analyzed in build order against a
 * catalog that starts with the sources (described from their local files by DuckDB) and follows
 * what each statement creates and drops.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RelationKind } from '../../src/adapters/adapter.js';
import type { CompiledProject } from '../../src/compile/compiled-node.js';
import { compile } from '../../src/mesh.js';
import { planBuild } from '../../src/plan/build-plan.js';
import type { TemplateEngine } from '../../src/template/template-engine.js';
import type { StatementAnalyzer } from '../support/statement-analyzer.js';
import { createZetaSqlAnalyzer } from '../support/zetasql.js';
import { analyzePlan, BIGQUERY_CAPABILITIES, existingRelations, report, sourceTables, type Warehouse } from './bigquery-statements.js';

/** The three warehouse states' tests for the project in `projectDir`, whose `sources` tables DuckDB describes. */
export function describeThreeStates(name: string, projectDir: string, sources: number): void {
  describe(`ZetaSQL accepts every BigQuery statement of ${name}`, () => {
    let analyzer: StatementAnalyzer;
    let compiled: CompiledProject;
    let engine: TemplateEngine;
    let project: string;
    let afterFresh: Warehouse;

    beforeAll(async () => {
      analyzer = await createZetaSqlAnalyzer();
      const result = compile({ projectDir: projectDir, target: 'prod' });
      if (!result.compiled || !result.engine) throw new Error(`${projectDir} does not compile for prod`);
      compiled = result.compiled;
      engine = result.engine;
      project = compiled.target.project!;
    });
    afterAll(async () => {
      await analyzer?.close();
    });

    const build = (warehouse: Warehouse, existing: ReadonlyMap<string, RelationKind>, runId: string) =>
      analyzePlan(
        analyzer,
        planBuild(compiled, [...compiled.nodes.keys()], existing, engine, { fullRefresh: false, runId, asOf: '2024-07-01T12:00:00Z', capabilities: BIGQUERY_CAPABILITIES }),
        warehouse,
        project,
      );

    it('on a fresh warehouse', async () => {
      const warehouse = await sourceTables(compiled, projectDir);
      expect(warehouse.size).toBe(sources);
      const { rejected, analyzed } = await build(warehouse, new Map(), 'fresh');
      expect(rejected, report(rejected)).toEqual([]);
      expect(analyzed).toBeGreaterThan(30);
      // Every model, seed and contract view now exists, with the columns the analyzer gave it.
      for (const node of compiled.nodes.values()) {
        if (!node.schema || node.materialized === 'ephemeral' || node.kind === 'test') continue;
        expect(warehouse.get(`${project}.${node.schema}.${node.identifier}`)?.columns.length, node.id).toBeGreaterThan(0);
      }
      afterFresh = warehouse;
    });

    it('on a rerun, where everything exists', async () => {
      expect(afterFresh, 'the fresh build ran first').toBeDefined();
      const warehouse: Warehouse = new Map(afterFresh);
      const existing = existingRelations(warehouse, project);
      const { rejected } = await build(warehouse, existing, 'rerun');
      expect(rejected, report(rejected)).toEqual([]);
      const plan = planBuild(compiled, [...compiled.nodes.keys()], existing, engine, { fullRefresh: false, runId: 'rerun', capabilities: BIGQUERY_CAPABILITIES });
      expect(plan.steps.filter((s) => s.action === 'incremental').length).toBeGreaterThan(0);
      // Republishing drops the fresh build's candidates.
      expect(plan.steps.flatMap((s) => s.publish ?? []).some((s) => /DROP TABLE IF EXISTS .*__fresh/.test(s.sql))).toBe(true);
    });

    it('after kinds are switched: views exist as tables, tables as views', async () => {
      expect(afterFresh, 'the fresh build ran first').toBeDefined();
      const warehouse: Warehouse = new Map(
        [...afterFresh].map(([name, relation]) => [name, name.includes('__mesh_') ? relation : { ...relation, kind: relation.kind === 'view' ? 'table' : 'view' }]),
      );
      const existing = existingRelations(warehouse, project);
      const { rejected } = await build(warehouse, existing, 'switched');
      expect(rejected, report(rejected)).toEqual([]);
      const plan = planBuild(compiled, [...compiled.nodes.keys()], existing, engine, { fullRefresh: false, runId: 'switched', capabilities: BIGQUERY_CAPABILITIES });
      const statements = plan.steps.flatMap((s) => [...s.statements, ...(s.publish ?? [])]).map((s) => s.sql);
      expect(statements.some((sql) => sql.startsWith('DROP VIEW IF EXISTS'))).toBe(true);
      expect(statements.some((sql) => sql.startsWith('DROP TABLE IF EXISTS'))).toBe(true);
    });
  });
}
