/**
 * The Done-when, end to end: `mesh build --target prod` and `mesh build --target prod
 * --dry-run` of example-project/ succeed against the local BigQuery endpoint, run by the CLI
 * in-process as a user runs it, and Google's ZetaSQL analyzer sits behind the endpoint: every
 * statement the endpoint receives (dry runs included) is analyzed against the relations the
 * endpoint holds at that moment, and a rejected statement fails its job (so its node fails).
 * Three warehouse states: fresh, a rerun (everything exists: incremental branches, contracts
 * republish), and after some models switched kinds (view ↔ table); then a dry run.
 *
 * Data answers: the endpoint has no data engine. Rather than a made-up number (its default answers
 * 0 to any count, which would make `rowCount > 0` fail and every test pass for no reason), each
 * test's failure count and each contract audit's value is replayed from the same project built on
 * DuckDB in the same state, matched by node and audit (see ReplayedAnswers): `rowCount > 0` passes
 * because DuckDB counted the candidate's rows. The contract type check reads INFORMATION_SCHEMA,
 * which the endpoint answers from the columns ZetaSQL gave each CREATE … AS.
 */
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { startBigQueryFake, type BigQueryFake } from '../support/bigquery-fake.js';
import { mesh } from '../support/run-cli.js';
import type { StatementAnalyzer } from '../support/statement-analyzer.js';
import { memoryDuckDB } from '../support/temp-project.js';
import { createZetaSqlAnalyzer } from '../support/zetasql.js';
import { AS_OF, copyExample, registerSources, ReplayedAnswers, setMaterialized, TOKEN } from './example-on-bigquery.js';

const PROJECT = 'shop-analytics-prod';

interface CostJson {
  readonly bytes_processed: number | null;
  readonly bytes_billed: number | null;
}
/** target/run_results.json (and dry_run_results.json), the parts asserted here. */
interface RunResultsJson {
  readonly success: boolean;
  readonly dry_run?: true;
  readonly cost?: CostJson;
  readonly results: readonly { unique_id: string; status: string; message: string | null; cost?: CostJson }[];
}

