/**
 * example-project/ on its prod target against the local BigQuery endpoint, set up as a user would:
 * a copy of the project whose prod target points at the endpoint (`api_endpoint: ${BQ_ENDPOINT}`,
 * `method: oauth-token`, `token_env: BQ_TOKEN`), the example's sources as tables with their real
 * columns and row counts, and data answers replayed from the same project built on DuckDB.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { build, compile } from '../../src/mesh.js';
import { planBuild } from '../../src/plan/build-plan.js';
import { BIGQUERY_CAPABILITIES, sourceTables } from '../bigquery-sql/bigquery-statements.js';
import type { BigQueryFake, QueryResult } from '../support/bigquery-fake.js';

export const EXAMPLE = join(import.meta.dirname, '..', '..', 'example-project');
/** The example's data ends on 2024-07-01: prod builds are measured at the same instant as dev (`--as-of`). */
export const AS_OF = '2024-07-01T12:00:00Z';
/** An access token shaped like Google's: it must never be printed or written. */
export const TOKEN = 'ya29.a0AfB_e2e-token-never-written';

/** A copy of example-project/ whose prod target talks to the local endpoint with a token from BQ_TOKEN. */
export function copyExample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-example-bq-e2e-'));
  cpSync(EXAMPLE, dir, { recursive: true, filter: (src) => !/[\\/](target|\.mesh)$/.test(src) });
  const yaml = readFileSync(join(dir, 'mesh.yaml'), 'utf8');
  const prod = '    engine: bigquery\n';
  if (!yaml.includes(prod)) throw new Error('example-project/mesh.yaml has no bigquery target to point at the endpoint');
  writeFileSync(join(dir, 'mesh.yaml'), yaml.replace(prod, `${prod}    api_endpoint: \${BQ_ENDPOINT}\n    method: oauth-token\n    token_env: BQ_TOKEN\n`));
  return dir;
}

/** Sets `materialized:` in a model's header (its file starts with the `/*` header block). */
export function setMaterialized(dir: string, file: string, materialized: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  if (!text.startsWith('/*\n')) throw new Error(`${file} has no header block to set materialized in`);
  writeFileSync(path, `/*\nmaterialized: ${materialized}\n${text.slice(3).replace(/^materialized: .*\n/m, '')}`);
}

/**
 * The example's sources as tables in the prod project, as the ingestion tools would have made
 * them: their columns described from the local files by DuckDB and mapped to BigQuery types (the
 * ZetaSQL acceptance tests' mapping), their row counts counted by DuckDB.
 */
