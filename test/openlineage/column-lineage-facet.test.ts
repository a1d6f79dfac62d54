import { describe, expect, it } from 'vitest';
import type { ColumnInput, DatasetLineage, ProjectLineage, Transformation } from '../../src/lineage/lineage-types.js';
import { compile } from '../../src/mesh.js';
import { BuildDatasets } from '../../src/openlineage/build-datasets.js';
import { compose } from '../../src/openlineage/column-lineage-facet.js';
import { RunEventBuilder } from '../../src/openlineage/run-event-builder.js';
import { writeProject } from '../support/temp-project.js';
import { SHOP } from './events-project.js';
import { eventProblems } from './openlineage-schema.js';

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const IDENTITY: Transformation = { type: 'DIRECT', subtype: 'IDENTITY' };
const from = (dataset: string, column: string, ...transformations: Transformation[]): ColumnInput => ({ dataset, column, transformations: transformations.length > 0 ? transformations : [IDENTITY] });
const dataset = (id: string, columns: [string, string | undefined, ColumnInput[]][], whole: ColumnInput[] = []): DatasetLineage => ({
  id,
  columns: columns.map(([name, type, inputs]) => ({ name, ...(type ? { type } : {}), inputs })),
  dataset: whole,
  upstream: [...new Set([...columns.flatMap(([, , inputs]) => inputs), ...whole].map((i) => i.dataset))],
});

/** Lineage of the shop as the lineage stage would give it, written by hand. */
const LINEAGE: ProjectLineage = {
  datasets: new Map(
    [
      dataset('source.checkout.order_rows', [['order_id', 'VARCHAR', []], ['status', 'VARCHAR', []], ['total', 'BIGINT', []]]),
      dataset('seed.checkout.statuses', [['status', 'VARCHAR', []], ['label', 'VARCHAR', []]]),
      dataset('model.checkout.order_rows', [
        ['order_id', 'VARCHAR', [from('source.checkout.order_rows', 'order_id')]],
        ['status', 'VARCHAR', [from('source.checkout.order_rows', 'status')]],
        ['total', 'BIGINT', [from('source.checkout.order_rows', 'total')]],
      ]),
      // Ephemeral: builds no relation, so what reads it is traced to what it reads.
      dataset(
        'model.checkout.paid_rows',
        [['order_id', 'VARCHAR', [from('model.checkout.order_rows', 'order_id')]], ['total', 'BIGINT', [from('model.checkout.order_rows', 'total')]]],
        [from('model.checkout.order_rows', 'status', { type: 'INDIRECT', subtype: 'FILTER' })],
      ),
      dataset('model.checkout.paid_total', [['paid', 'HUGEINT', [from('model.checkout.paid_rows', 'total', { type: 'DIRECT', subtype: 'AGGREGATION' })]]]),
      dataset(
        'model.checkout.orders',
        [
          ['order_id', 'VARCHAR', [from('model.checkout.order_rows', 'order_id')]],
          ['status', 'VARCHAR', [from('model.checkout.order_rows', 'status')]],
          ['label', 'VARCHAR', [from('seed.checkout.statuses', 'label')]],
          ['total', 'DOUBLE', [from('model.checkout.order_rows', 'total', { type: 'DIRECT', subtype: 'TRANSFORMATION' })]],
        ],
        [from('model.checkout.order_rows', 'status', { type: 'INDIRECT', subtype: 'JOIN' }), from('seed.checkout.statuses', 'status', { type: 'INDIRECT', subtype: 'JOIN' })],
      ),
      dataset('contract.checkout.orders_v1', [
        ['order_id', 'VARCHAR', [from('model.checkout.orders', 'order_id')]],
        ['status', 'VARCHAR', [from('model.checkout.orders', 'status', { type: 'DIRECT', subtype: 'TRANSFORMATION', masking: true })]],
        ['total', 'DOUBLE', [from('model.checkout.orders', 'total')]],
      ]),
    ].map((d) => [d.id, d]),
  ),
};

