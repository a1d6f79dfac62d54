import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { lines } from '../diagnostics/diagnose.js';
import { updateProject, writeProject } from '../support/temp-project.js';

const EXAMPLE = new URL('../../example-project/', import.meta.url).pathname;
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The example project's files (not its .mesh/ or target/) in a fresh folder. */
function exampleCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-debug-'));
  made.push(dir);
  cpSync(EXAMPLE, dir, { recursive: true, filter: (src) => !/[/\\](\.mesh|target)([/\\]|$)/.test(src.slice(EXAMPLE.length - 1)) });
  return dir;
}

async function debug(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['debug', ...args], { out: (l) => out.push(...l.split('\n')), err: (l) => err.push(...l.split('\n')) }, { env });
  return { code, out, err };
}

describe('mesh debug', () => {
  it("on the example project's dev target: the DuckDB file, its version and which schemas exist", async () => {
    const dir = exampleCopy();
    const first = await debug(['--project', dir]);
    expect(first.err).toEqual([]);
    expect(first.code).toBe(0);
    expect(first.out[0]).toBe("mesh debug: target 'dev' (duckdb)");
    expect(first.out).toContain('✓ configuration  mesh.yaml and 4 domains read: no problems');
    expect(first.out).toContain('✓ target         dev: duckdb, path .mesh/dev.duckdb, 4 threads');
    expect(first.out).toContain(`✓ database       ${join(dir, '.mesh/dev.duckdb')}: did not exist, created empty now`);
    expect(first.out.find((l) => l.startsWith('✓ engine'))).toMatch(/^✓ engine {9}DuckDB v\d+\.\d+\.\d+/);
    expect(first.out.find((l) => l.startsWith('✓ schemas'))).toMatch(/^✓ schemas {8}0 of 17 exist; not yet: checkout, checkout_aggregate, /);
    expect(first.out.at(-1)).toBe('All 5 checks passed.');

    // A schema the build made: found; the file now has a size.
    const db = await DuckDBAdapter.open({ path: join(dir, '.mesh/dev.duckdb'), fileSearchPath: dir, connections: 1 });
    await db.execute([{ sql: 'CREATE SCHEMA checkout_raw' }, { sql: 'CREATE TABLE checkout_raw.t AS SELECT 1 AS x' }]);
    await db.close();
    const second = await debug(['--project', dir]);
    expect(second.code).toBe(0);
    expect(second.out.find((l) => l.startsWith('✓ database'))).toMatch(/\.mesh\/dev\.duckdb \(\d+(\.\d)? (bytes|KB|MB)\)$/);
    expect(second.out.find((l) => l.startsWith('✓ schemas'))).toMatch(/1 of 17 exist: checkout_raw; not yet: checkout, checkout_aggregate,/);
  });

  it('--log-format json: one object per check, then the verdict', async () => {
    const dir = exampleCopy();
    const { code, out } = await debug(['--project', dir, '--log-format', 'json']);
    expect(code).toBe(0);
    const objects = out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objects.map((o) => o.check ?? o.type)).toEqual(['configuration', 'target', 'database', 'engine', 'schemas', 'debugged']);
    expect(objects.at(-1)).toEqual({ type: 'debugged', ok: true, failed: 0 });
  });

  it('a bigquery target that cannot be reached: a failed check, exit 1, and the token in the environment never printed', async () => {
    const token = 'ya29.a0-debug-secret-token';
    const dir = writeProject({
      'mesh.yaml': lines(
        'name: m',
        'targets:',
        '  prod:',
        '    engine: bigquery',
        '    project: ${GCP_PROJECT}',
        '    location: EU',
        '    method: oauth-token',
        '    token_env: BQ_TOKEN',
        // Nothing listens there: the check fails fast, whether or not the engine can run yet.
        '    api_endpoint: http://127.0.0.1:9',
        '    job_retries: 0',
        'default_target: prod',
      ),
    });
    const began = Date.now();
    const { code, out, err } = await debug(['--project', dir], { BQ_TOKEN: token, GCP_PROJECT: 'shop-prod' });
    // A refused connection is not retried for long: the answer comes at once.
    expect(Date.now() - began).toBeLessThan(5000);
    expect(code).toBe(1);
    // The adapter opens (the token is read from its variable) and says what it found, check by check;
    // the check column is as wide as the longest check's name.
    const first = out.findIndex((l) => l.startsWith('✓ configuration'));
    expect(out.slice(first, first + 3)).toEqual([
      '✓ configuration         mesh.yaml and 1 domain read: no problems',
      '✓ target                prod: bigquery, project shop-prod, location EU, auth oauth-token (token in $BQ_TOKEN), endpoint http://127.0.0.1:9, 4 threads',
      '✓ credentials           oauth-token from $BQ_TOKEN',
    ]);
    const failed = out.filter((l) => l.startsWith('✗'));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatch(/^✗ project and location {2}project shop-prod in location EU: .*ECONNREFUSED 127\.0\.0\.1:9$/);
    expect(out[out.indexOf(failed[0]!) + 1]?.trim()).toMatch(/^fix: check the target's project and location/);
    const all = [...out, ...err].join('\n');
    expect(all).not.toContain(token);
    expect(all).not.toMatch(/\n\s+at /);
    expect(out.at(-1)).toMatch(/checks failed: see fix: above\.$/);
  });

  it('a broken configuration: its problems at their lines, the check failed, exit 1', async () => {
    const dir = writeProject({ 'mesh.yaml': lines('name: m', 'targets:', '  dev:', '    engine: duckdb', '    path: ${DB_PATH}') });
    const { code, out, err } = await debug(['--project', dir]);
    expect(code).toBe(1);
    expect(err[0]).toBe('mesh.yaml:5:11: error MESH106: environment variable DB_PATH is not set, and ${DB_PATH} gives no default');
    expect(out).toContain('✗ configuration  mesh.yaml and 1 domain read: 1 error');
    updateProject(dir, { 'mesh.yaml': lines('name: m') });
    const unknown = await debug(['--project', dir, '--target', 'prd']);
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain("✗ target         no target 'prd'");
  });
});
