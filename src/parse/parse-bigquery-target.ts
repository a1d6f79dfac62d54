import { isAbsolute, join } from 'node:path';
import { nearestNames } from '../diagnostics/suggest.js';
import type { BigQueryAuthMethod, BigQuerySettings } from './definitions.js';
import type { YamlReader } from './yaml-file.js';

type Path = readonly (string | number)[];

/** Every key a `bigquery` target may hold (docs/bigquery-config.md). */
export const BIGQUERY_TARGET_KEYS = [
  'engine', 'project', 'execution_project', 'location', 'dataset_prefix', 'projects', 'method', 'keyfile', 'token_env',
  'impersonate_service_account', 'api_endpoint', 'maximum_bytes_billed', 'job_timeout_seconds', 'job_retries',
  'priority', 'labels', 'roles', 'threads', 'as_of', 'fresh_sources',
] as const;

const METHODS: readonly BigQueryAuthMethod[] = ['adc', 'service-account', 'oauth-token'];
const PRIORITIES = ['interactive', 'batch'] as const;
const DEFAULT_RETRIES = 3;
/** A GCP project id (lower case, digits, hyphens), with the `example.com:` prefix of older domain-scoped projects. */
const PROJECT_ID = /^([a-z0-9.-]+:)?[a-z][a-z0-9-]*$/;
/** Dataset names take letters, digits and underscores only. */
const DATASET_PREFIX = /^[A-Za-z0-9_]*$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** BigQuery label keys start with a lower-case letter; keys and values take lower-case letters, digits, `_` and `-`, up to 63 characters. */
const LABEL_KEY = /^[a-z][a-z0-9_-]{0,62}$/;
const LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;
const MAX_LABELS = 64;
const PRINCIPAL = /^(user|group|serviceAccount):[^@\s:]+@[^@\s]+\.[^@\s]+$|^domain:[a-z0-9-]+(\.[a-z0-9-]+)+$/;
/** Where the missing location is reported: the target's key line. */
const LOCATION_HINT = "add 'location:' under the target: the region or multi-region of its datasets, e.g. location: EU (or US, europe-west3)";

export interface BigQueryTargetFields {
  readonly project?: string;
  readonly location?: string;
  readonly datasetPrefix?: string;
  readonly bigquery: BigQuerySettings;
}

/**
 * The keys of a `bigquery` target beyond engine, threads and as_of. `domains`: the project's domain
 * folders, which `projects:` may name. Every problem is reported on the reader; what is valid is returned.
 */
