/**
 * {{surrogate_key}} and {{star}} on real DuckDB: the key is dbt_utils.generate_surrogate_key's
 * value (checked against md5 computed here, nulls and duplicates included), star drops the
 * excepted columns with and without a relation alias, and misuse is a diagnostic at its line.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { compile } from '../../src/mesh.js';
import { mesh } from '../support/run-cli.js';
import { writeProject } from '../support/temp-project.js';

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
const NULL = '_dbt_utils_surrogate_key_null_';

const BASE: Record<string, string> = {
  'mesh.yaml': 'name: shop\ntargets:\n  dev:\n    engine: duckdb\n    path: .mesh/dev.duckdb\ndefault_target: dev\nvars:\n  key_columns: [id, method]\n',
  'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\nsources:\n  payments:\n    duckdb: data/payments.csv\n',
  'domains/shop/data/payments.csv': 'id,method,amount\n1,card,1050\n2,cash,200\n2,cash,200\n3,card,\n4,,999\n',
  'domains/shop/raw/payments.sql': 'select * from {{source "payments"}}\n',
  // CRLF and a BOM, as an editor on Windows saves a file.
  'domains/shop/cleaned/keyed.sql': '\uFEFFselect id, method,\r\n  {{surrogate_key (list "id" "method")}} as pair_key,\r\n  {{surrogate_key (list "id")}} as id_key,\r\n  {{surrogate_key (var "key_columns")}} as var_key\r\nfrom {{ref "payments"}}\r\n',
  'domains/shop/cleaned/starred.sql': 'select {{star except=(list "amount")}} from {{ref "payments"}}\n',
  'domains/shop/cleaned/aliased.sql': 'select {{star except=(list "method" "amount") relation_alias="p"}}, 1 as one\nfrom {{ref "payments"}} as p\n',
  'domains/shop/cleaned/everything.sql': 'select {{star}} from {{ref "payments"}}\n',
  'domains/shop/cleaned/typed.sql': "select cast('12' as {{sql_type \"integer\"}}) as i, cast('1.5' as {{sql_type \"decimal\"}}) as d, cast('2018-01-02' as {{sql_type \"date\"}}) as day, cast(1 as {{sql_type \"string\"}}) as s\n",
};

async function query(dir: string, sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBAdapter.open({ path: join(dir, '.mesh', 'dev.duckdb'), fileSearchPath: dir, connections: 1 });
  try {
    return await db.query(sql);
  } finally {
    await db.close();
  }
}

describe('surrogate_key, star and sql_type on DuckDB', () => {
  it('build: the key is md5 of the texts joined by -, nulls as dbt_utils writes them; star drops the excepted columns', async () => {
    const dir = writeProject(BASE, {});
    const r = await mesh(['build', '--project', dir], {});
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const keyed = await query(dir, 'select id, method, pair_key, id_key, var_key from shop_cleaned.keyed order by id, method');
    expect(keyed).toEqual([
      { id: 1, method: 'card', pair_key: md5('1-card'), id_key: md5('1'), var_key: md5('1-card') },
      { id: 2, method: 'cash', pair_key: md5('2-cash'), id_key: md5('2'), var_key: md5('2-cash') },
      { id: 2, method: 'cash', pair_key: md5('2-cash'), id_key: md5('2'), var_key: md5('2-cash') },
      { id: 3, method: 'card', pair_key: md5('3-card'), id_key: md5('3'), var_key: md5('3-card') },
      { id: 4, method: null, pair_key: md5(`4-${NULL}`), id_key: md5('4'), var_key: md5(`4-${NULL}`) },
    ]);
    expect(Object.keys((await query(dir, 'select * from shop_cleaned.starred'))[0]!)).toEqual(['id', 'method']);
    expect(Object.keys((await query(dir, 'select * from shop_cleaned.aliased'))[0]!)).toEqual(['id', 'one']);
    expect(Object.keys((await query(dir, 'select * from shop_cleaned.everything'))[0]!)).toEqual(['id', 'method', 'amount']);
    expect(await query(dir, 'select count(*)::int as n from shop_cleaned.starred')).toEqual([{ n: 5 }]);
    expect(await query(dir, "select typeof(i) as i, typeof(d) as d, typeof(day) as day, typeof(s) as s from shop_cleaned.typed")).toEqual([{ i: 'BIGINT', d: 'DECIMAL(38,9)', day: 'DATE', s: 'VARCHAR' }]);
  });

  it('misuse is a diagnostic at the calling line', () => {
    const dir = writeProject({
      ...BASE,
      'domains/shop/cleaned/wrong.sql': [
        'select',
        '  {{surrogate_key (list)}} as a,',
        '  {{surrogate_key "id"}} as b,',
        '  {{star prefix="x_"}},',
        '  {{star except="id"}},',
        '  {{sql_type "geography"}}',
        'from {{ref "payments"}}',
        '',
      ].join('\n'),
    });
    const result = compile({ projectDir: dir, cache: false });
    expect(result.diagnostics.map((d) => `${d.code} ${d.file}:${d.line} ${d.message}`)).toEqual([
      'MESH136 domains/shop/cleaned/wrong.sql:2 {{surrogate_key}} takes a non-empty list of columns (texts), not an empty list',
      'MESH136 domains/shop/cleaned/wrong.sql:3 {{surrogate_key}} takes a non-empty list of columns (texts), not string',
      'MESH131 domains/shop/cleaned/wrong.sql:4 {{star}} takes except= and relation_alias= only, not prefix',
      'MESH136 domains/shop/cleaned/wrong.sql:5 {{star}}: except= takes a list of column names',
      'MESH131 domains/shop/cleaned/wrong.sql:6 {{sql_type}} takes one logical type, got "geography"',
    ]);
  });
});
