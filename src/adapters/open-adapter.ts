import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { TargetConfig } from '../parse/definitions.js';
import type { Adapter } from './adapter.js';

/**
 * Connects to a target's warehouse; an engine that cannot run here yet is a diagnostic, not a crash.
 * The engine's SDK is imported only here and only when a build needs it: `mesh compile` never
 * pays for loading DuckDB's native module.
 *
 * `connections`: how many statements may run at once (the build's threads); `env`: the environment
 * credentials are read from (a token variable, ADC's), passed in by the CLI.
 */
export async function openAdapter(
  target: TargetConfig,
  projectRoot: string,
  connections = target.threads,
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<{ adapter?: Adapter; diagnostics: Diagnostic[] }> {
  if (target.engine === 'bigquery') return openBigQuery(target, env);
  if (target.engine === 'duckdb') {
    const { DuckDBAdapter } = await import('./duckdb/duckdb-adapter.js');
    const path = target.path ?? ':memory:';
    try {
      return { adapter: await DuckDBAdapter.open({ path, fileSearchPath: projectRoot, connections }), diagnostics: [] };
    } catch (e) {
      const message = (e as Error).message.split('\n')[0] ?? '';
      return {
        diagnostics: [
          error('MESH181', `cannot open the database of target '${target.name}' (${path}): ${message}`, {
            file: 'mesh.yaml',
            ...(target.line ? { line: target.line } : {}),
            hint: /lock/i.test(message)
              ? 'another process holds the file: close it (another mesh build, a DuckDB shell) and run again'
              : /directory|not a valid DuckDB/i.test(message)
                ? "point the target's path at a DuckDB database file (a new name creates one), not at a folder or another kind of file"
                : "check the target's path: its folder must be writable",
          }),
        ],
      };
    }
  }
  return {
    diagnostics: [
      error('MESH180', `target '${target.name}' runs on ${target.engine}, which meshwork cannot run yet`, {
        file: 'mesh.yaml',
        ...(target.line ? { line: target.line } : {}),
        hint: `'mesh compile --target ${target.name}' writes its SQL; build on a duckdb target meanwhile`,
      }),
    ],
  };
}

/** A BigQuery target: its settings checked and its credentials loaded, or MESH182 saying what to fix (never the secret). */
async function openBigQuery(target: TargetConfig, env: Readonly<Record<string, string | undefined>>): Promise<{ adapter?: Adapter; diagnostics: Diagnostic[] }> {
  const problem = (message: string, hint: string): { diagnostics: Diagnostic[] } => ({
    diagnostics: [error('MESH182', `target '${target.name}': ${message}`, { file: 'mesh.yaml', ...(target.line ? { line: target.line } : {}), hint })],
  });
  if (!target.project) return problem('a bigquery target needs project: the GCP project its datasets live in', 'add `project: my-gcp-project` to the target');
  if (!target.location) return problem('a bigquery target needs location: where its datasets and jobs are (US, EU, europe-west1, …)', 'add `location: EU` (the location of your datasets) to the target');
  const { bigquerySettings } = await import('./bigquery/bigquery-settings.js');
  const { loadCredentials } = await import('./bigquery/bigquery-credentials.js');
  const credentials = await loadCredentials(bigquerySettings(target), env);
  if ('hint' in credentials) return problem(`cannot load BigQuery credentials: ${credentials.message}`, credentials.hint);
  const { BigQueryAdapter } = await import('./bigquery/bigquery-adapter.js');
  return { adapter: new BigQueryAdapter({ target, credentials }), diagnostics: [] };
}
