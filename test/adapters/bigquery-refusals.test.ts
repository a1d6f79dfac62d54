/**
 * BigQuery refusing what a build asks outside any node (reading what exists while planning,
 * creating datasets, the published-state table, reading the published state) or not answering at
 * all: a MESH182 at the target's line in mesh.yaml with BigQuery's message and what to do; no node
 * ran, no run is recorded, no stack trace, never MESH199. Scripted through the local endpoint.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { build } from '../../src/mesh.js';
import type { BigQueryFake } from '../support/bigquery-fake.js';
import { writeProject } from '../support/temp-project.js';
import { conformanceFiles, PROD_LINE } from '../conformance/conformance-project.js';
import { bigqueryHarness, PROJECT, TOKEN } from './bigquery-harness.js';

const AS_OF = '2024-01-04T00:00:00Z';
const where = `mesh.yaml:${PROD_LINE}`;

async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(...l.split('\n')), err: (l) => err.push(...l.split('\n')) }, { env });
  return { code, out, err };
}

/** A build of the conformance project through the real adapter on `fake`'s harness. */
async function buildOn(dir: string, harness: { adapter: Awaited<ReturnType<typeof bigqueryHarness>>['adapter'] }) {
  return build({ projectDir: dir, target: 'prod', adapter: harness.adapter, asOf: AS_OF, env: {} });
}

type Script = (fake: BigQueryFake) => void;
const refusals: [string, Script, RegExp, RegExp][] = [
  [
    'creating a dataset: permission denied',
    (fake) => fake.failRequests({ times: 1, status: 403, reason: 'accessDenied', message: `Access Denied: Project ${PROJECT}: User does not have bigquery.datasets.create permission in project ${PROJECT}.`, match: (r) => r.route === 'datasets.insert' }),
    /^target 'prod': cannot create the schemas the build writes to \(.*shop_raw.*\): Access Denied: Project acme-data: User does not have bigquery\.datasets\.create permission/,
    /^grant the credentials BigQuery Job User .* BigQuery Data Editor on project acme-data/,
  ],
  [
    'creating a dataset: the project does not exist',
    (fake) => fake.failRequests({ times: 1, status: 404, reason: 'notFound', message: `Not found: Project ${PROJECT}`, match: (r) => r.route === 'datasets.insert' }),
    /^target 'prod': cannot create the schemas the build writes to \(.*\): Not found: Project acme-data$/,
    /^check the target's project: 'acme-data' is not a GCP project the credentials can see/,
  ],
  [
    'a dataset in another location',
    (fake) => fake.state.addDataset({ projectId: PROJECT, datasetId: 'shop_cleaned', location: 'US' }),
    /^target 'prod': cannot create the schemas the build writes to \(.*\): dataset acme-data\.shop_cleaned is in location US, the target in europe-west1/,
    /^check the target's location \(europe-west1\)/,
  ],
  [
    'listing the tables while planning: permission denied',
    (fake) => fake.failRequests({ times: 1, status: 403, reason: 'accessDenied', message: `Access Denied: Dataset ${PROJECT}:shop_raw: Permission bigquery.tables.list denied`, match: (r) => r.route === 'tables.list' }),
    /^target 'prod': cannot list the relations of its schemas \(.*meshwork\): Access Denied: Dataset acme-data:shop_raw: Permission bigquery\.tables\.list denied/,
    /^grant the credentials/,
  ],
  [
    'creating the published-state table: permission denied',
    (fake) => fake.failJobs({ times: 1, reason: 'accessDenied', message: `Access Denied: Table ${PROJECT}:meshwork.published_contracts: Permission bigquery.tables.create denied`, match: (sql) => /published_contracts/.test(sql) }),
    /^target 'prod': cannot create meshwork's state tables \(published contracts, node state\): Access Denied: Table acme-data:meshwork\.published_contracts/,
    /^grant the credentials/,
  ],
];

