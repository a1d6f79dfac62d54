import { writeFileSync } from 'node:fs';

/**
 * Writes what bench/floor.mjs runs: the plan `mesh build` makes on an empty database (its schemas,
 * setup and each step's statements, failure counts, audits and publishing, with their waits), so
 * the floor runs exactly the build's SQL with nothing else.
 */
export function writeFloorPlan(file, plan, { threads, root }) {
  writeFileSync(
    file,
    JSON.stringify({
      threads,
      fileSearchPath: root,
      schemas: plan.schemas.map((s) => s.name),
      setup: plan.setup,
      steps: plan.steps.map((s) => ({
        id: s.id,
        statements: s.statements,
        ...(s.failureCountSql !== undefined ? { failureCountSql: s.failureCountSql, severity: s.severity } : {}),
        // Contract views: the audit queries and the publish statements run too.
        ...(s.audits ? { audits: s.audits.map((a) => ({ valueSql: a.valueSql, ...(a.types ? { types: { sql: a.types.sql } } : {}) })), publish: s.publish ?? [] } : {}),
        waitsFor: s.waitsFor,
      })),
    }),
  );
}
