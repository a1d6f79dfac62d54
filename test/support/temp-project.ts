import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';
import { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';

const made: string[] = [];

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A default mesh.yaml and one domain, so a test only writes the files it is about. */
export const MINIMAL: Record<string, string> = {
  'mesh.yaml': 'name: test_mesh\n',
  'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\ndescription: test domain\n',
};

/** Writes a small project into a fresh temp folder (removed after the test); returns its path. */
export function writeProject(files: Record<string, string>, base: Record<string, string> = MINIMAL): string {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-test-'));
  made.push(dir);
  for (const [path, text] of Object.entries({ ...base, ...files })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Changes or adds files in a project written by writeProject. */
export function updateProject(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** A real DuckDB, in memory, resolving relative files against the project folder. */
export function memoryDuckDB(projectDir: string, connections = 4): Promise<DuckDBAdapter> {
  return DuckDBAdapter.open({ path: ':memory:', fileSearchPath: projectDir, connections });
}

/** Runs a query on the adapter and returns its rows as plain objects. */
export async function rows(adapter: DuckDBAdapter, sql: string): Promise<Record<string, unknown>[]> {
  return adapter.query(sql);
}
