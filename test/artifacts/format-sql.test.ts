import { describe, expect, it } from 'vitest';
import { formatAll, formatSql } from '../../src/artifacts/format-sql.js';

describe('formatting compiled SQL', () => {
  it('formats in the engine dialect and keeps what it cannot parse', () => {
    expect(formatSql('select a, b from "s"."t" where a > 1', 'duckdb')).toBe('SELECT\n  a,\n  b\nFROM\n  "s"."t"\nWHERE\n  a > 1');
    expect(formatSql('select `p.d.t`.a from `p.d.t`', 'bigquery')).toBe('SELECT\n  `p.d.t`.a\nFROM\n  `p.d.t`');
    expect(formatSql('  select (((  ', 'duckdb')).toBe('select (((');
  });

  it('formats many queries on worker threads, in order, exactly as one by one', async () => {
    const queries = Array.from({ length: 230 }, (_, i) => (i === 17 ? 'select (((' : `select c${i}, count(*) from t${i % 7} group by 1 having count(*) > ${i}`));
    const parallel = await formatAll(queries, 'duckdb');
    expect(parallel).toEqual(queries.map((q) => formatSql(q, 'duckdb')));
    expect(parallel[17]).toBe('select (((');
  });
});
