#!/usr/bin/env node
/**
 * Child process of bench/run.mjs: the floor for `mesh build`. Runs the exact statements of a
 * build plan (written by run.mjs from compile + planBuild) straight through @duckdb/node-api:
 * one DuckDB instance on a fresh file, `threads` connections (each with the same
 * file_search_path as meshwork's adapter), schemas created first, then every step as soon as the
 * steps it waits for are done, at most `threads` at once, in plan order among the ready ones —
 * the same concurrency as meshwork's executor, with no compile, no events, no artifacts.
 * Prints one JSON line.
 *
 *   node bench/floor.mjs <plan.json> <database-file>
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

const started = performance.now();
const [planFile, dbFile] = process.argv.slice(2);
const { DuckDBInstance } = await import('@duckdb/node-api');
const plan = JSON.parse(readFileSync(planFile, 'utf8'));
const imported = performance.now();

for (const suffix of ['', '.wal']) rmSync(`${dbFile}${suffix}`, { force: true });
const instance = await DuckDBInstance.create(dbFile);
const literal = (s) => `'${s.replace(/'/g, "''")}'`;
const idle = [];
for (let i = 0; i < plan.threads; i++) {
  const connection = await instance.connect();
  await connection.run(`SET file_search_path = ${literal(plan.fileSearchPath)}`);
  idle.push(connection);
}
const opened = performance.now();

for (const schema of plan.schemas) await idle[0].run(`CREATE SCHEMA IF NOT EXISTS "${schema.replace(/"/g, '""')}"`);
// Where contract views record what they published.
for (const statement of plan.setup ?? []) await idle[0].run(statement.sql);

const steps = plan.steps;
const index = new Map(steps.map((s, i) => [s.id, i]));
const waiting = steps.map((s) => s.waitsFor.length);
const children = steps.map(() => []);
steps.forEach((s, i) => s.waitsFor.forEach((w) => children[index.get(w)].push(i)));
const ready = steps.flatMap((_, i) => (waiting[i] === 0 ? [i] : []));
let done = 0;
/** With BENCH_TRACE=<file>: each step's id, start and end (ms since the plan started). */
const trace = process.env.BENCH_TRACE ? [] : undefined;
let failingTests = 0;
const errors = [];

await new Promise((resolve) => {
  const launch = () => {
    while (idle.length > 0 && ready.length > 0) {
      const i = ready.shift();
      const connection = idle.pop();
      const stepStarted = performance.now();
      runStep(steps[i], connection)
        .catch((e) => errors.push(`${steps[i].id}: ${e.message.split('\n')[0]}`))
        .finally(() => {
          trace?.push({ id: steps[i].id, start: stepStarted - opened, end: performance.now() - opened });
          idle.push(connection);
          done++;
          for (const child of children[i]) {
            if (--waiting[child] === 0) {
              // Keep the ready list in plan order, as meshwork's executor scans its steps.
              let at = ready.length;
              while (at > 0 && ready[at - 1] > child) at--;
              ready.splice(at, 0, child);
            }
          }
          if (done === steps.length) resolve();
          else launch();
        });
    }
  };
  if (steps.length === 0) resolve();
  else launch();
});
const executed = performance.now();
if (trace) writeFileSync(process.env.BENCH_TRACE, JSON.stringify(trace));

async function runStep(step, connection) {
  if (step.failureCountSql !== undefined) {
    const rows = await (await connection.run(step.failureCountSql)).getRows();
    if (Number(rows[0]?.[0] ?? 0) > 0 && step.severity !== 'warn') failingTests++;
    return;
  }
  for (const statement of step.statements) await connection.run(statement.sql);
  // Contract views (write-audit-publish): the same audit queries, then the switch of the view.
  for (const audit of step.audits ?? []) await connection.run(audit.types ? audit.types.sql : audit.valueSql);
  for (const statement of step.publish ?? []) await connection.run(statement.sql);
}

for (const connection of idle) connection.closeSync();
instance.closeSync();
const closed = performance.now();
process.stdout.write(
  `${JSON.stringify({
    steps: steps.length,
    errors,
    failingTests,
    importMs: imported - started,
    openMs: opened - imported,
    execMs: executed - opened,
    closeMs: closed - executed,
    totalMs: closed - started,
  })}\n`,
);
process.exitCode = errors.length > 0 || failingTests > 0 ? 1 : 0;
