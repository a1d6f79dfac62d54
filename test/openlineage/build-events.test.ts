import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { build, compile, type BuildResult } from '../../src/mesh.js';
import { openLineageEmitter } from '../../src/openlineage/openlineage-emitter.js';
import type { RunEvent } from '../../src/openlineage/openlineage-types.js';
import { memoryDuckDB, updateProject, writeProject } from '../support/temp-project.js';
import { lines, ofJob, readEvents, SHOP, UUID_V7 } from './events-project.js';
import { eventProblems } from './openlineage-schema.js';

/** The facet of one dataset, typed loosely for assertions. */
type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('OpenLineage events of a build', () => {
  let dir: string;
  let adapter: DuckDBAdapter;
  let result: BuildResult;
  let events: RunEvent[];
  let warehouse: string;

  beforeAll(async () => {
    dir = writeProject(SHOP, {});
    adapter = await memoryDuckDB(dir);
    result = await build({ projectDir: dir, adapter });
    events = readEvents(dir, result.openlineage!.file);
    warehouse = `duckdb://${dir}/warehouse.duckdb`;
  });
  afterAll(async () => adapter?.close());

  it('are written to target/openlineage/<build run id>.ndjson, and every one follows the official schemas', () => {
    expect(result.openlineage!.file).toBe(join('target', 'openlineage', `${result.openlineage!.runId}.ndjson`));
    expect(result.openlineage!.runId).toMatch(UUID_V7);
    // 7 nodes run (START + end), 1 skipped (START + ABORT), the build's own START and FAIL.
    expect(events).toHaveLength(2 * 8 + 2);
    for (const event of events) expect(eventProblems(event), `${event.eventType} ${event.job.name}`).toEqual([]);
  });

  it('carry the time each thing happened, in the order it happened (lineage is computed meanwhile)', () => {
    const times = events.map((e) => Date.parse(e.eventTime));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
    expect(times[times.length - 1]! - times[0]!).toBeLessThanOrEqual(result.run!.durationMs + 50);
  });

  it('open and close with the build run, the parent of every node run', () => {
    const build = ofJob(events, 'shop.build');
    expect(build.map((e) => e.eventType)).toEqual(['START', 'FAIL']);
    expect(events[0]).toBe(build[0]);
    expect(events[events.length - 1]).toBe(build[1]);
    expect(build[0]!.run.runId).toBe(result.openlineage!.runId);
    expect(build[0]!.job).toMatchObject({ namespace: 'meshwork://shop', facets: { jobType: { processingType: 'BATCH', integration: 'MESHWORK', jobType: 'JOB' } } });
    expect((build[1]!.run.facets as Loose).errorMessage).toMatchObject({ message: '1 node failed, 1 skipped', programmingLanguage: 'SQL' });
    for (const event of events.filter((e) => e.job.name !== 'shop.build')) {
      expect((event.run.facets as Loose).parent).toMatchObject({ run: { runId: result.openlineage!.runId }, job: { namespace: 'meshwork://shop', name: 'shop.build' } });
    }
  });

  it('give each node run a UUIDv7: START, then COMPLETE or FAIL, with the same id', () => {
    const ran = result.run!.results.filter((r) => r.status !== 'skipped');
    const ids = new Set<string>();
    for (const r of ran) {
      const own = ofJob(events, r.id);
      expect(own.map((e) => e.eventType), r.id).toEqual(['START', r.status === 'success' ? 'COMPLETE' : 'FAIL']);
      expect(own[0]!.run.runId).toMatch(UUID_V7);
      expect(own[1]!.run.runId).toBe(own[0]!.run.runId);
      ids.add(own[0]!.run.runId);
    }
    expect(ids.size).toBe(ran.length);
  });

  it('name a model job, its SQL, file, owner and description, its inputs and its output', () => {
    const [start, complete] = ofJob(events, 'model.checkout.orders');
    expect(start!.job.namespace).toBe('meshwork://shop');
    const facets = start!.job.facets as Loose;
    expect(facets.jobType).toMatchObject({ processingType: 'BATCH', integration: 'MESHWORK', jobType: 'MODEL' });
    expect(facets.sql.query).toBe(lines('select o.order_id, o.status, s.label, o.total::double as total', 'from "checkout_raw"."order_rows" o join "checkout_seeds"."statuses" s using (status)').trimEnd());
    expect(facets.sql.dialect).toBe('duckdb');
    expect(facets.sourceCodeLocation).toMatchObject({ type: 'file', url: pathToFileURL(join(dir, 'domains/checkout/cleaned/orders.sql')).href, path: 'domains/checkout/cleaned/orders.sql' });
    expect(facets.ownership.owners).toEqual([{ name: 'team-checkout', type: 'OWNER' }]);
    expect(facets.documentation.description).toBe('One row per order.');
    expect(start!.inputs.map((i) => [i.namespace, i.name])).toEqual([[warehouse, 'checkout_raw.order_rows'], [warehouse, 'checkout_seeds.statuses']]);
    expect(start!.outputs.map((o) => [o.namespace, o.name])).toEqual([[warehouse, 'checkout_cleaned.orders']]);
    const output = complete!.outputs[0]! as Loose;
    expect(output.outputFacets.outputStatistics.rowCount).toBe(2);
    expect(output.facets.dataSource).toMatchObject({ name: warehouse, uri: warehouse });
    expect(output.facets.documentation.description).toBe('One row per order.');
    expect(output.facets.ownership.owners).toEqual([{ name: 'team-checkout', type: 'OWNER' }]);
    // Columns and types from the lineage build() computes; descriptions from the model's header.
    expect(output.facets.schema.fields).toEqual([
      { name: 'order_id', type: 'VARCHAR', description: 'The order.', ordinal_position: 1 },
      { name: 'status', type: 'VARCHAR', description: 'Its status.', ordinal_position: 2 },
      { name: 'label', type: 'VARCHAR', ordinal_position: 3 },
      { name: 'total', type: 'DOUBLE', ordinal_position: 4 },
    ]);
    const lineage = output.facets.columnLineage;
    expect(Object.fromEntries(Object.entries(lineage.fields as Record<string, Loose>).map(([column, f]) => [column, f.inputFields.map((i: Loose) => `${i.name}.${i.field}`)]))).toEqual({
      order_id: ['checkout_raw.order_rows.order_id'],
      status: ['checkout_raw.order_rows.status'],
      label: ['checkout_seeds.statuses.label'],
      total: ['checkout_raw.order_rows.total'],
    });
    expect(lineage.fields.label.inputFields[0].namespace).toBe(warehouse);
    expect((start!.outputs[0] as Loose).outputFacets).toBeUndefined();
  });

  it('name a DuckDB file source by its absolute path in the file namespace, and a seed by its CSV header', () => {
    const [start] = ofJob(events, 'model.checkout.order_rows');
    const source = start!.inputs[0]! as Loose;
    expect([source.namespace, source.name]).toEqual(['file', join(dir, 'domains/checkout/data/orders.csv')]);
    expect(source.facets.documentation.description).toBe('Orders exported by the shop.');
    expect(source.facets.dataSource.uri).toBe(pathToFileURL(join(dir, 'domains/checkout/data/orders.csv')).href);
    const [seed] = ofJob(events, 'seed.checkout.statuses');
    expect((seed!.job.facets as Loose).jobType.jobType).toBe('SEED');
    expect(seed!.inputs).toEqual([]);
    expect((seed!.outputs[0] as Loose).facets.schema.fields).toEqual([{ name: 'status', type: 'VARCHAR', ordinal_position: 1 }, { name: 'label', type: 'VARCHAR', ordinal_position: 2 }]);
  });

  it('read through an ephemeral model to what it reads, in the table and the column lineage', () => {
    const [start, complete] = ofJob(events, 'model.checkout.paid_total');
    expect(start!.inputs.map((i) => i.name)).toEqual(['checkout_raw.order_rows']);
    const lineage = (complete!.outputs[0] as Loose).facets.columnLineage;
    expect(lineage.fields).toEqual({ paid: { inputFields: [{ namespace: warehouse, name: 'checkout_raw.order_rows', field: 'total', transformations: [{ type: 'DIRECT', subtype: 'AGGREGATION' }] }] } });
    expect(lineage.dataset).toEqual([{ namespace: warehouse, name: 'checkout_raw.order_rows', field: 'status', transformations: [{ type: 'INDIRECT', subtype: 'FILTER' }] }]);
  });

  it('publish a contract view as a VIEW job with its typed columns and one assertion per audit', () => {
    const [start, complete] = ofJob(events, 'contract.checkout.orders_v1');
    const job = start!.job.facets as Loose;
    expect(job.jobType.jobType).toBe('VIEW');
    expect(job.ownership.owners).toEqual([{ name: 'team-orders', type: 'OWNER' }]);
    expect(job.sourceCodeLocation.path).toBe('domains/checkout/contracts/orders.odcs.yaml');
    const output = complete!.outputs[0]! as Loose;
    expect([output.namespace, output.name]).toEqual([warehouse, 'checkout.orders_v1']);
    expect(output.facets.schema.fields).toEqual([
      { name: 'order_id', type: 'VARCHAR', ordinal_position: 1 },
      { name: 'status', type: 'VARCHAR', description: 'Latest status.', ordinal_position: 2 },
      { name: 'total', type: 'DOUBLE', ordinal_position: 3 },
    ]);
    expect(output.outputFacets.dataQualityAssertions.assertions).toEqual([
      { assertion: 'schema', success: true, severity: 'error', name: 'column types', actual: '0' },
      { assertion: 'not_null', success: true, column: 'order_id', severity: 'error', name: 'required: order_id', actual: '0' },
      { assertion: 'unique', success: true, column: 'order_id', severity: 'error', name: 'unique: order_id', actual: '0' },
      { assertion: 'invalidValues', success: true, column: 'status', severity: 'error', name: 'quality: invalidValues on status', actual: '0' },
    ]);
  });

  it('run a column test as a TEST job that asserts on the model it is attached to', () => {
    const [start, complete] = ofJob(events, 'test.checkout.not_null_orders_order_id');
    expect((start!.job.facets as Loose).jobType.jobType).toBe('TEST');
    expect(start!.outputs).toEqual([]);
    expect(start!.inputs.map((i) => i.name)).toEqual(['checkout_cleaned.orders']);
    expect((start!.inputs[0] as Loose).inputFacets).toBeUndefined();
    expect((complete!.inputs[0] as Loose).inputFacets.dataQualityAssertions.assertions).toEqual([
      { assertion: 'not_null', success: true, column: 'order_id', severity: 'error', name: 'not_null_orders_order_id', actual: '0' },
    ]);
  });

  it('FAIL a model that fails, with the engine error; ABORT the node skipped after it, saying why', () => {
    const [, fail] = ofJob(events, 'model.checkout.broken');
    expect(fail!.eventType).toBe('FAIL');
    const error = (fail!.run.facets as Loose).errorMessage;
    expect(error.programmingLanguage).toBe('SQL');
    expect(error.message).toMatch(/^Binder Error: Referenced column "no_such_column" not found/);
    expect(error.message).toBe(result.run!.results.find((r) => r.id === 'model.checkout.broken')!.message);
    expect((fail!.outputs[0] as Loose).outputFacets).toBeUndefined();
    const skipped = ofJob(events, 'model.checkout.after_broken');
    expect(skipped.map((e) => e.eventType)).toEqual(['START', 'ABORT']);
    expect(skipped[1]!.run.runId).toBe(skipped[0]!.run.runId);
    expect((skipped[1]!.run.facets as Loose).errorMessage.message).toBe('skipped: upstream model.checkout.broken failed');
  });
});