export async function registerSources(fake: BigQueryFake, dir: string, env: Readonly<Record<string, string>>, duckdb: DuckDBAdapter): Promise<number> {
  const prod = compile({ projectDir: dir, target: 'prod', env });
  const dev = compile({ projectDir: dir, env });
  if (!prod.compiled || !dev.compiled) throw new Error('the example does not compile');
  const tables = await sourceTables(prod.compiled, dir);
  const sources = dev.compiled.project.domains.flatMap((d) => d.sources);
  for (const [name, relation] of tables) {
    const [projectId, datasetId, tableId] = name.split('.') as [string, string, string];
    const source = sources.find((s) => prod.compiled!.dialect.sourceRelation(s)?.replace(/`/g, '') === name)!;
    const [{ n }] = (await duckdb.query(`select count(*)::integer as n from ${dev.compiled.dialect.sourceRelation(source)}`)) as [{ n: number }];
    if (!fake.state.dataset(projectId, datasetId)) fake.state.addDataset({ projectId, datasetId, location: 'EU' });
    fake.state.putRelation({ projectId, datasetId, tableId, kind: 'TABLE', columns: [...relation.columns], numRows: n });
  }
  return tables.size;
}

/** A contract candidate's name carries the run id (`__mesh_orders_v1__<run id>`): one spelling for any run. */
const normalized = (sql: string): string => sql.replace(/(__mesh_\w+?__)[0-9A-Za-z-]+(?=`)/g, '$1RUN');

/**
 * Data answers for the endpoint, which has no data engine: each test's failure count and each
 * contract audit's value as the same project, built on DuckDB (its dev target, in memory) in the
 * same state, returned them. A BigQuery query is matched to its node and audit through the prod
 * plan of the same files: the failure count SQL of each test step and the value SQL of each audit
 * of each contract step, keyed by their text (with the candidate's run id normalized).
 */
export class ReplayedAnswers {
  private values = new Map<string, { value: number; what: string }>();
  /** What was answered from DuckDB since the last `replay`, by node and audit. */
  readonly answered: string[] = [];
  /** Count queries nothing replays (they would get the endpoint's made-up default). */
  readonly unmatched: string[] = [];

  /** Builds `dir` on DuckDB and keeps its answers for the prod queries of the same files. */
  async replay(dir: string, env: Readonly<Record<string, string>>, duckdb: DuckDBAdapter): Promise<{ tests: number; audits: number; queries: number }> {
    // Forced: every test and audit must run to have an answer, unchanged or not.
    const built = await build({ projectDir: dir, adapter: duckdb, env, force: true });
    const failed = built.run?.results.filter((r) => r.status !== 'success') ?? [];
    if (!built.run || failed.length > 0) throw new Error(`the DuckDB build to replay did not succeed: ${failed.map((r) => `${r.id}: ${r.message}`).join('; ')}`);
    const results = new Map(built.run.results.map((r) => [r.id, r]));
    const prod = compile({ projectDir: dir, target: 'prod', env });
    if (!prod.compiled || !prod.engine) throw new Error('the example does not compile for prod');
    const plan = planBuild(prod.compiled, [...prod.compiled.nodes.keys()], new Map(), prod.engine, { fullRefresh: false, runId: 'RUN', asOf: new Date(AS_OF).toISOString(), capabilities: BIGQUERY_CAPABILITIES });
    this.values = new Map();
    this.answered.length = 0;
    this.unmatched.length = 0;
    let tests = 0;
    let audits = 0;
    for (const step of plan.steps) {
      const result = results.get(step.id);
      if (step.failureCountSql !== undefined) {
        if (result?.failures === undefined) throw new Error(`${step.id}: no failure count on DuckDB to replay`);
        this.values.set(normalized(step.failureCountSql), { value: result.failures, what: step.id });
        tests++;
      }
      for (const audit of step.audits ?? []) {
        if (audit.types) continue; // INFORMATION_SCHEMA: the endpoint answers from what it holds.
        const outcome = result?.audits?.find((a) => a.name === audit.name);
        if (!outcome) throw new Error(`${step.id}: audit '${audit.name}' did not run on DuckDB (it ran ${result?.audits?.map((a) => a.name).join(", ")})`);
        this.values.set(normalized(audit.valueSql), { value: outcome.value, what: `${step.id} ${audit.name}` });
        audits++;
      }
    }
    // A contract's `required` and `nullValues` audits of one column are the same query: `queries` counts texts.
    return { tests, audits, queries: this.values.size };
  }

  /** The value replayed for a node's test (`test.…`) or a contract's audit (`contract.… <audit name>`), once answered. */
  replayed(what: string): number | undefined {
    return this.answered.includes(what) ? [...this.values.values()].find((v) => v.what === what)?.value : undefined;
  }

  /** The endpoint's `answer` hook. */
  readonly answer = (sql: string): QueryResult | undefined => {
    const found = this.values.get(normalized(sql));
    if (!found) {
      if (/^\s*SELECT\s+(count|coalesce|\d+\s*-)/i.test(sql)) this.unmatched.push(sql);
      return undefined;
    }
    this.answered.push(found.what);
    return { fields: [{ name: 'value', type: 'INT64' }], rows: [[found.value]] };
  };
}
