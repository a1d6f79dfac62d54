import { join } from 'node:path';
import type { CompiledProject } from '../compile/compiled-node.js';
import { warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { RunEvent as BuildEvent } from '../execute/run-events.js';
import type { ProjectLineage } from '../lineage/lineage-types.js';
import { BuildDatasets } from './build-datasets.js';
import type { RunEvent } from './openlineage-types.js';
import { newRunId } from './run-id.js';
import { jobNamespace, RunEventBuilder } from './run-event-builder.js';
import { FileTransport } from './transport-file.js';
import { HttpTransport } from './transport-http.js';
import type { Transport } from './transport.js';

export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_RETRIES = 2;
export const DEFAULT_BACKOFF_MS = 500;

export interface EmitterOptions {
  /** The build's run id, when the build named it before (its contract candidates carry it); new otherwise. */
  readonly runId?: string;
  readonly compiled: CompiledProject;
  /**
   * Column lineage and column types for the dataset facets. A promise lets lineage be computed
   * while the build runs: events wait for it (keeping the time they happened at), then go out in order.
   */
  readonly lineage?: ProjectLineage | Promise<ProjectLineage | undefined>;
  /** The project's target/ folder: events go to target/openlineage/<build run id>.ndjson. */
  readonly targetDir: string;
  /** The command: the build's job is `<project>.<command>`. */
  readonly command: string;
  /** Overrides `openlineage: url:` of mesh.yaml. */
  readonly url?: string;
  /** Where `api_key_env` is looked up (the CLI passes the process's environment). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Tests shorten the wait between retries. */
  readonly backoffMs?: number;
}

export interface Emitter {
  readonly runId: string;
  /** The NDJSON file, relative to the project. */
  readonly file: string;
  /** Feed it the build's events: each becomes OpenLineage events, written and queued for the catalog. */
  readonly listener: (event: BuildEvent) => void;
  /** Marks the build's run failed when the build stopped on an error of meshwork's own. */
  abort(error: unknown): void;
  /** Closes the file and waits (bounded) for the catalog; a warning when events did not reach it. */
  finish(): Promise<Diagnostic[]>;
}

/**
 * OpenLineage for one build: a run for the build (job `<project>.<command>`), and for each node a
 * run whose parent it is: START then COMPLETE or FAIL; a skipped node gets START and ABORT. An
 * interrupted build ABORTs the runs of the nodes that were running, and its own.
 */
export function openLineageEmitter(options: EmitterOptions): Emitter {
  const { compiled } = options;
  const runId = options.runId ?? newRunId();
  const project = compiled.project.config.name;
  const file = join('target', 'openlineage', `${runId}.ndjson`);
  const transports: Transport[] = [new FileTransport(join(options.targetDir, 'openlineage', `${runId}.ndjson`))];
  const http = httpTransport(options);
  if (http) transports.push(http);
  const send = (event: RunEvent, at: string): void => {
    const json = JSON.stringify({ ...event, eventTime: at });
    for (const t of transports) t.send(json);
  };
  let builder: RunEventBuilder | undefined;
  const waiting: (() => void)[] = [];
  const ready = Promise.resolve(options.lineage).then((lineage) => {
    builder = new RunEventBuilder(new BuildDatasets(compiled, lineage), { runId, job: { namespace: jobNamespace(project), name: `${project}.${options.command}` } });
    for (const make of waiting.splice(0)) make();
  });
  // Handled here so that a failure waits for finish() to be reported, not the process's handler.
  ready.catch(() => undefined);
  /** Makes and sends an event now, or once lineage is known, with the time it happened at either way. */
  const emit = (make: (b: RunEventBuilder) => RunEvent): void => {
    const at = new Date().toISOString();
    if (builder) send(make(builder), at);
    else waiting.push(() => send(make(builder!), at));
  };
  const nodeRuns = new Map<string, { runId: string; action: string }>();
  /** Nodes an interrupt stopped, running or not yet started. */
  let unfinished = 0;
  let ended = false;

  const listener = (event: BuildEvent): void => {
    switch (event.type) {
      case 'run_started':
        emit((b) => b.buildEvent('START'));
        return;
      case 'node_started': {
        const run = { runId: newRunId(), action: event.action };
        nodeRuns.set(event.id, run);
        emit((b) => b.nodeEvent('START', event.id, run.runId, run.action));
        return;
      }
      case 'node_finished': {
        const { result } = event;
        const started = nodeRuns.get(result.id);
        if (result.skipReason === 'interrupted') unfinished++;
        if (result.status === 'skipped' && started) {
          // Running when the build was interrupted: the run that started ends aborted.
          emit((b) => b.nodeEvent('ABORT', result.id, started.runId, started.action, result));
          return;
        }
        if (result.status === 'skipped') {
          // A skipped node never ran: its run starts and is aborted at once, saying why.
          const skipped = newRunId();
          emit((b) => b.nodeEvent('START', result.id, skipped, result.action));
          emit((b) => b.nodeEvent('ABORT', result.id, skipped, result.action, result));
          return;
        }
        const run = started ?? { runId: newRunId(), action: result.action };
        emit((b) => b.nodeEvent(result.status === 'success' ? 'COMPLETE' : 'FAIL', result.id, run.runId, run.action, result));
        return;
      }
      case 'run_finished': {
        ended = true;
        const { error, skipped } = event.counts;
        if (event.interrupted) {
          const why = `interrupted by ${event.interrupted}: ${unfinished} node${unfinished === 1 ? '' : 's'} did not finish${error > 0 ? `, ${error} failed` : ''}`;
          emit((b) => b.buildEvent('ABORT', why));
          return;
        }
        const failed = error > 0 || skipped > 0;
        emit((b) => (failed ? b.buildEvent('FAIL', `${error} node${error === 1 ? '' : 's'} failed, ${skipped} skipped`) : b.buildEvent('COMPLETE')));
        return;
      }
    }
  };

  return {
    runId,
    file,
    listener,
    abort(error) {
      if (ended) return;
      ended = true;
      const message = error instanceof Error ? error.message : String(error);
      emit((b) => b.buildEvent('FAIL', message));
    },
    async finish() {
      // Events wait for lineage; if computing it failed, the files are closed before the error goes on.
      const reports = await ready.then(
        () => Promise.all(transports.map((t) => t.close())),
        async (e: unknown) => {
          await Promise.all(transports.map((t) => t.close()));
          throw e;
        },
      );
      const diagnostics: Diagnostic[] = [];
      const report = http ? reports[transports.indexOf(http)] : undefined;
      if (http && report && report.undelivered > 0) {
        diagnostics.push(
          warning('MESH191', `${report.undelivered} of ${report.sent} OpenLineage events were not delivered to ${http.endpoint}: ${report.reason ?? 'no reason given'}`, {
            hint: `the build is not affected, and every event is in ${file}: send them once the catalog is back`,
          }),
        );
      }
      return diagnostics;
    },
  };
}

function httpTransport(options: EmitterOptions): HttpTransport | undefined {
  const config = options.compiled.project.config.openlineage;
  const url = options.url ?? config?.url;
  if (!url) return undefined;
  const variable = config?.apiKeyEnv;
  const token = variable ? options.env?.[variable] : undefined;
  return new HttpTransport({
    url,
    timeoutMs: config?.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retries: config?.retries ?? DEFAULT_RETRIES,
    backoffMs: options.backoffMs ?? DEFAULT_BACKOFF_MS,
    ...(token ? { token } : {}),
    ...(variable && !token ? { note: `api_key_env ${variable} is not set, so no token was sent` } : {}),
  });
}
