import { BigQuery, type JobLoadMetadata } from '@google-cloud/bigquery';
import {
  EngineError,
  type Adapter,
  type AdapterCapabilities,
  type CallContext,
  type EngineFact,
  type ExecuteResult,
  type RowsResult,
  type RelationKind,
  type RelationName,
  type SchemaSpec,
  type SeedLoad,
  type LastModified,
  type SourceTable,
  type SqlStatement,
} from '../adapter.js';
import type { BigQuerySettings, TargetConfig } from '../../parse/definitions.js';
import type { Dialect } from '../dialect.js';
import { ApiFailure, type BigQueryApi, type JobReference, type JobResource, type QueryRows, type TableResource } from './bigquery-api.js';
import type { LoadedCredentials } from './bigquery-credentials.js';
import { bigqueryDialect } from './bigquery-dialect.js';
import { bigquerySettings } from './bigquery-settings.js';
import { addAccess, readerEntry, viewEntry } from './dataset-access.js';
import { connectionFacts } from './connection-facts.js';
import { DatasetProjects } from './dataset-projects.js';
import { sumCosts } from '../query-cost.js';
import { jobCost } from './job-cost.js';
import { engineError, JobFailure } from './job-errors.js';
import { jobId, jobLabels, targetLabels } from './job-names.js';
import { JobRunner } from './job-runner.js';
import { dryRunPlan } from './dry-run-plan.js';
import { scriptLayout, statementAt, type ScriptLayout } from './script-layout.js';
import { refusalHint } from './refusal-hint.js';
import { seedLoadConfiguration } from './seed-load.js';
import { sourceTableReference, tableModifiedAt, tableStamp } from './source-stamps.js';

/** tables.get calls in flight at once: well under BigQuery's 100 requests per second per method and user. */
const STAMP_REQUESTS = 16;

export interface BigQueryAdapterOptions {
  readonly target: TargetConfig;
  readonly credentials: LoadedCredentials;
  /** Tests: the first wait before a retry (default 1 s, doubled each time). */
  readonly retryDelayMs?: number;
  /** Tests: the first wait between polls of a running job (default 250 ms). */
  readonly pollMs?: number;
}

/** The only importer of @google-cloud/bigquery. Runs a node's statements as one script job. */
export class BigQueryAdapter implements Adapter {
  readonly dialect: Dialect;
  readonly capabilities: AdapterCapabilities = { dryRun: true, loadsFiles: true, schemaAccess: true };
  readonly refusal = { code: 'MESH182' as const, hint: (message: string): string => refusalHint(this.options.target, message) };
  private readonly settings: BigQuerySettings;
  private readonly api: BigQueryApi;
  private readonly runner: JobRunner;
  private readonly projects: DatasetProjects;
  private readonly location: string;

  constructor(private readonly options: BigQueryAdapterOptions) {
    const { target } = options;
    this.settings = bigquerySettings(target);
    this.dialect = bigqueryDialect(target);
    this.location = target.location ?? 'US';
    const dataProject = target.project ?? '';
    const executionProject = this.settings.executionProject ?? dataProject;
    const client = new BigQuery({
      projectId: executionProject,
      location: this.location,
      ...(this.settings.apiEndpoint ? { apiEndpoint: this.settings.apiEndpoint } : {}),
      authClient: options.credentials.client,
      // One retry policy, meshwork's (job_retries, with backoff): the client's own is off.
      retryOptions: { autoRetry: false, maxRetries: 0 },
      userAgent: 'meshwork',
    });
    this.api = sdkApi(client, executionProject);
    this.projects = new DatasetProjects(target);
    this.runner = new JobRunner(this.api, {
      location: this.location,
      retries: this.settings.jobRetries,
      retryDelayMs: options.retryDelayMs ?? 1000,
      pollMs: options.pollMs ?? 250,
      ...(this.settings.jobTimeoutSeconds !== undefined ? { timeoutMs: this.settings.jobTimeoutSeconds * 1000 } : {}),
    });
  }

  async relations(schemas: readonly string[]): Promise<Map<string, RelationKind>> {
    const began = this.runner.begin();
    const found = new Map<string, RelationKind>();
    // One request per dataset, side by side (a mesh has tens of them), kept in the order asked.
    const listed = await this.guard(() => Promise.all(schemas.map((schema) => this.retried(() => this.api.listTables(this.projects.of(schema), schema), began))));
    for (const [i, schema] of schemas.entries()) {
      for (const [name, type] of listed[i] ?? []) found.set(`${schema}.${name}`, type === 'VIEW' || type === 'MATERIALIZED_VIEW' ? 'view' : 'table');
    }
    return found;
  }

