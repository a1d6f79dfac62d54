import type { DataTestDefinition, Severity } from './definitions.js';
import type { YamlReader } from './yaml-file.js';

/** meshwork's own tests under a column, and at model level (`tests:` at the top of a header). */
export const COLUMN_BUILTINS = ['unique', 'not_null', 'accepted_values', 'relationships', 'expression_is_true'] as const;
export const MODEL_BUILTINS = ['unique_combination', 'expression_is_true', 'not_empty'] as const;
export const BUILTIN_TESTS: readonly string[] = [...new Set<string>([...COLUMN_BUILTINS, ...MODEL_BUILTINS])];

/** What every test accepts besides its arguments (also under `config:`, as dbt ≥ 1.5 writes it). */
const CONFIG_KEYS = ['severity', 'where', 'store_failures'];
const SEVERITIES: readonly Severity[] = ['error', 'warn'];
/** Each builtin's arguments; the others take none. */
const BUILTIN_ARGS: Readonly<Record<string, readonly string[]>> = {
  accepted_values: ['values'],
  relationships: ['to', 'field'],
  expression_is_true: ['expression'],
  unique_combination: ['columns'],
};
const EXAMPLES: Readonly<Record<string, string>> = {
  accepted_values: 'write - accepted_values: { values: [a, b] }',
  relationships: 'write - relationships: { to: customers, field: customer_id }',
  expression_is_true: 'write - expression_is_true: { expression: "amount >= 0" }',
  unique_combination: 'write - unique_combination: { columns: [order_id, line] }',
};

/**
 * A `tests:` list of a column (`column` set) or of the model. Names that are not builtins are kept
 * with their arguments: whether a generic test of that name exists is known when compiling.
 */
export function parseDataTests(r: YamlReader, path: readonly (string | number)[], raw: unknown, column: string | undefined): DataTestDefinition[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    r.invalid(path, `tests of ${column !== undefined ? `column '${column}'` : 'the model'} must be a list`, 'write tests: [unique, not_null], or one - test per line');
    return [];
  }
  return raw.flatMap((entry: unknown, i: number) => parseDataTest(r, [...path, i], column, entry) ?? []);
}

function parseDataTest(r: YamlReader, path: (string | number)[], column: string | undefined, entry: unknown): DataTestDefinition | undefined {
  const line = r.yaml.lineOf(path);
  const keys = entry && typeof entry === 'object' && !Array.isArray(entry) ? Object.keys(entry) : [];
  const kind = typeof entry === 'string' ? entry : keys.length === 1 ? keys[0] : undefined;
  if (kind === undefined || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(kind)) {
    return void r.invalid(path, 'a test is a name or a mapping of one name to its arguments', 'write - unique, or - accepted_values: { values: [a, b] }');
  }
  const misplaced = column !== undefined ? !isOneOf(kind, COLUMN_BUILTINS) && isOneOf(kind, MODEL_BUILTINS) : isOneOf(kind, COLUMN_BUILTINS) && !isOneOf(kind, MODEL_BUILTINS);
  if (misplaced) {
    return void r.invalid(
      path,
      column !== undefined ? `'${kind}' is a model-level test, not a column test` : `'${kind}' is a column test`,
      column !== undefined ? `move it to tests: at the top of the header` : `put it under columns: <column>: tests:`,
    );
  }
  const builtin = BUILTIN_TESTS.includes(kind);
  const needs = BUILTIN_ARGS[kind];
  if (typeof entry === 'string') {
    if (needs) return void r.invalid(path, `${column !== undefined ? 'column ' : ''}test '${kind}' needs arguments`, EXAMPLES[kind]);
    return { kind, ...(column !== undefined ? { column } : {}), severity: 'error', args: {}, line };
  }
  const argsPath = [...path, kind];
  const given = (entry as Record<string, unknown>)[kind] ?? {};
  const all = r.map(argsPath, given, builtin ? [...(needs ?? []), ...CONFIG_KEYS, 'config'] : 'any', `test '${kind}'`) ?? {};
  const nested = all.config !== undefined ? (r.map([...argsPath, 'config'], all.config, CONFIG_KEYS, 'config') ?? {}) : {};
  // `severity: warn` beside the arguments, or under config: (the nested one wins).
  const configAt = (key: string): { value: unknown; path: (string | number)[] } =>
    nested[key] !== undefined ? { value: nested[key], path: [...argsPath, 'config', key] } : { value: all[key], path: [...argsPath, key] };
  const severityAt = configAt('severity');
  const severity = r.oneOf(severityAt.path, severityAt.value, SEVERITIES, 'severity') ?? 'error';
  const whereAt = configAt('where');
  const where = r.string(whereAt.path, whereAt.value, 'where');
  const storeAt = configAt('store_failures');
  const storeFailures = booleanAt(r, storeAt.path, storeAt.value, 'store_failures');
  const args = Object.fromEntries(Object.entries(all).filter(([key]) => !CONFIG_KEYS.includes(key) && key !== 'config'));
  const base = {
    kind,
    ...(column !== undefined ? { column } : {}),
    severity,
    ...(where ? { where } : {}),
    ...(storeFailures !== undefined ? { storeFailures } : {}),
    line,
  };
  if (!builtin) return { ...base, args };
  if (kind === 'accepted_values') {
    const values = args.values;
    if (!Array.isArray(values) || values.length === 0 || !values.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) {
      return void r.invalid([...argsPath, 'values'], 'accepted_values needs a non-empty list of values', EXAMPLES[kind]);
    }
    return { ...base, args: {}, values: values as (string | number | boolean)[] };
  }
  if (kind === 'relationships') {
    const to = r.string([...argsPath, 'to'], args.to, 'relationships to', true);
    const field = r.string([...argsPath, 'field'], args.field, 'relationships field', true);
    return to && field ? { ...base, args: {}, to, field } : undefined;
  }
  if (kind === 'expression_is_true') {
    const expression = r.string([...argsPath, 'expression'], args.expression, 'expression_is_true expression', true);
    return expression ? { ...base, args: {}, expression } : undefined;
  }
  if (kind === 'unique_combination') {
    const reported = r.diagnostics.length;
    const columns = r.stringList([...argsPath, 'columns'], args.columns, 'unique_combination columns');
    if (r.diagnostics.length > reported) return undefined;
    if (columns.length < 2) return void r.invalid([...argsPath, 'columns'], 'unique_combination needs a list of two or more columns', EXAMPLES[kind]);
    return { ...base, args: {}, columns };
  }
  return { ...base, args: {} };
}

function isOneOf(kind: string, list: readonly string[]): boolean {
  return list.includes(kind);
}

function booleanAt(r: YamlReader, path: readonly (string | number)[], value: unknown, what: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  r.invalid(path, `${what} must be true or false, not ${JSON.stringify(value)}`, `write ${what}: true`);
  return undefined;
}
