import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { build } from '../../src/mesh.js';
import type { RunEvent } from '../../src/openlineage/openlineage-types.js';
import { writeProject } from '../support/temp-project.js';
import { lines, ofJob, readEvents, SHOP } from './events-project.js';
import { lineageReceiver } from './lineage-receiver.js';
import { eventProblems } from './openlineage-schema.js';

/** The shop without its failing models: a build that succeeds. */
const CLEAN = Object.fromEntries(Object.entries(SHOP).filter(([path]) => !/broken/.test(path)));
const withOpenLineage = (...config: string[]): Record<string, string> => ({
  ...CLEAN,
  'mesh.yaml': lines('name: shop', 'targets:', '  dev:', '    engine: duckdb', "    path: ':memory:'", 'openlineage:', ...config.map((c) => `  ${c}`)),
});
const warnings = (diagnostics: readonly Diagnostic[]): Diagnostic[] => diagnostics.filter((d) => d.code === 'MESH191');

describe('the OpenLineage HTTP transport', () => {
  it('POSTs every event to <url>/api/v1/lineage with the bearer token, a run START before its end', async () => {
    const catalog = await lineageReceiver();
    const dir = writeProject(withOpenLineage(`url: ${catalog.url}/`, 'api_key_env: MESH_TEST_LINEAGE_TOKEN'), {});
    const result = await build({ projectDir: dir, openlineage: { env: { MESH_TEST_LINEAGE_TOKEN: 's3cret' } } });
    expect(result.run!.success).toBe(true);
    expect(warnings(result.diagnostics)).toEqual([]);
    const written = readEvents(dir, result.openlineage!.file);
    expect(catalog.received.map((r) => [r.method, r.path, r.headers.authorization, r.headers['content-type']])).toEqual(
      written.map(() => ['POST', '/api/v1/lineage', 'Bearer s3cret', 'application/json']),
    );
    const sent = catalog.received.map((r) => JSON.parse(r.body) as RunEvent);
    // The catalog gets what the file holds, in the same order.
    expect(sent).toEqual(written);
    for (const event of sent) expect(eventProblems(event)).toEqual([]);
    for (const id of result.run!.results.map((r) => r.id)) expect(ofJob(sent, id).map((e) => e.eventType), id).toEqual(['START', 'COMPLETE']);
    expect(sent[0]!.job.name).toBe('shop.build');
    expect(sent[sent.length - 1]!.eventType).toBe('COMPLETE');
  });

  it('a catalog answering 500: the build succeeds, the attempts are bounded, the file is complete, one warning', async () => {
    const catalog = await lineageReceiver(() => 500);
    const dir = writeProject(withOpenLineage('api_key_env: MESH_TEST_UNSET_TOKEN', 'retries: 2'), {});
    // --openlineage-url gives the url that mesh.yaml does not.
    const result = await build({ projectDir: dir, openlineage: { url: catalog.url, env: {}, backoffMs: 5 } });
    expect(result.run!.success).toBe(true);
    const written = readEvents(dir, result.openlineage!.file);
    expect(written).toHaveLength(2 * result.run!.results.length + 2);
    // The first event is tried 1 + 2 times; the catalog is then known to be down and not asked again.
    expect(catalog.received).toHaveLength(3);
    expect(catalog.received.every((r) => r.headers.authorization === undefined)).toBe(true);
    const [warning, ...more] = warnings(result.diagnostics);
    expect(more).toEqual([]);
    expect(warning).toMatchObject({ severity: 'warning', code: 'MESH191' });
    expect(warning!.message).toBe(
      `${written.length} of ${written.length} OpenLineage events were not delivered to ${catalog.url}/api/v1/lineage: HTTP 500 Internal Server Error (api_key_env MESH_TEST_UNSET_TOKEN is not set, so no token was sent) after 3 attempts`,
    );
    expect(warning!.hint).toBe(`the build is not affected, and every event is in ${result.openlineage!.file}: send them once the catalog is back`);
  });

  it('a catalog that never answers costs one timeout per attempt, and no more', async () => {
    const catalog = await lineageReceiver(() => 'hang');
    const dir = writeProject(withOpenLineage(`url: ${catalog.url}`, 'timeout_ms: 150', 'retries: 1'), {});
    const started = Date.now();
    const result = await build({ projectDir: dir, openlineage: { backoffMs: 5 } });
    const elapsed = Date.now() - started;
    expect(result.run!.success).toBe(true);
    expect(catalog.received).toHaveLength(2);
    const [warning] = warnings(result.diagnostics);
    const total = readEvents(dir, result.openlineage!.file).length;
    expect(warning!.message).toBe(`${total} of ${total} OpenLineage events were not delivered to ${catalog.url}/api/v1/lineage: no answer within 150 ms after 2 attempts`);
    expect(readEvents(dir, result.openlineage!.file).map((e) => e.eventType).slice(-1)).toEqual(['COMPLETE']);
    // Two attempts of 150 ms at most, beside a build that runs meanwhile.
    expect(elapsed).toBeLessThan(5000);
  });

  it('a slow catalog does not hold the build: what is not sent within one request\'s bound stays in the file', async () => {
    // 14 events at 100 ms each take 1.4 s; the bound leaves room for a loaded machine's first answer.
    const catalog = await lineageReceiver(() => ({ status: 200, delayMs: 100 }));
    const dir = writeProject(withOpenLineage(`url: ${catalog.url}`, 'timeout_ms: 500', 'retries: 0'), {});
    const result = await build({ projectDir: dir });
    const total = readEvents(dir, result.openlineage!.file).length;
    const [warning] = warnings(result.diagnostics);
    const undelivered = Number(/^(\d+) of /.exec(warning!.message)?.[1]);
    expect(warning!.message).toBe(`${undelivered} of ${total} OpenLineage events were not delivered to ${catalog.url}/api/v1/lineage: the queue was not sent within 500 ms`);
    // Those that did arrive were accepted one at a time; the rest were never sent.
    expect(undelivered).toBeGreaterThan(0);
    expect(catalog.received.length).toBeLessThanOrEqual(total - undelivered + 1);
  });

  it('a catalog that is not there (connection refused) is reported the same way', async () => {
    const url = await closedPort();
    const dir = writeProject(withOpenLineage(`url: ${url}`, 'retries: 0'), {});
    const result = await build({ projectDir: dir });
    expect(result.run!.success).toBe(true);
    expect(warnings(result.diagnostics)[0]!.message).toMatch(new RegExp(`events were not delivered to ${url}/api/v1/lineage: ECONNREFUSED after 1 attempt$`));
  });

  it('a catalog that rejects one event (400) gets the others, and the warning counts the one', async () => {
    const catalog = await lineageReceiver((n) => (n === 2 ? 400 : 200));
    const dir = writeProject(withOpenLineage(`url: ${catalog.url}`), {});
    const result = await build({ projectDir: dir, openlineage: { backoffMs: 5 } });
    const written = readEvents(dir, result.openlineage!.file);
    // A rejected event is not retried: the next request is the next event.
    expect(catalog.received).toHaveLength(written.length);
    expect(warnings(result.diagnostics).map((d) => d.message)).toEqual([`1 of ${written.length} OpenLineage events were not delivered to ${catalog.url}/api/v1/lineage: HTTP 400 Bad Request`]);
  });
});

/** The URL of a local port nothing listens on. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return `http://127.0.0.1:${port}`;
}
