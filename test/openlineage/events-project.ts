import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from '../../src/openlineage/openlineage-types.js';

/** Lines joined by '\n', so that a file's lines read one per item. */
export const lines = (...text: string[]): string => `${text.join('\n')}\n`;

/**
 * A small shop: a file source, a seed, a raw view, an ephemeral step, a table with declared columns
 * and a column test, an aggregate read through the ephemeral, a contract view with audits, and a
 * model that fails with the one that reads it.
 */
export const SHOP: Record<string, string> = {
  'mesh.yaml': lines('name: shop', 'targets:', '  dev:', '    engine: duckdb', '    path: warehouse.duckdb'),
  'domains/checkout/domain.yaml': lines(
    'name: checkout',
    'owner: team-checkout',
    'description: Checkout.',
    'sources:',
    '  order_rows:',
    '    description: Orders exported by the shop.',
    '    duckdb: data/orders.csv',
  ),
  'domains/checkout/data/orders.csv': lines('order_id,status,total', 'o1,paid,10', 'o2,placed,20'),
  'domains/checkout/seeds/statuses.csv': lines('status,label', 'paid,Paid', 'placed,Placed'),
  'domains/checkout/raw/order_rows.sql': lines('select * from {{source "order_rows"}}'),
  'domains/checkout/cleaned/paid_rows.sql': lines('/*', 'materialized: ephemeral', '*/', "select order_id, total from {{ref \"order_rows\"}} where status = 'paid'"),
  'domains/checkout/cleaned/orders.sql': lines(
    '/*',
    'materialized: table',
    'description: One row per order.',
    'columns:',
    '  order_id:',
    '    description: The order.',
    '    tests: [not_null]',
    '  status:',
    '    description: Its status.',
    '*/',
    'select o.order_id, o.status, s.label, o.total::double as total',
    'from {{ref "order_rows"}} o join {{ref "statuses"}} s using (status)',
  ),
  'domains/checkout/aggregate/paid_total.sql': lines('/*', 'materialized: table', '*/', 'select sum(total) as paid from {{ref "paid_rows"}}'),
  'domains/checkout/aggregate/broken.sql': lines('select no_such_column from {{ref "orders"}}'),
  'domains/checkout/aggregate/after_broken.sql': lines('select * from {{ref "broken"}}'),
  'domains/checkout/contracts/orders.odcs.yaml': lines(
    'apiVersion: v3.1.0',
    'kind: DataContract',
    'id: checkout-orders',
    'version: 1.0.0',
    'status: active',
    'dataProduct: orders',
    'description:',
    '  purpose: Orders for other domains.',
    'team:',
    '  name: team-orders',
    'schema:',
    '  - name: orders',
    '    customProperties:',
    '      - property: model',
    '        value: cleaned.orders',
    '    properties:',
    '      - name: order_id',
    '        logicalType: string',
    '        required: true',
    '        unique: true',
    '      - name: status',
    '        logicalType: string',
    '        description: Latest status.',
    '        quality:',
    '          - metric: invalidValues',
    '            arguments:',
    '              validValues: [placed, paid]',
    '            mustBe: 0',
    '      - name: total',
    '        logicalType: number',
  ),
};

/** The events of a build's NDJSON file, in order. */
export function readEvents(projectDir: string, file: string): RunEvent[] {
  return readFileSync(join(projectDir, file), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as RunEvent);
}

/** The events of one job, in order. */
export const ofJob = (events: readonly RunEvent[], name: string): RunEvent[] => events.filter((e) => e.job.name === name);

export const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
