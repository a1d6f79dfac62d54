import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import type { NodeResult } from '../../src/execute/run-events.js';
import { build } from '../../src/mesh.js';
import { memoryDuckDB } from '../support/temp-project.js';

/** One build on the adapter (opened for the project on first use): the node's result, and its entry in target/run_results.json. */
export async function buildAndFind(
  dir: string,
  adapter: DuckDBAdapter | undefined,
  id: string,
): Promise<{ adapter: DuckDBAdapter; result: NodeResult; written: Record<string, unknown> }> {
  const used = adapter ?? (await memoryDuckDB(dir));
  const built = await build({ projectDir: dir, adapter: used, asOf: '2024-01-02T12:00:00Z' });
  expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const result = built.run!.results.find((r) => r.id === id);
  expect(result, `${id} in ${built.run!.results.map((r) => r.id).join(', ')}`).toBeDefined();
  const onDisk = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: Record<string, unknown>[] };
  return { adapter: used, result: result!, written: onDisk.results.find((r) => r.unique_id === id)! };
}

/** For a test file: `failure(dir, id)` builds on one adapter per test (closed after it) and finds the node. */
export function failingBuilds(): (dir: string, id: string) => ReturnType<typeof buildAndFind> {
  let adapter: DuckDBAdapter | undefined;
  afterEach(async () => {
    await adapter?.close();
    adapter = undefined;
  });
  return async (dir, id) => {
    const found = await buildAndFind(dir, adapter, id);
    adapter = found.adapter;
    return found;
  };
}

/**
 * The node failed in the engine at `file:line[:column]`, said the same in run_results.json, and
 * its message shows the statement's line under the file's line number, with no `LINE n:` of the
 * engine's own to contradict it.
 */
export function expectFailedAt(
  found: { result: NodeResult; written: Record<string, unknown> },
  file: string,
  line: number,
  column?: number,
  /** The caret's column in the statement's line shown, when a helper made it differ from the file's. */
  caret = column,
): void {
  const { result, written } = found;
  expect({ status: result.status, file: result.file, line: result.line, column: result.column }).toEqual({ status: 'error', file, line, column });
  expect({ file: written.file, line: written.line, column: written.column }).toEqual({ file, line, column: column ?? null });
  expect(result.message).not.toMatch(/\bLINE \d+:/);
  expect(result.message).toContain(`\n  ${line} | `);
  if (caret !== undefined) expect(result.message).toMatch(new RegExp(`\\n  ${' '.repeat(String(line).length)} \\| [ \\t]{${caret - 1}}\\^$`));
}