describe('OpenLineage events of contract audits that fail', () => {
  it('FAIL the contract step with every audit, passing and failing, and keep the report of the failures', async () => {
    const dir = writeProject({ ...SHOP, 'domains/checkout/data/orders.csv': lines('order_id,status,total', 'o1,paid,10', 'o1,paid,5', ',lost,1') }, {});
    const adapter = await memoryDuckDB(dir);
    try {
      const result = await build({ projectDir: dir, adapter, select: ['+contract.checkout.orders_v1'] });
      const contract = result.run!.results.find((r) => r.id === 'contract.checkout.orders_v1')!;
      expect(contract.status).toBe('error');
      expect(contract.message).toMatch(/^contract audits failed; the public view still serves the last good data:\n  - unique: order_id \(line 17\): 1 found, mustBe 0$/m);
      expect(contract.audits).toEqual([
        { name: 'column types', success: true, value: 0 },
        { name: 'required: order_id', column: 'order_id', success: true, value: 0 },
        { name: 'unique: order_id', column: 'order_id', success: false, value: 1 },
        { name: 'quality: invalidValues on status', column: 'status', success: true, value: 0 },
      ]);
      const events = readEvents(dir, result.openlineage!.file);
      for (const event of events) expect(eventProblems(event)).toEqual([]);
      const [, fail] = ofJob(events, 'contract.checkout.orders_v1');
      expect(fail!.eventType).toBe('FAIL');
      expect((fail!.run.facets as Loose).errorMessage.message).toBe(contract.message);
      const assertions = (fail!.outputs[0] as Loose).outputFacets.dataQualityAssertions.assertions as Loose[];
      expect(assertions.map((a) => [a.name, a.success, a.actual])).toEqual([
        ['column types', true, '0'],
        ['required: order_id', true, '0'],
        ['unique: order_id', false, '1'],
        ['quality: invalidValues on status', true, '0'],
      ]);
    } finally {
      await adapter.close();
    }
  });
});

