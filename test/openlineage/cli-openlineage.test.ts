import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { writeProject } from '../support/temp-project.js';
import { lines, readEvents, SHOP } from './events-project.js';
import { lineageReceiver } from './lineage-receiver.js';

const CLEAN = Object.fromEntries(Object.entries(SHOP).filter(([path]) => !/broken/.test(path)));
const project = (...openlineage: string[]): string =>
  writeProject({ ...CLEAN, 'mesh.yaml': lines('name: shop', 'targets:', '  dev:', '    engine: duckdb', "    path: ':memory:'", ...openlineage) }, {});

async function run(argv: string[]): Promise<{ code: number; printed: string[] }> {
  const printed: string[] = [];
  const code = await main(argv, { out: (l) => printed.push(l), err: (l) => printed.push(l) });
  return { code, printed };
}

describe('mesh build --openlineage-url', () => {
  it('sends the events to the catalog given on the command line, and writes them to target/openlineage/', async () => {
    const catalog = await lineageReceiver();
    const dir = project();
    const { code } = await run(['build', '--project', dir, '--openlineage-url', catalog.url]);
    expect(code).toBe(0);
    const [file, ...others] = readdirSync(join(dir, 'target', 'openlineage'));
    expect(others).toEqual([]);
    expect(catalog.received.map((r) => JSON.parse(r.body))).toEqual(readEvents(dir, join('target', 'openlineage', file!)));
  });

  it('a catalog that fails leaves the exit code alone and prints one MESH191 warning', async () => {
    const catalog = await lineageReceiver(() => 503);
    const dir = project('openlineage:', '  retries: 0');
    const { code, printed } = await run(['build', '--project', dir, '--openlineage-url', catalog.url]);
    expect(code).toBe(0);
    expect(printed.filter((l) => l.includes('MESH191'))).toEqual([
      expect.stringMatching(/^warning MESH191: \d+ of \d+ OpenLineage events were not delivered to http:\/\/127\.0\.0\.1:\d+\/api\/v1\/lineage: HTTP 503 Service Unavailable after 1 attempt\n  hint: the build is not affected, and every event is in target\/openlineage\/[0-9a-f-]{36}\.ndjson: send them once the catalog is back$/),
    ]);
  });

  it('refuses a value that is not an http(s) URL', async () => {
    const { code, printed } = await run(['build', '--project', project(), '--openlineage-url', 'marquez:5000']);
    expect(code).toBe(2);
    expect(printed).toContain("--openlineage-url takes the catalog's http:// or https:// base URL, not 'marquez:5000'");
  });
});
