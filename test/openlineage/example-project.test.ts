import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { build, type BuildResult } from '../../src/mesh.js';
import type { RunEvent } from '../../src/openlineage/openlineage-types.js';
import { ofJob, readEvents } from './events-project.js';
import { eventProblems } from './openlineage-schema.js';

const EXAMPLE = join(import.meta.dirname, '..', '..', 'example-project');

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The example mesh built on a DuckDB file in a copy of the project: every event it emits. */
describe('OpenLineage events of the example project', () => {
  let dir: string;
  let adapter: DuckDBAdapter;
  let result: BuildResult;
  let events: RunEvent[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mesh-ol-example-'));
    cpSync(EXAMPLE, dir, { recursive: true, filter: (src) => !/[\\/](target|\.mesh)$/.test(src) });
    adapter = await DuckDBAdapter.open({ path: join(dir, 'e2e.duckdb'), fileSearchPath: dir, connections: 4 });
    result = await build({ projectDir: dir, adapter });
    events = readEvents(dir, result.openlineage!.file);
  });

  afterAll(async () => {
    await adapter?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('emits START and COMPLETE for every node and the build, each valid against the official schemas', () => {
    expect(result.run!.success).toBe(true);
    // A unit test ran in memory on rows of its own: no job of the warehouse's, no events.
    const jobs = result.run!.results.filter((r) => r.kind !== 'unit_test');
    expect(jobs.length).toBe(result.run!.results.length - 1);
    expect(events).toHaveLength(2 * jobs.length + 2);
    const problems = events.flatMap((e) => eventProblems(e).map((p) => `${e.eventType} ${e.job.name}: ${p}`));
    expect(problems).toEqual([]);
    for (const r of jobs) expect(ofJob(events, r.id).map((e) => e.eventType), r.id).toEqual(['START', 'COMPLETE']);
    expect(ofJob(events, 'shop.build').map((e) => e.eventType)).toEqual(['START', 'COMPLETE']);
  });

  it('names the cross-domain read of a contract view: shipping reads checkout.orders_v1', () => {
    const readers = events.filter((e) => e.eventType === 'START' && e.inputs.some((i) => i.name === 'checkout.orders_v1')).map((e) => e.job.name);
    expect(readers.some((job) => job.startsWith('model.') && !job.startsWith('model.checkout.'))).toBe(true);
  });

  it('gives every model and contract view output its column lineage and typed schema, computed during the build', () => {
    const built = events.filter((e) => e.eventType === 'COMPLETE' && /^(model|contract)\./.test(e.job.name));
    expect(built.length).toBe(result.run!.results.filter((r) => r.kind === 'model' || r.kind === 'contract').length);
    for (const event of built) {
      const facets = (event.outputs[0] as Loose).facets;
      expect(Object.keys(facets.columnLineage?.fields ?? {}).length, event.job.name).toBeGreaterThan(0);
      expect(facets.schema.fields.every((f: Loose) => typeof f.type === 'string'), event.job.name).toBe(true);
    }
  });

  it('gives each published contract view its audits, all passing', () => {
    const views = result.run!.results.filter((r) => r.kind === 'contract').map((r) => r.id);
    expect(views).toHaveLength(4);
    for (const id of views) {
      const [, complete] = ofJob(events, id);
      const assertions = (complete!.outputs[0] as Loose).outputFacets.dataQualityAssertions.assertions as Loose[];
      expect(assertions.length, id).toBeGreaterThan(0);
      expect(assertions.every((a) => a.success === true), id).toBe(true);
    }
    // The freshness SLA of checkout orders is audited on its timestamp column.
    const [, orders] = ofJob(events, 'contract.checkout.orders_v1');
    const freshness = ((orders!.outputs[0] as Loose).outputFacets.dataQualityAssertions.assertions as Loose[]).filter((a) => a.assertion === 'freshness');
    expect(freshness.map((a) => a.column)).toEqual(['placed_at']);
  });
});
