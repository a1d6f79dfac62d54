import type { AuditOutcome, NodeResult, RunResults } from '../execute/run-events.js';
import type { DatasetId } from '../lineage/lineage-types.js';
import type { CatalogAudit, CatalogNodeResult, CatalogRun } from './catalog-types.js';

/** The build as a whole. */
export function catalogRun(run: RunResults, runId: string): CatalogRun {
  return { runId, startedAt: run.startedAt, durationMs: Math.round(run.durationMs), success: run.success, ...(run.interrupted ? { interrupted: run.interrupted } : {}) };
}

/** Each node's outcome in the build, by id. */
export function nodeResults(run: RunResults | undefined): Map<DatasetId, CatalogNodeResult> {
  return new Map((run?.results ?? []).map((r) => [r.id, nodeResult(r)]));
}

function nodeResult(r: NodeResult): CatalogNodeResult {
  const finishedAt = r.startedAt ? new Date(Date.parse(r.startedAt) + Math.round(r.durationMs)).toISOString() : undefined;
  const audits = (r.audits ?? []).map(audit);
  return {
    status: r.status,
    ...(finishedAt ? { finishedAt } : {}),
    ...(r.rowsAffected !== undefined ? { rows: r.rowsAffected } : {}),
    ...(r.failures !== undefined ? { failures: r.failures } : {}),
    ...(r.message ? { message: r.message } : {}),
    ...(audits.length > 0 ? { audits } : {}),
  };
}

/**
 * Rules whose value counts failing rows: missing required values and the library metrics on a
 * column (a rule in percent gives a share; only whole numbers are taken as rows). `unique` counts
 * duplicated keys, and a rowCount or sql rule is not about failing rows.
 */
const COUNTS_ROWS = /^required: |^quality: (nullValues|missingValues|invalidValues|duplicateValues) on /;

function audit(a: AuditOutcome): CatalogAudit {
  return {
    rule: a.name,
    success: a.success,
    ...(a.column ? { column: a.column } : {}),
    value: a.value,
    ...(COUNTS_ROWS.test(a.name) && Number.isInteger(a.value) ? { failures: a.value } : {}),
  };
}
