import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { humanReporter } from '../../src/cli/output/human-reporter.js';
import { build } from '../../src/mesh.js';
import { ensureBuiltCli, MESH_BIN as bin } from '../support/built-cli.js';
import { memoryDuckDB, writeProject } from '../support/temp-project.js';

// Slow tests (the compiled binary, a query of about a second): apart, so vitest runs them beside the rest.

const PROJECT = {
  'mesh.yaml': 'name: colour_mesh\ntargets:\n  dev:\n    engine: duckdb\n    path: .mesh/dev.duckdb\n    threads: 2\n',
  'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\ndescription: test domain\n',
  'domains/shop/raw/orders.sql': '/*\ncolumns:\n  id:\n    tests: [not_null]\n*/\nselect range as id from range(3)\n',
  'domains/shop/aggregate/order_count.sql': 'select count(*) as n from {{ref "orders"}}\n',
};

/** A query DuckDB takes about a second over (more on a busy machine). */
const SLOW_SQL = 'select sum(hash(range)) as h from range(200000000)\n';

beforeAll(() => ensureBuiltCli(), 180_000);

/** Runs the real binary with only the colour variables a test gives (stdout and stderr are pipes). */
function run(args: readonly string[], env: Record<string, string>) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['NO_COLOR', 'FORCE_COLOR', 'CI', 'COLUMNS'].includes(k)));
  const done = spawnSync(process.execPath, [bin, ...args], { env: { ...base, ...env }, encoding: 'utf8' });
  return { code: done.status, stdout: done.stdout, stderr: done.stderr };
}

describe('the mesh binary', () => {
  it('colours its output with FORCE_COLOR=1 even through a pipe, and not otherwise', () => {
    const dir = writeProject(PROJECT, {});
    const forced = run(['build', '--project', dir], { FORCE_COLOR: '1' });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/\x1b\[32mOK {3}\x1b\[39m table +shop_aggregate\.order_count/);
    expect(forced.stdout).toContain('\x1b[32m3 OK\x1b[39m');

    for (const env of [{}, { NO_COLOR: '1' }, { NO_COLOR: '1', FORCE_COLOR: '1' }] as Record<string, string>[]) {
      const plain = run(['build', '--project', dir, '--force'], env);
      expect(plain.code).toBe(0);
      expect(plain.stdout).toMatch(/OK {4}table +shop_aggregate\.order_count \.+ \[1 row in/);
      expect(plain.stdout).not.toContain('\x1b');
    }
  });

  it('colours diagnostics on stderr with FORCE_COLOR=1, and leaves them plain with NO_COLOR=1', () => {
    const dir = writeProject({ ...PROJECT, 'domains/shop/raw/orders.sql': '/*\nmaterialized: banana\n*/\nselect 1 as id\n' }, {});
    const forced = run(['check', '--project', dir], { FORCE_COLOR: '1' });
    expect(forced.code).toBe(1);
    expect(forced.stderr).toContain('\x1b[31merror\x1b[39m \x1b[1mMESH103\x1b[22m');
    const plain = run(['check', '--project', dir], { NO_COLOR: '1' });
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain('domains/shop/raw/orders.sql:2: error MESH103:');
    expect(plain.stderr).not.toContain('\x1b');
  });

  const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!hasScript)('under a pseudo-terminal, draws a status line of the running node and leaves none behind', () => {
    const dir = writeProject({ ...PROJECT, 'domains/shop/aggregate/slow.sql': SLOW_SQL }, {});
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['NO_COLOR', 'FORCE_COLOR', 'CI', 'COLUMNS', 'TERM'].includes(k)));
    const done = spawnSync('script', ['-qec', `"${process.execPath}" "${bin}" build --project "${dir}"`, '/dev/null'], { env: { ...base, TERM: 'xterm' }, encoding: 'utf8' });
    expect(done.status).toBe(0);
    const screen = done.stdout;
    // Colour on a terminal, a status line naming the slow node with its time, redrawn in place.
    expect(screen).toContain('\x1b[32mOK   \x1b[39m');
    expect(screen).toMatch(/\r\x1b\[K\x1b\[2m\[\d\/4\] running shop_aggregate\.slow \d+\.\ds/);
    expect(screen).not.toContain('START');
    // Whatever was drawn last on the bottom line was cleared.
    const lastLine = screen.slice(screen.lastIndexOf('\n') + 1);
    expect(lastLine.split('\r\x1b[K').at(-1)).toBe('');
    expect(screen).toMatch(/Done in \d+\.\d\ds: \x1b\[32m4 OK\x1b\[39m, 0 errors, 0 skipped, 0 warnings\.\r\n/);
  });
});

describe('START lines in a log', () => {
  it('a node running longer than the delay gets a START line before its result; only such nodes do', async () => {
    const dir = writeProject({ ...PROJECT, 'domains/shop/aggregate/slow.sql': SLOW_SQL }, {});
    const adapter = await memoryDuckDB(dir);
    try {
      const out: string[] = [];
      const delay = 300;
      const result = await build({ projectDir: dir, adapter, onEvent: humanReporter({ out: (l) => out.push(l), err: () => {} }, { startLineAfterMs: delay }) });
      expect(result.run?.success).toBe(true);
      const starts = out.filter((l) => / START /.test(l));
      const slowStart = out.findIndex((l) => / START +table +shop_aggregate\.slow \.+ \[running for \ds\]$/.test(l));
      const slowDone = out.findIndex((l) => / OK +table +shop_aggregate\.slow /.test(l));
      expect(slowStart).toBeGreaterThanOrEqual(0);
      expect(slowStart).toBeLessThan(slowDone);
      // Never for a node that finished before the delay.
      for (const r of result.run!.results.filter((n) => n.durationMs < delay)) expect(starts.join('\n')).not.toContain(` ${r.label} `);
    } finally {
      await adapter.close();
    }
  });
});
