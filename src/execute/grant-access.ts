import type { Adapter } from '../adapters/adapter.js';
import type { PlanStep } from '../plan/build-plan.js';

/**
 * After a contract view is published on an engine with per-schema access: the view is authorized
 * on the schemas it reads (the private candidate's), then the contract's readers are granted read
 * on its public schema. Returns the node's error message when the engine refused either: the view
 * is published then, but consumers cannot read through it until a build authorizes it.
 */
export async function grantAccess(access: NonNullable<PlanStep['access']>, adapter: Adapter): Promise<string | undefined> {
  const view = `${access.view.schema}.${access.view.name}`;
  const rebuild = 'then build it again: the view is published and authorized again';
  try {
    await adapter.authorizeView?.(access.view, access.reads);
  } catch (e) {
    return (
      `${view} is published but not authorized on ${access.reads.join(', ')}, so it cannot read its data: ${reason(e)}\n` +
      `Give the build's credentials the right to change access on ${access.reads.join(', ')} (BigQuery: bigquery.datasets.update, e.g. roles/bigquery.dataOwner on the dataset), ${rebuild}.`
    );
  }
  if (access.readers.length === 0) return undefined;
  try {
    await adapter.grantRead?.(access.view.schema, access.readers);
  } catch (e) {
    return (
      `${view} is published and authorized, but read on ${access.view.schema} could not be granted to ${access.readers.join(', ')}: ${reason(e)}\n` +
      `Those consumers cannot read it yet. Give the build's credentials the right to change access on ${access.view.schema} (BigQuery: bigquery.datasets.update), or check the principals under the target's roles: in mesh.yaml, ${rebuild}.`
    );
  }
  return undefined;
}

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
