import { describe, expect, it } from 'vitest';
import { costText, humanBytes } from '../../src/cli/output/cost-text.js';
import { humanReporter } from '../../src/cli/output/human-reporter.js';
import type { Output } from '../../src/cli/output/output.js';
import type { NodeResult, RunEvent } from '../../src/execute/run-events.js';

function captured(): { output: Output; out: string[] } {
  const out: string[] = [];
  return { output: { out: (l) => out.push(l), err: (l) => out.push(l) }, out };
}

const GiB = 1024 ** 3;

function run(results: readonly NodeResult[], finished: Partial<Extract<RunEvent, { type: 'run_finished' }>>, dryRun = false): string[] {
  const { output, out } = captured();
  const on = humanReporter(output);
  on({ type: 'run_started', total: results.length, threads: 4, target: 'prod', ...(dryRun ? { dryRun } : {}) });
  for (const [i, r] of results.entries()) on({ type: 'node_finished', index: i + 1, total: results.length, result: r });
  on({ type: 'run_finished', durationMs: 2000, counts: { success: results.length, error: 0, skipped: 0, reused: 0, warn: 0 }, ...finished });
  return out;
}

const node = (id: string, extra: Partial<NodeResult>): NodeResult => ({ id, kind: 'model', label: `shop_cleaned.${id.split('.')[2]}`, action: 'table', status: 'success', durationMs: 1380, ...extra });

describe('cost in the build output', () => {
  it('bytes in binary units, as BigQuery bills them', () => {
    expect([0, 512, 1024, 1536, 10 * 1024 ** 2, 2.5 * GiB, 3 * 1024 ** 4].map(humanBytes)).toEqual(['0 B', '512 B', '1.0 KiB', '1.5 KiB', '10.0 MiB', '2.5 GiB', '3.0 TiB']);
    expect(costText({ bytesProcessed: 1536, bytesBilled: 10 * 1024 ** 2, cacheHit: false }, false)).toBe('1.5 KiB processed, 10.0 MiB billed');
    expect(costText({ bytesProcessed: 0, bytesBilled: 0, cacheHit: true }, false)).toBe('0 B processed, 0 B billed, cached');
    expect(costText({ bytesProcessed: 2.5 * GiB }, true)).toBe('estimate 2.5 GiB processed');
    expect(costText({ slotMs: 120 }, false)).toBe('');
    expect(costText(undefined, false)).toBe('');
  });

  it("a node's line shows what it processed and billed, and the summary the build's total", () => {
    const out = run(
      [node('model.shop.orders', { rowsAffected: 1416, cost: { bytesProcessed: 2.5 * GiB, bytesBilled: 2.5 * GiB } }), node('model.shop.customers', { rowsAffected: 3 })],
      { cost: { bytesProcessed: 2.5 * GiB, bytesBilled: 2.5 * GiB + 10 * 1024 ** 2 } },
    );
    expect(out[1]).toMatch(/OK    table        shop_cleaned\.orders \.+ \[1,416 rows in 1\.38s; 2\.5 GiB processed, 2\.5 GiB billed\]$/);
    // A node without cost (an engine that does not bill) shows what it always did.
    expect(out[2]).toMatch(/shop_cleaned\.customers \.+ \[3 rows in 1\.38s\]$/);
    expect(out).toContain('Cost of the build: 2.5 GiB billed (2.5 GiB processed).');
  });

  it("a dry run's lines and summary give the estimate", () => {
    const out = run([node('model.shop.orders', { cost: { bytesProcessed: 3 * GiB } })], { cost: { bytesProcessed: 3 * GiB } }, true);
    expect(out[0]).toBe("Dry-running 1 node on target 'prod' with 4 threads (nothing is created or changed)");
    expect(out[1]).toMatch(/\[estimated in 1\.38s; estimate 3\.0 GiB processed\]$/);
    expect(out).toContain('Dry run: an estimated 3.0 GiB would be processed; nothing was created or changed.');
  });

  it('a run without cost has no cost line', () => {
    const out = run([node('model.shop.orders', { rowsAffected: 1 })], {});
    expect(out.filter((l) => /cost|billed|processed|Dry run/i.test(l))).toEqual([]);
  });
});
