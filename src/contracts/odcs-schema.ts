import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { pointerToPath, type DocumentPath } from './document-path.js';

/**
 * The official ODCS v3.1.0 JSON Schema (draft 2019-09), and the only user of ajv. The schema is
 * shipped in meshwork's templates/ (copied from Bitol's release), so nothing beside the package is
 * read at run time.
 */
const SCHEMA_FILE = new URL('../../templates/schemas/odcs-json-schema-v3.1.0.json', import.meta.url);
/**
 * The schema compiled ahead of time by scripts/build-odcs-validator.mjs (ajv's standalone code, with
 * ajv-formats), committed beside it; test/contracts/odcs-validator.test.ts fails when it is stale.
 */
const VALIDATOR_FILE = new URL('../../templates/schemas/odcs-validator.cjs', import.meta.url);

/** A node of the JSON Schema itself. */
export type SchemaNode = Readonly<Record<string, unknown>>;

/** One complaint of the schema, before it is put in plain words (see schema-errors.ts). */
export interface SchemaError {
  readonly keyword: string;
  /** Where in the document. */
  readonly path: DocumentPath;
  readonly params: Readonly<Record<string, unknown>>;
  /** The keyword's value in the schema: for oneOf and anyOf, the alternatives. */
  readonly schema: unknown;
  /** The schema object holding the keyword. */
  readonly parentSchema: SchemaNode;
  /** The offending value. */
  readonly data: unknown;
  /** ajv's own words: the last resort for a message. */
  readonly message: string;
}

export interface OdcsSchema {
  /** Every complaint about `document` (all of them, not the first). Empty when it is valid. */
  validate(document: unknown): readonly SchemaError[];
  /** A `$ref` of the schema (`#/$defs/Team`) as the schema object it points to. */
  resolve(ref: string): SchemaNode | undefined;
}

// Loading the validator (450 kB of code) and the schema takes ~25 ms, so it happens on first use
// and is kept for the process: a command that reads no contract never pays it. Both are files
// shipped with meshwork: nothing anyone can observe changes.
let loaded: OdcsSchema | undefined;

export function odcsSchema(): OdcsSchema {
  loaded ??= loadSchema();
  return loaded;
}

function loadSchema(): OdcsSchema {
  const root = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as SchemaNode;
  // CommonJS, so it loads synchronously and only when needed.
  const check: ValidateFunction = createRequire(import.meta.url)(fileURLToPath(VALIDATOR_FILE));
  return {
    validate(document) {
      if (check(document)) return [];
      return (check.errors ?? []).map((e) => toSchemaError(e, document));
    },
    resolve(ref) {
      if (!ref.startsWith('#/')) return undefined;
      let node: unknown = root;
      for (const raw of ref.slice(2).split('/')) {
        if (node === null || typeof node !== 'object') return undefined;
        node = (node as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
      }
      return node !== null && typeof node === 'object' ? (node as SchemaNode) : undefined;
    },
  };
}

function toSchemaError(e: ErrorObject, document: unknown): SchemaError {
  return {
    keyword: e.keyword,
    path: pointerToPath(e.instancePath, document),
    params: e.params as Record<string, unknown>,
    schema: e.schema,
    parentSchema: (e.parentSchema ?? {}) as SchemaNode,
    data: e.data,
    message: e.message ?? e.keyword,
  };
}
