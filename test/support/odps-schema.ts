import { readFileSync } from 'node:fs';
import { Ajv2019 } from 'ajv/dist/2019.js';
import ajvFormats from 'ajv-formats';

/** The official ODPS v1.0.0 schema (draft 2019-09), as the tests check meshwork's descriptors with it. */
export const ODPS_SCHEMA_FILE = new URL('../fixtures/odps/odps-json-schema-v1.0.0.json', import.meta.url);

const ajv = new Ajv2019({ allErrors: true, strict: false });
ajvFormats.default(ajv);
const check = ajv.compile(JSON.parse(readFileSync(ODPS_SCHEMA_FILE, 'utf8')) as object);

/** Every complaint of the schema about `document`, as `path: message`; empty when it is valid. */
export function odpsProblems(document: unknown): string[] {
  if (check(document)) return [];
  return (check.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
}
