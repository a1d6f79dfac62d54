import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { mesh } from '../support/run-cli.js';
import { writeProject } from '../support/temp-project.js';

/** A value that looks like a token, with a quote in it (the literal doubles it). */
const SECRET = "tok-9f'Qz7x2";
const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

/** Keys with duplicates and a null; the model keeps the rows whose key hashes to the secret's. */
const FILES: Record<string, string> = {
  'mesh.yaml': 'name: secrets\ntargets:\n  dev:\n    engine: duckdb\n    path: .mesh/dev.duckdb\n',
  'domains/shop/seeds/api_keys.csv': `id,key_md5,label\n1,${md5(SECRET)},current\n2,${md5('old')},old\n3,${md5(SECRET)},current again\n4,,none\n`,
  // A table: its data is built with the secret, and the statement that built it is not kept.
  'domains/shop/aggregate/current_keys.sql':
    '/*\nmaterialized: table\n*/\nselect id, label\nfrom {{ref "api_keys"}}\nwhere key_md5 = md5({{env_secret "API_TOKEN"}})\n  and label <> {{env_secret "API_TOKEN"}}\n',
  'domains/shop/aggregate/other.sql': 'select count(*) as keys from {{ref "api_keys"}}\n',
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** Every file under target/ that holds the secret, read as bytes so binary caches count too. */
function holdingSecret(dir: string): string[] {
  const forms = [SECRET, SECRET.replace(/'/g, "''"), 'tok-9f'];
  return filesUnder(join(dir, 'target')).filter((f) => {
    const text = readFileSync(f).toString('latin1');
    return forms.some((form) => text.includes(form));
  });
}

describe('{{env_secret "NAME"}}', () => {
  it('sends the value to DuckDB, and nothing in target/ or the output holds it', async () => {
    const dir = writeProject(FILES);
    const build = await mesh(['build', '--project', dir], { API_TOKEN: SECRET, NO_COLOR: '1' });
    expect(build.err).toEqual([]);
    expect(build.code).toBe(0);
    const adapter = await DuckDBAdapter.open({ path: join(dir, '.mesh/dev.duckdb'), fileSearchPath: dir, connections: 1 });
    try {
      expect(await adapter.query('select id, label from shop_aggregate.current_keys order by id')).toEqual([
        { id: 1, label: 'current' },
        { id: 3, label: 'current again' },
      ]);
    } finally {
      await adapter.close();
    }
    const compiled = readFileSync(join(dir, 'target/compiled/shop/aggregate/current_keys.sql'), 'utf8');
    expect(compiled).toContain("where key_md5 = md5(/* env_secret API_TOKEN */ '')");
    expect(holdingSecret(dir)).toEqual([]);
    expect([...build.out, ...build.err].join('\n')).not.toContain('tok-9f');

    // The render that read the secret is not in the render cache; the other model's is.
    const caches = filesUnder(join(dir, 'target/.cache')).map((f) => readFileSync(f).toString('latin1')).join('\n');
    expect(caches).toContain('count(*) as keys');
    expect(caches).not.toContain('env_secret API_TOKEN');

    // mesh show sends it too; compiling with another value writes that value nowhere.
    const show = await mesh(['show', '--project', dir, '--inline', 'select count(*) as n from {{ref "api_keys"}} where key_md5 = md5({{env_secret "API_TOKEN"}})', '--output', 'csv'], {
      API_TOKEN: SECRET,
    });
    expect(show.out).toEqual(['n', '2']);
    expect((await mesh(['compile', '--project', dir], { API_TOKEN: 'another' })).code).toBe(0);
    expect(filesUnder(join(dir, 'target')).filter((f) => readFileSync(f).toString('latin1').includes('another'))).toEqual([]);
    const again = readFileSync(join(dir, 'target/compiled/shop/aggregate/current_keys.sql'), 'utf8');
    expect(again).toContain("label <> /* env_secret API_TOKEN */ ''");
    expect(again).not.toContain('another');
  });

  it('an unset secret is MESH142 at the call\'s line; a default is refused', async () => {
    const dir = writeProject({
      ...FILES,
      'domains/shop/aggregate/defaulted.sql': 'select 1 as x\nwhere {{env_secret "API_TOKEN" default="x"}} is not null\n',
    });
    const r = await mesh(['compile', '--project', dir], {});
    expect(r.code).toBe(1);
    expect(r.err).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^domains\/shop\/aggregate\/current_keys\.sql:6:\d+: error MESH142: environment variable 'API_TOKEN' is not set/),
        expect.stringMatching(/^domains\/shop\/aggregate\/current_keys\.sql:7:\d+: error MESH142: /),
        expect.stringMatching(/^domains\/shop\/aggregate\/defaulted\.sql:2:\d+: error MESH131: \{\{env_secret\}\} takes no default=/),
      ]),
    );
  });

  it('an engine error in a statement holding the secret does not print it', async () => {
    const dir = writeProject({
      ...FILES,
      // DuckDB names the text it cannot convert: the secret's value.
      'domains/shop/aggregate/broken.sql': 'select 1 as id,\n  cast({{env_secret "API_TOKEN"}} as integer) as n\n',
    });
    const build = await mesh(['build', '--project', dir], { API_TOKEN: SECRET, NO_COLOR: '1' });
    expect(build.code).toBe(1);
    const output = [...build.out, ...build.err].join('\n');
    expect(output).toMatch(/Could not convert string '\/\* env_secret API_TOKEN \*\/' to INT32/);
    expect(output).not.toContain('tok-9f');
    expect(holdingSecret(dir)).toEqual([]);
    const results = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')) as { results: { unique_id?: string; id?: string; status: string; message?: string }[] };
    expect(JSON.stringify(results)).toContain('env_secret API_TOKEN');
  });
});