describe('the OpenLineage emitter', () => {
  it('a failure computing lineage is reported by finish(), after the file is closed', async () => {
    const dir = writeProject(SHOP, {});
    const compiled = compile({ projectDir: dir }).compiled!;
    const emitter = openLineageEmitter({ compiled, targetDir: join(dir, 'target'), command: 'build', lineage: Promise.reject(new Error('lineage broke')) });
    emitter.listener({ type: 'run_started', total: 0, threads: 1, target: 'dev' });
    await expect(emitter.finish()).rejects.toThrow('lineage broke');
    expect(readEvents(dir, emitter.file)).toEqual([]);
  });
});

describe('OpenLineage dataset names', () => {
  it('an in-memory DuckDB target is the namespace duckdb://memory', async () => {
    const dir = writeProject({ ...SHOP, 'mesh.yaml': lines('name: shop', 'targets:', '  dev:', '    engine: duckdb', "    path: ':memory:'") }, {});
    updateProject(dir, { 'domains/checkout/aggregate/broken.sql': 'select 1 as one\n' });
    const result = await build({ projectDir: dir, select: ['seed.checkout.statuses'] });
    expect(result.run!.success).toBe(true);
    const events = readEvents(dir, result.openlineage!.file);
    expect(ofJob(events, 'shop.build').map((e) => e.eventType)).toEqual(['START', 'COMPLETE']);
    expect(ofJob(events, 'seed.checkout.statuses')[1]!.outputs.map((o) => [o.namespace, o.name])).toEqual([['duckdb://memory', 'checkout_seeds.statuses']]);
  });
});
