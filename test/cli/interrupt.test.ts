import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import type { RunEvent as OpenLineageEvent } from '../../src/openlineage/openlineage-types.js';
import { ensureBuiltCli, MESH_BIN } from '../support/built-cli.js';
import { mesh } from '../support/run-cli.js';
import { updateProject, writeProject } from '../support/temp-project.js';
import { eventProblems } from '../openlineage/openlineage-schema.js';

/**
 * Ctrl+C and SIGTERM during `mesh build`, through the real CLI process (bin/mesh.js) on a DuckDB file.
 * The slow query hashes 20 billion numbers: minutes of work on any machine, so it is running for
 * sure when the signal arrives; that the process then ends within seconds is what DuckDB's
 * interrupt buys.
 */
const SLOW = 'select sum(hash(i)) as n from range(20000000000) as t(i)';
/** How long a stopped build may take to end: cancelling takes milliseconds, the rest is writing the artifacts. */
const PROMPT_MS = 5_000;

beforeAll(() => ensureBuiltCli(), 120_000);

const MESH_YAML = (extra: string[] = []): string =>
  ['name: interrupts', 'targets:', '  dev:', '    engine: duckdb', '    path: .mesh/dev.duckdb', '    threads: 2', 'default_target: dev', ...extra, ''].join('\n');
const DOMAIN = { 'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\n' };

/** A fast view, a slow table (saved with CRLF line endings, as some editors do) and a table that reads it. */
const PIPELINE = {
  'mesh.yaml': MESH_YAML(),
  ...DOMAIN,
  'domains/shop/cleaned/fast.sql': 'select 1 as id\n',
  'domains/shop/cleaned/slow.sql': `/*\r\nmaterialized: table\r\n*/\r\n${SLOW}\r\n`,
  'domains/shop/aggregate/after_slow.sql': '/*\nmaterialized: table\n*/\nselect n from {{ref "slow"}}\n',
};

interface JsonLine {
  readonly type: string;
  readonly id?: string;
  readonly result?: { readonly id: string; readonly status: string };
  readonly interrupted?: string;
}