describe('the columnLineage facet, from a ProjectLineage', () => {
  const dir = writeProject(SHOP, {});
  const compiled = compile({ projectDir: dir }).compiled!;
  const datasets = new BuildDatasets(compiled, LINEAGE);
  const warehouse = `duckdb://${dir}/warehouse.duckdb`;
  const builder = new RunEventBuilder(datasets, { runId: '01890a5d-ac96-774b-bcce-b302099a8057', job: { namespace: 'meshwork://shop', name: 'shop.build' } });
  const complete = (id: string) => builder.nodeEvent('COMPLETE', id, '01890a5d-ac96-774b-bcce-b302099a8058', 'table', { id, kind: 'model', label: id, action: 'table', status: 'success', durationMs: 1 });

  it('maps each output column to its input fields, named as OpenLineage datasets, and the dataset-wide inputs', () => {
    const event = complete('model.checkout.orders');
    expect(eventProblems(event)).toEqual([]);
    const facet = (event.outputs[0] as Loose).facets.columnLineage;
    expect(facet.fields).toEqual({
      order_id: { inputFields: [{ namespace: warehouse, name: 'checkout_raw.order_rows', field: 'order_id', transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }] }] },
      status: { inputFields: [{ namespace: warehouse, name: 'checkout_raw.order_rows', field: 'status', transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }] }] },
      label: { inputFields: [{ namespace: warehouse, name: 'checkout_seeds.statuses', field: 'label', transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }] }] },
      total: { inputFields: [{ namespace: warehouse, name: 'checkout_raw.order_rows', field: 'total', transformations: [{ type: 'DIRECT', subtype: 'TRANSFORMATION' }] }] },
    });
    expect(facet.dataset).toEqual([
      { namespace: warehouse, name: 'checkout_raw.order_rows', field: 'status', transformations: [{ type: 'INDIRECT', subtype: 'JOIN' }] },
      { namespace: warehouse, name: 'checkout_seeds.statuses', field: 'status', transformations: [{ type: 'INDIRECT', subtype: 'JOIN' }] },
    ]);
  });

  it('gives the schema from lineage: every column with its type, descriptions from the model header', () => {
    const schema = (complete('model.checkout.orders').outputs[0] as Loose).facets.schema;
    expect(schema.fields).toEqual([
      { name: 'order_id', type: 'VARCHAR', description: 'The order.', ordinal_position: 1 },
      { name: 'status', type: 'VARCHAR', description: 'Its status.', ordinal_position: 2 },
      { name: 'label', type: 'VARCHAR', ordinal_position: 3 },
      { name: 'total', type: 'DOUBLE', ordinal_position: 4 },
    ]);
  });

  it('traces through an ephemeral model: an aggregate of its copy is an aggregate, its filter filters the reader', () => {
    const event = complete('model.checkout.paid_total');
    expect(eventProblems(event)).toEqual([]);
    expect(event.inputs.map((i) => i.name)).toEqual(['checkout_raw.order_rows']);
    const facet = (event.outputs[0] as Loose).facets.columnLineage;
    expect(facet.fields.paid.inputFields).toEqual([{ namespace: warehouse, name: 'checkout_raw.order_rows', field: 'total', transformations: [{ type: 'DIRECT', subtype: 'AGGREGATION' }] }]);
    expect(facet.dataset).toEqual([{ namespace: warehouse, name: 'checkout_raw.order_rows', field: 'status', transformations: [{ type: 'INDIRECT', subtype: 'FILTER' }] }]);
  });

  it('keeps masking, and names a file source by its path', () => {
    const contract = complete('contract.checkout.orders_v1');
    expect((contract.outputs[0] as Loose).facets.columnLineage.fields.status.inputFields[0].transformations).toEqual([{ type: 'DIRECT', subtype: 'TRANSFORMATION', masking: true }]);
    const raw = complete('model.checkout.order_rows');
    expect((raw.outputs[0] as Loose).facets.columnLineage.fields.total.inputFields).toEqual([{ namespace: 'file', name: `${dir}/domains/checkout/data/orders.csv`, field: 'total', transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }] }]);
    expect((raw.inputs[0] as Loose).facets.schema.fields.map((f: Loose) => `${f.name} ${f.type}`)).toEqual(['order_id VARCHAR', 'status VARCHAR', 'total BIGINT']);
  });

  it('is left out when there is no lineage, and so is a model\'s schema; a seed\'s comes from its CSV header', () => {
    const without = new RunEventBuilder(new BuildDatasets(compiled), { runId: '01890a5d-ac96-774b-bcce-b302099a8057', job: { namespace: 'meshwork://shop', name: 'shop.build' } });
    const event = without.nodeEvent('START', 'model.checkout.orders', '01890a5d-ac96-774b-bcce-b302099a8059', 'table');
    expect((event.outputs[0] as Loose).facets.columnLineage).toBeUndefined();
    // Nor a schema: the columns a model declares may be a few of its columns.
    expect((event.outputs[0] as Loose).facets.schema).toBeUndefined();
    const seed = without.nodeEvent('START', 'seed.checkout.statuses', '01890a5d-ac96-774b-bcce-b302099a8060', 'seed');
    expect((seed.outputs[0] as Loose).facets.schema.fields).toEqual([{ name: 'status', ordinal_position: 1 }, { name: 'label', ordinal_position: 2 }]);
  });
});

describe('composing transformations through a model read through', () => {
  it.each([
    [IDENTITY, IDENTITY, IDENTITY],
    [{ type: 'DIRECT', subtype: 'AGGREGATION' }, IDENTITY, { type: 'DIRECT', subtype: 'AGGREGATION' }],
    [IDENTITY, { type: 'DIRECT', subtype: 'TRANSFORMATION' }, { type: 'DIRECT', subtype: 'TRANSFORMATION' }],
    [{ type: 'INDIRECT', subtype: 'FILTER' }, { type: 'DIRECT', subtype: 'TRANSFORMATION' }, { type: 'INDIRECT', subtype: 'FILTER' }],
    [IDENTITY, { type: 'INDIRECT', subtype: 'CONDITIONAL' }, { type: 'INDIRECT', subtype: 'CONDITIONAL' }],
    [IDENTITY, { type: 'DIRECT', subtype: 'TRANSFORMATION', masking: true }, { type: 'DIRECT', subtype: 'TRANSFORMATION', masking: true }],
  ] as [Transformation, Transformation, Transformation][])('%o over %o is %o', (outer, inner, expected) => {
    expect(compose(outer, inner)).toEqual(expected);
  });
});
