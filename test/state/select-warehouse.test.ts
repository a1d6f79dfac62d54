import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import type { CompiledProject } from '../../src/compile/compiled-node.js';
import { compile, warehouseComparison } from '../../src/mesh.js';
import { PUBLISHED_STATE_SCHEMA } from '../../src/plan/build-plan.js';
import { nodeStateRelation } from '../../src/state/node-state.js';
import { localSourceStamps } from '../../src/state/local-source-stamps.js';
import { fingerprintProject } from '../../src/state/project-fingerprints.js';
import { memoryDuckDB, updateProject, writeProject } from '../support/temp-project.js';

const PROJECT = {
  'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\nsources:\n  feed:\n    duckdb: data/feed.csv\n',
  'domains/shop/data/feed.csv': 'id,amount\n1,2.5\n1,2.5\n2,\n',
  'domains/shop/raw/orders.sql': 'select * from {{source "feed"}}\n',
  'domains/shop/cleaned/orders_clean.sql': '/*\ndescription: One row per order.\n*/\nselect distinct id, amount from {{ref "orders"}}\n',
  'domains/shop/aggregate/total.sql': 'select sum(amount) as total from {{ref "orders_clean"}}\n',
};

let adapter: DuckDBAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
});

function compiled(dir: string): CompiledProject {
  const result = compile({ projectDir: dir });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result.compiled!;
}

/** The node-state table as a build leaves it: one row per node built, with the fingerprints it was built with. */
async function recordState(db: DuckDBAdapter, project: CompiledProject, dir: string): Promise<void> {
  const relation = nodeStateRelation(project.dialect);
  const fingerprints = fingerprintProject(project, localSourceStamps(dir, 'duckdb'));
  const values = [...fingerprints.nodes].map(([id, f]) => `('${id}', '${project.nodes.get(id)!.relation ?? ''}', '${f.data}', '${f.metadata}', TIMESTAMP '2026-12-01 10:00:00')`);
  await db.query(`CREATE SCHEMA ${project.dialect.schemaName(PUBLISHED_STATE_SCHEMA)}`);
  await db.query(`CREATE TABLE ${relation} (node_id VARCHAR, relation VARCHAR, data_fingerprint VARCHAR, metadata_fingerprint VARCHAR, built_at TIMESTAMP)`);
  await db.query(`INSERT INTO ${relation} VALUES ${values.join(', ')}`);
}

describe('warehouseComparison: state: selectors against the node-state table', () => {
  it("selects what changed since the recorded build: own SQL, description, a new model, and not a parent's change", async () => {
    const dir = writeProject(PROJECT);
    adapter = await memoryDuckDB(dir);
    await recordState(adapter, compiled(dir), dir);

    updateProject(dir, {
      'domains/shop/raw/orders.sql': 'select id, amount from {{source "feed"}}\r\n',
      'domains/shop/cleaned/orders_clean.sql': PROJECT['domains/shop/cleaned/orders_clean.sql'].replace('One row per order.', 'Each order once.'),
      'domains/shop/aggregate/count.sql': 'select count(*) as n from {{ref "orders"}}\n',
    });
    const now = compiled(dir);
    const state = await warehouseComparison(adapter, now, fingerprintProject(now, localSourceStamps(dir, 'duckdb')), true);
    expect(state.against).toBe(`the node state of target 'dev' (${nodeStateRelation(now.dialect)})`);
    expect(state.against).toContain('meshwork');
    expect([...state.modifiedData]).toEqual(['model.shop.orders']);
    expect([...state.modifiedMetadata]).toEqual(['model.shop.orders_clean']);
    expect([...state.added]).toEqual(['model.shop.count']);
    expect(now.graph.select(['state:modified'], undefined, { state }).ids).toEqual(['model.shop.orders', 'model.shop.count', 'model.shop.orders_clean']);
    expect(now.graph.select(['state:modified.data+'], undefined, { state }).ids).toEqual(['model.shop.orders', 'model.shop.count', 'model.shop.orders_clean', 'model.shop.total']);
  });

  it('without the table (never built on this target) every node is new', async () => {
    const dir = writeProject(PROJECT);
    adapter = await memoryDuckDB(dir);
    const now = compiled(dir);
    const state = await warehouseComparison(adapter, now, fingerprintProject(now, localSourceStamps(dir, 'duckdb')), false);
    expect([...state.added].sort()).toEqual([...now.nodes.keys()].sort());
    expect(now.graph.select(['state:new'], undefined, { state }).ids).toHaveLength(3);
  });
});
