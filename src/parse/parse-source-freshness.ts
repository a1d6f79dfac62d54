import { error } from '../diagnostics/diagnostic.js';
import type { FreshnessPeriod, SourceFreshness } from './definitions.js';
import type { YamlReader } from './yaml-file.js';

/** dbt's periods; `N minutes|hours|days` in either number. */
const PERIOD_SECONDS: Readonly<Record<FreshnessPeriod['period'], number>> = { minute: 60, hour: 3600, day: 86_400 };
const DURATION = /^\s*(\d+)\s*(minute|hour|day)s?\s*$/;
const DURATION_HINT = "write a whole number and a period: warn_after: 12 hours (minutes, hours or days), or dbt's { count: 12, period: hour }";
const KEYS = ['loaded_at', 'warn_after', 'error_after', 'filter'] as const;
type Key = (typeof KEYS)[number];

/**
 * A `freshness:` block as written, before a domain's default is merged in: each key given, with its
 * line; null where the block removes the default's value (`warn_after: null`).
 */
export interface FreshnessBlock {
  readonly loadedAt?: string | null;
  readonly warnAfter?: FreshnessPeriod | null;
  readonly errorAfter?: FreshnessPeriod | null;
  readonly filter?: string | null;
  /** Line of each key given, for problems of the merged criteria. */
  readonly lines: Readonly<Partial<Record<Key, number>>>;
  /** Line of `freshness:`. */
  readonly line: number;
  /** A value was wrong (reported): the criteria are not checked further. */
  readonly broken: boolean;
}

/**
 * A domain's default: `freshness:` at the top of domain.yaml, for every source of the domain that
 * has no `freshness:` of its own. Checked on its own (it must be complete), so a source inheriting
 * it all reports nothing again; undefined when absent or wrong (its problems are reported here).
 */
export function parseDomainFreshness(r: YamlReader, raw: unknown): { block: FreshnessBlock; freshness: SourceFreshness } | undefined {
  const block = readBlock(r, ['freshness'], raw, "the domain's default freshness");
  if (!block) return undefined;
  const freshness = complete(r, block, "the domain's default freshness");
  return freshness ? { block, freshness } : undefined;
}

/**
 * A source's `freshness: { loaded_at, warn_after, error_after, filter }` (dbt's shape, with
 * `loaded_at` for dbt's `loaded_at_field`; without it the warehouse's metadata tells the age).
 * Absent (`raw` undefined): the domain's default, if any. `freshness: null` turns it off, as in
 * dbt. Given: its keys over the default's, key by key (dbt's table-over-source merge).
 */
export function parseSourceFreshness(
  r: YamlReader,
  path: readonly string[],
  raw: unknown,
  what: string,
  inherited?: { readonly block: FreshnessBlock; readonly freshness: SourceFreshness },
  sourceLine?: number,
): SourceFreshness | undefined {
  // Inherited whole: the default was checked where it is written; problems measuring it belong to this source.
  if (raw === undefined) return inherited ? { ...inherited.freshness, line: sourceLine ?? inherited.freshness.line } : undefined;
  const block = readBlock(r, path, raw, what);
  if (!block) return undefined;
  return complete(r, inherited ? merge(inherited.block, block) : block, what);
}

/** The source's keys over the domain's; the line of `freshness:` is the source's. */
function merge(base: FreshnessBlock, own: FreshnessBlock): FreshnessBlock {
  const pick = <T>(key: Key, mine: T | undefined, theirs: T | undefined): T | undefined => (own.lines[key] !== undefined ? mine : theirs);
  return {
    loadedAt: pick('loaded_at', own.loadedAt, base.loadedAt),
    warnAfter: pick('warn_after', own.warnAfter, base.warnAfter),
    errorAfter: pick('error_after', own.errorAfter, base.errorAfter),
    filter: pick('filter', own.filter, base.filter),
    // A problem of the merge is reported where the source sets a key, else at its freshness:.
    lines: own.lines,
    line: own.line,
    broken: own.broken,
  };
}

