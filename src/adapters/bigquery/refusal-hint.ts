import type { TargetConfig } from '../../parse/definitions.js';

/** What to check when BigQuery refused a call outside any node, from what it said; `mesh debug` tells the rest. */
export function refusalHint(target: TargetConfig, message: string): string {
  const debug = `; 'mesh debug --target ${target.name}' checks the settings one by one`;
  if (/access denied|permission|forbidden|does not have .*permission|\b403\b/i.test(message)) {
    return `grant the credentials BigQuery Job User on the execution project and BigQuery Data Editor on project ${target.project ?? ''} (docs/bigquery.md, roles)${debug}`;
  }
  if (/not found: project|project .*not found|invalid project/i.test(message)) return `check the target's project: '${target.project ?? ''}' is not a GCP project the credentials can see${debug}`;
  if (/location/i.test(message)) return `check the target's location (${target.location ?? 'not set'}): every dataset of the target must be in it${debug}`;
  if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN|socket hang up|fetch failed|network/i.test(message)) {
    return `BigQuery could not be reached: check the network${target.bigquery?.apiEndpoint ? ` and the target's api_endpoint (${target.bigquery.apiEndpoint})` : ''}${debug}`;
  }
  return `check the target's project, location and credentials${debug}`;
}
