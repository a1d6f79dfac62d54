/**
 * The parts of BigQuery's REST API v2 the adapter uses, as plain data. `bigquery-adapter.ts`
 * implements it on `@google-cloud/bigquery` (the only importer of the SDK); jobs, datasets, loads
 * and access work against this interface.
 */

export interface JobReference {
  readonly projectId: string;
  readonly jobId: string;
  readonly location?: string;
}

export interface ErrorProto {
  readonly reason?: string;
  readonly message?: string;
  readonly location?: string;
}

export interface TableReference {
  readonly projectId: string;
  readonly datasetId: string;
  readonly tableId: string;
}

/** The statistics fields the adapter reads (numbers arrive as strings). */
export interface JobStatistics {
  readonly totalBytesProcessed?: string;
  readonly totalSlotMs?: string;
  readonly parentJobId?: string;
  readonly query?: {
    readonly totalBytesProcessed?: string;
    readonly totalBytesBilled?: string;
    readonly totalSlotMs?: string;
    readonly cacheHit?: boolean;
    readonly statementType?: string;
    readonly numDmlAffectedRows?: string;
    readonly ddlTargetTable?: TableReference;
  };
  readonly load?: { readonly outputRows?: string };
  readonly scriptStatistics?: { readonly stackFrames?: readonly { readonly startLine?: number; readonly startColumn?: number }[] };
}

export interface JobResource {
  readonly jobReference?: JobReference;
  readonly status?: { readonly state?: string; readonly errorResult?: ErrorProto; readonly errors?: readonly ErrorProto[] };
  readonly statistics?: JobStatistics;
}

export interface AccessEntry {
  readonly role?: string;
  readonly userByEmail?: string;
  readonly groupByEmail?: string;
  readonly domain?: string;
  readonly specialGroup?: string;
  readonly iamMember?: string;
  readonly view?: TableReference;
}

export interface DatasetResource {
  readonly etag?: string;
  readonly location?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly description?: string;
  readonly access?: readonly AccessEntry[];
}

export interface TableResource {
  readonly type?: string;
  readonly numRows?: string;
  /** Milliseconds since the epoch, as text. */
  readonly lastModifiedTime?: string;
  /** Rows streamed in and not yet in storage: they are not in `lastModifiedTime`. */
  readonly streamingBuffer?: { readonly estimatedRows?: string; readonly oldestEntryTime?: string };
  readonly materializedView?: { readonly lastRefreshTime?: string };
  readonly schema?: { readonly fields?: readonly { readonly name: string; readonly type?: string }[] };
}

/** A query's rows: each value as the API sends it (text, or null). */
export interface QueryRows {
  readonly fields: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly (readonly unknown[])[];
}

/** The load configuration of a CSV upload (REST `configuration.load`). */
export interface LoadConfiguration {
  readonly destinationTable: TableReference;
  readonly schema: { readonly fields: readonly { readonly name: string; readonly type: string; readonly precision?: string; readonly scale?: string; readonly maxLength?: string }[] };
  readonly sourceFormat: 'CSV';
  readonly skipLeadingRows: number;
  readonly writeDisposition: string;
  readonly createDisposition: string;
  readonly allowQuotedNewlines: boolean;
  readonly encoding: string;
}

/** A failed API call: the HTTP status and BigQuery's reason, with its message. */
export class ApiFailure extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

export interface BigQueryApi {
  /** The project jobs run and are billed in. */
  readonly executionProject: string;
  insertJob(job: { readonly jobReference: JobReference; readonly configuration: Record<string, unknown> }): Promise<JobResource>;
  getJob(ref: JobReference): Promise<JobResource>;
  cancelJob(ref: JobReference): Promise<void>;
  /** A script's child jobs, one per statement that ran. */
  childJobs(parent: JobReference): Promise<JobResource[]>;
  queryRows(ref: JobReference): Promise<QueryRows>;
  /** Uploads a local file as a load job (multipart media upload); the job runs on afterwards. */
  uploadLoad(file: string, jobReference: JobReference, load: LoadConfiguration): Promise<JobResource>;
  /** Undefined when the dataset does not exist. */
  getDataset(projectId: string, datasetId: string): Promise<DatasetResource | undefined>;
  insertDataset(projectId: string, datasetId: string, body: { location?: string; labels?: Record<string, string>; description?: string }): Promise<void>;
  /** Fails with status 412 when `etag` is no longer the dataset's. */
  patchDataset(projectId: string, datasetId: string, etag: string | undefined, body: { access: readonly AccessEntry[] }): Promise<void>;
  /** `tableId` → type (`TABLE`, `VIEW`, …); undefined when the dataset does not exist. */
  listTables(projectId: string, datasetId: string): Promise<Map<string, string> | undefined>;
  /** Undefined when the table does not exist. */
  getTable(ref: TableReference): Promise<TableResource | undefined>;
}
