import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltCli, MESH_BIN } from '../support/built-cli.js';
import { writeProject } from '../support/temp-project.js';

beforeAll(() => ensureBuiltCli(), 120_000);

describe('bin/mesh.js on a bigquery target with no credentials (a laptop without gcloud)', () => {
  it('says MESH182 with the fix, and nothing of google-auth-library’s own warnings reaches the terminal', () => {
    const dir = writeProject({
      'mesh.yaml': 'name: shop\ntargets:\n  prod:\n    engine: bigquery\n    project: shop-prod\n    location: EU\ndefault_target: prod\n',
      'domains/shop/domain.yaml': 'name: shop\nowner: team@example.com\ndescription: Shop.\n',
      'domains/shop/cleaned/orders.sql': 'select 1 as id\n',
    });
    // No ADC anywhere: no key file variable, a home without gcloud's file, no metadata server here.
    const env = { PATH: process.env.PATH ?? '', HOME: dir, NO_COLOR: '1' };
    const run = spawnSync(process.execPath, [MESH_BIN, 'debug', '--project', dir], { env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/MESH182: .*cannot load BigQuery credentials/);
    expect(run.stdout + run.stderr).toContain('gcloud auth application-default login');
    expect(run.stderr).not.toMatch(/Warning/);
  });
});
