import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LoadError, runLoad, type LoadConfiguration } from './csv-load.js';
import type { BigQueryFakeOptions, JobTrouble, Rejection, RequestTrouble } from './fake-options.js';
import { billed, errorBody, jobResource, queryResultsResource, scriptStatistics, statementStatistics, statusOf, type FakeJob } from './fake-jobs.js';
import { runScript, type ScriptRun } from './script-run.js';
import { scriptStatements } from './sql-text.js';
import { DatasetRoutes } from './fake-datasets.js';
import { HttpFailure, type Reply } from './http-failure.js';
import { Warehouse } from './warehouse.js';

/** A request as the fake received it. */
export interface RecordedRequest {
  readonly method: string;
  /** The URL path, e.g. `/bigquery/v2/projects/p/jobs` or `/upload/bigquery/v2/projects/p/jobs`. */
  readonly path: string;
  /** What it asked for: `jobs.insert`, `jobs.upload`, `jobs.get`, `jobs.getQueryResults`, `jobs.list`, `jobs.cancel`, `jobs.query`, `datasets.get|insert|patch|list`, `tables.get|list|delete`. */
  readonly route: string;
  readonly query: Readonly<Record<string, string>>;
  /** The JSON body (an upload's: its metadata part). */
  readonly body: unknown;
  /** An upload's data part. */
  readonly media?: string;
  readonly authorization?: string;
  readonly ifMatch?: string;
}

/** A statement of a query job, in the order sent: the ZetaSQL acceptance tests analyze them all. */
export interface SentStatement {
  readonly sql: string;
  readonly jobId: string;
  readonly projectId: string;
  readonly dryRun: boolean;
  /** Its place in the job's script. */
  readonly index: number;
}

type Handler = (request: RecordedRequest, params: string[]) => Promise<Reply> | Reply;


/** BigQuery's REST API v2 on a loopback port, over an in-memory warehouse. */
export class BigQueryFakeServer {
  readonly requests: RecordedRequest[] = [];
  readonly statements: SentStatement[] = [];
  readonly state = new Warehouse();
  /** By `project:jobId`. */
  readonly jobs = new Map<string, FakeJob>();
  private readonly requestTroubles: { trouble: RequestTrouble; left: number }[] = [];
  private readonly jobTroubles: { trouble: JobTrouble; left: number }[] = [];
  private readonly rejections: Rejection[] = [];
  private readonly hangs: ((script: string) => boolean)[] = [];
  private readonly cache = new Set<string>();
  private readonly datasets = new DatasetRoutes(this.state);
  private clock = Date.UTC(2026, 0, 5, 9, 0, 0);
  private readonly server = createServer((req, res) => void this.handle(req, res));
  url = '';

  constructor(private readonly options: BigQueryFakeOptions) {}

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The next `times` matching requests fail at the HTTP level (a rate limit, a 5xx). */
  failRequests(trouble: RequestTrouble): void {
    this.requestTroubles.push({ trouble, left: trouble.times });
  }

  /** The next `times` matching query jobs end DONE with this error, having run nothing. */
  failJobs(trouble: JobTrouble): void {
    this.jobTroubles.push({ trouble, left: trouble.times });
  }

  /** Statements matching are rejected as BigQuery rejects invalid SQL. */
  reject(rejection: Rejection): void {
    this.rejections.push(rejection);
  }

  /** Query jobs whose script matches never finish until cancelled. */
  hang(match: (script: string) => boolean): void {
    this.hangs.push(match);
  }

  /** Requests for one route (`jobs.insert`, …), in order. */
  requestsTo(route: string): RecordedRequest[] {
    return this.requests.filter((r) => r.route === route);
  }

