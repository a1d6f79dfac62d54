#!/usr/bin/env node
/**
 * Child process of bench/run.mjs --exec-only: meshwork's own executor and DuckDB adapter
 * (dist/execute/execute-plan.js, dist/adapters/duckdb/duckdb-adapter.js) on the floor's plan, with
 * no CLI, no compile, no artifacts. Between the floor and `mesh build`, it splits the overhead
 * into "executing the plan" and "everything else". Prints one JSON line.
 *
 *   node bench/exec-only.mjs <plan.json> <database-file>
 */
import { readFileSync, rmSync } from 'node:fs';

const started = performance.now();
const dist = new URL('../dist/', import.meta.url);
const { executePlan } = await import(new URL('execute/execute-plan.js', dist).href);
const { DuckDBAdapter } = await import(new URL('adapters/duckdb/duckdb-adapter.js', dist).href);
const [planFile, dbFile] = process.argv.slice(2);
const plan = JSON.parse(readFileSync(planFile, 'utf8'));
for (const suffix of ['', '.wal']) rmSync(`${dbFile}${suffix}`, { force: true });
const adapter = await DuckDBAdapter.open({ path: dbFile, fileSearchPath: plan.fileSearchPath, connections: plan.threads });
await adapter.relations(plan.schemas);
const steps = plan.steps.map((s) => ({
  ...s,
  kind: s.failureCountSql !== undefined ? 'test' : 'model',
  action: s.failureCountSql !== undefined ? 'test' : 'table',
  label: s.id,
  body: undefined,
}));
const opened = performance.now();
const run = await executePlan({ steps, schemas: plan.schemas.map((name) => ({ name })), setup: [] }, adapter, { threads: plan.threads, failFast: false, target: 'bench', fileOf: () => '' });
const executed = performance.now();
await adapter.close();
const errors = run.results.filter((r) => r.status !== 'success').map((r) => `${r.id}: ${r.message ?? r.status}`);
process.stdout.write(`${JSON.stringify({ steps: steps.length, errors, execMs: executed - opened, totalMs: performance.now() - started })}\n`);
process.exitCode = errors.length > 0 ? 1 : 0;
