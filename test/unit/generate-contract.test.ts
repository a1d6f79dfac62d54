import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mesh } from '../support/run-cli.js';
import { writeProject } from '../support/temp-project.js';

const GOLDEN = fileURLToPath(new URL('../golden/project/', import.meta.url));

describe('mesh test --unit --generate for a model reading contracts', () => {
  it('gives each contract view by <domain>.<product> and its version, and the test passes as written', async () => {
    const dir = writeProject({}, {});
    cpSync(GOLDEN, dir, { recursive: true });
    const built = await mesh(['build', '--project', dir]);
    expect(built.code, built.err.join('\n')).toBe(0);
    const run = await mesh(['test', '--unit', '--generate', 'finance.monthly_revenue', '--project', dir]);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    const text = readFileSync(join(dir, 'domains/finance/tests/unit/monthly_revenue.yaml'), 'utf8');
    expect(text).toContain('  - contract: "shop.orders"\n    version: 1\n    rows:\n');
    expect(text).toMatch(/ {2}- contract: "shop\.channels"\n {4}version: \d+\n/);
    const tested = await mesh(['test', '--unit', '--project', dir]);
    expect(tested.out.at(-1)).toBe('Unit tests: 1 passed, 0 failed (1 run).');
  });
});