  private readonly routes: [string, RegExp, string, Handler][] = [
    ['POST', /^\/upload\/bigquery\/v2\/projects\/([^/]+)\/jobs$/, 'jobs.upload', (r, [p]) => this.upload(r, p!)],
    ['POST', /^\/bigquery\/v2\/projects\/([^/]+)\/jobs$/, 'jobs.insert', (r, [p]) => this.insertJob(r, p!)],
    ['GET', /^\/bigquery\/v2\/projects\/([^/]+)\/jobs$/, 'jobs.list', (r, [p]) => this.listJobs(r, p!)],
    ['GET', /^\/bigquery\/v2\/projects\/([^/]+)\/jobs\/([^/]+)$/, 'jobs.get', (r, [p, j]) => this.getJob(r, p!, j!)],
    ['POST', /^\/bigquery\/v2\/projects\/([^/]+)\/jobs\/([^/]+)\/cancel$/, 'jobs.cancel', (r, [p, j]) => this.cancelJob(r, p!, j!)],
    ['GET', /^\/bigquery\/v2\/projects\/([^/]+)\/queries\/([^/]+)$/, 'jobs.getQueryResults', (r, [p, j]) => this.queryResults(r, p!, j!)],
    ['POST', /^\/bigquery\/v2\/projects\/([^/]+)\/queries$/, 'jobs.query', (r, [p]) => this.fastQuery(r, p!)],
    ['GET', /^\/bigquery\/v2\/projects\/([^/]+)\/datasets$/, 'datasets.list', (_, [p]) => this.datasets.listDatasets(p!)],
    ['POST', /^\/bigquery\/v2\/projects\/([^/]+)\/datasets$/, 'datasets.insert', (r, [p]) => this.datasets.insertDataset(r, p!)],
    ['GET', /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)$/, 'datasets.get', (_, [p, d]) => this.datasets.get(p!, d!)],
    ['PATCH', /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)$/, 'datasets.patch', (r, [p, d]) => this.datasets.patchDataset(r, p!, d!)],
    ['PUT', /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)$/, 'datasets.update', (r, [p, d]) => this.datasets.patchDataset(r, p!, d!)],
    ['GET', /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)\/tables$/, 'tables.list', (_, [p, d]) => this.datasets.listTables(p!, d!)],
    ['GET', /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)$/, 'tables.get', (_, [p, d, t]) => this.datasets.getTable(p!, d!, t!)],
    ['DELETE', /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)$/, 'tables.delete', (_, [p, d, t]) => this.datasets.deleteTable(p!, d!, t!)],
  ];

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = await readBody(req);
    const path = decodeURIComponent(url.pathname);
    const route = this.routes.find(([method, pattern]) => method === req.method && pattern.test(path));
    const contentType = String(req.headers['content-type'] ?? '');
    let body: unknown;
    let media: string | undefined;
    if (contentType.startsWith('multipart/related')) {
      const parts = multipart(raw, /boundary="?([^";]+)"?/.exec(contentType)?.[1] ?? '');
      body = parts[0] ? JSON.parse(parts[0]) : undefined;
      media = parts[1];
    } else if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        body = raw.toString('utf8');
      }
    }
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      route: route?.[2] ?? 'unknown',
      query: Object.fromEntries(url.searchParams),
      body,
      ...(media !== undefined ? { media } : {}),
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      ...(req.headers['if-match'] ? { ifMatch: String(req.headers['if-match']) } : {}),
    };
    this.requests.push(request);
    if (this.resets(request)) {
      req.socket.destroy();
      return;
    }
    let reply: Reply;
    try {
      reply = this.authorize(request) ?? this.trouble(request) ?? (route ? await route[3](request, route[1].exec(path)!.slice(1)) : fail(404, 'notFound', `Not found: ${req.method} ${path}`));
    } catch (e) {
      if (!(e instanceof HttpFailure)) throw e;
      reply = { status: e.status, body: errorBody(e.status, e.reason, e.message) };
    }
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  }

  private authorize(request: RecordedRequest): Reply | undefined {
    const expected = this.options.token;
    const given = /^Bearer (.+)$/.exec(request.authorization ?? '')?.[1];
    if (given !== undefined && (expected === undefined || given === expected)) return undefined;
    const message = 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.';
    return { status: 401, body: errorBody(401, 'authError', message) };
  }

  private resets(request: RecordedRequest): boolean {
    const found = this.requestTroubles.find((t) => t.left > 0 && t.trouble.reset === true && (t.trouble.match?.(request) ?? true));
    if (found) found.left--;
    return found !== undefined;
  }

  private trouble(request: RecordedRequest): Reply | undefined {
    const found = this.requestTroubles.find((t) => t.left > 0 && t.trouble.reset !== true && (t.trouble.match?.(request) ?? true));
    if (!found) return undefined;
    found.left--;
    const { status, reason } = found.trouble;
    const message = found.trouble.message ?? (reason === 'rateLimitExceeded' ? 'Exceeded rate limits: too many api requests per user per method for this user_method.' : 'Error encountered during execution. Retrying may solve the problem.');
    return { status, body: errorBody(status, reason, message) };
  }

  private tick(): number {
    return (this.clock += 1000);
  }


  private findJob(projectId: string, jobId: string, location: string | undefined): FakeJob {
    const job = this.jobs.get(`${projectId}:${jobId}`);
    // Outside the US and EU multi-regions, BigQuery finds a job only with its location.
    const located = job && (location ? location.toLowerCase() === job.location.toLowerCase() : ['us', 'eu'].includes(job.location.toLowerCase()));
    if (!job || !located) throw new HttpFailure(404, 'notFound', `Not found: Job ${projectId}:${location ?? 'US'}.${jobId}`);
    return job;
  }

  private async insertJob(request: RecordedRequest, projectId: string): Promise<Reply> {
    const body = (request.body ?? {}) as { jobReference?: { jobId?: string; location?: string }; configuration?: Record<string, unknown> };
    const configuration = body.configuration ?? {};
    const query = configuration.query as { query?: string } | undefined;
    if (!query?.query) throw new HttpFailure(400, 'invalid', 'Only query jobs are inserted without an upload here');
    const jobId = body.jobReference?.jobId ?? `job_${this.jobs.size + 1}`;
    const location = body.jobReference?.location ?? 'US';
    if (this.jobs.has(`${projectId}:${jobId}`)) throw new HttpFailure(409, 'duplicate', `Already Exists: Job ${projectId}:${location}.${jobId}`);
    const dryRun = configuration.dryRun === true;
    const script = query.query;
    scriptStatements(script).forEach((s, index) => this.statements.push({ sql: s.sql, jobId, projectId, dryRun, index }));
    const created = this.tick();

    if (dryRun) {
      const run = await runScript(script, this.context(projectId, location, true));
      if (run.failure) {
        const status = statusOf(run.failure.reason);
        return { status, body: errorBody(status, run.failure.reason, run.failure.message) };
      }
      const bytes = run.statements.reduce((sum, s) => sum + s.bytes, 0);
      const statistics = {
        creationTime: String(created),
        totalBytesProcessed: String(bytes),
        query: { totalBytesProcessed: String(bytes), totalBytesProcessedAccuracy: 'PRECISE', cacheHit: false, statementType: run.statements.length === 1 ? run.statements[0]!.type : 'SCRIPT' },
      };
      return { status: 200, body: jobResource({ projectId, jobId, location, configuration, state: 'DONE', hanging: false, cancelled: false, statistics, children: [], created }) };
    }

    const job: FakeJob = { projectId, jobId, location, configuration, state: 'RUNNING', hanging: false, cancelled: false, statistics: {}, children: [], created };
    this.jobs.set(`${projectId}:${jobId}`, job);
    if (this.hangs.some((h) => h(script))) {
      job.hanging = true;
      return { status: 200, body: jobResource(job) };
    }
    const trouble = this.jobTroubles.find((t) => t.left > 0 && (t.trouble.match?.(script) ?? true));
    if (trouble) {
      trouble.left--;
      const message = trouble.trouble.message ?? 'Error encountered during execution. Retrying may solve the problem.';
      job.errorResult = { reason: trouble.trouble.reason, message };
      job.statistics = { creationTime: String(created), startTime: String(created + 1), endTime: String(created + 2) };
      return { status: 200, body: jobResource(job) };
    }
    const before = this.state.snapshot();
    const run = await runScript(script, this.context(projectId, location, false));
    // maximumBytesBilled: BigQuery refuses a job that would bill more, and nothing of it happens.
    const cap = (configuration.query as { maximumBytesBilled?: string }).maximumBytesBilled;
    const wanted = run.statements.reduce((sum, s) => sum + (s.cacheHit ? 0 : billed(s.bytes)), 0);
    if (!run.failure && cap !== undefined && wanted > Number(cap)) {
      before();
      job.errorResult = { reason: 'bytesBilledLimitExceeded', message: `Query exceeded limit for bytes billed: ${cap}. ${wanted} or higher required.` };
      job.statistics = { creationTime: String(created), startTime: String(created + 1), endTime: String(created + 2) };
      return { status: 200, body: jobResource(job) };
    }
    this.finish(job, run);
    return { status: 200, body: jobResource(job) };
  }

  private context(projectId: string, location: string, dryRun: boolean): Parameters<typeof runScript>[1] {
    return { projectId, location, dryRun, warehouse: this.state, options: this.options, rejections: this.rejections, cache: this.cache };
  }

  /** The job's final status and statistics; a script gets a child job per statement that ran. */
  private finish(job: FakeJob, run: ScriptRun): void {
    const script = run.statements.length + (run.failure ? 1 : 0) > 1 || scriptStatements(String((job.configuration.query as { query: string }).query)).length > 1;
    if (run.failure) job.errorResult = { reason: run.failure.reason, message: run.failure.message, location: 'query' };
    if (!script) {
      const only = run.statements[0];
      job.statistics = only ? statementStatistics(only, job.created) : { creationTime: String(job.created), startTime: String(job.created + 1), endTime: String(job.created + 2) };
      if (only?.result) job.result = only.result;
      return;
    }
    job.statistics = scriptStatistics(run, job.created);
    const last = run.statements.at(-1);
    if (last?.result && !run.failure) job.result = last.result;
    for (const s of run.statements) {
      const lines = s.statement.sql.split('\n');
      const endLine = s.statement.line + lines.length - 1;
      const endColumn = lines.length === 1 ? s.statement.column + s.statement.sql.length - 1 : lines.at(-1)!.length;
      const child: FakeJob = {
        projectId: job.projectId,
        jobId: `script_job_${job.jobId.slice(-12)}_${s.index}`,
        location: job.location,
        configuration: { query: { query: s.statement.sql }, jobType: 'QUERY' },
        parentJobId: job.jobId,
        state: 'DONE',
        hanging: false,
        cancelled: false,
        statistics: {
          ...statementStatistics(s, job.created),
          parentJobId: job.jobId,
          scriptStatistics: {
            evaluationKind: 'STATEMENT',
            stackFrames: [{ startLine: s.statement.line, startColumn: s.statement.column, endLine, endColumn, text: s.statement.sql }],
          },
        },
        children: [],
        created: job.created,
        ...(s.result ? { result: s.result } : {}),
      };
      job.children.push(child);
      this.jobs.set(`${child.projectId}:${child.jobId}`, child);
    }
  }

  private getJob(request: RecordedRequest, projectId: string, jobId: string): Reply {
    const job = this.findJob(projectId, jobId, request.query.location);
    if (!job.hanging) job.state = 'DONE';
    return { status: 200, body: jobResource(job) };
  }

  private cancelJob(request: RecordedRequest, projectId: string, jobId: string): Reply {
    const job = this.findJob(projectId, jobId, request.query.location);
    if (job.state !== 'DONE' || job.hanging) {
      job.cancelled = true;
      job.hanging = false;
      job.state = 'DONE';
      job.errorResult = { reason: 'stopped', message: 'Job execution was cancelled: User requested cancellation' };
      job.statistics = { creationTime: String(job.created), startTime: String(job.created + 1), endTime: String(this.tick()) };
    }
    return { status: 200, body: { kind: 'bigquery#jobCancelResponse', job: jobResource(job) } };
  }

  private queryResults(request: RecordedRequest, projectId: string, jobId: string): Reply {
    const job = this.findJob(projectId, jobId, request.query.location);
    if (!job.hanging) job.state = 'DONE';
    if (job.state !== 'DONE') return { status: 200, body: { kind: 'bigquery#getQueryResultsResponse', jobReference: { projectId, jobId, location: job.location }, jobComplete: false } };
    if (job.errorResult) {
      const status = statusOf(job.errorResult.reason);
      return { status: status === 200 ? 400 : status, body: errorBody(status === 200 ? 400 : status, job.errorResult.reason, job.errorResult.message) };
    }
    return { status: 200, body: queryResultsResource(job) };
  }

  private listJobs(request: RecordedRequest, projectId: string): Reply {
    const parent = request.query.parentJobId;
    const jobs = [...this.jobs.values()].filter((j) => j.projectId === projectId && (parent ? j.parentJobId === parent : !j.parentJobId));
    // Newest first, as BigQuery lists them.
    const listed = jobs.reverse().map((j) => ({ ...jobResource(j), state: j.state }));
    return { status: 200, body: { kind: 'bigquery#jobList', etag: 'jobs', jobs: listed } };
  }

  private async fastQuery(request: RecordedRequest, projectId: string): Promise<Reply> {
    const body = (request.body ?? {}) as { query?: string; location?: string; dryRun?: boolean; labels?: Record<string, string> };
    const jobId = `job_fast_${this.jobs.size + 1}`;
    const inserted = await this.insertJob(
      { ...request, body: { jobReference: { jobId, location: body.location ?? 'US' }, configuration: { query: { query: body.query, useLegacySql: false }, dryRun: body.dryRun ?? false, labels: body.labels } } },
      projectId,
    );
    if (inserted.status !== 200 || body.dryRun) return inserted;
    const job = this.jobs.get(`${projectId}:${jobId}`)!;
    if (!job.hanging) job.state = 'DONE';
    if (job.errorResult) return { status: statusOf(job.errorResult.reason), body: errorBody(statusOf(job.errorResult.reason), job.errorResult.reason, job.errorResult.message) };
    return { status: 200, body: { ...queryResultsResource(job), kind: 'bigquery#queryResponse' } };
  }

  private async upload(request: RecordedRequest, projectId: string): Promise<Reply> {
    if (request.query.uploadType !== 'multipart') throw new HttpFailure(400, 'invalid', `uploadType ${request.query.uploadType ?? '(none)'} is not served here`);
    const body = (request.body ?? {}) as { jobReference?: { jobId?: string; location?: string }; configuration?: { load?: LoadConfiguration } };
    const load = body.configuration?.load;
    if (!load?.destinationTable) throw new HttpFailure(400, 'invalid', 'Load configuration must specify a destination table');
    const jobId = body.jobReference?.jobId ?? `job_${this.jobs.size + 1}`;
    const location = body.jobReference?.location ?? 'US';
    if (this.jobs.has(`${projectId}:${jobId}`)) throw new HttpFailure(409, 'duplicate', `Already Exists: Job ${projectId}:${location}.${jobId}`);
    const created = this.tick();
    const job: FakeJob = { projectId, jobId, location, configuration: body.configuration as Record<string, unknown>, state: 'RUNNING', hanging: false, cancelled: false, statistics: {}, children: [], created };
    this.jobs.set(`${projectId}:${jobId}`, job);
    try {
      job.statistics = { creationTime: String(created), startTime: String(created + 1), endTime: String(created + 2), load: runLoad(this.state, load, request.media ?? '', location) };
    } catch (e) {
      if (!(e instanceof LoadError)) throw e;
      const reason = e.message.startsWith('Not found') ? 'notFound' : e.message.startsWith('Already') ? 'duplicate' : 'invalid';
      job.errorResult = { reason, message: e.message };
      job.statistics = { creationTime: String(created), startTime: String(created + 1), endTime: String(created + 2) };
    }
    return { status: 200, body: jobResource(job) };
  }
}


function fail(status: number, reason: string, message: string): never {
  throw new HttpFailure(status, reason, message);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The bodies of a multipart/related upload's parts, in order. */
function multipart(raw: Buffer, boundary: string): string[] {
  const text = raw.toString('utf8');
  return text
    .split(`--${boundary}`)
    .slice(1)
    .filter((part) => !part.startsWith('--'))
    .map((part) => {
      const start = part.indexOf('\r\n\r\n');
      const body = start < 0 ? '' : part.slice(start + 4);
      return body.endsWith('\r\n') ? body.slice(0, -2) : body;
    });
}
