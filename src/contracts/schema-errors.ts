import { nearestNames } from '../diagnostics/suggest.js';
import { isWithin, samePath, showPath, type DocumentPath } from './document-path.js';
import type { OdcsSchema, SchemaError, SchemaNode } from './odcs-schema.js';

/** A schema complaint in plain words, and which line it belongs on. */
export interface SchemaProblem {
  readonly path: DocumentPath;
  /** `key`: the line of the key at `path` (an unknown key, a mapping missing a key); `value`: of the value. */
  readonly at: 'key' | 'value';
  readonly message: string;
  readonly hint: string;
}

const UNKNOWN_KEY = new Set(['additionalProperties', 'unevaluatedProperties']);

/**
 * Turns ajv's errors into one problem per mistake. A draft 2019-09 schema answers one mistake with
 * a cascade: every failed `oneOf` alternative, the `if` whose `then` failed, and keys that look
 * "unevaluated" only because the branch that declares them failed. Those are folded into the most
 * specific error, so a person reads what to change and where.
 */
export function explainSchemaErrors(errors: readonly SchemaError[], schema: OdcsSchema): SchemaProblem[] {
  const dropped = new Set<SchemaError>();
  const problems: SchemaProblem[] = [];
  for (const e of errors) {
    // "must match the then schema": the then-branch's own errors say why.
    if (e.keyword === 'if') dropped.add(e);
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf') {
      const folded = foldAlternatives(e, errors, schema);
      if (!folded) continue;
      for (const d of folded.dropped) dropped.add(d);
      if (folded.problem) problems.push(folded.problem);
    }
  }
  for (const e of errors) {
    if (!UNKNOWN_KEY.has(e.keyword)) continue;
    const key = unknownKey(e);
    const declared = allowedKeys(e.parentSchema, schema).has(key);
    // A key the schema declares here is "unevaluated" when the branch declaring it failed: that
    // failure is the problem, reported at or below the same place.
    if (declared && errors.some((o) => o !== e && !UNKNOWN_KEY.has(o.keyword) && isWithin(o.path, e.path))) dropped.add(e);
  }
  for (const e of errors) if (!dropped.has(e)) problems.push(explain(e, schema));
  const seen = new Set<string>();
  return problems.filter((p) => {
    const id = `${showPath(p.path)}\u0000${p.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** The alternatives of a failed oneOf/anyOf: which errors they explain, and what to say instead. */
function foldAlternatives(
  e: SchemaError,
  errors: readonly SchemaError[],
  schema: OdcsSchema,
): { dropped: SchemaError[]; problem?: SchemaProblem } | undefined {
  const branches = Array.isArray(e.schema) ? (e.schema as unknown[]) : [];
  const here = errors.filter((o) => o !== e && samePath(o.path, e.path));
  const where = showPath(e.path);
  // Alternatives that differ by type (team: a mapping or a list): the value's type picks one.
  const types = branches.map((b) => branchType(b, schema));
  if (types.length > 0 && types.every((t): t is string => t !== undefined)) {
    const dropped = [e, ...here.filter((o) => o.keyword === 'type')];
    if (types.some((t) => hasType(e.data, t))) return { dropped };
    const wanted = typeWords(types);
    return {
      dropped,
      problem: { path: e.path, at: 'value', message: `${where} must be ${orList(wanted)}, not ${showTyped(e.data)}`, hint: typeHint(types[0]!, e) },
    };
  }
  // Alternatives that differ by a required key (a quality rule's mustBe, mustBeGreaterThan, …).
  const keys = branches.map((b) => requiredOf(b, schema));
  if (keys.length > 0 && keys.every((k) => k.length === 1)) {
    const all = [...new Set(keys.flat())];
    const given = isObject(e.data) ? all.filter((k) => k in (e.data as object)) : [];
    const dropped = [e, ...here.filter((o) => o.keyword === 'required' && all.includes(String(o.params.missingProperty)))];
    // One given: its own error (a wrong type, say) is the problem, reported where it is.
    if (given.length === 1) return { dropped };
    const problem: SchemaProblem =
      given.length === 0
        ? { path: e.path, at: 'value', message: `${where} needs one of ${all.join(', ')}`, hint: `add the one that fits, e.g. ${all[0]}: 0` }
        : {
            path: e.path,
            at: 'value',
            message: `${where} has ${orList(given, 'and')}, but takes exactly one of ${all.join(', ')}`,
            hint: `keep one of ${given.join(', ')}`,
          };
    return { dropped, problem };
  }
  return undefined;
}

function explain(e: SchemaError, schema: OdcsSchema): SchemaProblem {
  const where = showPath(e.path);
  const problem = (message: string, hint: string): SchemaProblem => ({ path: e.path, at: 'value', message, hint });
  switch (e.keyword) {
    case 'required': {
      // Reported at the key of the mapping that lacks it (a list item: its first line).
      const key = String(e.params.missingProperty);
      const hint = REQUIRED_HINTS[key] ?? `add '${key}:'${where ? ` under ${where}` : ''}`;
      return { path: e.path, at: typeof e.path[e.path.length - 1] === 'string' ? 'key' : 'value', message: `${showPath([...e.path, key])} is required`, hint };
    }
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const key = unknownKey(e);
      const allowed = [...allowedKeys(e.parentSchema, schema)].sort();
      const near = nearestNames(key, allowed, 1);
      const keep = `keep your own data under customProperties (- property: ${key}, value: …)`;
      if (allowed.includes(key)) {
        return { path: [...e.path, key], at: 'key', message: `'${key}' is not allowed in ${where || 'the contract'} as written`, hint: `remove it, or check the keys it goes with (a quality rule's type, a property's logicalType)` };
      }
      return {
        path: [...e.path, key],
        at: 'key',
        message: `unknown key '${key}' in ${where || 'the contract'}`,
        hint: `${near.length > 0 ? `did you mean '${near[0]}'? ` : ''}${allowed.length > 0 && allowed.length <= 12 ? `allowed keys: ${allowed.join(', ')}; ` : ''}${keep}`,
      };
    }
    case 'type': {
      const wanted = String(e.params.type).split(',');
      return problem(`${where} must be ${orList(typeWords(wanted))}, not ${showTyped(e.data)}`, typeHint(wanted[0]!, e));
    }
    case 'enum': {
      const allowed = ((e.params.allowedValues as unknown[] | undefined) ?? []).map(String);
      const key = String(e.path[e.path.length - 1] ?? '');
      if (allowed.length === 1) return problem(`${where} must be ${allowed[0]}, not ${show(e.data)}`, `write ${key}: ${allowed[0]}`);
      const alias = key === 'logicalType' && typeof e.data === 'string' ? LOGICAL_TYPE_ALIASES[e.data.toLowerCase()] : undefined;
      const near = alias ? [alias] : typeof e.data === 'string' ? nearestNames(e.data, allowed, 1) : [];
      const listed = allowed.length <= 12 ? `one of ${allowed.join(', ')}` : `one of the ${allowed.length} values ODCS allows`;
      const hint = `${near.length > 0 ? `did you mean '${near[0]}'? ` : ''}${allowed.length <= 12 ? `use one of ${allowed.join(', ')}` : `allowed: ${allowed.join(', ')}`}`;
      return problem(`${where} must be ${listed}, not ${show(e.data)}`, hint);
    }
    case 'const':
      return problem(`${where} must be ${show(e.params.allowedValue)}, not ${show(e.data)}`, `write ${show(e.params.allowedValue)}`);
    case 'format': {
      const format = String(e.params.format);
      const words = FORMAT_WORDS[format];
      return problem(`${where} must be ${words?.[0] ?? `in the format ${format}`}, not ${show(e.data)}`, words ? `write it like ${words[1]}` : `write a ${format} value`);
    }
    case 'pattern':
      return e.params.pattern === STABLE_ID
        ? problem(`${where} may hold only letters, digits, '-' and '_', not ${show(e.data)}`, "replace other characters (spaces, dots) with '-' or '_'")
        : problem(`${where} must match the pattern ${String(e.params.pattern)}, not ${show(e.data)}`, 'change the value to match the pattern');
    case 'oneOf':
      return problem(`${where} does not match ${e.params.passingSchemas ? 'exactly one' : 'any'} of the forms ODCS allows here`, 'compare it with the ODCS examples of this section');
    case 'anyOf':
      return problem(`${where} does not match any of the forms ODCS allows here`, 'compare it with the ODCS examples of this section');
    default:
      return problem(`${where || 'the contract'} ${e.message}${e.data !== undefined && typeof e.data !== 'object' ? `, not ${show(e.data)}` : ''}`, 'change the value as the message says');
  }
}

/** Keys the schema node declares, through $ref, allOf, if/then and alternatives. */
function allowedKeys(node: SchemaNode, schema: OdcsSchema, seen = new Set<SchemaNode>()): Set<string> {
  const keys = new Set<string>();
  if (seen.has(node)) return keys;
  seen.add(node);
  if (isObject(node.properties)) for (const k of Object.keys(node.properties)) keys.add(k);
  const inner: unknown[] = [node.then, node.else];
  if (typeof node.$ref === 'string') inner.push(schema.resolve(node.$ref));
  for (const group of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(node[group])) inner.push(...(node[group] as unknown[]));
  for (const n of inner) if (isObject(n)) for (const k of allowedKeys(n as SchemaNode, schema, seen)) keys.add(k);
  return keys;
}

/** The JSON type an alternative stands for, when it stands for one. */
function branchType(branch: unknown, schema: OdcsSchema, depth = 0): string | undefined {
  if (!isObject(branch) || depth > 8) return undefined;
  const node = branch as SchemaNode;
  if (typeof node.type === 'string') return node.type;
  if (typeof node.$ref === 'string') return branchType(schema.resolve(node.$ref), schema, depth + 1);
  for (const group of ['anyOf', 'oneOf']) {
    if (!Array.isArray(node[group])) continue;
    const types = new Set((node[group] as unknown[]).map((b) => branchType(b, schema, depth + 1)));
    const only = [...types][0];
    return types.size === 1 ? only : undefined;
  }
  return undefined;
}

function requiredOf(branch: unknown, schema: OdcsSchema): string[] {
  if (!isObject(branch)) return [];
  const node = typeof (branch as SchemaNode).$ref === 'string' ? schema.resolve((branch as SchemaNode).$ref as string) : (branch as SchemaNode);
  if (!node || node.type !== undefined || !Array.isArray(node.required)) return [];
  return (node.required as unknown[]).map(String);
}

function unknownKey(e: SchemaError): string {
  return String(e.params.unevaluatedProperty ?? e.params.additionalProperty);
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    case 'integer':
      return Number.isInteger(value);
    default:
      return typeof value === type;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value lines)',
  array: 'a list',
  null: 'empty',
};

/** Each type once, in words; a whole number goes without saying when any number will do. */
function typeWords(types: readonly string[]): string[] {
  const kept = types.filter((t) => !(t === 'integer' && types.includes('number')));
  return [...new Set(kept.map((t) => TYPE_WORDS[t] ?? t))];
}

function typeHint(wanted: string, e: SchemaError): string {
  const key = String(e.path[e.path.length - 1] ?? 'value');
  if (wanted === 'string' && (typeof e.data === 'number' || typeof e.data === 'boolean')) {
    return `put the value in quotes (${key}: "…"): YAML reads an unquoted ${typeof e.data === 'number' ? 'number' : 'true, false, yes or no'} as a ${typeof e.data}, not as text`;
  }
  if (wanted === 'boolean') return 'write true or false, without quotes';
  if (wanted === 'number' || wanted === 'integer') return 'write a number, without quotes';
  if (wanted === 'array') return "write it as a list: one '- …' line per item";
  if (wanted === 'object') return "write it as indented 'key: value' lines";
  return `write ${TYPE_WORDS[wanted] ?? wanted}`;
}

const REQUIRED_HINTS: Readonly<Record<string, string>> = {
  apiVersion: 'add apiVersion: v3.1.0 (the version of the ODCS standard the contract follows)',
  kind: 'add kind: DataContract',
  id: 'add id: a unique, stable identifier (a UUID, or e.g. checkout-orders)',
  version: "add version: 1.0.0 (the contract's own semantic version)",
  status: 'add status: active (or proposed, draft, deprecated, retired)',
  name: 'give it a name: name: …',
  query: 'a sql rule needs query: the SQL whose result is compared',
  metric: 'a library rule needs metric: one of nullValues, missingValues, invalidValues, duplicateValues, rowCount',
  property: 'each entry needs property: and value:',
  value: 'each entry needs property: and value:',
  username: 'each team member needs username:',
};

/** What a format means, and an example. */
const FORMAT_WORDS: Readonly<Record<string, readonly [string, string]>> = {
  date: ['a date (YYYY-MM-DD)', '"2024-01-31"'],
  'date-time': ['a timestamp with a time zone', '"2024-01-31T09:30:00Z"'],
  time: ['a time of day', '"09:30:00Z"'],
  uri: ['a URI (scheme:…)', 'https://example.com/path'],
  email: ['an email address', 'team@example.com'],
};

const STABLE_ID = '^[A-Za-z0-9_-]+$';

/** Type names people carry over from SQL and other schema languages. */
const LOGICAL_TYPE_ALIASES: Readonly<Record<string, string>> = {
  text: 'string',
  varchar: 'string',
  char: 'string',
  int: 'integer',
  bigint: 'integer',
  long: 'integer',
  float: 'number',
  double: 'number',
  decimal: 'number',
  numeric: 'number',
  bool: 'boolean',
  datetime: 'timestamp',
  timestamptz: 'timestamp',
  json: 'object',
  struct: 'object',
  record: 'object',
  list: 'array',
};

/** A value as the user wrote it, for messages. */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return 'a list';
  if (value === null || value === undefined) return 'empty';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/** For type errors, where `1` alone would not say that it is a number. */
function showTyped(value: unknown): string {
  return typeof value === 'number' ? `the number ${value}` : show(value);
}

function orList(items: readonly string[], word = 'or'): string {
  if (items.length <= 2) return items.join(` ${word} `);
  return `${items.slice(0, -1).join(', ')}, ${word} ${items[items.length - 1]}`;
}