/** `node bin/mesh.js …` with stdout and stderr collected line by line. */
function spawnMesh(args: readonly string[]) {
  const started = Date.now();
  const child = spawn(process.execPath, [MESH_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const out: string[] = [];
  const err: string[] = [];
  createInterface({ input: child.stdout }).on('line', (l) => out.push(l));
  createInterface({ input: child.stderr }).on('line', (l) => err.push(l));
  const exited = new Promise<{ code: number | null; at: number }>((done) => child.on('exit', (code) => done({ code, at: Date.now() })));
  running.push(child);
  return { child, out, err, exited, started };
}

const running: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  // A test that failed half way must not leave a build hashing numbers.
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Resolves once `ready()` holds, polling; fails the test with what the process printed if it never does. */
async function until(ready: () => boolean, what: string, printed: () => string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the process printed:\n${printed().join('\n')}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const jsonLines = (out: readonly string[]): JsonLine[] => out.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as JsonLine);
const started = (out: readonly string[], id: string): boolean => jsonLines(out).some((e) => e.type === 'node_started' && e.id === id);
const finished = (out: readonly string[], id: string): boolean => jsonLines(out).some((e) => e.type === 'node_finished' && e.result?.id === id);

interface RunResultsFile {
  readonly success: boolean;
  readonly interrupted: string | null;
  readonly results: readonly { unique_id: string; status: string; skip_reason: string | null; message: string | null }[];
}
const runResults = (dir: string): RunResultsFile => JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as RunResultsFile;
const statuses = (run: RunResultsFile) => Object.fromEntries(run.results.map((r) => [r.unique_id, { status: r.status, skip_reason: r.skip_reason }]));

/** The events of the build's NDJSON file (one file per build; `target/` is fresh in these projects). */
function openLineage(dir: string): OpenLineageEvent[] {
  const folder = join(dir, 'target', 'openlineage');
  if (!existsSync(folder)) return [];
  const files = readdirSync(folder);
  if (files.length !== 1) return [];
  return readFileSync(join(folder, files[0]!), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as OpenLineageEvent);
}
/** Each job's events as `TYPE runId`, in order, with every event checked against the OpenLineage schemas. */
function lineageByJob(events: readonly OpenLineageEvent[]): Record<string, string[]> {
  expect(events.flatMap(eventProblems)).toEqual([]);
  const jobs: Record<string, string[]> = {};
  for (const e of events) (jobs[e.job.name] ??= []).push(`${e.eventType} ${e.run.runId}`);
  return jobs;
}
const errorMessage = (e: OpenLineageEvent | undefined): unknown => (e?.run.facets as { errorMessage?: { message: string } } | undefined)?.errorMessage?.message;

/** Interrupts a build of PIPELINE once the slow node runs (and the fast one is done); what the process left. */
async function interruptPipeline(signal: 'SIGINT' | 'SIGTERM', format: 'json' | 'text') {
  const dir = writeProject(PIPELINE, {});
  const build = spawnMesh(['build', '--project', dir, '--log-format', format]);
  // JSON lines say when a node starts. The text output does not; but the fast and the slow node
  // start together (two threads, no dependencies), so once the fast one is reported OK the slow one runs.
  const ready =
    format === 'json'
      ? () => started(build.out, 'model.shop.slow') && finished(build.out, 'model.shop.fast')
      : () => build.out.some((l) => l.includes('shop_cleaned.fast') && /\bOK\b/.test(l));
  await until(ready, 'the slow node to start', () => [...build.out, ...build.err]);
  const sentAt = Date.now();
  build.child.kill(signal);
  const { code, at } = await build.exited;
  return { dir, code, ms: at - sentAt, out: build.out, err: build.err };
}

describe('mesh build interrupted', () => {
  it('Ctrl+C cancels the running query, skips what did not finish, records the run and exits 130', async () => {
    const { dir, code, ms, out, err } = await interruptPipeline('SIGINT', 'json');
    expect(code).toBe(130);
    expect(ms).toBeLessThan(PROMPT_MS);
    expect(err).toContain(JSON.stringify({ type: 'interrupt', signal: 'SIGINT' }));
    expect(jsonLines(out).find((e) => e.type === 'run_finished')).toMatchObject({ interrupted: 'SIGINT', counts: { success: 1, error: 0, skipped: 2 } });

    const run = runResults(dir);
    expect(run).toMatchObject({ success: false, interrupted: 'SIGINT' });
    expect(statuses(run)).toEqual({
      'model.shop.fast': { status: 'success', skip_reason: null },
      'model.shop.slow': { status: 'skipped', skip_reason: 'interrupted' },
      'model.shop.after_slow': { status: 'skipped', skip_reason: 'interrupted' },
    });
    expect(run.results.find((r) => r.unique_id === 'model.shop.slow')?.message).toBe('skipped: interrupted by SIGINT while it ran (its statement was cancelled)');
    expect(run.results.find((r) => r.unique_id === 'model.shop.after_slow')?.message).toBe('skipped: interrupted by SIGINT before it started');

    const catalog = JSON.parse(readFileSync(join(dir, 'target', 'catalog.json'), 'utf8')) as {
      lastRun: { interrupted?: string; success: boolean };
      datasets: Record<string, { lastResult?: { status: string } }>;
    };
    expect(catalog.lastRun).toMatchObject({ interrupted: 'SIGINT', success: false });
    expect(catalog.datasets['model.shop.slow']?.lastResult?.status).toBe('skipped');
    expect(catalog.datasets['model.shop.fast']?.lastResult?.status).toBe('success');

    const events = openLineage(dir);
    const jobs = lineageByJob(events);
    const runId = (job: string, i: number): string => jobs[job]![i]!.split(' ')[1]!;
    // The slow node's run is the one that started, aborted; the one that never started gets START and ABORT.
    expect(jobs).toEqual({
      'interrupts.build': [`START ${runId('interrupts.build', 0)}`, `ABORT ${runId('interrupts.build', 0)}`],
      'model.shop.fast': [`START ${runId('model.shop.fast', 0)}`, `COMPLETE ${runId('model.shop.fast', 0)}`],
      'model.shop.slow': [`START ${runId('model.shop.slow', 0)}`, `ABORT ${runId('model.shop.slow', 0)}`],
      'model.shop.after_slow': [`START ${runId('model.shop.after_slow', 0)}`, `ABORT ${runId('model.shop.after_slow', 0)}`],
    });
    expect(errorMessage(events.at(-1))).toBe('interrupted by SIGINT: 2 nodes did not finish');
    expect(errorMessage(events.find((e) => e.eventType === 'ABORT' && e.job.name === 'model.shop.slow'))).toBe(
      'skipped: interrupted by SIGINT while it ran (its statement was cancelled)',
    );
  });

  it('SIGTERM does the same, prints the summary and exits 143', async () => {
    const { dir, code, ms, out, err } = await interruptPipeline('SIGTERM', 'text');
    expect(code).toBe(143);
    expect(ms).toBeLessThan(PROMPT_MS);
    expect(out).toContain('Interrupted by SIGTERM: 2 nodes did not finish.');
    // The cancelled node's line stays one line: the full reason is in run_results.json.
    expect(out.filter((l) => /SKIP +table +shop_cleaned\.slow \.+ \[interrupted after \d+\.\d\ds\]$/.test(l))).toHaveLength(1);
    expect(err.join('\n')).toContain('Interrupted by SIGTERM: stopping');
    expect(runResults(dir)).toMatchObject({ interrupted: 'SIGTERM' });
    expect(statuses(runResults(dir))['model.shop.after_slow']).toEqual({ status: 'skipped', skip_reason: 'interrupted' });
    const build = openLineage(dir).filter((e) => e.job.name === 'interrupts.build');
    expect(build.map((e) => e.eventType)).toEqual(['START', 'ABORT']);
    expect(errorMessage(build[1])).toBe('interrupted by SIGTERM: 2 nodes did not finish');
  });

  it('a second Ctrl+C exits at once, without waiting for what the first one waits for', async () => {
    // A lineage catalog that never answers: after the first Ctrl+C the build waits for it (up to
    // timeout_ms), as it does after any build.
    const sockets: Server = createServer(() => undefined);
    await new Promise<void>((done) => sockets.listen(0, '127.0.0.1', done));
    try {
      const url = `http://127.0.0.1:${(sockets.address() as AddressInfo).port}`;
      const dir = writeProject({ ...PIPELINE, 'mesh.yaml': MESH_YAML(['openlineage:', `  url: ${url}`, '  timeout_ms: 30000', '  retries: 0']) }, {});
      const build = spawnMesh(['build', '--project', dir, '--log-format', 'json']);
      await until(() => started(build.out, 'model.shop.slow'), 'the slow node to start', () => [...build.out, ...build.err]);
      build.child.kill('SIGINT');
      // The run is recorded before the wait for the catalog; the process is still waiting.
      await until(() => existsSync(join(dir, 'target', 'run_results.json')), 'run_results.json', () => [...build.out, ...build.err], PROMPT_MS);
      await new Promise((r) => setTimeout(r, 300));
      expect(build.child.exitCode).toBeNull();
      const sentAt = Date.now();
      build.child.kill('SIGINT');
      const { code, at } = await build.exited;
      expect(code).toBe(130);
      expect(at - sentAt).toBeLessThan(2_000);
      expect(runResults(dir)).toMatchObject({ interrupted: 'SIGINT' });
    } finally {
      sockets.closeAllConnections();
      await new Promise((done) => sockets.close(done));
    }
  });
});

describe('an interrupted build leaves what it did not finish as it was', () => {
  /** A contract whose one table reads `model`; an optional audit on `amount` (a quality rule in SQL). */
  const contract = (product: string, key: string, model: string, audit: string[] = []): string =>
    [
      'apiVersion: v3.1.0',
      'kind: DataContract',
      `id: shop-${product}`,
      `name: Shop ${product}`,
      'version: 1.0.0',
      'status: active',
      'domain: shop',
      `dataProduct: ${product}`,
      'team:',
      '  name: team-shop',
      'schema:',
      `  - name: ${product}`,
      '    physicalType: view',
      '    customProperties:',
      '      - property: model',
      `        value: ${model}`,
      '    properties:',
      `      - name: ${key}`,
      '        logicalType: string',
      '        required: true',
      '      - name: amount',
      '        logicalType: number',
      ...audit,
      '',
    ].join('\n');
  /** Hashes `amount` numbers per row (no optimizer can skip it): instant over small amounts, minutes over 20 billion. */
  const AUDIT = [
    '        quality:',
    '          - type: sql',
    '            query: SELECT COUNT(*) FROM ${object} AS o, range(CAST(o.${property} AS BIGINT)) AS r(i) WHERE hash(r.i) = 1',
    '            mustBe: 0',
  ];
  const CONTRACTS = {
    'domains/shop/contracts/orders.odcs.yaml': contract('orders', 'order_id', 'cleaned.orders'),
    'domains/shop/contracts/payments.odcs.yaml': contract('payments', 'payment_id', 'cleaned.payments', AUDIT),
  };
  /**
   * Backing models of the two contracts (views), a table, and an incremental table (delete+insert,
   * in a transaction); `slow` makes the orders candidate, the table and the incremental rows slow to
   * compute, and the payments audit slow to run.
   */
  const models = (slow: boolean) => {
    const where = slow ? ` where (${SLOW}) > 0` : '';
    return {
      'domains/shop/cleaned/orders.sql': `/*\nmaterialized: view\n*/\nselect * from (values ('o1', 10), ('o2', 20)) as t(order_id, amount)${where}\n`,
      'domains/shop/cleaned/payments.sql': `/*\nmaterialized: view\n*/\nselect * from (values ('p1', 10), ('p2', ${slow ? 20_000_000_000 : 20})) as t(payment_id, amount)\n`,
      'domains/shop/aggregate/totals.sql': `/*\nmaterialized: table\n*/\nselect 'all' as scope, 30 as amount${where}\n`,
      'domains/shop/aggregate/order_log.sql': [
        '/*',
        'materialized: incremental',
        'incremental_strategy: delete+insert',
        'unique_key: id',
        '*/',
        'select * from (values (1), (2)) as t(id)',
        `{{#if is_incremental}}union all select 3${where}{{/if}}`,
        '',
      ].join('\n'),
    };
  };
  const candidates = (db: DuckDBAdapter, product: string) =>
    db.query(`select table_name from information_schema.tables where table_schema = 'shop_private' and table_name like '__mesh_${product}_v1__%'`);

  it('the contract views serve their published rows (candidate built or audited), a rebuilt table and an incremental run keep their data', async () => {
    const dir = writeProject({ 'mesh.yaml': MESH_YAML(), ...DOMAIN, ...CONTRACTS, ...models(false) }, {});
    // In process, as tests run the CLI: each command takes its signal handlers away when it ends.
    const handlers = (): number => process.listenerCount('SIGINT') + process.listenerCount('SIGTERM');
    const before = handlers();
    const first = await mesh(['build', '--project', dir]);
    expect(first.code, [...first.out, ...first.err].join('\n')).toBe(0);
    expect(handlers()).toBe(before);

    updateProject(dir, models(true));
    const build = spawnMesh(['build', '--project', dir, '--log-format', 'json', '--threads', '4']);
    const slow = ['contract.shop.orders_v1', 'contract.shop.payments_v1', 'model.shop.totals', 'model.shop.order_log'];
    await until(() => slow.every((id) => started(build.out, id)), 'the slow nodes to start', () => [...build.out, ...build.err]);
    // Writing the payments candidate (two rows) takes milliseconds: give it time to reach its audit.
    await new Promise((r) => setTimeout(r, 1_000));
    const sentAt = Date.now();
    build.child.kill('SIGINT');
    const { code, at } = await build.exited;
    expect(code).toBe(130);
    expect(at - sentAt).toBeLessThan(PROMPT_MS);
    expect(statuses(runResults(dir))).toMatchObject(Object.fromEntries(slow.map((id) => [id, { status: 'skipped', skip_reason: 'interrupted' }])));

    const db = await DuckDBAdapter.open({ path: join(dir, '.mesh', 'dev.duckdb'), fileSearchPath: dir, connections: 1 });
    try {
      expect(await db.query('select order_id, amount from shop.orders_v1 order by 1')).toEqual([
        { order_id: 'o1', amount: 10 },
        { order_id: 'o2', amount: 20 },
      ]);
      expect(await db.query('select payment_id, amount from shop.payments_v1 order by 1')).toEqual([
        { payment_id: 'p1', amount: 10 },
        { payment_id: 'p2', amount: 20 },
      ]);
      // The payments candidate was written and was being audited: it stays, unpublished, until the next publish.
      expect(await candidates(db, 'payments')).toHaveLength(2);
      expect(await db.query('select product, version from meshwork.published_contracts order by 1')).toEqual([
        { product: 'orders', version: '1.0.0' },
        { product: 'payments', version: '1.0.0' },
      ]);
      expect(await db.query('select scope, amount from shop_aggregate.totals')).toEqual([{ scope: 'all', amount: 30 }]);
      expect(await db.query('select id from shop_aggregate.order_log order by 1')).toEqual([{ id: 1 }, { id: 2 }]);
    } finally {
      await db.close();
    }

    // The next build runs normally on the same file, and its publish drops the candidate left behind.
    updateProject(dir, models(false));
    const next = await mesh(['build', '--project', dir]);
    expect(next.code, [...next.out, ...next.err].join('\n')).toBe(0);
    expect(handlers()).toBe(before);
    const after = await DuckDBAdapter.open({ path: join(dir, '.mesh', 'dev.duckdb'), fileSearchPath: dir, connections: 1 });
    try {
      expect(await candidates(after, 'payments')).toHaveLength(1);
      // The incremental model is as its last good build (the first) made it: unchanged, it is reused, not run.
      expect(await after.query('select id from shop_aggregate.order_log order by 1')).toEqual([{ id: 1 }, { id: 2 }]);
    } finally {
      await after.close();
    }
  });
});
