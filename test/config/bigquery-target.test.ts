import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/mesh.js';
import { expectWhere, lines } from '../diagnostics/diagnose.js';
import { writeProject } from '../support/temp-project.js';

const DOMAINS = {
  'domains/shop/domain.yaml': lines('name: shop', 'owner: team-shop'),
  'domains/shop_eu/domain.yaml': lines('name: shop_eu', 'owner: team-shop'),
  'domains/billing/domain.yaml': lines('name: billing', 'owner: team-billing'),
};

function compileTarget(meshYaml: string, files: Record<string, string> = {}) {
  const dir = writeProject({ 'mesh.yaml': meshYaml, ...DOMAINS, ...files });
  return { dir, ...compile({ projectDir: dir, target: 'prod', cache: false }) };
}

describe('a bigquery target in mesh.yaml', () => {
  it('reads every key', () => {
    const { dir, diagnostics, compiled } = compileTarget(
      lines(
        'name: m',
        'targets:',
        '  prod:',
        '    engine: bigquery',
        '    project: shop-analytics',
        '    execution_project: shop-billing',
        '    location: europe-west3',
        '    dataset_prefix: ci_',
        '    projects:',
        '      billing: billing-prod',
        '    method: service-account',
        '    keyfile: secrets/key.json',
        '    impersonate_service_account: meshwork@shop-analytics.iam.gserviceaccount.com',
        '    api_endpoint: http://localhost:9050/',
        '    maximum_bytes_billed: 1000000000',
        '    job_timeout_seconds: 90.5',
        '    job_retries: 0',
        '    priority: batch',
        '    labels:',
        '      team: shop-data',
        '      cost_center: 42',
        '    roles:',
        '      analyst: [group:analysts@example.com, user:ana@example.com]',
        '      partner: domain:example.com',
        '    threads: 16',
        '    as_of: 2024-07-01',
      ),
    );
    expect(diagnostics).toEqual([]);
    expect(compiled!.target).toEqual({
      name: 'prod',
      engine: 'bigquery',
      threads: 16,
      line: 3,
      project: 'shop-analytics',
      location: 'europe-west3',
      datasetPrefix: 'ci_',
      asOf: '2024-07-01T00:00:00.000Z',
      bigquery: {
        executionProject: 'shop-billing',
        projects: { billing: 'billing-prod' },
        method: 'service-account',
        keyfile: join(dir, 'secrets/key.json'),
        impersonateServiceAccount: 'meshwork@shop-analytics.iam.gserviceaccount.com',
        apiEndpoint: 'http://localhost:9050',
        maximumBytesBilled: 1000000000,
        jobTimeoutSeconds: 90.5,
        jobRetries: 0,
        priority: 'batch',
        labels: { team: 'shop-data', cost_center: '42' },
        roles: { analyst: ['group:analysts@example.com', 'user:ana@example.com'], partner: ['domain:example.com'] },
      },
    });
  });

  it('defaults: application default credentials, interactive, 3 retries, no labels or roles', () => {
    const { diagnostics, compiled } = compileTarget(lines('name: m', 'targets:', '  prod:', '    engine: bigquery', '    project: p', '    location: EU'));
    expect(diagnostics).toEqual([]);
    expect(compiled!.target.bigquery).toEqual({ projects: {}, method: 'adc', jobRetries: 3, priority: 'interactive', labels: {}, roles: {} });
  });

  it('oauth-token reads the name of a variable, never a token', () => {
    const { diagnostics, compiled } = compileTarget(lines('name: m', 'targets:', '  prod:', '    engine: bigquery', '    project: p', '    location: US', '    method: oauth-token', '    token_env: BIGQUERY_TOKEN'));
    expect(diagnostics).toEqual([]);
    expect(compiled!.target.bigquery).toMatchObject({ method: 'oauth-token', tokenEnv: 'BIGQUERY_TOKEN' });
  });

  it('every bad value at once, each at the line of its key, with a hint', () => {
    const { diagnostics } = compileTarget(
      lines(
        'name: m',
        'targets:',
        '  prod:',
        '    engine: bigquery',
        '    project: My Project', // 5
        '    execution_project: billing_project', // 6
        '    location: EU',
        '    dataset_prefix: ci-', // 8
        '    projects:',
        '      shpo: shop-prod', // 10
        '      billing: Billing', // 11
        '    method: token', // 12
        '    keyfile: key.json',
        '    token_env: ya29.a0AfH6SMB-secret', // 14
        '    impersonate_service_account: meshwork', // 15
        '    api_endpoint: localhost:9050', // 16
        '    maximum_bytes_billed: 1.5', // 17
        '    job_timeout_seconds: -1', // 18
        '    job_retries: 1.5', // 19
        '    priority: urgent', // 20
        '    labels:',
        '      Team: shop', // 22
        '      env: Prod', // 23
        '    roles:',
        '      analyst: [group:analysts@example.com, analysts]', // 25
        '    job_retry: 2', // 26
      ),
    );
    expectWhere(diagnostics, [
      'error MESH103 mesh.yaml:5',
      'error MESH103 mesh.yaml:6',
      'error MESH103 mesh.yaml:8',
      'error MESH103 mesh.yaml:10',
      'error MESH103 mesh.yaml:11',
      'error MESH103 mesh.yaml:12',
      'error MESH103 mesh.yaml:14',
      'error MESH103 mesh.yaml:15',
      'error MESH103 mesh.yaml:16',
      'error MESH103 mesh.yaml:17',
      'error MESH103 mesh.yaml:18',
      'error MESH103 mesh.yaml:19',
      'error MESH103 mesh.yaml:20',
      'error MESH103 mesh.yaml:22',
      'error MESH103 mesh.yaml:23',
      'error MESH103 mesh.yaml:25',
      'error MESH102 mesh.yaml:26',
    ]);
    const byLine = new Map(diagnostics.map((d) => [d.line, d]));
    expect(byLine.get(26)!.hint).toMatch(/^did you mean 'job_retries'\?/);
    expect(byLine.get(10)!.message).toBe("projects: names domain 'shpo', but the project has no such domain");
    expect(byLine.get(10)!.hint).toBe("did you mean 'shop'? domains: billing, shop, shop_eu");
    expect(byLine.get(12)!.hint).toBe('did you mean oauth-token?');
    // A token pasted where its variable's name belongs is not repeated.
    expect(JSON.stringify(diagnostics)).not.toContain('ya29');
    expect(diagnostics.every((d) => d.file === 'mesh.yaml' && d.hint)).toBe(true);
  });

  it('location, keyfile and token_env missing: MESH104 at the target line', () => {
    const { diagnostics } = compileTarget(
      lines('name: m', 'targets:', '  prod:', '    engine: bigquery', '    project: p', '    method: service-account', '  ci:', '    engine: bigquery', '    project: p', '    location: EU', '    method: oauth-token'),
    );
    expectWhere(diagnostics, ['error MESH104 mesh.yaml:3', 'error MESH104 mesh.yaml:3', 'error MESH104 mesh.yaml:7']);
    expect(diagnostics.map((d) => d.message)).toEqual([
      "target 'prod' location is required",
      "keyfile (method: service-account of target 'prod') is required",
      "token_env (method: oauth-token of target 'ci') is required",
    ]);
  });

  it('an empty project (quoted, or a variable set to nothing) is reported, not taken', () => {
    const { diagnostics } = compileTarget(lines('name: m', 'targets:', '  prod:', '    engine: bigquery', '    project: ""', '    location: EU', '  ci:', '    engine: bigquery', '    project: ${CI_PROJECT:-}', '    location: EU'));
    expectWhere(diagnostics, ['error MESH103 mesh.yaml:5', 'error MESH104 mesh.yaml:7']);
  });

  it('a key for another method: keyfile with adc, token_env with service-account', () => {
    const { diagnostics } = compileTarget(
      lines('name: m', 'targets:', '  prod:', '    engine: bigquery', '    project: p', '    location: EU', '    keyfile: k.json', '  ci:', '    engine: bigquery', '    project: p', '    location: EU', '    method: service-account', '    keyfile: k.json', '    token_env: T'),
    );
    expectWhere(diagnostics, ['error MESH103 mesh.yaml:7', 'error MESH103 mesh.yaml:14']);
    expect(diagnostics[0]!.hint).toBe('add method: service-account, or remove keyfile');
  });

  it('a broken bigquery target stops every command, on any target, as a broken duckdb one does', () => {
    const dir = writeProject({ 'mesh.yaml': lines('name: m', 'targets:', '  dev:', '    engine: duckdb', '  prod:', '    engine: bigquery', '    project: p', '    location: EU', '    priority: high'), ...DOMAINS });
    expectWhere(compile({ projectDir: dir, cache: false }).diagnostics, ['error MESH103 mesh.yaml:9']);
  });
});
