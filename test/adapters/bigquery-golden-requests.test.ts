/**
 * Golden request bodies: what meshwork sends BigQuery's REST API for representative nodes of a
 * small project built by the CLI on the local endpoint (ZetaSQL behind it) — a table, an
 * incremental merge into a partitioned and clustered table, and a contract publish with its
 * authorized view and read grant — compared with test/adapters/expected/bigquery-requests/*.json.
 * Run ids, job ids' random suffixes, contract candidates' suffixes and etags are normalized, and a
 * job's SQL (`configuration.query.query`, one string in the request) is shown as its lines so the
 * files read as documentation. After an intended change, rewrite them and read the diff:
 *
 *   UPDATE_GOLDEN=1 npx vitest run test/adapters/bigquery-golden-requests.test.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBigQueryFake, type BigQueryFake, type RecordedRequest } from '../support/bigquery-fake.js';
import { mesh } from '../support/run-cli.js';
import type { StatementAnalyzer } from '../support/statement-analyzer.js';
import { writeProject } from '../support/temp-project.js';
import { createZetaSqlAnalyzer } from '../support/zetasql.js';

const EXPECTED = join(import.meta.dirname, 'expected', 'bigquery-requests');
const update = process.env.UPDATE_GOLDEN === '1';
const TOKEN = 'ya29.golden-requests-token';

const PROJECT: Record<string, string> = {
  'mesh.yaml': `name: golden_requests
targets:
  prod:
    engine: bigquery
    project: acme-data
    location: EU
    api_endpoint: \${BQ_ENDPOINT}
    method: oauth-token
    token_env: BQ_TOKEN
    maximum_bytes_billed: 1000000000
    job_timeout_seconds: 600
    priority: interactive
    labels:
      team: data-platform
    roles:
      analyst: [group:analysts@example.com]
default_target: prod
`,
  'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\ndescription: The web shop.\n',
  'domains/shop/seeds/raw_orders.csv': 'order_id,customer_id,placed_at,amount\r\no1,c1,2024-06-01 10:00:00,19.90\r\no2,c2,2024-06-01 11:30:00,5.00\r\no2,c2,2024-06-01 11:30:00,5.00\r\no3,,2024-06-02 09:15:00,\r\n',
  'domains/shop/cleaned/orders.sql': `/*
materialized: incremental
unique_key: order_id
incremental_strategy: merge
description: One row per order; each run merges the orders placed since the newest one loaded.
partition_by:
  field: placed_at
  data_type: timestamp
  granularity: day
cluster_by: [customer_id]
*/
select distinct order_id, customer_id, placed_at, amount
from {{ref "raw_orders"}}
{{#if is_incremental}}where placed_at > (select max(placed_at) from {{this}}){{/if}}
`,
  'domains/shop/aggregate/daily_orders.sql': `/*
materialized: table
description: Orders and revenue per day.
*/
select date(placed_at) as day, count(*) as orders, sum(amount) as revenue
from {{ref "orders"}}
group by 1
`,
  'domains/shop/contracts/orders.odcs.yaml': `apiVersion: v3.1.0
kind: DataContract
id: shop-orders
name: Shop orders
version: 1.0.0
status: active
domain: shop
dataProduct: orders
description:
  purpose: Orders of the web shop, for other domains.
team:
  name: team-shop
roles:
  - role: analyst
    access: read
schema:
  - name: orders
    physicalType: view
    customProperties:
      - property: model
        value: cleaned.orders
    properties:
      - name: order_id
        logicalType: string
        required: true
        description: Order identifier.
      - name: placed_at
        logicalType: timestamp
        description: When the order was placed, UTC.
      - name: amount
        logicalType: number
        description: Order total in EUR; NULL when unknown.
`,
};

interface GoldenRequest {
  readonly method: string;
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  /** A dataset patch is conditional on the etag read before it. */
  readonly ifMatch?: string;
  readonly body: unknown;
}

/** A request as documentation: run ids, random job id suffixes and etags made stable. */
function golden(request: RecordedRequest, runIds: readonly string[]): GoldenRequest {
  let text = JSON.stringify(request.body, null, 2);
  for (const [i, runId] of runIds.entries()) {
    const name = `<run ${i + 1}>`;
    text = text.split(runId).join(name).split(runId.replace(/-/g, '_')).join(name);
  }
  text = text
    .replace(/("jobId": "mesh_[^"]*_)[0-9a-f]{12}"/g, '$1<random>"')
    .replace(/"etag": "[^"]*"/g, '"etag": "<etag>"')
    .replace(/(__mesh_\w+?__)[0-9a-z]+`/g, '$1<suffix>`');
  const body = JSON.parse(text) as { configuration?: { query?: { query?: unknown } } };
  const query = body.configuration?.query;
  if (typeof query?.query === 'string') query.query = query.query.split('\n');
  const parameters = Object.fromEntries(Object.entries(request.query).filter(([key]) => key !== 'prettyPrint'));
  return {
    method: request.method,
    path: request.path,
    // The client library's own `prettyPrint=false` says nothing about meshwork.
    ...(Object.keys(parameters).length > 0 ? { query: parameters } : {}),
    ...(request.ifMatch ? { ifMatch: '<etag>' } : {}),
    body,
  };
}