describe('BigQuery refusing what a build asks outside any node', () => {
  it.each(refusals)('%s: MESH182 at the target, BigQuery’s message, a hint; no node ran, no run recorded', async (_, script, message, hint) => {
    const harness = await bigqueryHarness();
    const dir = writeProject(conformanceFiles(), {});
    script(harness.fake);
    const result = await buildOn(dir, harness);
    expect(result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.file}:${d.line}`)).toEqual([`error MESH182 ${where}`]);
    expect(result.diagnostics[0]!.message).toMatch(message);
    expect(result.diagnostics[0]!.hint).toMatch(hint);
    expect(result.diagnostics[0]!.message + result.diagnostics[0]!.hint).not.toContain(TOKEN);
    expect(result.run).toBeUndefined();
    // No node's statement was sent, and nothing was recorded as a run.
    expect(harness.fake.statements.filter((s) => !/published_contracts|node_state/.test(s.sql))).toEqual([]);
    expect(existsSync(join(dir, 'target/run_results.json'))).toBe(false);
    for (const model of ['order_lines', 'orders']) expect([...harness.fake.state.relations.keys()].some((k) => k.endsWith(`.${model}`))).toBe(false);
  });

  it('reading the published state refused on the next build: MESH182, and the last run’s results are kept', async () => {
    const harness = await bigqueryHarness();
    const dir = writeProject(conformanceFiles(), {});
    expect((await buildOn(dir, harness)).run?.success).toBe(true);
    const lastRun = readFileSync(join(dir, 'target/run_results.json'), 'utf8');
    const sent = harness.fake.statements.length;
    harness.fake.failJobs({ times: 1, reason: 'accessDenied', message: `Access Denied: Table ${PROJECT}:meshwork.published_contracts: Permission bigquery.tables.getData denied`, match: (sql) => /SELECT definition FROM/.test(sql) });
    const result = await buildOn(dir, harness);
    expect(result.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}`)).toEqual([`MESH182 ${where}`]);
    expect(result.diagnostics[0]!.message).toMatch(/^target 'prod': cannot read the published contracts \(`acme-data\.meshwork\.published_contracts`\): Access Denied/);
    expect(result.run).toBeUndefined();
    expect(harness.fake.statements.slice(sent).map((s) => s.sql)).toEqual([expect.stringMatching(/^SELECT definition FROM/)]);
    expect(readFileSync(join(dir, 'target/run_results.json'), 'utf8')).toBe(lastRun);
  });

  it('reading an incremental table’s columns refused on the next build: MESH182 while planning', async () => {
    const harness = await bigqueryHarness();
    const dir = writeProject(conformanceFiles(), {});
    expect((await buildOn(dir, harness)).run?.success).toBe(true);
    harness.fake.failRequests({ times: 1, status: 403, reason: 'accessDenied', message: `Access Denied: Table ${PROJECT}:shop_aggregate.orders_merged: Permission bigquery.tables.get denied`, match: (r) => r.route === 'tables.get' });
    const sent = harness.fake.statements.length;
    const result = await buildOn(dir, harness);
    expect(result.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}`)).toEqual([`MESH182 ${where}`]);
    expect(result.diagnostics[0]!.message).toMatch(/^target 'prod': cannot read the columns of the incremental tables: Access Denied: Table acme-data:shop_aggregate\.orders_merged/);
    expect(result.run).toBeUndefined();
    // Only the published state and the node state were read: no node ran.
    expect(harness.fake.statements.slice(sent).map((s) => s.sql)).toEqual([expect.stringMatching(/^SELECT definition FROM/), "SELECT node_id, relation, data_fingerprint, metadata_fingerprint FROM `acme-data.meshwork.node_state`"]);
  });
});

describe('BigQuery refusing to record the node state after a run', () => {
  it('is MESH263, a warning at the target: the build stands, and the next build runs those nodes again', async () => {
    const harness = await bigqueryHarness();
    const dir = writeProject(conformanceFiles(), {});
    harness.fake.failJobs({ times: 1, reason: 'accessDenied', message: `Access Denied: Table ${PROJECT}:meshwork.node_state: Permission bigquery.tables.updateData denied`, match: (sql) => /MERGE INTO .*node_state/.test(sql) });
    const first = await buildOn(dir, harness);
    expect(first.run?.success).toBe(true);
    expect(first.diagnostics.map((d) => `${d.severity} ${d.code} ${d.file}:${d.line}`)).toEqual([`warning MESH263 ${where}`]);
    expect(first.diagnostics[0]!.message).toMatch(/node state could not be recorded in `acme-data\.meshwork\.node_state`: Access Denied/);
    // Nothing was recorded: the seed, which reads no source, runs again rather than being taken as built.
    const second = await buildOn(dir, harness);
    expect(second.diagnostics).toEqual([]);
    expect(second.run?.results.find((r) => r.id === 'seed.shop.countries')?.status).toBe('success');
    const third = await buildOn(dir, harness);
    expect(third.run?.results.find((r) => r.id === 'seed.shop.countries')?.status).toBe('reused');
  });
});

describe('through the CLI', () => {
  it('BigQuery not reachable: exit 1, MESH182 at the target, no stack trace, no MESH199, the token never printed', async () => {
    const dir = writeProject(conformanceFiles(), {});
    // No BQ_ENDPOINT: the target's api_endpoint is its default, where nothing listens.
    const began = Date.now();
    const { code, out, err } = await cli(['build', '--project', dir, '--target', 'prod'], { MESH_BQ_TOKEN: TOKEN });
    expect(Date.now() - began).toBeLessThan(10_000);
    expect(code).toBe(1);
    const problem = err.find((l) => l.includes('MESH182'));
    expect(problem).toMatch(new RegExp(`^${where}: error MESH182: target 'prod': cannot list the relations of its schemas \\(.*\\): .*ECONNREFUSED 127\\.0\\.0\\.1:9`));
    const all = [...out, ...err].join('\n');
    expect(all).toMatch(/BigQuery could not be reached: check the network and the target's api_endpoint \(http:\/\/127\.0\.0\.1:9\)/);
    expect(all).not.toContain('MESH199');
    expect(all).not.toMatch(/\n\s+at /);
    expect(all).not.toContain(TOKEN);
    expect(existsSync(join(dir, 'target/run_results.json'))).toBe(false);
  });

  it('a dataset BigQuery will not create: exit 1 with MESH182, the run results of the last build kept', async () => {
    const { fake } = await bigqueryHarness();
    const dir = writeProject(conformanceFiles(), {});
    const env = { MESH_BQ_TOKEN: TOKEN, BQ_ENDPOINT: fake.url };
    const first = await cli(['build', '--project', dir, '--target', 'prod'], env);
    expect(first.err.filter((l) => l.includes('error'))).toEqual([]);
    expect(first.code).toBe(0);
    const lastRun = readFileSync(join(dir, 'target/run_results.json'), 'utf8');
    // Another domain appears; its dataset cannot be made.
    const withDomain = writeProject({ ...conformanceFiles(), 'domains/ads/domain.yaml': 'name: ads\nowner: team-ads\n', 'domains/ads/raw/clicks.sql': 'select 1 as click_id\n' }, {});
    fake.failRequests({ times: 1, status: 403, reason: 'accessDenied', message: 'Access Denied: Project acme-data: User does not have bigquery.datasets.create permission in project acme-data.', match: (r) => r.route === 'datasets.insert' });
    const refused = await cli(['build', '--project', withDomain, '--target', 'prod'], env);
    expect(refused.code).toBe(1);
    expect(refused.err.find((l) => l.includes('MESH182'))).toMatch(new RegExp(`^${where}: error MESH182: target 'prod': cannot create the schemas .*: Access Denied`));
    expect([...refused.out, ...refused.err].join('\n')).not.toMatch(/MESH199|\n\s+at /);
    expect(existsSync(join(withDomain, 'target/run_results.json'))).toBe(false);
    expect(fake.state.relation(PROJECT, 'ads_raw', 'clicks')).toBeUndefined();
    expect(readFileSync(join(dir, 'target/run_results.json'), 'utf8')).toBe(lastRun);
  });

  it('mesh contract diff --state reads the published state with a token_env target, and a refusal is MESH182', async () => {
    const harness = await bigqueryHarness();
    const dir = writeProject(conformanceFiles(), {});
    expect((await buildOn(dir, harness)).run?.success).toBe(true);
    const env = { MESH_BQ_TOKEN: TOKEN, BQ_ENDPOINT: harness.fake.url };
    const contract = join(dir, 'domains/shop/contracts/orders.odcs.yaml');
    const diff = await cli(['contract', 'diff', contract, '--state', '--project', dir, '--target', 'prod'], env);
    expect(diff.err.filter((l) => l.includes('error'))).toEqual([]);
    // The client authenticated with the token from $MESH_BQ_TOKEN and asked for the published state.
    const asked = harness.fake.requestsTo('tables.list').at(-1)!;
    expect(asked.path).toMatch(/\/datasets\/meshwork\/tables$/);
    expect(asked.authorization).toBe(`Bearer ${TOKEN}`);
    expect(diff.code).toBe(0);

    harness.fake.failRequests({ times: 1, status: 403, reason: 'accessDenied', message: 'Access Denied: Dataset acme-data:meshwork: Permission bigquery.tables.list denied', match: (r) => r.route === 'tables.list' });
    const refused = await cli(['contract', 'diff', contract, '--state', '--project', dir, '--target', 'prod'], env);
    expect(refused.code).toBe(1);
    expect(refused.err.find((l) => l.includes('MESH182'))).toMatch(new RegExp(`^${where}: error MESH182: target 'prod': cannot read the published state \\(meshwork\\): Access Denied`));
    expect([...refused.out, ...refused.err].join('\n')).not.toMatch(/MESH199|\n\s+at /);
  });
});