export function parseBigQueryTarget(r: YamlReader, root: string, path: Path, t: Record<string, unknown>, domains: readonly string[]): BigQueryTargetFields {
  const name = String(path[path.length - 1]);
  const at = (key: string): Path => [...path, key];
  const project = projectId(r, at('project'), r.string(at('project'), t.project, `target '${name}' project`, true), 'project');
  const executionProject = projectId(r, at('execution_project'), r.string(at('execution_project'), t.execution_project, 'execution_project'), 'execution_project');
  const location = r.string(at('location'), t.location, 'location');
  if (t.location === undefined || t.location === null) r.missing(at('location'), `target '${name}' location`, LOCATION_HINT);
  else if (location !== undefined && !/^[A-Za-z][A-Za-z0-9-]*$/.test(location)) r.invalid(at('location'), `location '${location}' is not a BigQuery location`, 'write a region or multi-region, e.g. location: EU, US or europe-west3');
  const datasetPrefix = r.string(at('dataset_prefix'), t.dataset_prefix, 'dataset_prefix');
  if (datasetPrefix !== undefined && !DATASET_PREFIX.test(datasetPrefix)) {
    r.invalid(at('dataset_prefix'), `dataset_prefix '${datasetPrefix}' holds characters a dataset name cannot`, 'use letters, digits and underscores, e.g. dataset_prefix: ci_');
  }
  const projects = parseProjects(r, at('projects'), t.projects, domains);

  const givenMethod = r.oneOf(at('method'), t.method, METHODS, 'method');
  const method = givenMethod ?? 'adc';
  // With a method that is not one, which keys it needs is unknown: that one problem is reported.
  const methodKnown = givenMethod !== undefined || t.method === undefined || t.method === null;
  const keyfileText = r.string(at('keyfile'), t.keyfile, 'keyfile');
  const keyfile = keyfileText === undefined || keyfileText === '' ? undefined : isAbsolute(keyfileText) ? keyfileText : join(root, keyfileText);
  const tokenEnv = r.string(at('token_env'), t.token_env, 'token_env');
  if (tokenEnv !== undefined && !ENV_NAME.test(tokenEnv)) {
    // The value is not repeated: it may be the token itself, pasted by mistake.
    r.invalid(at('token_env'), 'token_env must name an environment variable (letters, digits and _), not hold a token', 'keep the token out of mesh.yaml: export it, e.g. BIGQUERY_TOKEN=…, and write token_env: BIGQUERY_TOKEN');
  }
  if (methodKnown) checkMethodKeys(r, path, method, keyfile, tokenEnv);
  const impersonate = r.string(at('impersonate_service_account'), t.impersonate_service_account, 'impersonate_service_account');
  if (impersonate !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(impersonate)) {
    r.invalid(at('impersonate_service_account'), `impersonate_service_account '${impersonate}' is not a service account's email`, 'write the email of the service account to act as, e.g. meshwork@my-project.iam.gserviceaccount.com');
  }
  const apiEndpoint = r.string(at('api_endpoint'), t.api_endpoint, 'api_endpoint');
  if (apiEndpoint !== undefined && !httpUrl(apiEndpoint)) {
    r.invalid(at('api_endpoint'), `api_endpoint '${apiEndpoint}' is not an http:// or https:// URL`, 'write the base URL of the endpoint, e.g. api_endpoint: http://localhost:9050 for an emulator');
  }
  const maximumBytesBilled = r.positiveInteger(at('maximum_bytes_billed'), t.maximum_bytes_billed, 'maximum_bytes_billed');
  const jobTimeoutSeconds = positiveNumber(r, at('job_timeout_seconds'), t.job_timeout_seconds);
  const jobRetries = retries(r, at('job_retries'), t.job_retries);
  const priority = r.oneOf(at('priority'), t.priority, PRIORITIES, 'priority') ?? 'interactive';
  const labels = parseLabels(r, at('labels'), t.labels);
  const roles = parseRoles(r, at('roles'), t.roles);
  return {
    ...(project ? { project } : {}),
    ...(location ? { location } : {}),
    ...(datasetPrefix ? { datasetPrefix } : {}),
    bigquery: {
      ...(executionProject ? { executionProject } : {}),
      projects,
      method,
      ...(keyfile !== undefined ? { keyfile } : {}),
      ...(tokenEnv !== undefined ? { tokenEnv } : {}),
      ...(impersonate !== undefined ? { impersonateServiceAccount: impersonate } : {}),
      ...(apiEndpoint !== undefined ? { apiEndpoint: apiEndpoint.replace(/\/+$/, '') } : {}),
      ...(maximumBytesBilled !== undefined ? { maximumBytesBilled } : {}),
      ...(jobTimeoutSeconds !== undefined ? { jobTimeoutSeconds } : {}),
      jobRetries,
      priority,
      labels,
      roles,
    },
  };
}

/** The keys a method needs, and those it does not read (a forgotten `method:` more often than not). */
function checkMethodKeys(r: YamlReader, path: Path, method: BigQueryAuthMethod, keyfile: string | undefined, tokenEnv: string | undefined): void {
  const name = String(path[path.length - 1]);
  const at = (key: string): Path => [...path, key];
  if (method === 'service-account' && keyfile === undefined) r.missing(at('keyfile'), `keyfile (method: service-account of target '${name}')`, "add 'keyfile:' with the path of the service account's JSON key, relative to the project (keep the file out of git)");
  if (method === 'oauth-token' && tokenEnv === undefined) r.missing(at('token_env'), `token_env (method: oauth-token of target '${name}')`, "add 'token_env:' with the name of the environment variable that holds the access token, e.g. token_env: BIGQUERY_TOKEN");
  if (keyfile !== undefined && method !== 'service-account') r.invalid(at('keyfile'), `keyfile is read only with method: service-account, and target '${name}' uses ${method}`, 'add method: service-account, or remove keyfile');
  if (tokenEnv !== undefined && method !== 'oauth-token') r.invalid(at('token_env'), `token_env is read only with method: oauth-token, and target '${name}' uses ${method}`, 'add method: oauth-token, or remove token_env');
}

