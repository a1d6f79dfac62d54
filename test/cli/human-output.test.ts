import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { error, formatDiagnostic, warning } from '../../src/diagnostics/diagnostic.js';
import type { NodeResult, RunEvent } from '../../src/execute/run-events.js';
import { humanReporter, type HumanReporterOptions } from '../../src/cli/output/human-reporter.js';
import type { Output } from '../../src/cli/output/output.js';
import { printDiagnostics } from '../../src/cli/output/print-diagnostics.js';
import { colorWanted } from '../../src/cli/output/terminal-colors.js';
import { interactiveWanted, terminalOutput } from '../../src/cli/output/terminal-output.js';
import { displayWidth, fitMiddle } from '../../src/cli/output/text-width.js';
import { build } from '../../src/mesh.js';
import { memoryDuckDB, updateProject, writeProject } from '../support/temp-project.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
const plain = (text: string): string => text.replace(ANSI, '');

/** An Output that keeps what is written, with the capabilities a test gives it. */
function captured(capabilities: Partial<Pick<Output, 'color' | 'errColor' | 'interactive' | 'columns'>> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const statuses: string[] = [];
  const output: Output = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    ...capabilities,
    ...(capabilities.interactive ? { status: (l: string) => statuses.push(l) } : {}),
  };
  return { output, out, err, statuses };
}

function result(id: string, extra: Partial<NodeResult> = {}): NodeResult {
  const [kind, domain, name] = id.split('.') as [NodeResult['kind'], string, string];
  const label = kind === 'test' ? `${domain}.${name}` : `${domain}_cleaned.${name}`;
  return { id, kind, label, action: kind === 'test' ? 'test' : 'table', status: 'success', durationMs: 10, ...(kind === 'test' ? { failures: 0 } : { rowsAffected: 3 }), ...extra };
}

/** Feeds a whole run of finished results to a reporter. */
function report(output: Output, results: readonly NodeResult[], finished: Partial<Extract<RunEvent, { type: 'run_finished' }>> = {}, options: HumanReporterOptions = {}): void {
  const on = humanReporter(output, options);
  on({ type: 'run_started', total: results.length, threads: 4, target: 'dev' });
  for (const [i, r] of results.entries()) on({ type: 'node_finished', index: i + 1, total: results.length, result: r });
  const counts = { success: 0, error: 0, skipped: 0, reused: 0, warn: 0 };
  for (const r of results) {
    counts[r.status]++;
    if (r.warning) counts.warn++;
  }
  on({ type: 'run_finished', durationMs: 1234, counts, ...finished });
}

const MIXED = [
  result('model.shop.orders'),
  result('model.shop.broken', { status: 'error', message: 'Binder Error: no column x', file: 'domains/shop/cleaned/broken.sql', line: 2 }),
  result('model.shop.after_broken', { status: 'skipped', durationMs: 0, message: 'skipped: upstream model.shop.broken failed', skipReason: 'upstream' }),
  result('test.shop.loose', { warning: true, failures: 2, message: '2 failing rows', file: 'domains/shop/tests/loose.sql' }),
];

