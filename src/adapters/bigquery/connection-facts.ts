import type { EngineFact } from '../adapter.js';
import type { BigQueryApi } from './bigquery-api.js';
import type { DatasetProjects } from './dataset-projects.js';
import { jobId } from './job-names.js';
import type { JobRunner } from './job-runner.js';

export interface Connection {
  readonly api: BigQueryApi;
  readonly runner: JobRunner;
  readonly projects: DatasetProjects;
  readonly location: string;
  /** How the credentials were found (never the secret). */
  readonly credentials: string;
  readonly retries: number;
}

/**
 * `mesh debug`: the credentials loaded, the project answers a free dry-run query in the location,
 * and which of these datasets exist (and where).
 */
export async function connectionFacts(schemas: readonly string[], c: Connection): Promise<EngineFact[]> {
  const facts: EngineFact[] = [{ check: 'credentials', ok: true, found: c.credentials }];
  const began = c.runner.begin();
  const projectId = c.api.executionProject;
  try {
    await c.runner.dryRun((ref) => c.api.insertJob({ jobReference: ref, configuration: { query: { query: 'SELECT 1', useLegacySql: false }, dryRun: true } }), () => jobId(undefined), began);
    facts.push({ check: 'project and location', ok: true, found: `project ${projectId} runs queries in location ${c.location}` });
  } catch (e) {
    facts.push({
      check: 'project and location',
      ok: false,
      found: `project ${projectId} in location ${c.location}: ${(e as Error).message}`,
      fix: "check the target's project and location, and that the credentials may run jobs there (role BigQuery Job User)",
    });
    return facts;
  }
  for (const schema of schemas) {
    const project = c.projects.of(schema);
    try {
      const dataset = await c.runner.request(() => c.api.getDataset(project, schema), c.retries, began);
      const elsewhere = dataset?.location !== undefined && dataset.location.toLowerCase() !== c.location.toLowerCase();
      facts.push({
        check: `dataset ${project}.${schema}`,
        ok: !elsewhere,
        found: dataset ? `exists in ${dataset.location ?? 'an unknown location'}` : 'does not exist yet (mesh build creates it)',
        ...(elsewhere ? { fix: `the dataset is in ${dataset.location}, the target in ${c.location}: a query cannot read both; set the target's location to ${dataset.location}` } : {}),
      });
    } catch (e) {
      facts.push({ check: `dataset ${project}.${schema}`, ok: false, found: (e as Error).message, fix: 'grant the credentials BigQuery Data Viewer (or Data Editor) on the project' });
    }
  }
  return facts;
}