const readResults = (dir: string, file: string): RunResultsJson => JSON.parse(readFileSync(join(dir, 'target', file), 'utf8')) as RunResultsJson;

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('mesh build --target prod of example-project/ on the local BigQuery endpoint, ZetaSQL behind it', () => {
  let dir: string;
  let analyzer: StatementAnalyzer;
  let fake: BigQueryFake;
  let duckdb: DuckDBAdapter;
  let env: Record<string, string>;
  const answers = new ReplayedAnswers();
  const verdicts = { accepted: 0, rejected: [] as string[] };
  /** Statements analyzed per state, for the report. */
  const analyzed: Record<string, number> = {};

  beforeAll(async () => {
    dir = copyExample();
    analyzer = await createZetaSqlAnalyzer();
    // Counted on the way through: the endpoint must have asked ZetaSQL about every statement it received.
    const counting: StatementAnalyzer = {
      analyze: async (sql, tables, defaultProject) => {
        const analysis = await analyzer.analyze(sql, tables, defaultProject);
        if (analysis.ok) verdicts.accepted++;
        else verdicts.rejected.push(`${analysis.message}\n${sql}`);
        return analysis;
      },
      close: () => analyzer.close(),
    };
    fake = await startBigQueryFake({ analyzer: counting, token: TOKEN, answer: answers.answer });
    env = { BQ_ENDPOINT: fake.url, BQ_TOKEN: TOKEN, PATH: process.env.PATH ?? '' };
    duckdb = await memoryDuckDB(dir);
    expect(await registerSources(fake, dir, env, duckdb)).toBe(4);
  });
  afterAll(async () => {
    await fake?.close();
    await analyzer?.close();
    await duckdb?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** One prod build through the CLI, checked the same way in every state; returns its run results. */
  const prodBuild = async (state: string): Promise<RunResultsJson> => {
    const replayable = await answers.replay(dir, env, duckdb);
    const before = fake.statements.length;
    const accepted = verdicts.accepted;
    // Forced: each state's build is about what every statement does there, unchanged or not.
    const { code, out, err } = await mesh(['build', '--project', dir, '--target', 'prod', '--as-of', AS_OF, '--force'], env);
    const output = [...out, ...err].join('\n');
    const results = readResults(dir, 'run_results.json');
    expect(results.results.filter((r) => r.status !== 'success' && r.status !== 'pass').map((r) => `${r.unique_id}: ${r.message}`), output).toEqual([]);
    expect(results.success).toBe(true);
    expect(code, output).toBe(0);
    // Every statement the endpoint received in this build went through ZetaSQL (a rejection would have failed its node above).
    const sent = fake.statements.length - before;
    analyzed[state] = sent;
    expect(sent).toBeGreaterThan(100);
    expect(verdicts.rejected).toEqual([]);
    expect(verdicts.accepted - accepted).toBe(sent);
    // Every test and every audit got DuckDB's value, and no count was left to the endpoint's default.
    expect(answers.unmatched).toEqual([]);
    expect(new Set(answers.answered).size).toBe(replayable.queries);
    expect(replayable.tests).toBeGreaterThan(100);
    expect(replayable.audits).toBeGreaterThan(30);
    // Cost: per node in the progress lines and run_results.json, the build's total in both.
    expect(output).toMatch(/\[.*\bbilled\b.*\]/);
    expect(output).toMatch(/Cost of the build: [\d.]+ [KMGT]?i?B billed/);
    const nodesWithCost = results.results.filter((r) => typeof r.cost?.bytes_billed === 'number');
    expect(nodesWithCost.length).toBeGreaterThan(20);
    expect(results.cost?.bytes_billed).toBe(results.results.reduce((sum, r) => sum + (r.cost?.bytes_billed ?? 0), 0));
    expect(results.cost?.bytes_billed).toBeGreaterThan(0);
    // The token is in the requests' Authorization header only: never printed, never written.
    expect(output).not.toContain(TOKEN);
    for (const file of filesUnder(join(dir, 'target'))) expect(readFileSync(file).includes(TOKEN), file).toBe(false);
    return results;
  };

  it('builds on a fresh warehouse: every statement accepted, contract views authorized and granted', async () => {
    await prodBuild('fresh');
    // orders v1's `rowCount > 0` passed (the node succeeded) on the count DuckDB made of the same candidate.
    expect(answers.replayed('contract.checkout.orders_v1 quality: rowCount')).toBeGreaterThan(600);
    // The incremental model with partitions was created whole on a fresh warehouse.
    const created = fake.statements.find((s) => /CREATE OR REPLACE TABLE `shop-analytics-prod\.checkout_cleaned\.order_events_deduplicated`/.test(s.sql));
    expect(created?.sql).toMatch(/PARTITION BY TIMESTAMP_TRUNC\(`?occurred_at`?, DAY\)[\s\S]*CLUSTER BY `?event_id`?/);

    // Authorized views and grants from orders v1's ODCS `analyst` role, mapped by the prod target.
    const privateDataset = fake.state.dataset(PROJECT, 'checkout_private')!;
    expect(privateDataset.access.filter((a) => a.view).map((a) => a.view!.tableId).sort()).toEqual(['orders_v1', 'orders_v2']);
    const publicDataset = fake.state.dataset(PROJECT, 'checkout')!;
    expect(publicDataset.access.filter((a) => a.groupByEmail)).toEqual([{ role: 'READER', groupByEmail: 'shop-analysts@example.com' }]);
    expect(fake.state.dataset(PROJECT, 'checkout_cleaned')!.access.some((a) => a.groupByEmail || a.view)).toBe(false);
    const patched = fake.requestsTo('datasets.patch').map((r) => r.path.split('/').at(-1));
    expect(patched).toContain('checkout_private');
    expect(patched).toContain('checkout');
    expect(patched).not.toContain('checkout_cleaned');
  });

  it('builds again when everything exists: incremental merges, contracts republish', async () => {
    const before = fake.statements.length;
    await prodBuild('rerun');
    const sent = fake.statements.slice(before).map((s) => s.sql);
    expect(sent.some((sql) => /^MERGE `shop-analytics-prod\.checkout_cleaned\.order_events_deduplicated`/.test(sql))).toBe(true);
    // The previous candidates are dropped once the new ones are published.
    expect(sent.some((sql) => /^DROP TABLE IF EXISTS `shop-analytics-prod\.checkout_private\.__mesh_orders_v1__/.test(sql))).toBe(true);
  });

  it('builds after models switched kinds (view ↔ table)', async () => {
    setMaterialized(dir, 'domains/checkout/cleaned/customers.sql', 'table');
    setMaterialized(dir, 'domains/payments/cleaned/payments.sql', 'table');
    setMaterialized(dir, 'domains/checkout/aggregate/daily_revenue.sql', 'view');
    setMaterialized(dir, 'domains/payments/aggregate/daily_payments.sql', 'view');
    const before = fake.statements.length;
    await prodBuild('switched');
    const sent = fake.statements.slice(before).map((s) => s.sql);
    expect(sent.some((sql) => /^DROP VIEW IF EXISTS `shop-analytics-prod\.checkout_cleaned\.customers`/.test(sql))).toBe(true);
    expect(sent.some((sql) => /^DROP TABLE IF EXISTS `shop-analytics-prod\.checkout_aggregate\.daily_revenue`/.test(sql))).toBe(true);
    expect(fake.state.relation(PROJECT, 'checkout_cleaned', 'customers')?.kind).toBe('TABLE');
    expect(fake.state.relation(PROJECT, 'checkout_aggregate', 'daily_revenue')?.kind).toBe('VIEW');
  });

  it('dry-runs: every statement estimated and accepted, nothing created or changed', async () => {
    const state = JSON.stringify([[...fake.state.datasets], [...fake.state.relations]]);
    const before = fake.statements.length;
    const accepted = verdicts.accepted;
    const { code, out, err } = await mesh(['build', '--project', dir, '--target', 'prod', '--as-of', AS_OF, '--dry-run', '--force'], env);
    const output = [...out, ...err].join('\n');
    expect(code, output).toBe(0);
    const results = readResults(dir, 'dry_run_results.json');
    expect(results.dry_run).toBe(true);
    expect(results.results.filter((r) => r.status === 'error').map((r) => `${r.unique_id}: ${r.message}`), output).toEqual([]);
    const dryRuns = fake.statements.slice(before);
    analyzed.dryRun = dryRuns.length;
    expect(verdicts.rejected).toEqual([]);
    expect(verdicts.accepted - accepted).toBe(dryRuns.length);
    expect(dryRuns.length).toBeGreaterThan(50);
    // Reading what exists (INFORMATION_SCHEMA, the published state) runs for real; everything else is a dry run.
    expect(dryRuns.filter((s) => !s.dryRun && !/^\s*(SELECT|WITH)\b/i.test(s.sql)).map((s) => s.sql)).toEqual([]);
    expect(dryRuns.filter((s) => s.dryRun).length).toBeGreaterThan(50);
    expect(output).toMatch(/estimate [\d.]+ [KMGT]?i?B processed/);
    expect(output).toMatch(/an estimated [\d.]+ [KMGT]?i?B would be processed/);
    expect(results.cost?.bytes_processed).toBeGreaterThan(0);
    expect(results.results.filter((r) => typeof r.cost?.bytes_processed === 'number').length).toBeGreaterThan(20);
    expect(JSON.stringify([[...fake.state.datasets], [...fake.state.relations]])).toBe(state);
    expect(output).not.toContain(TOKEN);
    for (const file of filesUnder(join(dir, 'target'))) expect(readFileSync(file).includes(TOKEN), file).toBe(false);
    console.log(`statements analyzed by ZetaSQL: ${JSON.stringify(analyzed)}`);
  });
});
