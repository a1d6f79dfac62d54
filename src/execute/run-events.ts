/** What a build reports while it runs; the CLI turns these into progress lines or JSON lines. */
import type { QueryCost } from '../adapters/adapter.js';
import type { DiagnosticCode } from '../diagnostics/diagnostic.js';

/** `reused`: not run, its relation already holds what it would build (an unchanged fingerprint). */
export type NodeStatus = 'success' | 'error' | 'skipped' | 'reused';

/**
 * Why a node was skipped: a failed ancestor, --fail-fast after another failure, a SIGINT/SIGTERM,
 * (a dry run) a parent that does not exist yet, so the node cannot be estimated, a stale source it
 * reads (--fresh-sources), or a unit test of the model that did not pass.
 */
export type SkipReason = 'upstream' | 'fail_fast' | 'interrupted' | 'not_built' | 'stale_source' | 'unit_test_failed';

/** The signal that stopped a build. */
export type InterruptSignal = 'SIGINT' | 'SIGTERM';

/** The phases of a build outside running nodes, reported so a person sees progress before the first node and after the last. */
export type BuildPhase = 'compile' | 'plan' | 'lineage' | 'catalog' | 'openlineage';

export interface NodeResult {
  readonly id: string;
  /** `unit_test`: a unit test run before its model (`mesh build`), in an in-memory DuckDB. */
  readonly kind: 'model' | 'seed' | 'test' | 'contract' | 'unit_test';
  readonly label: string;
  readonly action: string;
  readonly status: NodeStatus;
  readonly startedAt?: string;
  readonly durationMs: number;
  readonly rowsAffected?: number;
  /** Tests: failing rows found; with severity warn a test with failures still succeeds. */
  readonly failures?: number;
  /** Tests that found failures: the first few failing rows (`total` is the count), values cut to a readable length. */
  readonly failingRows?: FailingRows;
  /** Tests with `store_failures`: the table that holds every failing row of this run. */
  readonly storedFailures?: string;
  /** Tests: the compiled query's file, relative to the project, to run it by hand. */
  readonly compiledFile?: string;
  readonly warning?: boolean;
  readonly message?: string;
  /** A diagnostic code when the failure is a rule of meshwork's (MESH215: a breaking change refused), not the engine's. */
  readonly code?: DiagnosticCode;
  readonly skipReason?: SkipReason;
  /** The user's file, line and column an engine error points to, when known. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** Contract views: every audit of the candidate, passing and failing, in the order they ran. */
  readonly audits?: readonly AuditOutcome[];
  /** What the node's calls cost the warehouse (BigQuery); in a dry run, the estimate. */
  readonly cost?: QueryCost;
}

/** A sample of a test's failing rows, as the engine returned them (JSON-friendly values). */
export interface FailingRows {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
  /** Every failing row, of which `rows` are the first. */
  readonly total: number;
}

/** One contract audit as it ran: `value` is the number its query returned. */
export interface AuditOutcome {
  /** `required: order_id`, `quality: invalidValues on status`, … */
  readonly name: string;
  /** The contract column the audit is about, when it is about one. */
  readonly column?: string;
  readonly success: boolean;
  readonly value: number;
}

export type RunEvent =
  /** `total` nodes run; `reused` more were unchanged and are not run (no event of their own). */
  | { readonly type: 'run_started'; readonly total: number; readonly threads: number; readonly target: string; readonly dryRun?: boolean; readonly reused?: number }
  | { readonly type: 'node_started'; readonly index: number; readonly total: number; readonly id: string; readonly label: string; readonly action: string }
  | { readonly type: 'node_finished'; readonly index: number; readonly total: number; readonly result: NodeResult }
  | { readonly type: 'run_finished'; readonly durationMs: number; readonly counts: Readonly<Record<NodeStatus | 'warn', number>>; readonly interrupted?: InterruptSignal; readonly cost?: QueryCost }
  /** A phase before the first node or after the last (before run_finished, which a build sends last); `finished` carries its duration. */
  | { readonly type: 'phase'; readonly phase: BuildPhase; readonly state: 'started' | 'finished'; readonly durationMs?: number; readonly detail?: string };

export interface RunResults {
  readonly startedAt: string;
  readonly durationMs: number;
  readonly results: readonly NodeResult[];
  readonly success: boolean;
  /** Set when a signal stopped the build: unfinished nodes are skipped with reason 'interrupted'. */
  readonly interrupted?: InterruptSignal;
  /** The build's total cost (sum of the nodes'), when the engine reports one. */
  readonly cost?: QueryCost;
  /** Every statement was dry-run: nothing was created or changed. */
  readonly dryRun?: boolean;
}
