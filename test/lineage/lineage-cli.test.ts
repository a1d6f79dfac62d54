import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

let project: string;

async function run(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['lineage', ...args, '--project', project], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('mesh lineage', () => {
  beforeAll(() => {
    // A copy: the CLI keeps its parse cache in the project's target/.
    project = mkdtempSync(join(tmpdir(), 'mesh-lineage-'));
    cpSync(join(import.meta.dirname, '..', '..', 'example-project'), project, { recursive: true, filter: (src) => !/[/\\](target|\.mesh)$/.test(src) });
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('prints a column tree both ways by default, marking steps into another domain', async () => {
    const { code, out } = await run('checkout.orders.customer_id');
    expect(code).toBe(0);
    expect(out).toEqual([
      'model.checkout.orders.customer_id',
      'upstream:',
      '└─ model.checkout.order_placements.customer_id  IDENTITY',
      '   └─ model.checkout.order_events_deduplicated.customer_id  IDENTITY',
      '      └─ model.checkout.order_events_structured.customer_id  IDENTITY',
      '         └─ model.checkout.order_events.payload  TRANSFORMATION',
      '            └─ source.checkout.order_events.payload  IDENTITY',
      'downstream:',
      '├─ contract.checkout.orders_v1.customer_id  TRANSFORMATION (masked)',
      '├─ contract.checkout.orders_v2.customer_id  TRANSFORMATION (masked)',
      '└─ model.checkout.customer_lifetime.avg_days_between_orders  INDIRECT CONDITIONAL, INDIRECT WINDOW',
    ]);
  });

  it('--upstream --depth 1 at table level: one step, across domains', async () => {
    const { code, out } = await run('management.order_facts', '--upstream', '--depth', '1');
    expect(code).toBe(0);
    expect(out).toEqual([
      'model.management.order_facts',
      'upstream:',
      '├─ contract.checkout.orders_v1  [domain checkout]',
      '├─ contract.payments.order_payments_v1  [domain payments]',
      '└─ contract.shipping.shipments_v1  [domain shipping]',
    ]);
  });

  it('--downstream from a source column reaches the management domain through the contract view', async () => {
    const { out } = await run('source.checkout.order_events.payload', '--downstream');
    expect(out[1]).toBe('downstream:');
    expect(out.some((l) => /contract\.checkout\.orders_v1\.order_total/.test(l))).toBe(true);
    expect(out.some((l) => /model\.management\.order_facts\.order_total {2}TRANSFORMATION {2}\[domain management\]/.test(l))).toBe(true);
    expect(out).not.toContain('upstream:');
  });

  it('--format json: vertices and edges with their transformations', async () => {
    const { code, out } = await run('management.order_facts.order_total', '--upstream', '--depth', '2', '--format', 'json');
    expect(code).toBe(0);
    expect(JSON.parse(out.join('\n'))).toEqual({
      target: { dataset: 'model.management.order_facts', column: 'order_total' },
      direction: 'upstream',
      vertices: [
        { id: 'model.management.order_facts.order_total', dataset: 'model.management.order_facts', column: 'order_total', domain: 'management' },
        { id: 'contract.checkout.orders_v1.order_total', dataset: 'contract.checkout.orders_v1', column: 'order_total', domain: 'checkout' },
        { id: 'model.checkout.orders.order_total', dataset: 'model.checkout.orders', column: 'order_total', domain: 'checkout' },
      ],
      edges: [
        { from: 'contract.checkout.orders_v1.order_total', to: 'model.management.order_facts.order_total', transformations: [{ type: 'DIRECT', subtype: 'TRANSFORMATION' }] },
        { from: 'model.checkout.orders.order_total', to: 'contract.checkout.orders_v1.order_total', transformations: [{ type: 'DIRECT', subtype: 'TRANSFORMATION' }] },
      ],
    });
  });

  it('--format dot: a cluster per domain, indirect edges dashed', async () => {
    const { out } = await run('checkout.orders.status', '--upstream', '--depth', '1', '--format', 'dot');
    expect(out).toEqual([
      'digraph lineage {',
      '  rankdir=LR;',
      '  node [shape=box, fontname="Helvetica"];',
      '  subgraph "cluster_checkout" {',
      '    label="checkout";',
      '    "model.checkout.orders.status" [style=bold];',
      '    "model.checkout.order_events_deduplicated.event_type";',
      '    "model.checkout.order_events_deduplicated.occurred_at";',
      '  }',
      '  "model.checkout.order_events_deduplicated.event_type" -> "model.checkout.orders.status" [label="INDIRECT CONDITIONAL", style=dashed];',
      '  "model.checkout.order_events_deduplicated.occurred_at" -> "model.checkout.orders.status" [label="INDIRECT CONDITIONAL", style=dashed];',
      '}',
    ]);
  });

  it('--format mermaid: a flowchart with a subgraph per domain', async () => {
    const { out } = await run('shipping.carrier_slas', '--format', 'mermaid');
    expect(out).toEqual([
      'flowchart LR',
      '  subgraph d_shipping["shipping"]',
      '    n0["seed.shipping.carrier_slas"]',
      '    n1["model.shipping.carrier_sla_history"]',
      '    n2["model.shipping.carrier_performance"]',
      '  end',
      '  n0 --> n1',
      '  n1 --> n2',
      '  style n0 stroke-width:3px',
    ]);
  });

  it('an unknown node or column is MESH230 with the nearest names, exit code 1', async () => {
    const node = await run('ordrs');
    expect(node.code).toBe(1);
    expect(node.out).toEqual([]);
    expect(node.err[0]).toBe("error MESH230: no model, seed, source or contract view named 'ordrs'\n  hint: did you mean checkout.orders?");
    const column = await run('checkout.orders.custmer_id');
    expect(column.code).toBe(1);
    expect(column.err[0]).toBe("error MESH230: model.checkout.orders has no column 'custmer_id'\n  hint: did you mean checkout.orders.customer_id?");
  });

  it('a bad --depth is a usage error (exit code 2)', async () => {
    expect((await run('orders', '--depth', '0')).code).toBe(2);
  });
});
