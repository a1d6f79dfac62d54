import { randomBytes } from 'node:crypto';
import type { CallContext } from '../adapter.js';

/**
 * BigQuery label rules: keys and values of at most 63 lowercase letters, digits, `_` and `-`;
 * a key starts with a letter. Anything else becomes `_`.
 */
function labelText(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9_-]/g, '_').slice(0, 63);
}

function labelKey(key: string): string {
  const text = labelText(key);
  return /^[a-z]/.test(text) ? text : `l_${text}`.slice(0, 63);
}

/** The target's labels, as BigQuery takes them (on datasets and jobs). */
export function targetLabels(target: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(target).map(([key, value]) => [labelKey(key), labelText(value)]));
}

/** The target's labels plus who made the job (run, domain, stage, node), so an admin can tell meshwork's jobs apart. */
export function jobLabels(target: Readonly<Record<string, string>>, context: CallContext | undefined): Record<string, string> {
  const labels = targetLabels(target);
  labels.mesh_tool = 'meshwork';
  if (context?.runId) labels.mesh_run_id = labelText(context.runId);
  if (context?.domain) labels.mesh_domain = labelText(context.domain);
  if (context?.stage) labels.mesh_stage = labelText(context.stage);
  if (context?.node) labels.mesh_node = labelText(context.node);
  return labels;
}

/** `mesh_<run>_<node>_<random>`: letters, digits, `_` and `-` only, as job ids must be. */
export function jobId(context: CallContext | undefined): string {
  const part = (text: string, max: number): string => text.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, max);
  const run = context?.runId ? `${part(context.runId, 40)}_` : '';
  const node = context?.node ? `${part(context.node, 200)}_` : 'query_';
  return `mesh_${run}${node}${randomBytes(6).toString('hex')}`;
}
