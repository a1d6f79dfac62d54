import type { ContractDefinition } from '../contracts/contract-definition.js';
import type { PolicySettings } from '../contracts/governance/policy-catalog.js';
import type { MacroDefinition } from './parse-macro.js';

/** What the parse stage knows about a project: definitions, not yet rendered or resolved. */

export type Stage = 'raw' | 'cleaned' | 'aggregate';
export const STAGES: readonly Stage[] = ['raw', 'cleaned', 'aggregate'];

export type Materialization = 'view' | 'table' | 'incremental' | 'ephemeral' | 'snapshot';
export type IncrementalStrategy = 'merge' | 'append' | 'delete+insert' | 'insert_overwrite';
export type Severity = 'error' | 'warn';
export type EngineName = 'duckdb' | 'bigquery';

export interface TargetConfig {
  readonly name: string;
  readonly engine: EngineName;
  readonly threads: number;
  /** DuckDB: absolute path of the database file (or ':memory:'). */
  readonly path?: string;
  /** Line in mesh.yaml of the target (of its `path:` when given), for problems opening it; absent for the implicit dev target. */
  readonly line?: number;
  /** BigQuery: the project where data lives (datasets are created there). */
  readonly project?: string;
  readonly location?: string;
  readonly datasetPrefix?: string;
  /** BigQuery: the rest of the target's settings (absent on DuckDB). */
  readonly bigquery?: BigQuerySettings;
  /** The clock freshness SLAs are measured against (ISO instant); absent: the build's start. */
  readonly asOf?: string;
  /** `fresh_sources: true` (on the target, else mesh.yaml's top level): every `mesh build` runs as with --fresh-sources; `--no-fresh-sources` turns it off for one run. */
  readonly freshSources?: boolean;
  /** `mesh build --env <name>`: every schema this target writes is named `<schema>__<name>` (docs/environments.md). */
  readonly environment?: string;
}

/** How a BigQuery target authenticates: application default credentials, a service account key file, or an access token from the environment. */
export type BigQueryAuthMethod = 'adc' | 'service-account' | 'oauth-token';

/** A `bigquery` target's settings beyond project, location and dataset prefix (mesh.yaml, after `${ENV}` interpolation). */
export interface BigQuerySettings {
  /** The project jobs run and are billed in (default: `project`). */
  readonly executionProject?: string;
  /** Domain → the GCP project its datasets live in (default: `project`). */
  readonly projects: Readonly<Record<string, string>>;
  readonly method: BigQueryAuthMethod;
  /** service-account: path of the JSON key file, absolute (resolved against the project root). */
  readonly keyfile?: string;
  /** oauth-token: the environment variable that holds the access token (the token itself is never in mesh.yaml). */
  readonly tokenEnv?: string;
  readonly impersonateServiceAccount?: string;
  /** A private endpoint or an emulator (requests go to `<apiEndpoint>/bigquery/v2`). */
  readonly apiEndpoint?: string;
  readonly maximumBytesBilled?: number;
  readonly jobTimeoutSeconds?: number;
  /** Retries of a job that failed with a transient error (rate limit, 5xx, backendError); default 3. */
  readonly jobRetries: number;
  readonly priority: 'interactive' | 'batch';
  /** Labels on every job and dataset meshwork creates. */
  readonly labels: Readonly<Record<string, string>>;
  /** ODCS contract role name → IAM principals (`group:analysts@example.com`) granted read on the domain's public dataset. */
  readonly roles: Readonly<Record<string, readonly string[]>>;
}

export interface ProjectConfig {
  readonly name: string;
  readonly root: string;
  readonly file: string;
  readonly targets: Readonly<Record<string, TargetConfig>>;
  readonly defaultTarget: string;
  readonly vars: Readonly<Record<string, unknown>>;
  /** Governance policies for every contract of the mesh (`policies:`); a domain's override them. */
  readonly policies: PolicySettings;
  /** Contracts published outside this repository that its domains consume (`imports:`). */
  readonly imports: readonly ImportDefinition[];
  /** Where builds send OpenLineage events over HTTP (`openlineage:`); absent: the file only. */
  readonly openlineage?: OpenLineageConfig;
}

/** `openlineage:` in mesh.yaml. Every field is optional: `mesh build --openlineage-url` can give the url. */
export interface OpenLineageConfig {
  /** The catalog's base URL; events are POSTed to `<url>/api/v1/lineage`. */
  readonly url?: string;
  /** The environment variable holding a bearer token (the token itself never sits in mesh.yaml). */
  readonly apiKeyEnv?: string;
  /** Per request, in milliseconds (default 5000). */
  readonly timeoutMs?: number;
  /** Attempts after the first one failed (default 2). */
  readonly retries?: number;
}

/** An imported contract: its ODCS file, and where its view lives on each target. */
export interface ImportDefinition {
  /** The contract file as written in mesh.yaml, relative to the project. */
  readonly contract?: string;
  /** Or another project's catalog.json: every contract it publishes, at its relations there. */
  readonly catalog?: string;
  /** Target name → relation, e.g. `crm.customers_v1` or `other-project.crm.customers_v1`. */
  readonly locations: Readonly<Record<string, string>>;
  readonly line: number;
}

