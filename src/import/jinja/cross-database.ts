/**
 * dbt's cross-database macros and the dbt_utils ones meshwork has a helper for: `dbt.date_trunc`,
 * `dbt.dateadd`, `dbt.datediff`, `dbt.safe_cast`, `dbt.current_timestamp` (also un-prefixed and as `dbt_utils.*`, as older
 * projects write them), dbt's `type_*()` and `api.Column.translate_type`, `dbt_utils.generate_surrogate_key`
 * and `dbt_utils.star`. Arguments are
 * bound by dbt's parameter names, then written in the meshwork helper's order.
 */
import type { JinjaExpr } from '../../template/jinja-expression.js';
import { LOGICAL_TYPES, NEUTRAL_HELPERS } from '../../template/neutral-helpers.js';
import { calleeName } from '../../template/jinja-expression.js';
import { literalValue } from './python-literal.js';
import { Unconvertible } from './unconvertible.js';

/** A helper call as Handlebars text pieces: `name arg… key=value…`. */
export interface HelperCallText {
  readonly name: string;
  readonly args: readonly string[];
  readonly hash?: readonly (readonly [string, string])[];
}

type Call = Extract<JinjaExpr, { kind: 'call' }>;

interface Convert {
  argument(expr: JinjaExpr): string;
}

/** dbt's signature of each, by the name without its package. */
const SIGNATURES: Readonly<Record<string, readonly string[]>> = {
  date_trunc: ['datepart', 'date'],
  dateadd: ['datepart', 'interval', 'from_date_or_timestamp'],
  datediff: ['first_date', 'second_date', 'datepart'],
  safe_cast: ['field', 'type'],
  generate_surrogate_key: ['field_list'],
  surrogate_key: ['field_list'],
  star: ['from', 'relation_alias', 'except', 'prefix', 'suffix', 'quote_identifiers'],
};

const DBT = ['date_trunc', 'dateadd', 'datediff', 'safe_cast', 'current_timestamp', 'type_string', 'type_int', 'type_bigint', 'type_float', 'type_numeric', 'type_boolean', 'type_timestamp'];
const UTILS = ['generate_surrogate_key', 'surrogate_key', 'star'];

/** Every name the converter maps to a helper (un-prefixed forms of dbt's only; a project macro of that name wins). */
export const CROSS_DATABASE_NAMES: ReadonlySet<string> = new Set([...DBT, ...DBT.map((n) => `dbt.${n}`), ...[...DBT, ...UTILS].map((n) => `dbt_utils.${n}`), 'api.Column.translate_type']);

/** dbt's type names (and its `type_*()` macros) → meshwork's logical types. */
const TYPES: Readonly<Record<string, (typeof LOGICAL_TYPES)[number]>> = {
  string: 'string', varchar: 'string', text: 'string', char: 'string', character: 'string', type_string: 'string',
  int: 'integer', integer: 'integer', bigint: 'integer', int64: 'integer', smallint: 'integer', type_int: 'integer', type_bigint: 'integer',
  float: 'number', float64: 'number', double: 'number', real: 'number', type_float: 'number',
  numeric: 'decimal', decimal: 'decimal', bignumeric: 'decimal', type_numeric: 'decimal',
  bool: 'boolean', boolean: 'boolean', type_boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamp', datetime: 'timestamp', type_timestamp: 'timestamp',
};

