/**
 * DuckDB refusing what a build asks outside any node: MESH181 at the target's line, nothing built,
 * no run, never MESH199. (BigQuery's refusals: test/adapters/bigquery-refusals.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { build } from '../../src/mesh.js';
import { memoryDuckDB, writeProject } from '../support/temp-project.js';
import { conformanceFiles } from '../conformance/conformance-project.js';

/** The line of the dev target's `path:` in the conformance project's mesh.yaml (where MESH181 points). */
const DEV_LINE = 5;

let db: DuckDBAdapter | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

describe('the published state made unreadable by hand', () => {
  it.each([
    ['a view of that name without a definition column', 'create view meshwork.published_contracts as select 1 as x', /Referenced column "definition" not found/],
    ['a row that is not a definition meshwork wrote', "create table meshwork.published_contracts as select 'x' as definition union all select null", /holds no contract definition meshwork wrote \("x"\); delete that row or restore it$/],
  ])('%s: MESH181 at the target, nothing built, no run', async (_, made, says) => {
    const dir = writeProject(conformanceFiles(), {});
    db = await memoryDuckDB(dir);
    await db.execute([{ sql: 'create schema meshwork' }, { sql: made }]);
    const result = await build({ projectDir: dir, target: 'dev', adapter: db, env: {} });
    expect(result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.file}:${d.line}`)).toEqual([`error MESH181 mesh.yaml:${DEV_LINE}`]);
    expect(result.diagnostics[0]!.message).toMatch(/^target 'dev': cannot read the published contracts \("meshwork"\."published_contracts"\): /);
    expect(result.diagnostics[0]!.message).toMatch(says);
    expect(result.diagnostics[0]!.hint).toMatch(/^the database at the target's path refused it/);
    expect(result.run).toBeUndefined();
    expect(await db.query("select schema_name from information_schema.schemata where schema_name like 'shop%'")).toEqual([]);
  });
});