export interface SourceDefinition {
  readonly name: string;
  readonly domain: string;
  readonly description?: string;
  /** Per engine: a file path relative to the project root (DuckDB) or a table name. */
  readonly locations: Readonly<Partial<Record<EngineName, string>>>;
  /** `freshness:` in domain.yaml: how old the newest row may be (`mesh source freshness`). */
  readonly freshness?: SourceFreshness;
  readonly file: string;
  readonly line: number;
}

/** dbt's freshness criteria of a source (docs/freshness.md). */
export interface SourceFreshness {
  /**
   * The column (or expression) holding when each row was loaded; its max is the source's age.
   * Absent: the warehouse's record of the table's last change (adapter `lastModified`).
   */
  readonly loadedAt?: string;
  readonly warnAfter?: FreshnessPeriod;
  readonly errorAfter?: FreshnessPeriod;
  /** A SQL predicate the rows measured must meet (dbt's `filter`), e.g. to limit a scan. */
  readonly filter?: string;
  /** Line of the source's `freshness:` in domain.yaml (of the source, when it inherits the domain's). */
  readonly line: number;
}

export interface FreshnessPeriod {
  readonly count: number;
  readonly period: 'minute' | 'hour' | 'day';
  readonly seconds: number;
  /** As reports write it: `12 hours`. */
  readonly text: string;
}

export interface DomainDefinition {
  readonly name: string;
  readonly owner: string;
  readonly description?: string;
  readonly dir: string;
  readonly file: string;
  /** Line of `name:` in domain.yaml (of its first key when there is none). */
  readonly nameLine: number;
  readonly sources: readonly SourceDefinition[];
  /** Governance policies for this domain's contracts, over the mesh's (`policies:` in domain.yaml). */
  readonly policies: PolicySettings;
  /** What domain.yaml says about the domain's seeds (`seeds:`), checked against the seed files when parsed. */
  readonly seeds: readonly SeedConfig[];
}

/**
 * One use of a data test in a model header: under a column (`columns: <c>: tests:`) or at model
 * level (`tests:`). `kind` is a builtin's name or a generic test's (`tests/generic/<name>.sql`),
 * resolved when compiling, where the project's generic tests are known.
 */
export interface DataTestDefinition {
  readonly kind: string;
  /** The column the test is under; absent for a model-level test. */
  readonly column?: string;
  readonly severity: Severity;
  /** accepted_values: the values allowed. */
  readonly values?: readonly (string | number | boolean)[];
  /** relationships: the model referenced (`name` or `domain.name`) and its column. */
  readonly to?: string;
  readonly field?: string;
  /** unique_combination: the columns that together are unique. */
  readonly columns?: readonly string[];
  /** expression_is_true: the SQL that must hold for every row (at column level, after the column). */
  readonly expression?: string;
  /** A generic test's named arguments, as written (builtins' are in the fields above). */
  readonly args: Readonly<Record<string, unknown>>;
  /** `where:` a SQL condition: the test reads only the model's rows that meet it. */
  readonly where?: string;
  /** `store_failures:` set on the test (else the model's setting applies). */
  readonly storeFailures?: boolean;
  readonly line: number;
}

export interface ColumnTestDefinition extends DataTestDefinition {
  readonly column: string;
}

/** A generic test: `tests/generic/<name>.sql` of the project or of a domain, a query over `{{model}}` whose rows are failures. */
export interface GenericTestDefinition {
  readonly name: string;
  /** The domain whose tests/generic/ holds it; absent for the project's. */
  readonly domain?: string;
  readonly file: string;
  /** The query template, with the header's lines left blank so that lines are the file's. */
  readonly template: string;
  /** `params:` of its header: named arguments, each required unless it has a default; absent: no header, arguments not checked. */
  readonly params?: readonly { readonly name: string; readonly default?: unknown }[];
  readonly description?: string;
  readonly checksum: string;
}

export interface ColumnDefinition {
  readonly name: string;
  readonly description?: string;
  readonly tests: readonly ColumnTestDefinition[];
}

export interface ModelConfig {
  readonly materialized: Materialization;
  readonly uniqueKey: readonly string[];
  readonly incrementalStrategy: IncrementalStrategy;
  /** `materialized: snapshot`: how changes of each `unique_key` are found and deletes kept (docs/snapshots.md). */
  readonly snapshot?: SnapshotConfig;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly columns: readonly ColumnDefinition[];
  /** Model-level data tests (`tests:` at the top of the header), for rules over several columns. */
  readonly tests?: readonly DataTestDefinition[];
  /** `store_failures: true`: every test of the model keeps its failing rows in `<domain>_audit` (a test's own setting wins). */
  readonly storeFailures?: boolean;
  /** BigQuery table layout (`partition_by`, `cluster_by`, …); DuckDB accepts and ignores it, except insert_overwrite's partitions. */
  readonly partitionBy?: PartitionBy;
  /** Up to four columns, in order. */
  readonly clusterBy?: readonly string[];
  readonly requirePartitionFilter?: boolean;
  readonly partitionExpirationDays?: number;
  /** BigQuery labels on the table or view. */
  readonly labels?: Readonly<Record<string, string>>;
}