function projectId(r: YamlReader, path: Path, value: string | undefined, key: string): string | undefined {
  if (value === undefined) return undefined;
  if (PROJECT_ID.test(value)) return value;
  r.invalid(path, `${key} '${value}' is not a GCP project id`, 'write the project id (not its display name): lower-case letters, digits and hyphens, starting with a letter, e.g. shop-analytics-prod');
  return undefined;
}

/** `projects: { <domain>: <gcp project> }`: a domain whose datasets live in their own project. */
function parseProjects(r: YamlReader, path: Path, raw: unknown, domains: readonly string[]): Record<string, string> {
  const projects: Record<string, string> = {};
  for (const [domain, value] of Object.entries(r.map(path, raw, 'any', 'projects') ?? {})) {
    const project = projectId(r, [...path, domain], r.string([...path, domain], value, `project of domain '${domain}'`, true), `project of domain '${domain}'`);
    if (!domains.includes(domain)) {
      const near = nearestNames(domain, domains, 1);
      r.invalid(
        [...path, domain],
        `projects: names domain '${domain}', but the project has no such domain`,
        `${near.length > 0 ? `did you mean '${near[0]}'? ` : ''}${domains.length > 0 ? `domains: ${domains.join(', ')}` : 'add the domain under domains/, or remove the entry'}`,
      );
      continue;
    }
    if (project) projects[domain] = project;
  }
  return projects;
}

function positiveNumber(r: YamlReader, path: Path, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  r.invalid(path, `job_timeout_seconds must be a number of seconds above 0, not ${typeof value === 'string' ? `'${value}'` : String(value)}`, 'write job_timeout_seconds: 600, for example');
  return undefined;
}

function retries(r: YamlReader, path: Path, value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_RETRIES;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  r.invalid(path, `job_retries must be a whole number from 0, not ${typeof value === 'string' ? `'${value}'` : String(value)}`, `write job_retries: ${DEFAULT_RETRIES}, for example (0: no second attempt)`);
  return DEFAULT_RETRIES;
}

/** `labels: { team: checkout }` on every job and dataset; BigQuery's rules for keys and values are checked here, before a job is refused for them. */
function parseLabels(r: YamlReader, path: Path, raw: unknown): Record<string, string> {
  const labels: Record<string, string> = {};
  const given = r.map(path, raw, 'any', 'labels') ?? {};
  for (const [key, value] of Object.entries(given)) {
    const text = r.string([...path, key], value ?? '', `label '${key}'`);
    if (!LABEL_KEY.test(key)) {
      r.invalid([...path, key], `label key '${key}' is not a valid BigQuery label key`, 'start with a lower-case letter; use lower-case letters, digits, _ and -, up to 63 characters');
    } else if (text !== undefined && !LABEL_VALUE.test(text)) {
      r.invalid([...path, key], `label '${key}' has value '${text}', which is not a valid BigQuery label value`, 'use lower-case letters, digits, _ and -, up to 63 characters');
    } else if (text !== undefined) {
      labels[key] = text;
    }
  }
  if (Object.keys(given).length > MAX_LABELS) r.invalid(path, `labels holds ${Object.keys(given).length} labels; BigQuery takes at most ${MAX_LABELS}`, 'keep the labels you filter costs by');
  return labels;
}

/** `roles: { <ODCS role>: [<IAM principal>, …] }`: who reads a domain's public dataset, for the contract roles that grant it. */
function parseRoles(r: YamlReader, path: Path, raw: unknown): Record<string, readonly string[]> {
  const roles: Record<string, readonly string[]> = {};
  for (const [role, value] of Object.entries(r.map(path, raw, 'any', 'roles') ?? {})) {
    const principals = r.stringList([...path, role], value, `principals of role '${role}'`);
    const valid = principals.filter((principal) => PRINCIPAL.test(principal));
    for (const [i, principal] of principals.entries()) {
      if (PRINCIPAL.test(principal)) continue;
      r.invalid(
        Array.isArray(value) ? [...path, role, i] : [...path, role],
        `'${principal}' (role '${role}') is not an IAM principal`,
        'write kind:identity, e.g. group:analysts@example.com, user:ana@example.com, serviceAccount:bi@my-project.iam.gserviceaccount.com or domain:example.com',
      );
    }
    roles[role] = valid;
  }
  return roles;
}

function httpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const protocol = new URL(text).protocol;
  return protocol === 'http:' || protocol === 'https:';
}