  async columns(relations: readonly RelationName[]): Promise<Map<string, readonly string[]>> {
    const began = this.runner.begin();
    const found = new Map<string, readonly string[]>();
    const tables = await this.guard(() =>
      Promise.all(relations.map((r) => this.retried(() => this.api.getTable({ projectId: this.projects.of(r.schema), datasetId: r.schema, tableId: r.name }), began))),
    );
    for (const [i, r] of relations.entries()) {
      const table = tables[i];
      if (table) found.set(`${r.schema}.${r.name}`, (table.schema?.fields ?? []).map((f) => f.name));
    }
    return found;
  }

  /**
   * One tables.get per source table (metadata: free, no job, no bytes billed), at most
   * STAMP_REQUESTS at once. INFORMATION_SCHEMA has no modification time (TABLES lacks it;
   * PARTITIONS has it per partition), and a query per dataset is a job: seconds of latency and at
   * least 10 MB billed each, where sources spread over many datasets and projects.
   */
  async sourceStamps(tables: readonly SourceTable[]): Promise<(string | undefined)[]> {
    return (await this.sourceTables(tables)).map((table) => (table ? tableStamp(table) : undefined));
  }

  /** Source freshness without `loaded_at`: the same tables.get as `sourceStamps`, read as a time. */
  async lastModified(tables: readonly SourceTable[]): Promise<LastModified[]> {
    const found = await this.sourceTables(tables);
    return tables.map((t, i) => tableModifiedAt(found[i], t.location.replace(/`/g, '')));
  }

  /** Each source's table metadata (undefined: no such table), at most STAMP_REQUESTS requests at once, in the order asked. */
  private async sourceTables(tables: readonly SourceTable[]): Promise<(TableResource | undefined)[]> {
    const began = this.runner.begin();
    const refs = tables.map((t) => sourceTableReference(this.options.target, t));
    const found: (TableResource | undefined)[] = refs.map(() => undefined);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < refs.length) {
        const i = next++;
        const ref = refs[i];
        found[i] = ref ? await this.retried(() => this.api.getTable(ref), began) : undefined;
      }
    };
    await this.guard(() => Promise.all(Array.from({ length: Math.min(STAMP_REQUESTS, refs.length) }, worker)));
    return found;
  }

  /** Datasets that do not exist yet are created in the domain's project, with the target's location and labels and the schema's description. */
  async ensureSchemas(schemas: readonly SchemaSpec[]): Promise<void> {
    const began = this.runner.begin();
    const labels = targetLabels(this.settings.labels);
    await this.guard(async () => {
      for (const spec of schemas) {
        this.projects.learn(spec.name, spec.domain);
        const projectId = this.projects.of(spec.name);
        const existing = await this.retried(() => this.api.getDataset(projectId, spec.name), began);
        if (existing?.location !== undefined && existing.location.toLowerCase() !== this.location.toLowerCase()) {
          // A query runs in one location: it could neither write this dataset nor read it with the others.
          throw new EngineError(`dataset ${projectId}.${spec.name} is in location ${existing.location}, the target in ${this.location}: set the target's location to ${existing.location}, or move the dataset`, 0);
        }
        if (existing) continue;
        const body = { location: this.location, labels, ...(spec.description ? { description: spec.description } : {}) };
        await this.retried(async () => {
          try {
            await this.api.insertDataset(projectId, spec.name, body);
          } catch (e) {
            // Made meanwhile by a build running beside this one: it exists, which is what was wanted.
            if (!(e instanceof ApiFailure && e.status === 409)) throw e;
          }
        }, began);
      }
    });
  }

  async execute(statements: readonly SqlStatement[], context?: CallContext): Promise<ExecuteResult> {
    if (statements.length === 0) return {};
    const began = this.runner.begin();
    if (context?.dryRun) return this.dryRun(statements, context, began);
    const layout = scriptLayout(statements);
    try {
      const job = await this.runner.run((ref) => this.api.insertJob({ jobReference: ref, configuration: this.queryConfiguration(layout.script, context) }), () => jobId(context), began);
      const rowsAffected = await this.rowsAffected(job, statements, layout, began);
      return { ...(rowsAffected !== undefined ? { rowsAffected } : {}), cost: jobCost(job.statistics) };
    } catch (e) {
      throw this.engineError(e, layout);
    }
  }

  async load(seed: SeedLoad, context?: CallContext): Promise<ExecuteResult> {
    const began = this.runner.begin();
    const configuration = seedLoadConfiguration(seed, this.projects.of(seed.schema));
    try {
      const job = await this.runner.run((ref) => this.api.uploadLoad(seed.file, ref, configuration), () => jobId(context), began);
      const rows = job.statistics?.load?.outputRows;
      return rows !== undefined ? { rowsAffected: Number(rows) } : {};
    } catch (e) {
      throw this.engineError(e, undefined);
    }
  }

  async authorizeView(view: RelationName, reads: readonly string[]): Promise<void> {
    const began = this.runner.begin();
    const entry = viewEntry(this.projects.of(view.schema), view);
    await this.guard(async () => {
      for (const dataset of reads) await this.retried(() => addAccess(this.api, this.projects.of(dataset), dataset, [entry]), began);
    });
  }

  async grantRead(schema: string, principals: readonly string[]): Promise<void> {
    if (principals.length === 0) return;
    const began = this.runner.begin();
    await this.guard(() => this.retried(() => addAccess(this.api, this.projects.of(schema), schema, principals.map(readerEntry)), began));
  }

  async queryNumber(sql: string): Promise<number> {
    const [first] = (await this.fetchRows(sql)).rows;
    return Number(first?.[0] ?? 0);
  }

  async queryValues(sql: string): Promise<string[]> {
    return ((await this.fetchRows(sql)).rows).map((row) => String(row[0]));
  }

  interrupt(): void {
    this.runner.interrupt();
  }

  async describe(schemas: readonly string[]): Promise<readonly EngineFact[]> {
    return connectionFacts(schemas, {
      api: this.api,
      runner: this.runner,
      projects: this.projects,
      location: this.location,
      credentials: this.options.credentials.source,
      retries: this.settings.jobRetries,
    });
  }

  async close(): Promise<void> {
    // The client holds no connection that outlives a request.
  }

  private queryConfiguration(script: string, context: CallContext | undefined): Record<string, unknown> {
    const { maximumBytesBilled, jobTimeoutSeconds, priority } = this.settings;
    return {
      query: {
        query: script,
        useLegacySql: false,
        priority: priority === 'batch' ? 'BATCH' : 'INTERACTIVE',
        ...(maximumBytesBilled !== undefined ? { maximumBytesBilled: String(maximumBytesBilled) } : {}),
      },
      labels: jobLabels(this.settings.labels, context),
      ...(jobTimeoutSeconds !== undefined ? { jobTimeoutMs: String(Math.round(jobTimeoutSeconds * 1000)) } : {}),
      ...(context?.dryRun ? { dryRun: true } : {}),
    };
  }

  /**
   * Each statement dry-run alone (a dry run does not run a script's earlier statements): those that
   * cannot be are left out, and a TEMP table's query is estimated without the table.
   */
  private async dryRun(statements: readonly SqlStatement[], context: CallContext, began: number): Promise<ExecuteResult> {
    const costs = [];
    for (const { index, sql } of dryRunPlan(statements)) {
      try {
        const job = await this.runner.dryRun((ref) => this.api.insertJob({ jobReference: ref, configuration: this.queryConfiguration(sql, context) }), () => jobId(context), began);
        costs.push(jobCost(job.statistics));
      } catch (e) {
        throw this.engineError(e instanceof JobFailure ? new JobFailure(e.message, e.reason, index) : e, undefined);
      }
    }
    // Nothing sent (only DROPs and transactions): an estimate of nothing.
    // A dry run always has an estimate: zero bytes when nothing could be sent.
    return { cost: sumCosts([{ bytesProcessed: 0 }, ...costs]) ?? { bytesProcessed: 0 } };
  }

  /** The `reportsRows` statement's rows: its DML statistics, or the row count of the table it created. */
  private async rowsAffected(job: JobResource, statements: readonly SqlStatement[], layout: ScriptLayout, began: number): Promise<number | undefined> {
    const index = statements.findIndex((s) => s.reportsRows);
    if (index < 0) return undefined;
    let statistics = job.statistics;
    if (statements.length > 1 && job.jobReference) {
      const ref = job.jobReference;
      const children = await this.retried(() => this.api.childJobs(ref), began);
      const child = children.find((c) => {
        const frame = c.statistics?.scriptStatistics?.stackFrames?.[0];
        return frame?.startLine !== undefined && statementAt(layout, frame.startLine, frame.startColumn ?? 1).index === index;
      });
      statistics = child?.statistics;
    }
    const dml = statistics?.query?.numDmlAffectedRows;
    if (dml !== undefined) return Number(dml);
    const created = statistics?.query?.ddlTargetTable;
    if (!created || !/^CREATE_TABLE/.test(statistics?.query?.statementType ?? '')) return undefined;
    const table = await this.retried(() => this.api.getTable(created), began);
    return table?.numRows !== undefined ? Number(table.numRows) : undefined;
  }

  async queryRows(sql: string, limit: number): Promise<RowsResult> {
    const { columns, rows } = await this.fetchRows(sql);
    return { columns, rows: rows.slice(0, limit) };
  }

  private async fetchRows(sql: string): Promise<{ columns: string[]; rows: (readonly unknown[])[] }> {
    const began = this.runner.begin();
    try {
      const job = await this.runner.run((ref) => this.api.insertJob({ jobReference: ref, configuration: this.queryConfiguration(sql, undefined) }), () => jobId(undefined), began);
      const ref = job.jobReference;
      if (!ref) return { columns: [], rows: [] };
      const result = await this.retried(() => this.api.queryRows(ref), began);
      return { columns: result.fields.map((f) => f.name), rows: result.rows.map((row) => row.map((value, i) => cellValue(value, result.fields[i]?.type))) };
    } catch (e) {
      throw this.engineError(e, undefined);
    }
  }

  private retried<T>(call: () => Promise<T>, began: number): Promise<T> {
    return this.runner.request(call, this.settings.jobRetries, began);
  }

  /** Failures of calls other than jobs: an EngineError carrying BigQuery's message. */
  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      throw this.engineError(e, undefined);
    }
  }

  private engineError(e: unknown, layout: ScriptLayout | undefined): EngineError {
    if (e instanceof EngineError) return e;
    if (e instanceof JobFailure) return engineError(e, layout);
    if (e instanceof ApiFailure) return engineError(new JobFailure(e.message, e.reason), layout);
    return new EngineError(`BigQuery call failed: ${(e as Error).message}`, 0);
  }
}

