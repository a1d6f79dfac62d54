import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { lines } from '../diagnostics/diagnose.js';
import { writeProject } from '../support/temp-project.js';

/**
 * Values from the environment that configure a connection (a token, a key file's path, a service
 * account, a private endpoint, a cost-centre label, a feature flag a model only branches on) are
 * used, and never written to target/: not in the manifest, the compiled SQL, the caches, the run
 * results, the catalog or the lineage files. Each is a distinct string, searched for in every file.
 */
const SECRETS = {
  BQ_TOKEN: 'ya29.secret-token-7f3a9c',
  KEYFILE: 'secret-keyfile-5b1e.json',
  SA_EMAIL: 'secret-sa-4d2c@shop-prod.iam.gserviceaccount.com',
  BQ_ENDPOINT: 'http://secret-endpoint-8e6f.internal',
  COST_CENTER: 'secret-cc-2a7d',
  FEATURE_FLAG: 'secret-flag-9c4b',
};

const PROJECT = {
  'mesh.yaml': lines(
    'name: shop_mesh',
    'targets:',
    '  dev:',
    '    engine: duckdb',
    '  prod:',
    '    engine: bigquery',
    '    project: shop-prod',
    '    location: EU',
    '    method: oauth-token',
    '    token_env: BQ_TOKEN',
    '    impersonate_service_account: ${SA_EMAIL}',
    '    api_endpoint: ${BQ_ENDPOINT}',
    '    labels:',
    '      cost_center: ${COST_CENTER}',
    '  ci:',
    '    engine: bigquery',
    '    project: shop-ci',
    '    location: EU',
    '    method: service-account',
    '    keyfile: ${KEYFILE}',
    'vars:',
    '  feature: ${FEATURE_FLAG}',
  ),
  'domains/shop/domain.yaml': lines('name: shop', 'owner: team-shop', 'description: ${SHOP_DESCRIPTION:-The shop.}'),
  'domains/shop/seeds/channels.csv': 'channel,label\nweb,Web\nweb,Web\nshop,\n',
  'domains/shop/raw/orders.sql': lines(
    '/*',
    'description: Orders, with the new column when the feature is on.',
    '*/',
    '{{#if (var "feature")}}',
    "select 1 as order_id, 'web' as channel",
    '{{else}}',
    "select 1 as order_id, 'shop' as channel",
    '{{/if}}',
  ),
  'domains/shop/cleaned/orders_by_channel.sql': 'select c.label, count(*) as n\nfrom {{ref "orders"}} o join {{ref "channels"}} c on c.channel = o.channel\ngroup by c.label\n',
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('values from the environment are never written to target/', () => {
  it('mesh compile for each target and mesh build on dev: no secret in any file under target/, nor in the output', async () => {
    const dir = writeProject(PROJECT);
    const printed: string[] = [];
    const output = { out: (l: string) => printed.push(l), err: (l: string) => printed.push(l) };
    for (const args of [['compile', '--target', 'prod'], ['compile', '--target', 'ci'], ['build'], ['catalog']]) {
      expect(await main([...args, '--project', dir], output, { env: SECRETS }), `mesh ${args.join(' ')}: ${printed.join('\n')}`).toBe(0);
    }
    const files = filesUnder(join(dir, 'target'));
    // What was written: SQL, manifest, caches, run results and catalog (so the search below means something).
    const names = files.map((f) => f.slice(dir.length + 1));
    for (const expected of ['target/manifest.json', 'target/run_results.json', 'target/catalog.json']) expect(names).toContain(expected);
    expect(names.filter((n) => n.startsWith('target/.cache/')).length).toBeGreaterThan(0);
    expect(names.filter((n) => n.startsWith('target/compiled/')).length).toBeGreaterThan(0);
    // The flag was used: the model took its branch.
    expect(readFileSync(join(dir, 'target/compiled/shop/raw/orders.sql'), 'utf8')).toContain("'web' as channel");
    for (const file of files) {
      // Caches are binary: searched as bytes, in UTF-8 and in UTF-16 (V8 may serialize strings either way).
      const bytes = readFileSync(file);
      for (const [name, secret] of Object.entries(SECRETS)) {
        expect(bytes.includes(Buffer.from(secret, 'utf8')), `${name} in ${file}`).toBe(false);
        expect(bytes.includes(Buffer.from(secret, 'utf16le')), `${name} in ${file}`).toBe(false);
      }
    }
    for (const secret of Object.values(SECRETS)) expect(printed.join('\n')).not.toContain(secret);
  });
});
