import type { Json } from '../parse/yaml-file.js';
import type { JsonObject } from './contract-definition.js';
import type { OdcsLogicalType } from './logical-types.js';

/** A classified change of a column's `logicalTypeOptions`; classify-changes.ts adds the path and line. */
export interface ConstraintFinding {
  readonly kind: 'breaking' | 'warning' | 'compatible';
  readonly rule: string;
  /** Without the column: "lower bound raised from minimum 0 to minimum 10". */
  readonly message: string;
}

/** Options compared by meaning below; any other option that changes is a warning (direction unknown). `enum` is compared with the allowed values. */
const COMPARED = new Set([
  'minimum',
  'exclusiveMinimum',
  'maximum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'multipleOf',
  'pattern',
  'format',
  'precision',
  'scale',
  'uniqueItems',
  'required',
  'timezone',
  'enum',
]);

/** Bounds: a lower and an upper, each from an inclusive and possibly an exclusive option. */
const BOUNDS: readonly { readonly side: 'lower' | 'upper'; readonly keys: readonly [string, string?] }[] = [
  { side: 'lower', keys: ['minimum', 'exclusiveMinimum'] },
  { side: 'upper', keys: ['maximum', 'exclusiveMaximum'] },
  { side: 'lower', keys: ['minLength'] },
  { side: 'upper', keys: ['maxLength'] },
  { side: 'lower', keys: ['minItems'] },
  { side: 'upper', keys: ['maxItems'] },
  { side: 'lower', keys: ['minProperties'] },
  { side: 'upper', keys: ['maxProperties'] },
];

const tightened = (message: string): ConstraintFinding => ({ kind: 'breaking', rule: 'constraint-tightened', message });
const loosened = (message: string): ConstraintFinding => ({ kind: 'compatible', rule: 'constraint-loosened', message });
const unprovable = (message: string): ConstraintFinding => ({ kind: 'warning', rule: 'constraint-changed', message: `${message}: meshwork cannot tell whether it allows fewer values` });

/**
 * Compares the `logicalTypeOptions` of one column (of one logical type) in two contract versions.
 * Fewer allowed values is breaking, more is compatible, and a change whose direction cannot be
 * proven (a new `pattern`, a bound that is not a number, date or time) is a warning.
 */
export function compareConstraints(logicalType: OdcsLogicalType | undefined, before: JsonObject, after: JsonObject): ConstraintFinding[] {
  const findings: ConstraintFinding[] = [];
  for (const b of BOUNDS) findings.push(...compareBound(b.side, bound(before, b.side, b.keys), bound(after, b.side, b.keys)));
  findings.push(...compareMultipleOf(before.multipleOf, after.multipleOf));
  findings.push(...compareText('pattern', before.pattern, after.pattern));
  findings.push(...compareFormat(logicalType, before.format, after.format));
  findings.push(...compareDecimal(before, after));
  if (before.uniqueItems !== true && after.uniqueItems === true) findings.push(tightened('items must now be unique (uniqueItems)'));
  if (before.uniqueItems === true && after.uniqueItems !== true) findings.push(loosened('items no longer need to be unique (uniqueItems)'));
  findings.push(...compareRequiredKeys(before.required, after.required));
  if ((before.timezone === true) !== (after.timezone === true)) {
    findings.push({
      kind: 'breaking',
      rule: 'type-changed',
      message: `timezone changed from ${String(before.timezone === true)} to ${String(after.timezone === true)}: the engine type changes (DuckDB TIMESTAMP / TIMESTAMPTZ)`,
    });
  }
  const others = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !COMPARED.has(k));
  for (const k of others) {
    if (canonical(before[k]) !== canonical(after[k])) findings.push(unprovable(`${k} changed from ${show(before[k])} to ${show(after[k])}`));
  }
  return findings;
}

interface Bound {
  readonly key: string;
  readonly raw: Json;
  /** Where the bound sits (a number, or a date or time in milliseconds or seconds); undefined when it cannot be read. */
  readonly at: number | undefined;
  readonly exclusive: boolean;
}

