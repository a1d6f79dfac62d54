import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { build, compile } from '../../src/mesh.js';
import { memoryDuckDB, rows, writeProject } from '../support/temp-project.js';

let adapter: DuckDBAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
});

const domainWith = (...seedLines: string[]): string => ['name: shop', 'owner: team-shop', 'description: test domain', ...seedLines, ''].join('\n');

async function buildSeeds(files: Record<string, string>) {
  const dir = writeProject(files);
  adapter = await memoryDuckDB(dir);
  const result = await build({ projectDir: dir, adapter });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result.run!;
}

const columnsOf = (table: string) =>
  rows(adapter!, `select column_name as name, data_type as type from information_schema.columns where table_schema = 'shop_seeds' and table_name = '${table}' order by ordinal_position`);

describe('seeds on DuckDB', () => {
  it('a header-only seed is an empty table with the declared types, VARCHAR for the others', async () => {
    const run = await buildSeeds({
      'domains/shop/domain.yaml': domainWith('seeds:', '  countries:', '    column_types: { population: bigint, joined_on: date }'),
      'domains/shop/seeds/countries.csv': 'code,population,joined_on\r\n',
    });
    expect(run.success).toBe(true);
    expect(await columnsOf('countries')).toEqual([
      { name: 'code', type: 'VARCHAR' },
      { name: 'population', type: 'BIGINT' },
      { name: 'joined_on', type: 'DATE' },
    ]);
    expect(await rows(adapter!, 'select count(*)::int as n from shop_seeds.countries')).toEqual([{ n: 0 }]);
  });

  it('applies declared types over inference: zip codes stay text, amounts decimal; the rest is inferred as before', async () => {
    await buildSeeds({
      'domains/shop/domain.yaml': domainWith('seeds:', '  stores:', '    column_types:', '      zip: varchar', "      revenue: 'decimal(10, 2)'", '      opened: timestamp'),
      'domains/shop/seeds/stores.csv': 'store,zip,revenue,opened,staff\r\nberlin,01067,1250.5,2024-01-01,12\r\nmunich,80331,99,2024-02-01 08:00:00,7\r\n',
    });
    expect(await columnsOf('stores')).toEqual([
      { name: 'store', type: 'VARCHAR' },
      { name: 'zip', type: 'VARCHAR' },
      { name: 'revenue', type: 'DECIMAL(10,2)' },
      { name: 'opened', type: 'TIMESTAMP' },
      { name: 'staff', type: 'BIGINT' },
    ]);
    expect(await rows(adapter!, 'select zip, typeof(revenue) as t, revenue::varchar as revenue from shop_seeds.stores order by store')).toEqual([
      { zip: '01067', t: 'DECIMAL(10,2)', revenue: '1250.50' },
      { zip: '80331', t: 'DECIMAL(10,2)', revenue: '99.00' },
    ]);
  });

  it('a type written for BigQuery is read by DuckDB too (FLOAT64 → DOUBLE)', async () => {
    await buildSeeds({
      'domains/shop/domain.yaml': domainWith('seeds:', '  rates:', '    column_types: { rate: FLOAT64, code: STRING }'),
      'domains/shop/seeds/rates.csv': 'code,rate\n1,2\n',
    });
    expect(await columnsOf('rates')).toEqual([
      { name: 'code', type: 'VARCHAR' },
      { name: 'rate', type: 'DOUBLE' },
    ]);
  });

  it('a CSV with duplicate rows, empty values and quoted commas loads as before: every row, NULL for empty', async () => {
    const run = await buildSeeds({
      'domains/shop/seeds/channels.csv': 'channel,label,share\r\nweb,"Web, desktop",0.5\r\nweb,"Web, desktop",0.5\r\napp,,\r\n,"Partner ""EU""",0.1\r\n',
    });
    expect(run.results.find((r) => r.id === 'seed.shop.channels')?.rowsAffected).toBe(4);
    expect(await columnsOf('channels')).toEqual([
      { name: 'channel', type: 'VARCHAR' },
      { name: 'label', type: 'VARCHAR' },
      { name: 'share', type: 'DOUBLE' },
    ]);
    expect(await rows(adapter!, 'select channel, label, share from shop_seeds.channels order by channel nulls last, share')).toEqual([
      { channel: 'app', label: null, share: null },
      { channel: 'web', label: 'Web, desktop', share: 0.5 },
      { channel: 'web', label: 'Web, desktop', share: 0.5 },
      { channel: null, label: 'Partner "EU"', share: 0.1 },
    ]);
  });

  it('a value that does not cast to its declared type fails the seed, naming the file; its readers are skipped', async () => {
    const dir = writeProject({
      'domains/shop/domain.yaml': domainWith('seeds:', '  countries:', '    column_types: { population: bigint }'),
      // Digits, so not caught before the build (see test/diagnostics/seeds.test.ts): the engine refuses it.
      'domains/shop/seeds/countries.csv': 'code,population\r\nDE,83000000\r\nFR,68 million\r\n',
      'domains/shop/cleaned/big_countries.sql': 'select code from {{ref "countries"}} where population > 1000000\n',
    });
    adapter = await memoryDuckDB(dir);
    const run = (await build({ projectDir: dir, adapter })).run!;
    const seed = run.results.find((r) => r.id === 'seed.shop.countries')!;
    expect([seed.status, seed.file]).toEqual(['error', 'domains/shop/seeds/countries.csv']);
    expect(seed.message).toMatch(/population/);
    expect(seed.message).toMatch(/68 million/);
    expect(run.results.find((r) => r.id === 'model.shop.big_countries')?.status).toBe('skipped');
  });
});

