import { error } from '../diagnostics/diagnostic.js';
import type { FreshnessPeriod, SourceFreshness } from './definitions.js';
import type { YamlReader } from './yaml-file.js';

/** dbt's periods; `N minutes|hours|days` in either number. */
const PERIOD_SECONDS: Readonly<Record<FreshnessPeriod['period'], number>> = { minute: 60, hour: 3600, day: 86_400 };
const DURATION = /^\s*(\d+)\s*(minute|hour|day)s?\s*$/;
const DURATION_HINT = "write a whole number and a period: warn_after: 12 hours (minutes, hours or days), or dbt's { count: 12, period: hour }";

/**
 * A source's `freshness: { loaded_at, warn_after, error_after, filter }` (dbt's shape, with
 * `loaded_at` for dbt's `loaded_at_field`). `freshness: null` turns it off, as in dbt.
 */
export function parseSourceFreshness(r: YamlReader, path: readonly string[], raw: unknown, what: string): SourceFreshness | undefined {
  const f = r.map(path, raw, ['loaded_at', 'warn_after', 'error_after', 'filter'], `freshness of ${what}`);
  if (!f) return undefined;
  const file = r.yaml.file;
  const line = r.yaml.lineOf(path, true);
  const loadedAt = r.string([...path, 'loaded_at'], f.loaded_at, 'loaded_at');
  const warnAfter = period(r, [...path, 'warn_after'], f.warn_after);
  const errorAfter = period(r, [...path, 'error_after'], f.error_after);
  const filter = r.string([...path, 'filter'], f.filter, 'filter');
  let complete = true;
  if (loadedAt === undefined ? f.loaded_at == null : !loadedAt.trim()) {
    r.diagnostics.push(error('MESH272', `freshness of ${what} has no loaded_at column`, { file, line, hint: 'add loaded_at: <the column holding when each row was loaded>, e.g. loaded_at: _loaded_at' }));
    complete = false;
  }
  if (f.warn_after == null && f.error_after == null) {
    r.diagnostics.push(error('MESH272', `freshness of ${what} has neither warn_after nor error_after`, { file, line, hint: 'add warn_after: 12 hours and/or error_after: 1 day' }));
    complete = false;
  }
  if (warnAfter && errorAfter && warnAfter.seconds > errorAfter.seconds) {
    r.diagnostics.push(
      error('MESH271', `freshness of ${what}: warn_after (${warnAfter.text}) is longer than error_after (${errorAfter.text})`, {
        file,
        line: r.yaml.lineOf([...path, 'warn_after']),
        hint: 'a source warns before it fails: make warn_after at most error_after',
      }),
    );
  }
  if (!complete || !loadedAt) return undefined;
  return { loadedAt: loadedAt.trim(), ...(warnAfter ? { warnAfter } : {}), ...(errorAfter ? { errorAfter } : {}), ...(filter?.trim() ? { filter: filter.trim() } : {}), line };
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
