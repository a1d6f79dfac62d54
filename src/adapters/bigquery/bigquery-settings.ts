import type { BigQuerySettings, TargetConfig } from '../../parse/definitions.js';

/** The target's BigQuery settings, with the documented defaults where mesh.yaml says nothing. */
export function bigquerySettings(target: TargetConfig): BigQuerySettings {
  return { method: 'adc', jobRetries: 3, priority: 'interactive', labels: {}, projects: {}, roles: {}, ...target.bigquery };
}
