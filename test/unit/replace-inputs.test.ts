import { describe, expect, it } from 'vitest';
import { duckdbDialect } from '../../src/adapters/duckdb/duckdb-dialect.js';
import { replaceInputs } from '../../src/unit/replace-inputs.js';

const lexicon = duckdbDialect.lexicon;

describe('replaceInputs', () => {
  it('replaces quoted relations and local source reader calls where they are code only', () => {
    const sql = [
      "-- reads read_csv_auto('data/p.csv') and \"shop_cleaned\".\"orders\"",
      "select 'read_csv_auto(''data/p.csv'')' as note, o.*",
      "from read_csv_auto('data/p.csv') as p",
      'join "shop_cleaned"."orders" as o using (order_id)',
      'join "shop_cleaned"."orders_2" as o2 using (order_id)',
      "join my_read_csv_auto('data/p.csv') as q using (order_id)",
    ].join('\n');
    const out = replaceInputs(sql, new Map([["read_csv_auto('data/p.csv')", '"mesh_unit"."1_source_p"'], ['"shop_cleaned"."orders"', '"mesh_unit"."2_ref_orders"']]), lexicon);
    expect(out.split('\n')).toEqual([
      "-- reads read_csv_auto('data/p.csv') and \"shop_cleaned\".\"orders\"",
      "select 'read_csv_auto(''data/p.csv'')' as note, o.*",
      'from "mesh_unit"."1_source_p" as p',
      'join "mesh_unit"."2_ref_orders" as o using (order_id)',
      'join "shop_cleaned"."orders_2" as o2 using (order_id)',
      "join my_read_csv_auto('data/p.csv') as q using (order_id)",
    ]);
  });
});
