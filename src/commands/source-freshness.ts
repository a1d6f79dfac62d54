import { EngineError, type Adapter, type LastModified } from '../adapters/adapter.js';
import { openAdapter } from '../adapters/open-adapter.js';
import { writeSourcesJson, type SourceFreshnessResult } from '../artifacts/sources-json.js';
import { freshnessQuery } from '../compile/freshness-query.js';
import { error, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { nearestNames } from '../diagnostics/suggest.js';
import { withSecrets } from '../execute/secret-values.js';
import type { EngineName, SourceDefinition, SourceFreshness } from '../parse/definitions.js';
import { compile, unwritable, type ProjectOptions } from './compile.js';

export type { SourceFreshnessResult } from '../artifacts/sources-json.js';

export interface SourceFreshnessOptions extends ProjectOptions {
  /** `source:<domain>.<name>`, `<domain>.<name>`, `<name>`, `domain:<domain>`; none: every source with freshness. */
  readonly select?: readonly string[];
  /** ISO instant ages are measured at: `--as-of`, else the target's `as_of`, else now (as contract SLAs). */
  readonly asOf?: string;
  /** Where the adapter reads credentials (BigQuery); the CLI passes the process's environment. */
  readonly adapterEnv?: Readonly<Record<string, string | undefined>>;
}

export interface SourceFreshnessRun {
  readonly diagnostics: readonly Diagnostic[];
  readonly results?: readonly SourceFreshnessResult[];
  readonly asOf?: string;
  /** target/sources.json, when written. */
  readonly file?: string;
}

interface Measured {
  readonly id: string;
  readonly source: SourceDefinition;
  readonly freshness: SourceFreshness;
}

/**
 * `mesh source freshness`, as dbt's: the newest `loaded_at` of each selected source that declares
 * freshness, its age at `as_of`, and pass / warn / error / runtime error against its thresholds.
 * Every source is measured, whatever the others' results; writes target/sources.json.
 */
export async function sourceFreshness(options: SourceFreshnessOptions): Promise<SourceFreshnessRun> {
  const result = compile(options);
  const { compiled, targetDir } = result;
  if (!compiled || hasErrors(result.diagnostics)) return { diagnostics: result.diagnostics };
  const declared: Measured[] = compiled.project.domains.flatMap((d) =>
    d.sources.flatMap((s) => (s.freshness ? [{ id: `source.${d.name}.${s.name}`, source: s, freshness: s.freshness }] : [])),
  );
  const chosen = selectSources(declared, options.select ?? []);
  if ('diagnostics' in chosen) return { diagnostics: [...result.diagnostics, ...chosen.diagnostics] };
  const asOf = options.asOf ?? compiled.target.asOf ?? new Date().toISOString();

  const opened = await openAdapter(compiled.target, compiled.project.config.root, 1, options.adapterEnv ?? {});
  if (!opened.adapter) return { diagnostics: [...result.diagnostics, ...opened.diagnostics] };
  const adapter = withSecrets(opened.adapter, options.env ?? {});
  let measured: Awaited<ReturnType<typeof measureSources>>;
  try {
    measured = await measureSources(adapter, chosen.sources.map((m) => m.source), asOf, compiled.target.engine);
  } finally {
    await adapter.close();
  }
  const { results, problems } = measured;
  try {
    const file = writeSourcesJson(results, targetDir, { asOf, target: compiled.target.name });
    return { diagnostics: [...result.diagnostics, ...problems], results, asOf, file };
  } catch (e) {
    return { diagnostics: [...result.diagnostics, ...problems, unwritable(e, compiled.project.config.root)], results, asOf };
  }
}

/**
 * Measures each source (those with freshness) in order on `adapter`: its result, and MESH274 for a
 * runtime error. Sources without `loaded_at` are measured together from the engine's metadata
 * (adapter `lastModified`: one request per table, side by side, no query).
 */
export async function measureSources(adapter: Adapter, sources: readonly SourceDefinition[], asOf: string, engine: EngineName): Promise<{ results: SourceFreshnessResult[]; problems: Diagnostic[] }> {
  const now = Date.parse(asOf) / 1000;
  const measured = sources.flatMap((source) => (source.freshness ? [{ id: `source.${source.domain}.${source.name}`, source, freshness: source.freshness }] : []));
  const metadata = await metadataTimes(adapter, measured, engine);
  const results: SourceFreshnessResult[] = [];
  const problems: Diagnostic[] = [];
  for (const m of measured) {
    const one = m.freshness.loadedAt === undefined ? fromMetadata(m, metadata.times.get(m.id), metadata.seconds, now, engine) : await measure(adapter, m, now, engine);
    results.push(one.result);
    if (one.problem) problems.push(one.problem);
  }
  return { results, problems };
}

type Outcome = { result: SourceFreshnessResult; problem?: Diagnostic };

/**
 * Each source without `loaded_at` (and with a location here): when the engine says its data last
 * changed, or why it cannot; `seconds`: each one's share of the one batch's time.
 */
async function metadataTimes(adapter: Adapter, measured: readonly Measured[], engine: EngineName): Promise<{ times: Map<string, LastModified>; seconds: number }> {
  const asked = measured.filter((m) => m.freshness.loadedAt === undefined && m.source.locations[engine] !== undefined);
  const times = new Map<string, LastModified>();
  if (asked.length === 0) return { times, seconds: 0 };
  if (!adapter.lastModified) {
    for (const m of asked) times.set(m.id, { unknown: `${engine} records no time of a table's last change` });
    return { times, seconds: 0 };
  }
  const started = Date.now();
  try {
    const found = await adapter.lastModified(asked.map((m) => ({ domain: m.source.domain, location: m.source.locations[engine]! })));
    for (const [i, m] of asked.entries()) times.set(m.id, found[i] ?? { unknown: 'no answer' });
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    for (const m of asked) times.set(m.id, { unknown: e.message });
  }
  return { times, seconds: (Date.now() - started) / 1000 / asked.length };
}

/** A source without `loaded_at`: its age is the time since its table (file) last changed. */
function fromMetadata(m: Measured, modified: LastModified | undefined, seconds: number, now: number, engine: EngineName): Outcome {
  const base = { id: m.id, domain: m.source.domain, name: m.source.name, criteria: m.freshness, seconds };
  if (modified === undefined) return failed(m, base, `the source has no ${engine} location`, `add ${engine}: <location> to the source in ${m.source.file}`);
  if ('unknown' in modified) return failed(m, base, modified.unknown, 'add loaded_at: <the column holding when each row was loaded> to its freshness, or check that the table (file) exists');
  const age = now - modified.at;
  return { result: { ...base, status: statusOf(age, m.freshness), maxLoadedAt: new Date(modified.at * 1000).toISOString(), ageSeconds: age } };
}

function failed(m: Measured, base: Omit<SourceFreshnessResult, 'status'>, message: string, hint: string): Outcome {
  return {
    result: { ...base, status: 'runtime error', error: message },
    problem: error('MESH274', `freshness of ${m.id.slice('source.'.length)} could not be measured: ${message}`, { file: m.source.file, line: m.freshness.line, hint }),
  };
}

async function measure(adapter: Adapter, m: Measured, now: number, engine: EngineName): Promise<Outcome> {
  const started = Date.now();
  const base = { id: m.id, domain: m.source.domain, name: m.source.name, criteria: m.freshness };
  const sql = freshnessQuery(adapter.dialect, m.source, m.freshness);
  const elapsed = (): number => (Date.now() - started) / 1000;
  if (sql === undefined) return failed(m, { ...base, seconds: elapsed() }, `the source has no ${engine} location`, `add ${engine}: <location> to the source in ${m.source.file}`);
  try {
    const rows = await adapter.queryRows(sql, 1);
    const value = rows.rows[0]?.[0];
    const newest = value === null || value === undefined ? undefined : Number(value);
    const seconds = elapsed();
    // No row with a loaded_at (an empty table, all NULL, a filter that keeps nothing): nothing
    // shows that the source was ever loaded, so it is past any threshold.
    if (newest === undefined || !Number.isFinite(newest)) return { result: { ...base, status: m.freshness.errorAfter ? 'error' : 'warn', sql, seconds } };
    const age = now - newest;
    return { result: { ...base, status: statusOf(age, m.freshness), maxLoadedAt: new Date(newest * 1000).toISOString(), ageSeconds: age, sql, seconds } };
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    return failed(m, { ...base, sql, seconds: elapsed() }, e.message, `check loaded_at (${m.freshness.loadedAt ?? ''})${m.freshness.filter ? ` and filter` : ''} against the source's columns, and that the source is loaded`);
  }
}

/** Past a threshold means strictly older than it, as in dbt. */
function statusOf(age: number, f: SourceFreshness): SourceFreshnessResult['status'] {
  if (f.errorAfter && age > f.errorAfter.seconds) return 'error';
  if (f.warnAfter && age > f.warnAfter.seconds) return 'warn';
  return 'pass';
}

/** The selectors' union, in declaration order; MESH273 for a selector that matches none. */
function selectSources(declared: readonly Measured[], selectors: readonly string[]): { sources: Measured[] } | { diagnostics: Diagnostic[] } {
  if (selectors.length === 0) return { sources: [...declared] };
  const chosen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  const names = declared.flatMap((m) => [`${m.source.domain}.${m.source.name}`, m.source.name]);
  for (const selector of selectors.flatMap((s) => s.split(/\s+/)).filter((s) => s !== '')) {
    const matched = declared.filter((m) => matches(m, selector.toLowerCase()));
    for (const m of matched) chosen.add(m.id);
    if (matched.length > 0) continue;
    const near = nearestNames(selector.replace(/^source:/, ''), [...new Set(names)]);
    diagnostics.push(
      error('MESH273', `--select '${selector}' names no source that declares freshness`, {
        hint: near.length > 0 ? `did you mean ${near.join(', ')}?` : declared.length > 0 ? `sources with freshness: ${declared.map((m) => m.id.slice('source.'.length)).join(', ')}` : "no source declares freshness: add freshness: { loaded_at: …, error_after: 1 day } to a source in its domain.yaml",
      }),
    );
  }
  if (diagnostics.length > 0) return { diagnostics };
  return { sources: declared.filter((m) => chosen.has(m.id)) };
}

function matches(m: Measured, selector: string): boolean {
  const domain = m.source.domain.toLowerCase();
  const name = m.source.name.toLowerCase();
  const bare = selector.replace(/^source:/, '');
  if (selector.startsWith('domain:')) return selector.slice('domain:'.length) === domain;
  return bare === `${domain}.${name}` || bare === name || (selector.startsWith('source:') && bare === domain);
}
