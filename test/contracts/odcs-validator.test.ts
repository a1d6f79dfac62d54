import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Ajv2019, type ValidateFunction } from 'ajv/dist/2019.js';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { odcsSchema } from '../../src/contracts/odcs-schema.js';
import { pointerToPath } from '../../src/contracts/document-path.js';

/**
 * templates/schemas/odcs-validator.cjs is the ODCS schema compiled at package build time and
 * committed. It must be exactly what the script generates now (else it is stale), and it must answer
 * every document as ajv compiling the schema at run time does, error for error.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = `${ROOT}scripts/build-odcs-validator.mjs`;
const SCHEMA = JSON.parse(readFileSync(`${ROOT}templates/schemas/odcs-json-schema-v3.1.0.json`, 'utf8')) as object;
const precompiled = createRequire(import.meta.url)(`${ROOT}templates/schemas/odcs-validator.cjs`) as ValidateFunction;

function runtimeValidator(): ValidateFunction {
  const ajv = new Ajv2019({ allErrors: true, strict: false, verbose: true });
  ajvFormats.default(ajv);
  return ajv.compile(SCHEMA);
}

const EXAMPLES = fileURLToPath(new URL('../fixtures/odcs-examples/', import.meta.url));
const official = readdirSync(EXAMPLES)
  .filter((n) => n.endsWith('.odcs.yaml'))
  .map((n) => [n, parse(readFileSync(`${EXAMPLES}${n}`, 'utf8')) as unknown] as const);

/** A small valid contract, and documents that each break it in the ways people do. */
const base = (): Record<string, unknown> => ({
  apiVersion: 'v3.1.0',
  kind: 'DataContract',
  id: 'checkout-orders',
  version: '1.0.0',
  status: 'active',
  schema: [
    {
      name: 'orders',
      physicalType: 'table',
      properties: [
        { name: 'order_id', logicalType: 'string', required: true, quality: [{ metric: 'nullValues', mustBe: 0 }] },
        { name: 'total', logicalType: 'number' },
      ],
    },
  ],
});
const broken: readonly (readonly [string, unknown])[] = [
  ['missing keys', { kind: 'DataContract', schema: [] }],
  ['a wrong apiVersion and kind', { ...base(), apiVersion: 'v9', kind: 'Contract' }],
  ['a number where text goes', { ...base(), version: 1.0 }],
  ['an unknown top-level key', { ...base(), owner: 'team-checkout' }],
  ['an unknown key in a property', mutate((d) => Object.assign(prop(d, 0), { nullable: true }))],
  ['a logicalType people carry over from SQL', mutate((d) => Object.assign(prop(d, 1), { logicalType: 'decimal' }))],
  ['two of mustBe, mustBeGreaterThan', mutate((d) => Object.assign(rule(d), { mustBeGreaterThan: 1 }))],
  ['none of mustBe, …', mutate((d) => delete rule(d).mustBe)],
  ['a timestamp that is not one', { ...base(), contractCreatedTs: 'yesterday' }],
  ['a URI that is not one', { ...base(), servers: [{ server: 's3', type: 's3', location: 'not a uri' }] }],
  ['team as a number', { ...base(), team: 7 }],
  ['a list where a mapping goes', { ...base(), description: ['a', 'b'] }],
  ['nulls and empty values', mutate((d) => Object.assign(prop(d, 0), { name: null, logicalType: '' }))],
  ['not a mapping at all', ['a', 'list']],
];

function mutate(change: (doc: Record<string, unknown>) => unknown): Record<string, unknown> {
  const doc = base();
  change(doc);
  return doc;
}
function prop(doc: Record<string, unknown>, i: number): Record<string, unknown> {
  return ((doc.schema as Record<string, unknown>[])[0]!.properties as Record<string, unknown>[])[i]!;
}
function rule(doc: Record<string, unknown>): Record<string, unknown> {
  return (prop(doc, 0).quality as Record<string, unknown>[])[0]!;
}

describe('the precompiled ODCS validator', () => {
  it('is what scripts/build-odcs-validator.mjs generates from the schema and the installed ajv (not stale)', () => {
    // --check exits 1 when the committed module differs from a fresh generation, and says what to run.
    const check = spawnSync(process.execPath, [SCRIPT, '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect({ status: check.status, stderr: check.stderr }).toEqual({ status: 0, stderr: '' });
  }, 60_000);

  it('answers every document error for error as ajv compiling the schema at run time', () => {
    const runtime = runtimeValidator();
    const keywords = new Set<string>();
    for (const [name, doc] of [...official, ...broken]) {
      const expected = { valid: runtime(doc), errors: runtime.errors ?? null };
      const actual = { valid: precompiled(doc), errors: precompiled.errors ?? null };
      // schema, parentSchema and data (verbose) included: the explanations read them.
      expect(actual, name).toEqual(expected);
      for (const e of expected.errors ?? []) keywords.add(e.keyword);
    }
    // The official examples are valid; the broken documents reach every kind of error explained.
    for (const [name, doc] of official) expect(precompiled(doc), name).toBe(true);
    for (const [name, doc] of broken) expect(precompiled(doc), name).toBe(false);
    expect([...keywords].sort()).toEqual(
      expect.arrayContaining(['additionalProperties', 'enum', 'format', 'if', 'oneOf', 'required', 'type', 'unevaluatedProperties']),
    );
  }, 60_000);

  it('is what odcsSchema() validates with: its errors carry the same places and data', () => {
    const runtime = runtimeValidator();
    for (const [name, doc] of broken) {
      runtime(doc);
      const expected = (runtime.errors ?? []).map((e) => ({ keyword: e.keyword, path: pointerToPath(e.instancePath, doc), params: e.params, data: e.data }));
      const actual = odcsSchema().validate(doc).map((e) => ({ keyword: e.keyword, path: e.path, params: e.params, data: e.data }));
      expect(actual, name).toEqual(expected);
      expect(actual.length, name).toBeGreaterThan(0);
    }
  }, 60_000);
});