const labelsOf = (r: RecordedRequest): Record<string, string> => ((r.body as { configuration?: { labels?: Record<string, string> } } | undefined)?.configuration?.labels ?? {});

describe('the request bodies meshwork sends BigQuery', () => {
  let analyzer: StatementAnalyzer;
  let fake: BigQueryFake;
  let dir: string;
  const runs: { requests: RecordedRequest[]; runId: string }[] = [];

  beforeAll(async () => {
    analyzer = await createZetaSqlAnalyzer();
    fake = await startBigQueryFake({ analyzer, token: TOKEN });
    dir = writeProject(PROJECT, {});
    const env = { BQ_ENDPOINT: fake.url, BQ_TOKEN: TOKEN };
    // Fresh, then again: the second build's incremental model merges.
    for (let i = 0; i < 2; i++) {
      const before = fake.requests.length;
      // Forced: the second build is about the incremental merge, whatever the recorded state says.
      const { code, out, err } = await mesh(['build', '--project', dir, ...(i > 0 ? ['--force'] : [])], env);
      expect(code, [...out, ...err].join('\n')).toBe(0);
      const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: { status: string }[] };
      expect(results.results.every((r) => r.status === 'success')).toBe(true);
      const requests = fake.requests.slice(before);
      const runId = requests.map(labelsOf).find((l) => l.mesh_run_id)?.mesh_run_id;
      if (!runId) throw new Error('no job carried a run id label');
      runs.push({ requests, runId });
    }
  }, 60_000);
  afterAll(async () => {
    await fake?.close();
    await analyzer?.close();
  });

  const check = (name: string, requests: readonly RecordedRequest[]): void => {
    const file = join(EXPECTED, `${name}.json`);
    const text = `${JSON.stringify(requests.map((r) => golden(r, runs.map((run) => run.runId))), null, 2)}\n`;
    if (update) {
      mkdirSync(EXPECTED, { recursive: true });
      writeFileSync(file, text);
    }
    expect(text).toBe(readFileSync(file, 'utf8'));
  };
  const jobsOf = (run: number, node: string): RecordedRequest[] => runs[run]!.requests.filter((r) => r.route === 'jobs.insert' && labelsOf(r).mesh_node === node.replace(/\./g, '_'));

  it('a table', () => {
    const jobs = jobsOf(0, 'model.shop.daily_orders');
    expect(jobs).toHaveLength(1);
    check('table', jobs);
  });

  it('an incremental merge into a partitioned, clustered table', () => {
    // Created partitioned and clustered by the first build, merged into by the second.
    const jobs = [...jobsOf(0, 'model.shop.orders'), ...jobsOf(1, 'model.shop.orders')];
    const sql = jobs.map((j) => (j.body as { configuration: { query: { query: string } } }).configuration.query.query);
    expect(sql).toHaveLength(2);
    expect(sql[0]).toMatch(/^CREATE OR REPLACE TABLE `acme-data\.shop_cleaned\.orders`\s+PARTITION BY TIMESTAMP_TRUNC\(`placed_at`, DAY\)\s+CLUSTER BY `customer_id`/);
    expect(sql[1]).toMatch(/^MERGE `acme-data\.shop_cleaned\.orders`/);
    check('incremental-merge', jobs);
  });

  it('a contract publish, with its authorized view and read grant', () => {
    const jobs = jobsOf(0, 'contract.shop.orders_v1');
    const patches = runs[0]!.requests.filter((r) => r.route === 'datasets.patch');
    expect(patches.map((p) => p.path.split('/').at(-1))).toEqual(expect.arrayContaining(['shop_private', 'shop']));
    check('contract-publish', [...jobs, ...patches]);
  });
});
