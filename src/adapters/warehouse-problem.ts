import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { TargetConfig } from '../parse/definitions.js';
import type { EngineError } from './adapter.js';

/**
 * A call to the target's warehouse that is no node's own failed (reading what exists while planning,
 * creating schemas, the published-state table): the target cannot be used as configured. A
 * diagnostic at the target's line in mesh.yaml, with the engine's message and what to check; on
 * BigQuery MESH182 (credentials, project, location, network), on DuckDB MESH181 (the database).
 *
 * `doing`: what meshwork was asking, as the message's first words ("cannot list the datasets' tables").
 */
export function warehouseProblem(target: TargetConfig, e: EngineError, doing: string): Diagnostic {
  const bigquery = target.engine === 'bigquery';
  return error(bigquery ? 'MESH182' : 'MESH181', `target '${target.name}': ${doing}: ${oneLine(e.message)}`, {
    file: 'mesh.yaml',
    ...(target.line ? { line: target.line } : {}),
    hint: bigquery
      ? bigQueryHint(target, e.message)
      : "the database at the target's path refused it: check that the file is one meshwork builds into and that nothing made by hand holds these names, then build again",
  });
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

/** What to check, from what BigQuery said; `mesh debug` tells the rest. */
function bigQueryHint(target: TargetConfig, message: string): string {
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