export function crossDatabaseCall(name: string, call: Call, convert: Convert & { args(): string[] }): HelperCallText {
  const short = name.slice(name.lastIndexOf('.') + 1);
  const bound = bind(short, call);
  const required = (param: string): JinjaExpr => {
    const expr = bound.get(param);
    if (!expr) throw new Unconvertible(`${name}() without ${param}`, `give ${param}, as dbt requires`);
    return expr;
  };
  switch (short) {
    case 'date_trunc':
      return { name: 'date_trunc', args: [datePart(required('datepart'), convert), convert.argument(required('date'))] };
    case 'dateadd':
      return { name: 'date_add', args: [convert.argument(required('from_date_or_timestamp')), convert.argument(required('interval')), datePart(required('datepart'), convert)] };
    case 'datediff':
      return { name: 'date_diff', args: [datePart(required('datepart'), convert), convert.argument(required('first_date')), convert.argument(required('second_date'))] };
    case 'safe_cast':
      return { name: 'safe_cast', args: [convert.argument(required('field')), `"${logicalType(required('type'))}"`] };
    case 'generate_surrogate_key':
    case 'surrogate_key': {
      // dbt_utils' old surrogate_key also took the columns as separate arguments.
      const list = call.args.length > 1 ? { kind: 'list' as const, items: call.args } : required('field_list');
      return { name: 'surrogate_key', args: [convert.argument(list)] };
    }
    case 'star':
      return star(name, bound, convert);
    case 'translate_type':
      return { name: 'sql_type', args: [`"${logicalType(call)}"`] };
    case 'current_timestamp':
      // dbt's is the adapter's now(); meshwork's is the same instant as a UTC TIMESTAMP on every engine.
      if (call.args.length + call.kwargs.length > 0) throw new Unconvertible(`${name}() takes no arguments`, 'write {{current_timestamp}}');
      return { name: 'current_timestamp', args: [] };
    default:
      break;
  }
  if (short.startsWith('type_')) {
    if (call.args.length + call.kwargs.length > 0) throw new Unconvertible(`${name}() takes no arguments here`, `write {{sql_type "${TYPES[short] ?? 'string'}"}}`);
    return { name: 'sql_type', args: [`"${logicalType(call)}"`] };
  }
  throw new Unconvertible(`${name}() has no meshwork helper`, 'write the SQL it produces');
}

function bind(short: string, call: Call): Map<string, JinjaExpr> {
  const params = SIGNATURES[short] ?? [];
  const bound = new Map<string, JinjaExpr>();
  call.args.forEach((arg, i) => {
    if (params[i] !== undefined) bound.set(params[i]!, arg);
  });
  for (const { name, value } of call.kwargs) {
    if (!params.includes(name)) throw new Unconvertible(`${short}() has no argument ${name}`, `dbt's ${short} takes ${params.join(', ')}`);
    bound.set(name, value);
  }
  return bound;
}

function datePart(expr: JinjaExpr, convert: Convert): string {
  const value = literalValue(expr);
  if (typeof value !== 'string') return convert.argument(expr);
  const part = value.toLowerCase();
  const parts = NEUTRAL_HELPERS.date_trunc!.choices!.part!;
  if (!parts.includes(part)) throw new Unconvertible(`the date part '${value}' has no meshwork helper (it has ${parts.join(', ')})`, 'write the engine\'s SQL for it, or a per-engine macro');
  return `"${part}"`;
}

function logicalType(expr: JinjaExpr): string {
  const value = literalValue(expr);
  let name: string | undefined;
  if (typeof value === 'string') name = value;
  else if (expr.kind === 'call') {
    const callee = calleeName(expr) ?? '';
    // `api.Column.translate_type('integer')`, `dbt.type_int()`.
    const inner = expr.args[0] ? literalValue(expr.args[0]) : undefined;
    name = callee.endsWith('translate_type') && typeof inner === 'string' ? inner : callee.slice(callee.lastIndexOf('.') + 1);
  }
  const type = name === undefined ? undefined : TYPES[name.toLowerCase().replace(/\s*\(.*$/, '')];
  if (!type) throw new Unconvertible(`safe_cast to ${name ?? 'this type'} has no meshwork type`, `meshwork's safe_cast takes ${LOGICAL_TYPES.join(', ')}`);
  return type;
}

function star(name: string, bound: ReadonlyMap<string, JinjaExpr>, convert: Convert): HelperCallText {
  for (const param of ['prefix', 'suffix']) {
    const expr = bound.get(param);
    if (expr && literalValue(expr) !== '') throw new Unconvertible(`${name}() with ${param}= has no meshwork form ({{star}} writes * with exceptions)`, 'list the columns with their new names');
  }
  if (!bound.get('from')) throw new Unconvertible(`${name}() without from`, 'give from=ref(…), as dbt requires');
  const hash: [string, string][] = [];
  const except = bound.get('except');
  if (except && !(except.kind === 'list' && except.items.length === 0)) hash.push(['except', convert.argument(except)]);
  const alias = bound.get('relation_alias');
  const aliasValue = alias ? literalValue(alias) : undefined;
  if (alias && aliasValue !== false && aliasValue !== null && aliasValue !== '') hash.push(['relation_alias', convert.argument(alias)]);
  return { name: 'star', args: [], hash };
}
