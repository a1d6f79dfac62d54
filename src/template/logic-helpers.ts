import type { HelperCall, ModelHelper } from './model-helpers.js';

/**
 * Comparisons, boolean logic and lists for `{{#if}}` and `{{#each}}`: `(eq target.engine "duckdb")`,
 * `(in (var "region") (list "eu" "us"))`. They compare typed values (a var holding 5 equals 5, not
 * "5") and take Handlebars' truthiness (false, null, "", 0 and [] are false) so that `and`/`or`/`not`
 * agree with `{{#if}}`. They return values, not SQL: print them and you get `true`/`false`.
 */
export const LOGIC_HELPERS: Readonly<Record<string, ModelHelper>> = {
  eq: (call) => scalars('eq', call, 2) && call.args[0] === call.args[1],
  ne: (call) => scalars('ne', call, 2) && call.args[0] !== call.args[1],
  lt: (call) => ordered('lt', call) && (call.args[0] as number) < (call.args[1] as number),
  gt: (call) => ordered('gt', call) && (call.args[0] as number) > (call.args[1] as number),
  and: (call) => atLeast('and', call, 2) && call.args.every(isTruthy),
  or: (call) => atLeast('or', call, 2) && call.args.some(isTruthy),
  not: (call) => arity('not', call, 1, 'write (not (var "flag"))') && !isTruthy(call.args[0]),
  in: (call) => {
    if (!arity('in', call, 2, 'write (in target.engine (list "duckdb" "bigquery"))')) return false;
    const [value, list] = call.args;
    if (!Array.isArray(list)) {
      call.hooks.report('MESH136', `(in …) looks for a value in a list, and its second argument is ${describe(list)}`, call.at, 'write (in value (list "a" "b")), or (in value (var "a_list"))');
      return false;
    }
    return list.includes(value);
  },
  list: (call) => [...call.args],
};

/** Handlebars' `{{#if}}`: false, null, undefined, "", 0, NaN and [] are false. */
export function isTruthy(value: unknown): boolean {
  return !(!value && value !== 0) && value !== 0 && !(Array.isArray(value) && value.length === 0);
}

/** What a value is, in a message. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing (a missing value)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text '${value}'`;
  return `the ${typeof value} ${String(value)}`;
}

function arity(name: string, call: HelperCall, count: number, usage: string): boolean {
  if (call.args.length === count) return true;
  call.hooks.report('MESH131', `(${name} …) takes ${count} argument${count === 1 ? '' : 's'}, got ${call.args.length}`, call.at, usage);
  return false;
}

function atLeast(name: string, call: HelperCall, count: number): boolean {
  if (call.args.length >= count) return true;
  call.hooks.report('MESH131', `(${name} …) takes ${count} or more arguments, got ${call.args.length}`, call.at, `write (${name} (var "a") (var "b"))`);
  return false;
}

/** eq/ne compare single values: a list or a mapping is never equal to anything by its content. */
function scalars(name: string, call: HelperCall, count: number): boolean {
  if (!arity(name, call, count, `write (${name} target.engine "duckdb")`)) return false;
  const bad = call.args.find((a) => a !== null && typeof a === 'object');
  if (bad === undefined) return true;
  call.hooks.report('MESH136', `(${name} …) compares text, numbers, booleans or null, not ${describe(bad)}`, call.at, 'to look for a value in a list, write (in value (var "a_list"))');
  return false;
}

function ordered(name: string, call: HelperCall): boolean {
  if (!arity(name, call, 2, `write (${name} (var "n") 10)`)) return false;
  const [a, b] = call.args;
  if ((typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string')) return true;
  call.hooks.report('MESH136', `(${name} …) orders two numbers or two texts, not ${describe(a)} and ${describe(b)}`, call.at, 'compare values of one kind; a var holding 5 is a number, "5" is a text');
  return false;
}
