/**
 * A snapshot's BigQuery SQL, judged by ZetaSQL against the warehouse as the build leaves it: the
 * first build (the seed it reads, then CREATE TABLE … AS), then a later build in each strategy and
 * hard_deletes mode (one staging statement and one MERGE; UPDATE + INSERT without the table's
 * columns), and a model reading one with {{latest}}. The later builds' SQL is kept as golden files (UPDATE_GOLDEN=1 rewrites them).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RelationKind } from '../../src/adapters/adapter.js';
import { compile } from '../../src/mesh.js';
import { planBuild } from '../../src/plan/build-plan.js';
import { analyzePlan, report, type Warehouse } from '../bigquery-sql/bigquery-statements.js';
import type { StatementAnalyzer } from '../support/statement-analyzer.js';
import { writeProject } from '../support/temp-project.js';
import { createZetaSqlAnalyzer } from '../support/zetasql.js';

const EXPECTED = fileURLToPath(new URL('./expected/', import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';

const snapshot = (key: string, settings: string): string =>
  `/*\nmaterialized: snapshot\nunique_key: ${key}\n${settings}\n*/\nselect id, region, name, updated_at from {{ref "customers"}}\n`;
const MODELS: Record<string, string> = {
  ts_ignore: snapshot('id', 'strategy: timestamp\nupdated_at: updated_at'),
  ts_invalidate: snapshot('id', 'strategy: timestamp\nupdated_at: updated_at\nhard_deletes: invalidate'),
  ts_new_record: snapshot('[id, region]', 'strategy: timestamp\nupdated_at: updated_at\nhard_deletes: new_record'),
  check_name: snapshot('id', 'strategy: check\ncheck_cols: [name]'),
  check_all: snapshot('id', 'strategy: check\ncheck_cols: all\nhard_deletes: new_record'),
};

describe('ZetaSQL accepts the BigQuery SQL of snapshots', () => {
  let analyzer: StatementAnalyzer;
  beforeAll(async () => {
    analyzer = await createZetaSqlAnalyzer();
  });
  afterAll(async () => {
    await analyzer?.close();
  });

  it('first build, then a later build in each mode, with and without the table\'s columns', async () => {
    const dir = writeProject({
      'mesh.yaml': 'name: lab\r\ntargets:\r\n  prod:\r\n    engine: bigquery\r\n    project: lab-prod\r\n    location: EU\r\ndefault_target: prod\r\n',
      'domains/crm/domain.yaml': 'name: crm\nowner: team-crm\ndescription: customers\nseeds:\n  customers:\n    column_types:\n      updated_at: timestamp\n',
      'domains/crm/seeds/customers.csv': 'id,region,name,updated_at\n1,eu,Ann,2024-01-01 00:00:00\n1,eu,Ann,2024-01-01 00:00:00\n2,us,,\n',
      ...Object.fromEntries(Object.entries(MODELS).map(([name, text]) => [`domains/crm/cleaned/${name}.sql`, text])),
      'domains/crm/aggregate/current_customers.sql': 'select id, name\nfrom {{latest "check_all"}} as c\n',
    });
    const result = compile({ projectDir: dir, target: 'prod' });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const compiled = result.compiled!;
    const ids = [...compiled.nodes.keys()];
    const warehouse: Warehouse = new Map();

    const first = planBuild(compiled, ids, new Map(), result.engine!, { fullRefresh: false, runId: 'first' });
    expect(first.steps.map((s) => s.action).sort()).toEqual(['seed', 'snapshot', 'snapshot', 'snapshot', 'snapshot', 'snapshot', 'table']);
    const created = await analyzePlan(analyzer, first, warehouse, 'lab-prod');
    expect(created.rejected, report(created.rejected)).toEqual([]);
    expect(warehouse.get('lab-prod.crm_cleaned.check_all')!.columns).toEqual([
      { name: 'id', type: 'INT64' }, { name: 'region', type: 'STRING' }, { name: 'name', type: 'STRING' }, { name: 'updated_at', type: 'TIMESTAMP' },
      { name: 'snapshot_id', type: 'STRING' }, { name: 'valid_from', type: 'TIMESTAMP' }, { name: 'valid_to', type: 'TIMESTAMP' },
      { name: 'is_current', type: 'BOOL' }, { name: 'is_deleted', type: 'BOOL' },
    ]);
    // {{latest}} reads the current state with the query's columns only.
    expect(warehouse.get('lab-prod.crm_aggregate.current_customers')!.columns).toEqual([{ name: 'id', type: 'INT64' }, { name: 'name', type: 'STRING' }]);

    const snapshots = ids.filter((id) => compiled.nodes.get(id)!.materialized === 'snapshot');
    const existing = new Map<string, RelationKind>(snapshots.map((id) => [`${compiled.nodes.get(id)!.schema}.${compiled.nodes.get(id)!.identifier}`, 'table']));
    const columns = new Map(snapshots.map((id) => {
      const node = compiled.nodes.get(id)!;
      return [`${node.schema}.${node.identifier}`, warehouse.get(`lab-prod.${node.schema}.${node.identifier}`)!.columns.map((c) => c.name)];
    }));
    const later = planBuild(compiled, snapshots, existing, result.engine!, { fullRefresh: false, runId: 'later', columns });
    expect(later.steps.map((s) => [s.id, s.action, s.statements.length])).toEqual(snapshots.map((id) => [id, 'snapshot', 3]));
    const merged = await analyzePlan(analyzer, later, new Map(warehouse), 'lab-prod');
    expect(merged.rejected, report(merged.rejected)).toEqual([]);

    // Without the columns: UPDATE and INSERT in a transaction.
    const blind = planBuild(compiled, snapshots, existing, result.engine!, { fullRefresh: false, runId: 'blind' });
    expect(blind.steps.map((s) => s.statements.length)).toEqual(snapshots.map(() => 6));
    const applied = await analyzePlan(analyzer, blind, new Map(warehouse), 'lab-prod');
    expect(applied.rejected, report(applied.rejected)).toEqual([]);

    mkdirSync(EXPECTED, { recursive: true });
    for (const step of later.steps) {
      const text = `${step.statements.map((s) => `${s.sql};`).join('\n\n')}\n`;
      const file = `${EXPECTED}${step.id.replace(/^model\.crm\./, '')}.bigquery.sql`;
      if (update || !existsSync(file)) writeFileSync(file, text);
      expect(text, file).toBe(readFileSync(file, 'utf8'));
    }
  });
});