function readBlock(r: YamlReader, path: readonly string[], raw: unknown, what: string): FreshnessBlock | undefined {
  const f = r.map(path, raw, KEYS, `freshness of ${what}`);
  if (!f) return undefined;
  const before = r.diagnostics.length;
  const lines: Partial<Record<Key, number>> = {};
  for (const key of KEYS) if (key in f) lines[key] = r.yaml.lineOf([...path, key]);
  const text = (key: 'loaded_at' | 'filter'): string | null | undefined => {
    if (!(key in f)) return undefined;
    const value = r.string([...path, key], f[key], key)?.trim();
    return value ? value : null;
  };
  const threshold = (key: 'warn_after' | 'error_after'): FreshnessPeriod | null | undefined => (key in f ? (period(r, [...path, key], f[key]) ?? null) : undefined);
  const block = { loadedAt: text('loaded_at'), warnAfter: threshold('warn_after'), errorAfter: threshold('error_after'), filter: text('filter'), lines, line: r.yaml.lineOf(path, true) };
  return { ...block, broken: r.diagnostics.length > before };
}

/** The criteria, or undefined after reporting why they cannot be measured. */
function complete(r: YamlReader, b: FreshnessBlock, what: string): SourceFreshness | undefined {
  if (b.broken) return undefined;
  const file = r.yaml.file;
  const before = r.diagnostics.length;
  if (!b.warnAfter && !b.errorAfter) {
    r.diagnostics.push(error('MESH272', `freshness of ${what} has neither warn_after nor error_after`, { file, line: b.line, hint: 'add warn_after: 12 hours and/or error_after: 1 day' }));
  }
  if (b.warnAfter && b.errorAfter && b.warnAfter.seconds > b.errorAfter.seconds) {
    r.diagnostics.push(
      error('MESH271', `freshness of ${what}: warn_after (${b.warnAfter.text}) is longer than error_after (${b.errorAfter.text})`, {
        file,
        line: b.lines.warn_after ?? b.lines.error_after ?? b.line,
        hint: 'a source warns before it fails: make warn_after at most error_after',
      }),
    );
  }
  if (b.filter && !b.loadedAt) {
    r.diagnostics.push(
      error('MESH295', `freshness of ${what} has a filter but no loaded_at: without loaded_at the age is the table's last modification, which no filter can narrow`, {
        file,
        line: b.lines.filter ?? b.line,
        hint: 'add loaded_at: <the column holding when each row was loaded>, or remove the filter',
      }),
    );
  }
  if (r.diagnostics.length > before) return undefined;
  return {
    ...(b.loadedAt ? { loadedAt: b.loadedAt } : {}),
    ...(b.warnAfter ? { warnAfter: b.warnAfter } : {}),
    ...(b.errorAfter ? { errorAfter: b.errorAfter } : {}),
    ...(b.filter ? { filter: b.filter } : {}),
    line: b.line,
  };
}

/** `12 hours`, `1 day`, `30 minutes`, or `{ count: 12, period: hour }`; MESH270 otherwise. */
function period(r: YamlReader, path: readonly string[], raw: unknown): FreshnessPeriod | undefined {
  if (raw === undefined || raw === null) return undefined;
  let count: unknown;
  let unit: unknown;
  if (typeof raw === 'string') {
    const m = DURATION.exec(raw);
    if (m) [count, unit] = [Number(m[1]), m[2]];
  } else if (typeof raw === 'object' && !Array.isArray(raw)) {
    const o = r.map(path, raw, ['count', 'period'], String(path[path.length - 1])) ?? {};
    count = o.count;
    unit = typeof o.period === 'string' ? o.period.replace(/s$/, '') : o.period;
  }
  const seconds = typeof unit === 'string' ? PERIOD_SECONDS[unit as FreshnessPeriod['period']] : undefined;
  if (typeof count !== 'number' || !Number.isInteger(count) || count <= 0 || seconds === undefined) {
    r.diagnostics.push(error('MESH270', `${String(path[path.length - 1])} ${show(raw)} is not a duration`, { file: r.yaml.file, line: r.yaml.lineOf(path), hint: DURATION_HINT }));
    return undefined;
  }
  const p = unit as FreshnessPeriod['period'];
  return { count, period: p, seconds: count * seconds, text: `${count} ${p}${count === 1 ? '' : 's'}` };
}

function show(raw: unknown): string {
  return typeof raw === 'string' ? `'${raw}'` : JSON.stringify(raw);
}
