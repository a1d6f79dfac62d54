import { describe, expect, it } from 'vitest';
import { absoluteFilePaths } from '../../src/adapters/duckdb/absolute-file-paths.js';

const ROOT = '/home/ana/shop';

describe('absoluteFilePaths', () => {
  it('makes the first argument of a file reader absolute, and each path of a list', () => {
    expect(absoluteFilePaths("select * from read_csv_auto('domains/shop/data/raw events.csv')", ROOT)).toBe(
      "select * from read_csv_auto('/home/ana/shop/domains/shop/data/raw events.csv')",
    );
    expect(absoluteFilePaths("SELECT * FROM READ_PARQUET( [ 'a/x.parquet' ,\n 'b/*.parquet'] , union_by_name = true)", ROOT)).toBe(
      "SELECT * FROM READ_PARQUET( [ '/home/ana/shop/a/x.parquet' ,\n '/home/ana/shop/b/*.parquet'] , union_by_name = true)",
    );
    expect(absoluteFilePaths("select * from read_csv('s.csv', header = true, delim = ',', quote = '\"')", ROOT)).toBe(
      "select * from read_csv('/home/ana/shop/s.csv', header = true, delim = ',', quote = '\"')",
    );
  });

  it('reads a replacement scan (FROM or JOIN a string) as a file, and keeps a quote in a path', () => {
    expect(absoluteFilePaths("select * from 'data/o''brien.csv' a join /* c */ 'd.parquet' b using (id)", ROOT)).toBe(
      "select * from '/home/ana/shop/data/o''brien.csv' a join /* c */ '/home/ana/shop/d.parquet' b using (id)",
    );
  });

  it('leaves absolute paths, URLs, comments, other strings and quoted names alone', () => {
    const untouched = [
      "select * from read_csv_auto('/data/x.csv')",
      "select * from read_parquet('s3://bucket/x.parquet')",
      "select * from read_json_auto('https://example.com/x.json')",
      "-- from 'x.csv'\nselect 1",
      "/* read_csv('x.csv') /* nested */ 'y.csv' */ select 1",
      "select 'read_csv(''x.csv'')' as s, \"from\" from t where a = 'b.csv'",
      "select E'from \\' x.csv' as s",
      "select $$ from 'x.csv' $$",
      "select lower('x.csv') from t",
    ];
    for (const sql of untouched) expect(absoluteFilePaths(sql, ROOT)).toBe(sql);
  });
});