describe('colour decision', () => {
  it('follows the TTY, NO_COLOR (any non-empty value) and FORCE_COLOR (0 or false: off)', () => {
    expect(colorWanted(true, {})).toBe(true);
    expect(colorWanted(false, {})).toBe(false);
    expect(colorWanted(undefined, {})).toBe(false);
    expect(colorWanted(true, { NO_COLOR: '1' })).toBe(false);
    expect(colorWanted(true, { NO_COLOR: 'false' })).toBe(false);
    expect(colorWanted(true, { NO_COLOR: '' })).toBe(true);
    expect(colorWanted(false, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorWanted(false, { FORCE_COLOR: 'true' })).toBe(true);
    expect(colorWanted(false, { FORCE_COLOR: '3' })).toBe(true);
    expect(colorWanted(false, { FORCE_COLOR: '' })).toBe(false);
    expect(colorWanted(true, { FORCE_COLOR: '0' })).toBe(false);
    expect(colorWanted(true, { FORCE_COLOR: 'false' })).toBe(false);
    // A person's standing NO_COLOR wins over a tool's FORCE_COLOR.
    expect(colorWanted(false, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
    expect(colorWanted(true, { TERM: 'dumb' })).toBe(false);
    expect(colorWanted(false, { TERM: 'dumb', FORCE_COLOR: '1' })).toBe(true);
  });

  it('draws a live status line only on a terminal that is not dumb and not a CI job', () => {
    expect(interactiveWanted(true, {})).toBe(true);
    expect(interactiveWanted(false, {})).toBe(false);
    expect(interactiveWanted(true, { CI: 'true' })).toBe(false);
    expect(interactiveWanted(true, { TERM: 'dumb' })).toBe(false);
  });
});

describe('terminal output', () => {
  const stream = (isTTY: boolean, columns?: number) => {
    const written: string[] = [];
    return { written, stream: { write: (t: string) => written.push(t), isTTY, ...(columns ? { columns } : {}) } };
  };

  it('keeps the status line under the last line and clears it before anything else is written', () => {
    const stdout = stream(true, 100);
    const stderr = stream(true);
    const output = terminalOutput(stdout.stream, stderr.stream, {});
    expect(output).toMatchObject({ color: true, errColor: true, interactive: true, columns: 100 });
    output.status!('running a');
    output.out('line 1');
    output.err('problem');
    output.status!('');
    output.out('line 2');
    expect(stdout.written.join('')).toBe('\r\x1b[Krunning a' + '\r\x1b[Kline 1\nrunning a' + '\r\x1b[K' + 'running a' + '\r\x1b[K' + 'line 2\n');
    expect(stderr.written).toEqual(['problem\n']);
  });

  it('on a pipe: plain lines, no status line, the width from COLUMNS, else 120', () => {
    const stdout = stream(false);
    const output = terminalOutput(stdout.stream, stream(false).stream, { COLUMNS: '132' });
    expect(output).toMatchObject({ color: false, errColor: false, interactive: false, columns: 132 });
    output.status!('running a');
    output.out('line 1');
    expect(stdout.written).toEqual(['line 1\n']);
    expect(terminalOutput(stdout.stream, stream(false).stream, {}).columns).toBe(120);
  });
});

describe('human reporter', () => {
  it('colours statuses and the summary when colour is on', () => {
    const { output, out } = captured({ color: true });
    report(output, MIXED);
    const text = out.join('\n');
    expect(out.find((l) => l.includes('shop_cleaned.orders'))).toContain('\x1b[32mOK   \x1b[39m');
    expect(out.find((l) => l.includes('shop_cleaned.broken'))).toContain('\x1b[31mERROR\x1b[39m');
    expect(out.find((l) => l.includes('shop_cleaned.after_broken'))).toContain('\x1b[33mSKIP \x1b[39m');
    expect(out.find((l) => l.includes('shop.loose'))).toContain('\x1b[33mWARN \x1b[39m');
    expect(text).toContain('\x1b[32m2 OK\x1b[39m');
    expect(text).toContain('\x1b[31m1 error\x1b[39m');
    expect(plain(text)).toContain('Done in 1.23s: 2 OK, 1 error, 1 skipped, 1 warning.');
  });

  it('writes no escape code at all when colour is off, and keeps every failure with its file and line', () => {
    const { output, out } = captured();
    report(output, MIXED);
    const text = out.join('\n');
    expect(text).not.toContain('\x1b');
    expect(text).toContain('Error in model.shop.broken\n  domains/shop/cleaned/broken.sql:2: Binder Error: no column x');
    expect(text).toContain('Warning in test.shop.loose\n  domains/shop/tests/loose.sql: 2 failing rows');
    expect(out.at(-1)).toBe('Done in 1.23s: 2 OK, 1 error, 1 skipped, 1 warning.');
  });

  it('shortens long names in the middle, keeping the domain and the end, with every detail at the same column', () => {
    const long = 'a_rather_long_model_name_that_a_domain_team_really_chose_for_its_orders_by_day';
    const results = [
      result('model.shop.orders'),
      result(`model.shop.${long}`),
      result(`test.shop.not_null_${long}_order_id`),
      result('model.shop.注文の日別集計テーブル注文の日別集計テーブル'),
    ];
    for (const columns of [80, 100]) {
      const { output, out } = captured({ columns });
      report(output, results);
      const lines = out.filter((l) => / of 4 /.test(l));
      expect(lines).toHaveLength(4);
      const detailAt = lines.map((l) => displayWidth(l.slice(0, l.lastIndexOf(' ['))));
      expect(new Set(detailAt).size).toBe(1);
      for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(columns);
      expect(lines[0]).toContain(' shop_cleaned.orders .');
      const shortened = lines[1]!;
      // The schema, the start and the end of the name: a test's kind and its column both show.
      expect(shortened).toMatch(/ shop_cleaned\.a_rat[a-z_]*…[a-z_]*s_by_day \.+ \[3 rows in 0\.01s\]$/);
      expect(lines[2]).toMatch(/ shop\.not_nu[a-z_]*…[a-z_]*_order_id \.+ \[pass in 0\.01s\]$/);
      expect(lines[3]).toContain('…');
    }
    // A wide terminal has room for the whole name.
    const { output, out } = captured({ columns: 200 });
    report(output, [result('model.shop.orders_by_day_for_every_channel_and_region')]);
    expect(out.find((l) => / of 1 /.test(l))).toContain('shop_cleaned.orders_by_day_for_every_channel_and_region .');
  });

  it('measures wide characters in columns when shortening', () => {
    const name = 'shop.注文の日別集計テーブル';
    const fitted = fitMiddle(name, 14);
    expect(displayWidth(fitted)).toBeLessThanOrEqual(14);
    expect(fitted).toMatch(/^shop\.…/);
    expect(fitted.endsWith('テーブル')).toBe(true);
    expect(fitMiddle('checkout_raw.order_events', 22, 'checkout')).toBe('checkout…order_events');
    expect(fitMiddle('checkout_aggregate.large_orders', 28, 'checkout')).toBe('checkout…large_orders');
    expect(fitMiddle('checkout_cleaned.order_events_structured', 26, 'checkout')).toBe('checkout…events_structured');
    expect(fitMiddle('shop.orders', 11)).toBe('shop.orders');
    // Two tests of one model and column stay apart.
    expect(fitMiddle('management.not_null_forecast_vs_actual_channel', 28)).toBe('management.not_nu…al_channel');
    expect(fitMiddle('management.accepted_values_forecast_vs_actual_channel', 28)).toBe('management.accept…al_channel');
  });

  it('names the five slowest nodes that ran, slowest first', () => {
    const durations = [40, 900, 15, 1200, 300, 75, 5000];
    const results = [
      ...durations.map((ms, i) => result(`model.shop.m${i}`, { durationMs: ms })),
      result('model.shop.skipped', { status: 'skipped', durationMs: 0, message: 'skipped: upstream model.shop.x failed' }),
    ];
    const { output, out } = captured();
    report(output, results);
    const at = out.indexOf('Slowest 5 nodes:');
    expect(at).toBeGreaterThan(0);
    expect(out.slice(at + 1, at + 6).map((l) => l.trim().replace(/ +/g, ' '))).toEqual([
      '5.00s table shop_cleaned.m6',
      '1.20s table shop_cleaned.m3',
      '0.90s table shop_cleaned.m1',
      '0.30s table shop_cleaned.m4',
      '0.07s table shop_cleaned.m5',
    ]);
    expect(out[at + 6]).toBe('');
    // A run of five nodes or fewer already shows every time on its lines.
    const small = captured();
    report(small.output, results.slice(0, 5));
    expect(small.out.join('\n')).not.toContain('Slowest');
  });

  it('says how many nodes an interrupt left unfinished', () => {
    const { output, out } = captured();
    const interrupted = (id: string) => result(id, { status: 'skipped', durationMs: 0, message: 'skipped: interrupted', skipReason: 'interrupted' });
    report(output, [result('model.shop.a'), interrupted('model.shop.b'), interrupted('model.shop.c')], { interrupted: 'SIGINT' });
    expect(out.at(-1)).toBe('Interrupted by SIGINT: 2 nodes did not finish.');
  });

  it('prints a START line for a node running longer than the delay, and none for a quick one', () => {
    vi.useFakeTimers();
    try {
      const { output, out } = captured();
      const on = humanReporter(output, { startLineAfterMs: 2000 });
      on({ type: 'run_started', total: 2, threads: 2, target: 'dev' });
      on({ type: 'node_started', index: 1, total: 2, id: 'model.shop.slow', label: 'shop_cleaned.slow', action: 'table' });
      on({ type: 'node_started', index: 2, total: 2, id: 'model.shop.quick', label: 'shop_cleaned.quick', action: 'view' });
      vi.advanceTimersByTime(500);
      on({ type: 'node_finished', index: 2, total: 2, result: result('model.shop.quick', { action: 'view', durationMs: 500 }) });
      vi.advanceTimersByTime(1499);
      expect(out.filter((l) => l.includes('START'))).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(out.filter((l) => l.includes('START'))).toEqual([`1 of 2  START table        ${'shop_cleaned.slow '.padEnd(31, '.')} [running for 2s]`]);
      on({ type: 'node_finished', index: 1, total: 2, result: result('model.shop.slow', { durationMs: 2500 }) });
      on({ type: 'run_finished', durationMs: 2500, counts: { success: 2, error: 0, skipped: 0, reused: 0, warn: 0 } });
      expect(vi.getTimerCount()).toBe(0);
      expect(out.filter((l) => l.includes('START'))).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('on a terminal, redraws a status line of the running nodes, never prints START, and clears it at the end', () => {
    vi.useFakeTimers();
    try {
      const { output, out, statuses } = captured({ interactive: true, columns: 100 });
      const on = humanReporter(output, { startLineAfterMs: 10 });
      on({ type: 'phase', phase: 'compile', state: 'started' });
      expect(statuses).toEqual(['Compiling…']);
      on({ type: 'phase', phase: 'compile', state: 'finished', durationMs: 3000, detail: '141 nodes' });
      expect(statuses.at(-1)).toBe('');
      on({ type: 'run_started', total: 3, threads: 2, target: 'dev' });
      on({ type: 'node_started', index: 1, total: 3, id: 'model.shop.slow', label: 'shop_cleaned.slow', action: 'table' });
      vi.advanceTimersByTime(1200);
      on({ type: 'node_started', index: 2, total: 3, id: 'model.shop.other', label: 'shop_cleaned.other', action: 'table' });
      vi.advanceTimersByTime(300);
      expect(statuses.at(-1)).toBe('[0/3] running shop_cleaned.slow 1.5s, shop_cleaned.other 0.3s');
      // At most one redraw per 100 ms.
      const drawn = statuses.length;
      vi.advanceTimersByTime(1000);
      expect(statuses.length - drawn).toBeLessThanOrEqual(10);
      on({ type: 'node_finished', index: 1, total: 3, result: result('model.shop.slow', { durationMs: 2500 }) });
      vi.advanceTimersByTime(100);
      expect(statuses.at(-1)).toBe('[1/3] running shop_cleaned.other 1.4s');
      on({ type: 'node_finished', index: 2, total: 3, result: result('model.shop.other', { durationMs: 1300 }) });
      on({ type: 'node_finished', index: 3, total: 3, result: result('model.shop.third', { durationMs: 1 }) });
      on({ type: 'run_finished', durationMs: 2600, counts: { success: 3, error: 0, skipped: 0, reused: 0, warn: 0 } });
      expect(statuses.at(-1)).toBe('');
      expect(vi.getTimerCount()).toBe(0);
      expect(out.some((l) => l.includes('START'))).toBe(false);
      // The phase was shown on the status line only.
      expect(out.some((l) => l.includes('Compiling'))).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('prints a line for a phase that took longer than a moment, on a pipe', () => {
    const { output, out } = captured();
    const on = humanReporter(output, { phaseLineAfterMs: 250 });
    on({ type: 'phase', phase: 'compile', state: 'started' });
    on({ type: 'phase', phase: 'compile', state: 'finished', durationMs: 400, detail: '141 nodes' });
    on({ type: 'phase', phase: 'catalog', state: 'started' });
    on({ type: 'phase', phase: 'catalog', state: 'finished', durationMs: 20 });
    expect(out).toEqual(['Compiling 141 nodes… 0.4s']);
  });
});

describe('diagnostics printing', () => {
  const diagnostics = [
    error('MESH101', 'invalid YAML', { file: 'domains/shop/raw/a.sql', line: 2, column: 7, hint: 'close every [' }),
    warning('MESH190', "folder 'stagin' is not a stage", { file: 'domains/shop/stagin', hint: 'stages are raw, cleaned, aggregate' }),
  ];

  it('without colour prints exactly formatDiagnostic', () => {
    const { output, err } = captured();
    printDiagnostics(diagnostics, output, 'text');
    expect(err).toEqual([...diagnostics.map(formatDiagnostic), '\n1 error, 1 warning: nothing was run.']);
  });

  it('with colour on stderr: error red, warning yellow, code bold, hint dim; the text unchanged', () => {
    const { output, err } = captured({ errColor: true });
    printDiagnostics(diagnostics, output, 'text');
    expect(err[0]).toContain('\x1b[31merror\x1b[39m \x1b[1mMESH101\x1b[22m');
    expect(err[0]).toContain('\x1b[2mhint: close every [\x1b[22m');
    expect(err[1]).toContain('\x1b[33mwarning\x1b[39m');
    expect(err.map(plain)).toEqual([...diagnostics.map(formatDiagnostic), '\n1 error, 1 warning: nothing was run.']);
    // Colour on stdout alone leaves stderr plain.
    const other = captured({ color: true });
    printDiagnostics(diagnostics, other.output, 'text');
    expect(other.err.join('')).not.toContain('\x1b');
  });
});

describe('action words, through a real build', () => {
  let adapter: DuckDBAdapter | undefined;
  afterEach(async () => {
    await adapter?.close();
    adapter = undefined;
  });

  it("an incremental model's first build says create; later builds incremental; only --full-refresh says full_refresh", async () => {
    const dir = writeProject({
      'domains/shop/seeds/channels.csv': 'channel,label\r\nweb,Web shop\r\napp,Mobile app\r\n',
      'domains/shop/raw/events.sql': '/*\ncolumns:\n  id:\n    tests: [not_null]\n*/\nselect range as id, range as ts from range(3)\n',
      'domains/shop/cleaned/events_log.sql':
        '/*\nmaterialized: incremental\nunique_key: id\n*/\nselect id, ts from {{ref "events"}}\n{{#if is_incremental}}where ts > (select max(ts) from {{this}}){{/if}}\n',
      'domains/shop/aggregate/event_count.sql': 'select count(*) as n from {{ref "events_log"}}\n',
    });
    adapter = await memoryDuckDB(dir);
    const buildOnce = async (fullRefresh = false) => {
      const { output, out } = captured();
      const result = await build({ projectDir: dir, adapter, fullRefresh, onEvent: humanReporter(output, { phaseLineAfterMs: 0 }) });
      expect(result.run?.success).toBe(true);
      const actions = Object.fromEntries(result.run!.results.map((r) => [r.id, r.action]));
      const line = out.find((l) => l.includes('shop_cleaned.events_log'))!;
      return { actions, line, out };
    };
    const first = await buildOnce();
    expect(first.actions).toEqual({
      'seed.shop.channels': 'seed',
      'model.shop.events': 'view',
      'model.shop.events_log': 'create',
      'model.shop.event_count': 'table',
      'test.shop.not_null_events_id': 'test',
    });
    expect(first.line).toMatch(/OK {4}create {7}shop_cleaned\.events_log \.+ \[3 rows in/);
    // The phases before the first node and after the last, each on its line (no delay set).
    expect(first.out[0]).toMatch(/^Compiling 5 nodes… \d+\.\ds$/);
    expect(first.out[1]).toMatch(/^Planning 5 steps against the warehouse… \d+\.\ds$/);
    expect(first.out.at(-3)).toMatch(/^Delivering OpenLineage events… \d+\.\ds$/);
    // The summary is the last line, however long the phases after the last node took.
    expect(first.out.at(-1)).toMatch(/^Done in \d+\.\d\ds: 5 OK/);

    updateProject(dir, { 'domains/shop/raw/events.sql': 'select range as id, range as ts from range(5)\r\n' });
    const second = await buildOnce();
    expect(second.actions['model.shop.events_log']).toBe('incremental');
    expect(second.line).toMatch(/OK {4}incremental {2}shop_cleaned\.events_log \.+ \[2 rows in/);

    const refreshed = await buildOnce(true);
    expect(refreshed.actions['model.shop.events_log']).toBe('full_refresh');
    expect(refreshed.actions['model.shop.event_count']).toBe('table');
    expect(refreshed.line).toMatch(/full_refresh shop_cleaned\.events_log \.+ \[5 rows in/);
  });

  it('--full-refresh on a table that does not exist yet says create: there is nothing to refresh', async () => {
    const dir = writeProject({
      'domains/shop/cleaned/events_log.sql': '/*\nmaterialized: incremental\n*/\nselect 1 as id\n{{#if is_incremental}}where false{{/if}}\n',
    });
    adapter = await memoryDuckDB(dir);
    const result = await build({ projectDir: dir, adapter, fullRefresh: true });
    expect(result.run!.results.map((r) => r.action)).toEqual(['create']);
  });
});
