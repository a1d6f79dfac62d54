import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lineageCoverage } from '../../src/lineage/lineage-coverage.js';
import { lineageSubgraph, vertexKey } from '../../src/lineage/lineage-subgraph.js';
import type { ProjectLineage } from '../../src/lineage/lineage-types.js';
import { lineage, type LineageResult } from '../../src/mesh.js';

const EXAMPLE = join(import.meta.dirname, '..', '..', 'example-project');

let result: LineageResult;
let project: ProjectLineage;
const inputs = (id: string, column: string): string[] =>
  (project.datasets.get(id)?.columns.find((c) => c.name === column)?.inputs ?? []).map((i) => `${i.dataset}.${i.column} ${i.transformations.map((t) => `${t.subtype}${t.masking ? ':masked' : ''}`).join('+')}`);

describe('lineage of the example project', () => {
  beforeAll(async () => {
    // cache: false — nothing is written into the example project.
    result = await lineage({ projectDir: EXAMPLE, cache: false });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    project = result.lineage!;
  });

  it('covers every model, seed, source and contract view, tests excepted', () => {
    const expected = [...result.compiled!.nodes.values()].filter((n) => n.kind !== 'test').map((n) => n.id);
    const sources = result.compiled!.project.domains.flatMap((d) => d.sources.map((s) => `source.${d.name}.${s.name}`));
    expect([...project.datasets.keys()].sort()).toEqual([...expected, ...sources].sort());
  });

  it('resolves 100% of model and contract-view columns down to source and seed columns', () => {
    const coverage = lineageCoverage(project, result.compiled!);
    expect(coverage.unresolved).toEqual([]);
    expect(coverage.share).toBe(1);
    expect(coverage.columns).toBeGreaterThan(300);
  });

  it('gives a snapshot its version columns: the version key from the unique key, the validity from the build (check strategy)', () => {
    const columns = project.datasets.get('model.shipping.carrier_sla_history')!.columns.map((c) => c.name);
    expect(columns).toEqual(['carrier', 'service_level', 'carrier_name', 'promised_days', 'snapshot_id', 'valid_from', 'valid_to', 'is_current', 'is_deleted']);
    expect(inputs('model.shipping.carrier_sla_history', 'snapshot_id')).toEqual(['seed.shipping.carrier_slas.carrier TRANSFORMATION', 'seed.shipping.carrier_slas.service_level TRANSFORMATION']);
    expect(inputs('model.shipping.carrier_sla_history', 'valid_from')).toEqual([]);
  });

  it('follows a management KPI through the checkout contract view down to the checkout source column', () => {
    const graph = lineageSubgraph(project, { dataset: 'model.management.order_facts', column: 'order_total' }, { direction: 'upstream' });
    const edges = graph.upstream.map((e) => `${vertexKey(e.from)} -> ${vertexKey(e.to)}`);
    expect(edges).toEqual([
      'contract.checkout.orders_v1.order_total -> model.management.order_facts.order_total',
      'model.checkout.orders.order_total -> contract.checkout.orders_v1.order_total',
      'model.checkout.order_placements.order_total -> model.checkout.orders.order_total',
      'model.checkout.order_events_deduplicated.order_total -> model.checkout.order_placements.order_total',
      'model.checkout.order_events_structured.order_total -> model.checkout.order_events_deduplicated.order_total',
      'model.checkout.order_events.payload -> model.checkout.order_events_structured.order_total',
      'source.checkout.order_events.payload -> model.checkout.order_events.payload',
    ]);
  });

  it('contract views: hashed columns are masking transformations; a cast to the type the column has is a copy', () => {
    expect(inputs('contract.checkout.orders_v1', 'customer_id')).toEqual(['model.checkout.orders.customer_id TRANSFORMATION:masked']);
    expect(inputs('contract.checkout.orders_v1', 'order_id')).toEqual(['model.checkout.orders.order_id IDENTITY']);
    // DECIMAL in the model, DOUBLE (logicalType number) in the contract.
    expect(inputs('contract.checkout.orders_v1', 'order_total')).toEqual(['model.checkout.orders.order_total TRANSFORMATION']);
    expect(project.datasets.get('contract.checkout.orders_v1')!.columns.find((c) => c.name === 'order_total')!.type).toBe('DOUBLE');
  });

  it('table-level lineage crosses domains only through contract views', () => {
    const upstream = project.datasets.get('model.management.order_facts')!.upstream;
    expect([...upstream].sort()).toEqual(['contract.checkout.orders_v1', 'contract.payments.order_payments_v1', 'contract.shipping.shipments_v1']);
    for (const d of project.datasets.values()) {
      const domain = d.id.split('.')[1];
      for (const id of d.upstream) if (id.split('.')[1] !== domain) expect(id, `${d.id} reads ${id}`).toMatch(/^contract\./);
    }
  });
});
