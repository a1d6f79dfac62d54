import { afterEach } from 'vitest';
import { BigQueryAdapter } from '../../src/adapters/bigquery/bigquery-adapter.js';
import { loadCredentials, type LoadedCredentials } from '../../src/adapters/bigquery/bigquery-credentials.js';
import { bigquerySettings } from '../../src/adapters/bigquery/bigquery-settings.js';
import type { BigQuerySettings, TargetConfig } from '../../src/parse/definitions.js';
import { startBigQueryFake, type BigQueryFake, type BigQueryFakeOptions } from '../support/bigquery-fake.js';

/** An access token shaped like Google's: it must never show in an error. */
export const TOKEN = 'ya29.a0AfB_secret-token-never-printed';
export const PROJECT = 'acme-data';

const open: { fake: BigQueryFake; adapter: BigQueryAdapter }[] = [];
afterEach(async () => {
  for (const { fake, adapter } of open.splice(0)) {
    await adapter.close();
    await fake.close();
  }
});

/** A `bigquery` target on the local endpoint, authenticated with an access token from the environment. */
export function bigqueryTarget(url: string, settings: Partial<BigQuerySettings> = {}, target: Partial<TargetConfig> = {}): TargetConfig {
  return {
    name: 'prod',
    engine: 'bigquery',
    threads: 4,
    project: PROJECT,
    location: 'europe-west1',
    ...target,
    bigquery: { method: 'oauth-token', tokenEnv: 'MESH_BQ_TOKEN', apiEndpoint: url, jobRetries: 3, priority: 'interactive', labels: { team: 'Data Platform' }, projects: {}, roles: {}, ...settings },
  };
}

/** The real adapter and client against a fresh fake, with the datasets given already there; closed after the test. */
export async function bigqueryHarness(
  options: { fake?: BigQueryFakeOptions; settings?: Partial<BigQuerySettings>; target?: Partial<TargetConfig>; datasets?: readonly string[] } = {},
): Promise<{ fake: BigQueryFake; adapter: BigQueryAdapter; target: TargetConfig }> {
  const fake = await startBigQueryFake({ token: TOKEN, ...options.fake });
  const target = bigqueryTarget(fake.url, options.settings, options.target);
  const credentials = (await loadCredentials(bigquerySettings(target), { MESH_BQ_TOKEN: TOKEN })) as LoadedCredentials;
  const adapter = new BigQueryAdapter({ target, credentials, retryDelayMs: 5, pollMs: 5 });
  for (const datasetId of options.datasets ?? []) fake.state.addDataset({ projectId: target.project!, datasetId, location: target.location! });
  open.push({ fake, adapter });
  return { fake, adapter, target };
}

/** A statement's table name as meshwork's BigQuery dialect writes it. */
export const table = (dataset: string, name: string): string => `\`${PROJECT}.${dataset}.${name}\``;