/** The tighter of the inclusive and the exclusive option on one side. */
function bound(options: JsonObject, side: 'lower' | 'upper', keys: readonly [string, string?]): Bound | undefined {
  const found: Bound[] = [];
  keys.forEach((k, i) => {
    if (k === undefined) return;
    const raw = options[k];
    if (raw !== undefined && raw !== null) found.push({ key: k, raw, at: position(raw), exclusive: i === 1 });
  });
  const [first, second] = found;
  if (!first || !second) return first;
  if (first.at === undefined || second.at === undefined) return first.at === undefined ? first : second;
  if (first.at === second.at) return first.exclusive ? first : second;
  return (side === 'lower') === first.at > second.at ? first : second;
}

/** A bound's place on its axis: numbers as they are, dates and timestamps in ms, times of day in seconds. */
function position(raw: Json): number | undefined {
  if (typeof raw === 'number') return raw;
  if (typeof raw !== 'string') return undefined;
  const time = /^(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?$/.exec(raw.trim());
  if (time) return Number(time[1]) * 3600 + Number(time[2]) * 60 + Number(time[3] ?? 0);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw.trim())) return undefined;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? undefined : ms;
}

const boundText = (b: Bound): string => `${b.key} ${show(b.raw)}`;

function compareBound(side: 'lower' | 'upper', from: Bound | undefined, to: Bound | undefined): ConstraintFinding[] {
  if (!from && !to) return [];
  if (!from && to) return [tightened(`${side} bound added: ${boundText(to)}`)];
  if (from && !to) return [loosened(`${side} bound dropped (was ${boundText(from)})`)];
  if (!from || !to) return [];
  if (from.key === to.key && canonical(from.raw) === canonical(to.raw)) return [];
  if (from.at === undefined || to.at === undefined) return [unprovable(`${side} bound changed from ${boundText(from)} to ${boundText(to)}`)];
  // Positive: the bound moved inwards (a lower bound up, an upper bound down).
  const inwards = side === 'lower' ? to.at - from.at : from.at - to.at;
  const text = `from ${boundText(from)} to ${boundText(to)}`;
  const up = side === 'lower' ? 'raised' : 'lowered';
  const down = side === 'lower' ? 'lowered' : 'raised';
  if (inwards > 0 || (inwards === 0 && to.exclusive && !from.exclusive)) return [tightened(`${side} bound ${up} ${text}`)];
  if (inwards < 0 || (inwards === 0 && from.exclusive && !to.exclusive)) return [loosened(`${side} bound ${down} ${text}`)];
  return [];
}

function compareMultipleOf(from: Json | undefined, to: Json | undefined): ConstraintFinding[] {
  if (canonical(from) === canonical(to)) return [];
  if (from === undefined) return [tightened(`multipleOf added: ${show(to)}`)];
  if (to === undefined) return [loosened(`multipleOf dropped (was ${show(from)})`)];
  if (typeof from !== 'number' || typeof to !== 'number' || to <= 0) return [unprovable(`multipleOf changed from ${show(from)} to ${show(to)}`)];
  // Every multiple of `from` is still allowed exactly when `from` is itself a multiple of `to`.
  const ratio = from / to;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9
    ? [loosened(`multipleOf changed from ${from} to ${to}: every multiple of ${from} is still valid`)]
    : [tightened(`multipleOf changed from ${from} to ${to}: some multiples of ${from} are no longer valid`)];
}

/** Options that restrict values in a way meshwork cannot order (a regular expression, a string format). */
function compareText(option: string, from: Json | undefined, to: Json | undefined): ConstraintFinding[] {
  if (canonical(from) === canonical(to)) return [];
  if (from === undefined) return [tightened(`${option} added: ${show(to)}`)];
  if (to === undefined) return [loosened(`${option} dropped (was ${show(from)})`)];
  return [unprovable(`${option} changed from ${show(from)} to ${show(to)}`)];
}

/** The values an integer format holds, as [lowest, highest]. */
function integerRange(format: string): [bigint, bigint] | undefined {
  const m = /^([iu])(8|16|32|64|128)$/.exec(format);
  if (!m) return undefined;
  const bits = BigInt(Number(m[2]));
  return m[1] === 'u' ? [0n, 2n ** bits - 1n] : [-(2n ** (bits - 1n)), 2n ** (bits - 1n) - 1n];
}

const FLOAT_WIDTH: Readonly<Record<string, number>> = { f32: 32, f64: 64 };

