import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAdapter } from '../../src/adapters/open-adapter.js';
import { startBigQueryFake } from '../support/bigquery-fake.js';
import { writeProject } from '../support/temp-project.js';
import { bigqueryTarget, PROJECT, TOKEN } from './bigquery-harness.js';

const SECRET_KEY = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';

describe('openAdapter for a bigquery target', () => {
  it('opens the BigQuery adapter with a token from the environment it is given', async () => {
    const fake = await startBigQueryFake({ token: TOKEN });
    try {
      const opened = await openAdapter({ ...bigqueryTarget(fake.url), line: 4 }, writeProject({}), 4, { MESH_BQ_TOKEN: TOKEN });
      expect(opened.diagnostics).toEqual([]);
      expect(opened.adapter?.capabilities).toEqual({ dryRun: true, loadsFiles: true, schemaAccess: true });
      expect(await opened.adapter!.queryNumber('SELECT count(*) AS n FROM UNNEST([1, 2])')).toBe(0);
      expect(fake.requests.map((r) => r.authorization)).toContain(`Bearer ${TOKEN}`);
      await opened.adapter!.close();
    } finally {
      await fake.close();
    }
  });

  it('a token variable that is not set is MESH182 at the target’s line, with a hint', async () => {
    const opened = await openAdapter({ ...bigqueryTarget('http://127.0.0.1:9'), line: 7 }, writeProject({}), 4, {});
    expect(opened.adapter).toBeUndefined();
    expect(opened.diagnostics).toMatchObject([
      { code: 'MESH182', severity: 'error', file: 'mesh.yaml', line: 7, message: "target 'prod': cannot load BigQuery credentials: the access token variable MESH_BQ_TOKEN is not set" },
    ]);
    expect(opened.diagnostics[0]!.hint).toMatch(/export MESH_BQ_TOKEN=/);
  });

  it('a key file that is missing or not a service account key is MESH182, and its content is never shown', async () => {
    const dir = writeProject({});
    const missing = await openAdapter({ ...bigqueryTarget('http://127.0.0.1:9', { method: 'service-account', keyfile: join(dir, 'nope.json') }), line: 3 }, dir, 4, {});
    expect(missing.diagnostics[0]).toMatchObject({ code: 'MESH182', line: 3 });
    expect(missing.diagnostics[0]!.message).toContain('nope.json does not exist');
    const file = join(dir, 'key.json');
    writeFileSync(file, JSON.stringify({ type: 'authorized_user', private_key_id: 'x', refresh_token: SECRET_KEY }));
    const wrong = await openAdapter({ ...bigqueryTarget('http://127.0.0.1:9', { method: 'service-account', keyfile: file }), line: 3 }, dir, 4, {});
    expect(wrong.diagnostics[0]!.message).toBe(`target 'prod': cannot load BigQuery credentials: the file ${file} is not a service account key (no client_email or private_key)`);
    writeFileSync(file, `{ "private_key": "${SECRET_KEY.replace(/\n/g, '\\n')}", `);
    const broken = await openAdapter({ ...bigqueryTarget('http://127.0.0.1:9', { method: 'service-account', keyfile: file }), line: 3 }, dir, 4, {});
    for (const d of [...missing.diagnostics, ...wrong.diagnostics, ...broken.diagnostics]) expect(`${d.message} ${d.hint}`).not.toContain('PRIVATE KEY');
  });

  it('a target without a project or a location is MESH182', async () => {
    const noLocation = await openAdapter({ ...bigqueryTarget('http://127.0.0.1:9'), location: undefined, line: 2 }, writeProject({}), 4, { MESH_BQ_TOKEN: TOKEN });
    expect(noLocation.diagnostics).toMatchObject([{ code: 'MESH182', line: 2 }]);
    expect(noLocation.diagnostics[0]!.message).toMatch(/needs location/);
    const noProject = await openAdapter({ ...bigqueryTarget('http://127.0.0.1:9'), project: undefined }, writeProject({}), 4, { MESH_BQ_TOKEN: TOKEN });
    expect(noProject.diagnostics[0]!.message).toMatch(/needs project/);
    void PROJECT;
  });
});