/** A value of a query's row as text, number or boolean: TIMESTAMP (sent as microseconds) as an ISO instant, nested values as JSON. */
function cellValue(value: unknown, type: string | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') return JSON.stringify(value);
  if (type === 'TIMESTAMP' && /^-?\d+$/.test(String(value))) return new Date(Number(value) / 1000).toISOString();
  // The REST API sends every scalar as text: numbers and booleans read back as such (NUMERIC stays text, exact).
  if ((type === 'INT64' || type === 'INTEGER') && Number.isSafeInteger(Number(value))) return Number(value);
  if ((type === 'FLOAT64' || type === 'FLOAT') && typeof value === 'string') return Number(value);
  if ((type === 'BOOL' || type === 'BOOLEAN') && typeof value === 'string') return value === 'true';
  return value;
}

type RequestOptions = Parameters<BigQuery['request']>[0];

/** BigQuery's REST API through the SDK's authenticated requests; errors become ApiFailure. */
function sdkApi(client: BigQuery, executionProject: string): BigQueryApi {
  const request = <T>(options: RequestOptions): Promise<T> =>
    new Promise((resolve, reject) => {
      client.request(options, (err, body) => (err ? reject(apiFailure(err)) : resolve(body as T)));
    });
  const orMissing = async <T>(call: Promise<T>): Promise<T | undefined> => {
    try {
      return await call;
    } catch (e) {
      if (e instanceof ApiFailure && e.status === 404) return undefined;
      throw e;
    }
  };
  const jobQuery = (ref: JobReference): Record<string, string> => (ref.location ? { location: ref.location } : {});
  return {
    executionProject,
    insertJob: (job) => request({ method: 'POST', uri: '/jobs', projectId: job.jobReference.projectId, json: job }),
    getJob: (ref) => request({ uri: `/jobs/${encodeURIComponent(ref.jobId)}`, projectId: ref.projectId, qs: jobQuery(ref) }),
    cancelJob: async (ref) => {
      await request({ method: 'POST', uri: `/jobs/${encodeURIComponent(ref.jobId)}/cancel`, projectId: ref.projectId, qs: jobQuery(ref) });
    },
    childJobs: async (parent) => {
      const jobs: JobResource[] = [];
      let pageToken: string | undefined;
      do {
        const page = await request<{ jobs?: JobResource[]; nextPageToken?: string }>({
          uri: '/jobs',
          projectId: parent.projectId,
          qs: { parentJobId: parent.jobId, projection: 'full', maxResults: 1000, ...(pageToken ? { pageToken } : {}) },
        });
        jobs.push(...(page.jobs ?? []));
        pageToken = page.nextPageToken;
      } while (pageToken);
      return jobs;
    },
    queryRows: async (ref) => {
      const rows: unknown[][] = [];
      let fields: QueryRows['fields'] = [];
      let pageToken: string | undefined;
      do {
        const page = await request<{ schema?: { fields?: { name: string; type: string }[] }; rows?: { f: { v: unknown }[] }[]; pageToken?: string }>({
          uri: `/queries/${encodeURIComponent(ref.jobId)}`,
          projectId: ref.projectId,
          qs: { ...jobQuery(ref), 'formatOptions.useInt64Timestamp': true, ...(pageToken ? { pageToken } : {}) },
        });
        fields = page.schema?.fields ?? fields;
        for (const row of page.rows ?? []) rows.push(row.f.map((cell) => cell.v));
        pageToken = page.pageToken;
      } while (pageToken);
      return { fields, rows };
    },
    uploadLoad: async (file, ref, load) => {
      // The upload goes to the job's (execution) project; the destination names the data's.
      const table = client.dataset(load.destinationTable.datasetId, { projectId: ref.projectId }).table(load.destinationTable.tableId, ref.location ? { location: ref.location } : {});
      try {
        const [job] = await table.createLoadJob(file, { ...load, jobId: ref.jobId } as unknown as JobLoadMetadata);
        return (job.metadata ?? {}) as JobResource;
      } catch (e) {
        throw apiFailure(e);
      }
    },
    getDataset: (projectId, datasetId) => orMissing(request({ uri: `/datasets/${encodeURIComponent(datasetId)}`, projectId })),
    insertDataset: async (projectId, datasetId, body) => {
      await request({ method: 'POST', uri: '/datasets', projectId, json: { datasetReference: { projectId, datasetId }, ...body } });
    },
    patchDataset: async (projectId, datasetId, etag, body) => {
      await request({ method: 'PATCH', uri: `/datasets/${encodeURIComponent(datasetId)}`, projectId, json: body, ...(etag ? { headers: { 'If-Match': etag } } : {}) });
    },
    listTables: async (projectId, datasetId) => {
      const found = new Map<string, string>();
      let pageToken: string | undefined;
      do {
        const page = await orMissing(
          request<{ tables?: { tableReference: { tableId: string }; type?: string }[]; nextPageToken?: string }>({
            uri: `/datasets/${encodeURIComponent(datasetId)}/tables`,
            projectId,
            qs: { maxResults: 1000, ...(pageToken ? { pageToken } : {}) },
          }),
        );
        if (!page) return undefined;
        for (const t of page.tables ?? []) found.set(t.tableReference.tableId, t.type ?? 'TABLE');
        pageToken = page.nextPageToken;
      } while (pageToken);
      return found;
    },
    getTable: (ref) => orMissing(request({ uri: `/datasets/${encodeURIComponent(ref.datasetId)}/tables/${encodeURIComponent(ref.tableId)}`, projectId: ref.projectId })),
  };
}

/** The SDK's error → status, BigQuery's reason and message (the request, with its token, is left behind). */
function apiFailure(e: unknown): ApiFailure {
  const error = e as { code?: unknown; message?: string; errors?: { reason?: string; message?: string }[] };
  const status = typeof error.code === 'number' ? error.code : undefined;
  const first = error.errors?.[0];
  // No answer at all (the connection dropped): the network's code stands for BigQuery's reason.
  const network = typeof error.code === 'string' ? error.code : undefined;
  return new ApiFailure(first?.message ?? error.message ?? String(e), status, first?.reason ?? network);
}
