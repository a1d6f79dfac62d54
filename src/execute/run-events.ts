/** What a build reports while it runs; the CLI turns these into progress lines or JSON lines. */

export type NodeStatus = 'success' | 'error' | 'skipped';

export interface NodeResult {
  readonly id: string;
  readonly kind: 'model' | 'seed' | 'test' | 'contract';
  readonly label: string;
  readonly action: string;
  readonly status: NodeStatus;
  readonly startedAt?: string;
  readonly durationMs: number;
  readonly rowsAffected?: number;
  /** Tests: failing rows found; with severity warn a test with failures still succeeds. */
  readonly failures?: number;
  readonly warning?: boolean;
  readonly message?: string;
  /** The user's file and line an engine error points to, when known. */
  readonly file?: string;
  readonly line?: number;
  /** Contract views: every audit of the candidate, passing and failing, in the order they ran. */
  readonly audits?: readonly AuditOutcome[];
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
  | { readonly type: 'run_started'; readonly total: number; readonly threads: number; readonly target: string }
  | { readonly type: 'node_started'; readonly index: number; readonly total: number; readonly id: string; readonly label: string; readonly action: string }
  | { readonly type: 'node_finished'; readonly index: number; readonly total: number; readonly result: NodeResult }
  | { readonly type: 'run_finished'; readonly durationMs: number; readonly counts: Readonly<Record<NodeStatus | 'warn', number>> };

export interface RunResults {
  readonly startedAt: string;
  readonly durationMs: number;
  readonly results: readonly NodeResult[];
  readonly success: boolean;
}
