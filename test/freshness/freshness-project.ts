import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import { writeProject } from '../support/temp-project.js';

const csv = (...rows: string[]): string => `\uFEFF${rows.join('\r\n')}\r\n`;

/** orders measured by loaded_at (4 hours old at 2024-07-01T12:00:00Z: warn), customers by its file's time (2 days: error), events without freshness. */
export function freshnessProject(): string {
  const dir = writeProject({
    'mesh.yaml': 'name: m\n',
    'domains/shop/domain.yaml': [
      'name: shop',
      'owner: team-shop',
      'sources:',
      '  orders:',
      '    duckdb: data/orders.csv',
      '    freshness: { loaded_at: loaded_at, warn_after: 3 hours, error_after: { count: 1, period: day } }',
      '  customers:',
      '    duckdb: data/customers.csv',
      '    freshness: { error_after: 1 day }',
      '  events: { duckdb: data/events.csv }',
      '',
    ].join('\r\n'),
    'domains/shop/data/orders.csv': csv('id,loaded_at', '1,2024-07-01 08:00:00', '1,2024-07-01 08:00:00', '2,'),
    'domains/shop/data/customers.csv': csv('id,name', '1,ana', '2,'),
    'domains/shop/data/events.csv': csv('id', '1'),
    'domains/shop/cleaned/orders.sql': 'select distinct id from {{source "orders"}}\n',
    'domains/shop/cleaned/customers.sql': 'select distinct c.id from {{source "customers"}} as c join {{source "events"}} as e on e.id = c.id\n',
  });
  utimesSync(join(dir, 'domains/shop/data/customers.csv'), new Date('2024-06-29T12:00:00Z'), new Date('2024-06-29T12:00:00Z'));
  return dir;
}