function compareFormat(logicalType: OdcsLogicalType | undefined, from: Json | undefined, to: Json | undefined): ConstraintFinding[] {
  if (logicalType === 'integer' || logicalType === 'number') {
    // meshwork's defaults: an integer without format is 64-bit (BIGINT), a number is f64 (DOUBLE).
    const fallback = logicalType === 'integer' ? 'i64' : 'f64';
    const a = typeof from === 'string' ? from : from === undefined ? fallback : undefined;
    const b = typeof to === 'string' ? to : to === undefined ? fallback : undefined;
    if (a !== undefined && a === b) return [];
    const text = `format changed from ${from === undefined ? `none (${fallback})` : show(from)} to ${to === undefined ? `none (${fallback})` : show(to)}`;
    let wider: boolean | undefined;
    let narrower: boolean | undefined;
    if (a !== undefined && b !== undefined && logicalType === 'integer') {
      const ra = integerRange(a);
      const rb = integerRange(b);
      if (ra && rb) {
        wider = rb[0] <= ra[0] && rb[1] >= ra[1];
        narrower = !wider;
      }
    } else if (a !== undefined && b !== undefined) {
      const wa = FLOAT_WIDTH[a];
      const wb = FLOAT_WIDTH[b];
      if (wa !== undefined && wb !== undefined) {
        wider = wb > wa;
        narrower = wb < wa;
      }
    }
    if (narrower) return [{ kind: 'breaking', rule: 'format-narrowed', message: `${text}: some values no longer fit` }];
    if (wider) return [{ kind: 'compatible', rule: 'format-widened', message: `${text}: every value still fits` }];
    return [unprovable(text)];
  }
  if (logicalType === 'string') return compareText('format', from, to);
  // A date or time format says how values are written, not which are allowed.
  return canonical(from) === canonical(to) ? [] : [unprovable(`format changed from ${show(from)} to ${show(to)}`)];
}

/** precision and scale (e.g. of a decimal): digits before the point (precision - scale) and after it (scale). */
function compareDecimal(before: JsonObject, after: JsonObject): ConstraintFinding[] {
  const { precision: p0, scale: s0 } = before;
  const { precision: p1, scale: s1 } = after;
  if (canonical(p0) === canonical(p1) && canonical(s0) === canonical(s1)) return [];
  const numeric = (v: Json | undefined): v is number | undefined => v === undefined || typeof v === 'number';
  const text = `precision/scale changed from ${decimalText(p0, s0)} to ${decimalText(p1, s1)}`;
  if (!numeric(p0) || !numeric(s0) || !numeric(p1) || !numeric(s1)) return [unprovable(text)];
  // No precision: any number of digits.
  const digits = (p: number | undefined, s: number | undefined): [number, number] => [p === undefined ? Infinity : p - (s ?? 0), s ?? (p === undefined ? Infinity : 0)];
  const [int0, frac0] = digits(p0, s0);
  const [int1, frac1] = digits(p1, s1);
  if (int1 < int0 || frac1 < frac0) return [tightened(`${text}: some values no longer fit`)];
  if (int1 > int0 || frac1 > frac0) return [loosened(`${text}: every value still fits`)];
  return [];
}

const decimalText = (p: Json | undefined, s: Json | undefined): string => (p === undefined && s === undefined ? 'none' : `(${show(p ?? 'any')}, ${show(s ?? 0)})`);

/** An object column's `required` keys. */
function compareRequiredKeys(from: Json | undefined, to: Json | undefined): ConstraintFinding[] {
  const names = (v: Json | undefined): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const a = names(from);
  const b = names(to);
  const added = b.filter((k) => !a.includes(k));
  const removed = a.filter((k) => !b.includes(k));
  return [
    ...(added.length > 0 ? [tightened(`keys now required: ${added.join(', ')}`)] : []),
    ...(removed.length > 0 ? [loosened(`keys no longer required: ${removed.join(', ')}`)] : []),
  ];
}

const show = (value: Json | undefined): string => (value === undefined ? 'none' : typeof value === 'string' ? value : JSON.stringify(value));

/** JSON with sorted keys, so that key order never counts as a change. */
function canonical(value: Json | undefined): string {
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
