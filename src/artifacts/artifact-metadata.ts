import { readFileSync } from 'node:fs';

/** Artifacts carry a schema version so that readers (a catalog, CI) can tell what they hold. */
export const MANIFEST_SCHEMA = 'meshwork/manifest/v1';
export const RUN_RESULTS_SCHEMA = 'meshwork/run-results/v1';

export const MESHWORK_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export function metadata(schema: string, extra: Record<string, unknown>): Record<string, unknown> {
  return { schema_version: schema, meshwork_version: MESHWORK_VERSION, generated_at: new Date().toISOString(), ...extra };
}
