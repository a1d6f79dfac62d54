/**
 * An environment's BigQuery statements, accepted by ZetaSQL: the build of `--env feature` after
 * the target's (datasets `<dataset>__feature`, unchanged models as views reading the target's
 * datasets), `mesh env promote`'s (the candidate renamed, the target's view switched, its state
 * recorded) and `mesh env drop`'s.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompiledProject } from '../../src/compile/compiled-node.js';
import { envCandidate, promoteStatements } from '../../src/commands/env.js';
import type { TargetState } from '../../src/commands/env-target.js';
import { compile } from '../../src/mesh.js';
import { planBuild, privateSchema, type BuildPlan, type PlanStep } from '../../src/plan/build-plan.js';
import { environmentPointers } from '../../src/state/environment-plan.js';
import { fingerprintNodes } from '../../src/state/fingerprints.js';
import type { StoredNodeState } from '../../src/state/node-state.js';
import type { TemplateEngine } from '../../src/template/template-engine.js';
import type { StatementAnalyzer } from '../support/statement-analyzer.js';
import { createZetaSqlAnalyzer } from '../support/zetasql.js';
import { analyzePlan, BIGQUERY_CAPABILITIES, existingRelations, report, sourceTables, type Warehouse } from './bigquery-statements.js';

const PROJECT_DIR = fileURLToPath(new URL('../../example-project/', import.meta.url));
const AS_OF = '2024-07-01T12:00:00Z';

const stepOf = (id: string, sql: readonly string[]): BuildPlan => ({
  steps: [{ id, kind: 'contract', domain: 'd', stage: 'contract', action: 'contract', label: id, statements: sql.map((s) => ({ sql: s })), sources: [], waitsFor: [] } satisfies PlanStep],
  schemas: [],
  setup: [],
});

describe('ZetaSQL accepts the BigQuery statements of an environment', () => {
  let analyzer: StatementAnalyzer;
  let target: { compiled: CompiledProject; engine: TemplateEngine };
  let env: { compiled: CompiledProject; engine: TemplateEngine };
  let project: string;
  beforeAll(async () => {
    analyzer = await createZetaSqlAnalyzer();
    const base = compile({ projectDir: PROJECT_DIR, target: 'prod' });
    const feature = compile({ projectDir: PROJECT_DIR, target: 'prod', environment: 'feature' });
    target = { compiled: base.compiled!, engine: base.engine! };
    env = { compiled: feature.compiled!, engine: feature.engine! };
    project = target.compiled.target.project!;
  });
  afterAll(async () => {
    await analyzer?.close();
  });

  it('builds into <dataset>__feature, pointing unchanged models at the target, and promotes and drops', async () => {
    // The target, built.
    const warehouse: Warehouse = await sourceTables(target.compiled, PROJECT_DIR);
    const all = (c: CompiledProject) => [...c.nodes.keys()];
    const built = await analyzePlan(analyzer, planBuild(target.compiled, all(target.compiled), new Map(), target.engine, { fullRefresh: false, runId: 'target', asOf: AS_OF, capabilities: BIGQUERY_CAPABILITIES }), warehouse, project);
    expect(built.rejected, report(built.rejected)).toEqual([]);

    // Its node state says every model was built as the project is now, but for the checkout domain's.
    const fingerprints = fingerprintNodes(target.compiled, () => 'stamp');
    const stored = new Map<string, StoredNodeState>(
      [...target.compiled.nodes.values()].filter((n) => n.domain !== 'checkout').map((n) => [n.id, { relation: n.relation ?? '', ...fingerprints.get(n.id)! }]),
    );
    const targetExisting = existingRelations(warehouse, project);
    const pointTo = environmentPointers(target.compiled, fingerprints, stored, targetExisting);
    expect(pointTo.size).toBeGreaterThan(5);
    expect([...pointTo.keys()].some((id) => id.includes('.checkout.'))).toBe(false);

    const plan = planBuild(env.compiled, all(env.compiled), new Map(), env.engine, { fullRefresh: false, runId: 'feature', asOf: AS_OF, capabilities: BIGQUERY_CAPABILITIES, pointTo });
    // Every dataset the environment writes is its own.
    expect(plan.schemas.map((s) => s.name).filter((s) => !s.endsWith('__feature'))).toEqual([]);
    const pointed = plan.steps.filter((s) => pointTo.has(s.id));
    expect(pointed.length).toBe(pointTo.size);
    for (const step of pointed) expect(step.statements.at(-1)!.sql).toMatch(new RegExp(`AS\\nSELECT \\* FROM \`${project}\\.\\w+(?<!__feature)\\.\\w+\`$`));
    const envBuilt = await analyzePlan(analyzer, plan, warehouse, project);
    expect(envBuilt.rejected, report(envBuilt.rejected)).toEqual([]);

    // Promote every contract view the environment published.
    const envState: TargetState = { compiled: env.compiled, fingerprints: fingerprintNodes(env.compiled, () => 'stamp'), existing: existingRelations(warehouse, project), stored: new Map(), published: new Map() };
    const contracts = [...env.compiled.nodes.values()].filter((n) => n.kind === 'contract');
    expect(contracts.length).toBeGreaterThan(0);
    const targetState: TargetState = { compiled: target.compiled, fingerprints, existing: existingRelations(warehouse, project), stored, published: new Map() };
    for (const node of contracts) {
      const published = new Map([[`${node.domain}.${node.contractDefinition!.product}`, [node.contractDefinition!]]]);
      const found = envCandidate(node, { ...envState, existing: existingRelations(warehouse, project), published });
      if (!('candidate' in found)) throw new Error(`${node.id}: ${JSON.stringify(found)}`);
      const statements = promoteStatements(env.engine, node, target.compiled.nodes.get(node.id)!, found, envState, { ...targetState, existing: existingRelations(warehouse, project) }, 'feature').map((s) => s.sql);
      expect(statements[0]).toMatch(/^ALTER TABLE `[^`]+__feature\.__mesh_\w+__feature` RENAME TO `__promoted_\w+__feature`$/);
      // The analyzer does not follow a rename: the rest is judged with the candidate under its new name.
      const rename = await analyzePlan(analyzer, stepOf(node.id, statements.slice(0, 1)), warehouse, project);
      expect(rename.rejected, report(rename.rejected)).toEqual([]);
      const key = (relation: string) => relation.replace(/`/g, '');
      warehouse.set(key(found.promoted), warehouse.get(key(found.candidate))!);
      warehouse.delete(key(found.candidate));
      const rest = await analyzePlan(analyzer, stepOf(node.id, statements.slice(1)), warehouse, project);
      expect(rest.rejected, report(rest.rejected)).toEqual([]);
      expect(statements).toContain(`CREATE OR REPLACE VIEW ${target.compiled.nodes.get(node.id)!.relation} AS SELECT * FROM ${found.promoted}`);
    }

    // Drop: one DROP SCHEMA … CASCADE per dataset.
    const drops = [privateSchema(env.compiled.dialect, 'checkout'), 'meshwork__feature'].flatMap((schema) => env.engine.statements('env/drop_schema', { schema: env.compiled.dialect.schemaRelation(schema) }).map((s) => s.sql));
    expect(drops).toEqual([`DROP SCHEMA IF EXISTS \`${project}.checkout_private__feature\` CASCADE`, `DROP SCHEMA IF EXISTS \`${project}.meshwork__feature\` CASCADE`]);
    const dropped = await analyzePlan(analyzer, stepOf('drop', drops), warehouse, project);
    expect(dropped.rejected, report(dropped.rejected)).toEqual([]);
  });
});
