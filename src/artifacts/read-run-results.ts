import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { NodeStatus } from '../execute/run-events.js';
import type { Vars } from '../parse/command-line-vars.js';
import { RUN_RESULTS_SCHEMA } from './artifact-metadata.js';
import type { Invocation } from './run-results.js';

/** The commands whose runs `mesh retry` runs again. */
export type RetriedCommand = 'build' | 'test';

/** What `mesh retry` needs of the last run: its command, target, options and each node's status. */
export interface LastRun {
  readonly command: RetriedCommand;
  readonly target: string;
  /** Absent in a file written before meshwork recorded it (MESH244 warns). */
  readonly invocation?: Invocation;
  readonly results: readonly { readonly id: string; readonly status: NodeStatus; readonly skipReason?: string }[];
}

const FILE = 'target/run_results.json';

/**
 * Reads target/run_results.json (a dry run's results are another file, never retried). A missing
 * file is MESH243; one that is not a meshwork run of build or test is MESH244.
 */
export function readLastRun(projectRoot: string): { run?: LastRun; diagnostics: Diagnostic[] } {
  const path = join(projectRoot, FILE);
  if (!existsSync(path)) {
    const dry = existsSync(join(projectRoot, 'target', 'dry_run_results.json'));
    return {
      diagnostics: [
        error('MESH243', `nothing to retry: there is no ${FILE}${dry ? ' (only a dry run, which is not retried)' : ''}`, {
          hint: 'run mesh build (or mesh test) first; mesh retry then runs again the nodes that failed or were skipped',
        }),
      ],
    };
  }
  const unreadable = (why: string): { diagnostics: Diagnostic[] } => ({
    diagnostics: [error('MESH244', `${FILE} cannot be retried: ${why}`, { file: FILE, hint: 'run mesh build (or mesh test) again: it writes a new one' })],
  });
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch {
    return unreadable('it is not JSON');
  }
  if (!isRecord(document) || !isRecord(document.metadata)) return unreadable('it has no metadata');
  const { metadata } = document;
  if (metadata.schema_version !== RUN_RESULTS_SCHEMA) return unreadable(`its schema_version is ${JSON.stringify(metadata.schema_version ?? null)}, not ${RUN_RESULTS_SCHEMA}`);
  if (metadata.command !== 'build' && metadata.command !== 'test') return unreadable(`it records a run of ${JSON.stringify(metadata.command ?? null)}, and mesh retry runs build and test again`);
  if (typeof metadata.target !== 'string' || !Array.isArray(document.results)) return unreadable('it has no target or no results');
  const results = document.results.flatMap((r: unknown): LastRun['results'][number][] =>
    // Unit tests are not retried themselves: the model they kept from running is, and they run again before it.
    isRecord(r) && typeof r.unique_id === 'string' && r.kind !== 'unit_test' && (r.status === 'success' || r.status === 'error' || r.status === 'skipped')
      ? [{ id: r.unique_id, status: r.status, ...(typeof r.skip_reason === 'string' ? { skipReason: r.skip_reason } : {}) }]
      : [],
  );
  const invocation = isRecord(document.invocation) ? invocationOf(document.invocation) : undefined;
  const diagnostics = invocation
    ? []
    : [
        warning('MESH244', `${FILE} was written by an earlier meshwork and does not record the run's options: retried with the target's defaults and the flags given to mesh retry`, {
          file: FILE,
          hint: 'give mesh retry the options the run had (--threads, --vars, --full-refresh, --store-failures) if they matter',
        }),
      ];
  return { run: { command: metadata.command, target: metadata.target, ...(invocation ? { invocation } : {}), results }, diagnostics };
}

function invocationOf(json: Record<string, unknown>): Invocation {
  return {
    ...(typeof json.threads === 'number' ? { threads: json.threads } : {}),
    fullRefresh: json.full_refresh === true,
    ...(json.force === true ? { force: true } : {}),
    ...(json.tests_all === true ? { allTests: true } : {}),
    ...(typeof json.environment === 'string' ? { environment: json.environment } : {}),
    ...(isRecord(json.defer) ? { defer: deferOf(json.defer) } : {}),
    failFast: json.fail_fast === true,
    storeFailures: json.store_failures === true,
    // Recorded either way: a retry keeps the run's choice, whatever the target's fresh_sources says now.
    ...(typeof json.fresh_sources === 'boolean' ? { freshSources: json.fresh_sources } : {}),
    ...(json.unit_tests === false ? { unitTests: false as const } : {}),
    ...(typeof json.as_of === 'string' ? { asOf: json.as_of } : {}),
    ...(typeof json.vars === 'string' || isRecord(json.vars) ? { vars: json.vars as string | Vars } : {}),
    ...(Array.isArray(json.kinds) ? { kinds: json.kinds.filter((k): k is string => typeof k === 'string') } : {}),
  };
}

function deferOf(json: Record<string, unknown>): NonNullable<Invocation['defer']> {
  return {
    ...(typeof json.state === 'string' ? { state: json.state } : {}),
    ...(typeof json.defer_to === 'string' ? { deferTo: json.defer_to } : {}),
    ...(json.favor_state === true ? { favorState: true } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
