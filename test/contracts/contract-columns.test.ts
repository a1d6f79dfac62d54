import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/mesh.js';
import { writeProject } from '../support/temp-project.js';

const ORDERS = readFileSync(new URL('./fixtures/orders.odcs.yaml', import.meta.url), 'utf8');
const BASE = {
  'mesh.yaml': 'name: shop\ntargets:\n  prod:\n    engine: bigquery\n    project: p\n    location: EU\n',
  'domains/checkout/domain.yaml':
    'name: checkout\nowner: team-checkout\nsources:\n  events:\n    duckdb: data/events.csv\n    bigquery: raw.events\n  remote:\n    bigquery: raw.remote\n',
  'domains/checkout/data/events.csv': 'order_id,customer,total,placed,state\no1,c1,10.5,2024-01-01 10:00:00,paid\n',
  'domains/checkout/contracts/orders.odcs.yaml': ORDERS,
};
const where = (d: { severity: string; code: string; file?: string; line?: number }) => `${d.severity} ${d.code} ${d.file}:${d.line}`;

describe('mesh check: contracted columns against the backing model, with no warehouse', () => {
  it('passes when the model provides every column, through * and renames of upstream models', async () => {
    const dir = writeProject({
      ...BASE,
      'domains/checkout/raw/events.sql': 'select * from {{source "events"}}',
      'domains/checkout/cleaned/orders.sql': 'select order_id, customer as customer_id, total as order_total, placed as ordered_at, state as status from {{ref "events"}}',
    }, {});
    const result = await check({ projectDir: dir });
    expect(result.diagnostics).toEqual([]);
    // A BigQuery target is checked with the project's DuckDB SQL over the same local files.
    expect((await check({ projectDir: dir, target: 'prod' })).diagnostics).toEqual([]);
  });

  it('a missing column is MESH214 at the contract property, naming the model and the nearest column', async () => {
    const dir = writeProject({
      ...BASE,
      'domains/checkout/raw/events.sql': 'select * from {{source "events"}}',
      'domains/checkout/cleaned/orders.sql': 'select order_id, customer as customer_id, total as order_totl, placed as ordered_at, state as status from {{ref "events"}}',
    }, {});
    const diagnostics = (await check({ projectDir: dir })).diagnostics;
    expect(diagnostics.map(where)).toEqual(['error MESH214 domains/checkout/contracts/orders.odcs.yaml:49']);
    expect(diagnostics[0]).toMatchObject({
      message: "contract column 'order_total' is not provided by cleaned.orders (domains/checkout/cleaned/orders.sql)",
      hint: "the model has 'order_totl': rename one side, or map it in the model",
    });
  });

  it('a model over a source with no local data cannot be checked: a warning, not an error', async () => {
    const dir = writeProject({
      ...BASE,
      'domains/checkout/raw/remote.sql': 'select * from {{source "remote"}}',
      'domains/checkout/cleaned/orders.sql': 'select * from {{ref "remote"}}',
    }, {});
    const diagnostics = (await check({ projectDir: dir, target: 'prod' })).diagnostics;
    // mesh check binds every model: one warning says that none could be (check-binding.ts).
    expect(diagnostics.map(where)).toEqual(['warning MESH126 domains/checkout/raw/remote.sql:1']);
    expect(diagnostics[0]?.message).toBe("models and contract columns are not bound with no warehouse: the project does not compile for a DuckDB target (source 'remote' has no duckdb location)");
  });

  it('a model whose local file is missing cannot be bound: a warning at the contract table', async () => {
    const dir = writeProject({
      ...BASE,
      'domains/checkout/domain.yaml': BASE['domains/checkout/domain.yaml'].replace('data/events.csv', 'data/missing.csv'),
      'domains/checkout/raw/events.sql': 'select * from {{source "events"}}',
      'domains/checkout/cleaned/orders.sql': 'select * from {{ref "events"}}',
    }, {});
    const diagnostics = (await check({ projectDir: dir })).diagnostics;
    // One warning at the model that cannot read its file, naming what is not checked (contract columns included).
    expect(diagnostics.map(where)).toEqual(['warning MESH126 domains/checkout/raw/events.sql:1']);
    expect(diagnostics[0]?.message).toMatch(/^1 node not bound with no warehouse: model 'checkout\.events' cannot read its input locally; what reads it, contract columns included, is not checked$/);
  });
});
