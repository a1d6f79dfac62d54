import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { TargetConfig } from '../parse/definitions.js';
import type { Adapter, EngineError } from './adapter.js';

/**
 * A call to the target's warehouse that is no node's own failed (reading what exists while planning,
 * creating schemas, the published-state table): the target cannot be used as configured. A
 * diagnostic at the target's line in mesh.yaml, with the engine's message and what the adapter
 * says to check (BigQuery: MESH182, credentials, project, location, network; DuckDB: MESH181).
 *
 * `doing`: what meshwork was asking, as the message's first words ("cannot list the datasets' tables").
 */
export function warehouseProblem(target: TargetConfig, adapter: Adapter, e: EngineError, doing: string): Diagnostic {
  const message = e.message.replace(/\s*\n\s*/g, ' ').trim();
  return error(adapter.refusal.code, `target '${target.name}': ${doing}: ${message}`, {
    file: 'mesh.yaml',
    ...(target.line ? { line: target.line } : {}),
    hint: adapter.refusal.hint(message),
  });
}