export type SnapshotStrategy = 'timestamp' | 'check';
export type HardDeletes = 'ignore' | 'invalidate' | 'new_record';

/** A snapshot's settings, as dbt spells them: a new version when `updated_at` moves on, or when a checked column differs. */
export interface SnapshotConfig {
  readonly strategy: SnapshotStrategy;
  /** timestamp: the column whose increase makes a new version (and is its valid_from). */
  readonly updatedAt?: string;
  /** check: the columns compared with the current version; `all`: every column of the query. */
  readonly checkCols?: readonly string[] | 'all';
  /** What a key missing from the query does: nothing, closes its version, or opens a version marked deleted. */
  readonly hardDeletes: HardDeletes;
}

export type PartitionDataType = 'timestamp' | 'date' | 'datetime' | 'int64';
export type PartitionGranularity = 'hour' | 'day' | 'month' | 'year';

/** `partition_by:` of a model, as dbt-bigquery spells it: a time column truncated to a granularity, or an integer column in ranges. */
export interface PartitionBy {
  readonly field: string;
  readonly dataType: PartitionDataType;
  /** Time types only (default day). */
  readonly granularity: PartitionGranularity;
  /** int64 only: buckets of `interval` from `start` (inclusive) to `end` (exclusive). */
  readonly range?: { readonly start: number; readonly end: number; readonly interval: number };
}

/** A model's SQL template and where its body starts in the file (1-based line). */
export interface ModelDefinition {
  readonly kind: 'model';
  readonly id: string;
  readonly name: string;
  readonly domain: string;
  readonly stage: Stage;
  readonly file: string;
  readonly body: string;
  readonly bodyLine: number;
  readonly checksum: string;
  readonly config: ModelConfig;
}

export interface SeedDefinition {
  readonly kind: 'seed';
  readonly id: string;
  readonly name: string;
  readonly domain: string;
  readonly file: string;
  readonly checksum: string;
  /** The CSV text: engines that cannot read local files inline it. */
  readonly csv: string;
  /** The header's column names, in order (the CSV was read strictly: they are unique and named). */
  readonly columns: readonly string[];
  /** Declared types (`seeds: <name>: column_types:` in domain.yaml), by column as the header spells it, as written. */
  readonly columnTypes: Readonly<Record<string, string>>;
  readonly description?: string;
}

/** `seeds: <name>:` in domain.yaml: what a domain says about one of its seeds. */
export interface SeedConfig {
  readonly name: string;
  readonly description?: string;
  /** Column → engine type as written, with the line of its key. */
  readonly columnTypes: readonly { readonly column: string; readonly type: string; readonly line: number }[];
  readonly line: number;
}

export interface SingularTestDefinition {
  readonly kind: 'test';
  readonly id: string;
  readonly name: string;
  readonly domain: string;
  readonly file: string;
  readonly body: string;
  readonly bodyLine: number;
  readonly checksum: string;
  readonly severity: Severity;
  readonly description?: string;
  readonly tags: readonly string[];
  /** `store_failures: true`: its failing rows are kept in `<domain>_audit.<name>`. */
  readonly storeFailures?: boolean;
}

/**
 * `contracts/<stem>.sql`: how the contract `<stem>.odcs.yaml` is filled from internal models when
 * a plain projection of its backing model is not enough (Handlebars; `ref` reads this domain).
 */
export interface ContractMappingDefinition {
  readonly kind: 'mapping';
  readonly id: string;
  /** The contract file's stem: `orders` for orders.odcs.yaml, `orders.v1` for orders.v1.odcs.yaml. */
  readonly name: string;
  readonly domain: string;
  readonly file: string;
  readonly body: string;
  readonly bodyLine: number;
  readonly checksum: string;
}

export interface ProjectDefinition {
  readonly config: ProjectConfig;
  readonly domains: readonly DomainDefinition[];
  readonly models: readonly ModelDefinition[];
  readonly seeds: readonly SeedDefinition[];
  readonly tests: readonly SingularTestDefinition[];
  /** Generic tests of the project (`tests/generic/`) and of its domains (`domains/<d>/tests/generic/`). */
  readonly genericTests?: readonly GenericTestDefinition[];
  /** ODCS data contracts, per domain (their views and checks come with the contracts stage). */
  readonly contracts: readonly ContractDefinition[];
  readonly mappings: readonly ContractMappingDefinition[];
  /** Contracts imported from outside the repository, with where their views live per target. */
  readonly imported: readonly { readonly contract: ContractDefinition; readonly locations: Readonly<Record<string, string>> }[];
  /** The project's and the domains' macros, every engine's variants. */
  readonly macros?: readonly MacroDefinition[];
}

export function modelId(domain: string, name: string): string {
  return `model.${domain}.${name}`;
}
export function seedId(domain: string, name: string): string {
  return `seed.${domain}.${name}`;
}
export function testId(domain: string, name: string): string {
  return `test.${domain}.${name}`;
}