describe('seeds compiled for BigQuery (inlined as UNNEST of typed STRUCTs)', () => {
  const BIGQUERY = 'name: test_mesh\ntargets:\n  prod:\n    engine: bigquery\n    project: p\n    location: EU\n';
  const seedSql = (files: Record<string, string>, id: string): string => {
    const dir = writeProject({ 'mesh.yaml': BIGQUERY, ...files });
    const { compiled, diagnostics } = compile({ projectDir: dir, target: 'prod' });
    expect(diagnostics).toEqual([]);
    return compiled!.nodes.get(id)!.select.sql;
  };

  it('declared types are translated to BigQuery names, and their values cast from text', () => {
    const sql = seedSql(
      {
        'domains/shop/domain.yaml': domainWith('seeds:', '  stores:', "    column_types: { zip: varchar, revenue: 'decimal(10, 2)', staff: bigint, open: boolean }"),
        'domains/shop/seeds/stores.csv': "store,zip,revenue,staff,open\r\nberlin,01067,1250.5,12,true\r\nmunich,80331,,1'); drop,TRUE\r\n",
      },
      'seed.shop.stores',
    );
    expect(sql).toBe(
      [
        'SELECT * FROM UNNEST(ARRAY<STRUCT<store STRING, zip STRING, revenue NUMERIC, staff INT64, open BOOL>>[',
        "  ('berlin', '01067', CAST('1250.5' AS NUMERIC(10, 2)), 12, true),",
        // A value that is not an integer is never written into the SQL as is.
        "  ('munich', '80331', NULL, CAST('1\\'); drop' AS INT64), true)",
        '])',
      ].join('\n'),
    );
  });

  it('a header-only seed is an empty typed array: declared types, STRING for the others', () => {
    const sql = seedSql(
      { 'domains/shop/domain.yaml': domainWith('seeds:', '  countries:', '    column_types: { population: bigint }'), 'domains/shop/seeds/countries.csv': 'code,population\n' },
      'seed.shop.countries',
    );
    expect(sql).toBe('SELECT * FROM UNNEST(ARRAY<STRUCT<code STRING, population INT64>>[\n  \n])');
  });
});
