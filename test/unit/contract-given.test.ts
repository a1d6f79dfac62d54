import { cpSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runUnitTests } from '../../src/mesh.js';
import { updateProject, writeProject } from '../support/temp-project.js';

const GOLDEN = fileURLToPath(new URL('../golden/project/', import.meta.url));

/** The golden project (default target DuckDB, a BigQuery prod target) with one unit test of finance.monthly_revenue. */
function goldenWithTest(test: string): string {
  const dir = writeProject({}, {});
  cpSync(GOLDEN, dir, { recursive: true });
  updateProject(dir, { 'domains/finance/tests/unit/revenue.yaml': test });
  return dir;
}

const GIVENS = [
  'given:',
  '  - contract: shop.orders',
  '    version: 1',
  '    rows:',
  "      - {order_id: 1, channel: web, amount: 10.5, status: paid, placed_at: '2024-01-03 10:00:00'}",
  "      - {order_id: 2, channel: web, amount: 4.5, status: paid, placed_at: '2024-01-20 08:00:00'}",
  "      - {order_id: 3, channel: app, amount: 99, status: cancelled, placed_at: '2024-01-21 08:00:00'}",
  "      - {order_id: 4, channel: web, amount: 1, status: paid, placed_at: '2023-12-31 23:00:00'}",
  '  - contract: channels',
  '    rows:',
  // No label: a contract's columns are all made (typed as declared), given or not.
  '      - {channel: web}',
].join('\n');

describe('unit tests: contract givens', () => {
  it('gives rows for the contract views a model reads, by <domain>.<product> and version, with the vars of the test; a contract column not given is null', async () => {
    const dir = goldenWithTest(`model: finance.monthly_revenue\n${GIVENS}\nvars: {start_date: '2024-01-01'}\nexpect:\n  rows:\n    - {revenue_month: '2024-01-01', channel: web, channel_label: null, paid_orders: 2, revenue: 15}\n`);
    const result = await runUnitTests({ projectDir: dir, select: ['finance.revenue'] });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.results.map((r) => r.status)).toEqual(['pass']);
  });

  it('refuses a contract version the model does not read (MESH276)', async () => {
    const dir = goldenWithTest(`model: monthly_revenue\n${GIVENS.replace('version: 1', 'version: 2')}\nexpect:\n  rows: []\n`);
    const result = await runUnitTests({ projectDir: dir, select: ['revenue'] });
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.file}:${d.line}`)).toEqual([
      'MESH277 domains/finance/tests/unit/revenue.yaml:2',
      'MESH276 domains/finance/tests/unit/revenue.yaml:3',
    ]);
  });
});
