/**
 * A snapshot's settings in a model header: what is read from it, and each problem reported with
 * its code at the file and line where it is, all at once (headers saved with CRLF and a BOM).
 */
import { describe, expect, it } from 'vitest';
import { check, compile } from '../../src/mesh.js';
import { writeProject } from '../support/temp-project.js';

const crlf = (text: string): string => text.replace(/\n/g, '\r\n');
const problems = (dir: string) =>
  compile({ projectDir: dir }).diagnostics.map((d) => ({ code: d.code, file: d.file, line: d.line, severity: d.severity, hint: d.hint }));

describe('materialized: snapshot in a model header', () => {
  it('reads the strategy, its column(s) and hard_deletes (ignore by default)', () => {
    const dir = writeProject({
      'domains/shop/cleaned/by_time.sql': crlf('\uFEFF/*\nmaterialized: snapshot\nunique_key: [id, region]\nstrategy: timestamp\nupdated_at: changed_at\n*/\nselect 1 as id, 2 as region, current_timestamp as changed_at\n'),
      'domains/shop/cleaned/by_check.sql': '/*\nmaterialized: snapshot\nunique_key: id\nstrategy: check\ncheck_cols: [status, amount]\nhard_deletes: new_record\n*/\nselect 1 as id, 2 as status, 3 as amount\n',
      'domains/shop/cleaned/by_all.sql': '/*\nmaterialized: snapshot\nunique_key: id\nstrategy: check\ncheck_cols: all\nhard_deletes: invalidate\n*/\nselect 1 as id\n',
    });
    const result = compile({ projectDir: dir });
    expect(result.diagnostics).toEqual([]);
    const config = (name: string) => result.compiled!.nodes.get(`model.shop.${name}`)!.config!;
    expect(config('by_time')).toMatchObject({ materialized: 'snapshot', uniqueKey: ['id', 'region'], snapshot: { strategy: 'timestamp', updatedAt: 'changed_at', hardDeletes: 'ignore' } });
    expect(config('by_check').snapshot).toEqual({ strategy: 'check', checkCols: ['status', 'amount'], hardDeletes: 'new_record' });
    expect(config('by_all').snapshot).toEqual({ strategy: 'check', checkCols: 'all', hardDeletes: 'invalidate' });
  });

  it('reports a missing unique_key, updated_at or check_cols, and a missing or unknown strategy, at their lines', () => {
    const dir = writeProject({
      'domains/shop/cleaned/no_key.sql': crlf('\uFEFF/*\ndescription: no key\nmaterialized: snapshot\nstrategy: timestamp\nupdated_at: at\n*/\nselect 1 as id, current_timestamp as at\n'),
      'domains/shop/cleaned/no_updated_at.sql': '/*\nmaterialized: snapshot\nunique_key: id\nstrategy: timestamp\n*/\nselect 1 as id\n',
      'domains/shop/cleaned/no_check_cols.sql': '/*\nmaterialized: snapshot\nunique_key: id\n\nstrategy: check\n*/\nselect 1 as id\n',
      'domains/shop/cleaned/no_strategy.sql': '/*\nunique_key: id\nmaterialized: snapshot\n*/\nselect 1 as id\n',
      'domains/shop/cleaned/typo.sql': '/*\nmaterialized: snapshot\nunique_key: id\nstrategy: timestamps\nupdated_at: at\n*/\nselect 1 as id, current_timestamp as at\n',
    });
    expect(problems(dir)).toEqual([
      { code: 'MESH282', file: 'domains/shop/cleaned/no_check_cols.sql', line: 5, severity: 'error', hint: 'add check_cols: [<column>, …], or check_cols: all' },
      { code: 'MESH280', file: 'domains/shop/cleaned/no_key.sql', line: 3, severity: 'error', hint: 'add unique_key: <column> (or a list of columns)' },
      { code: 'MESH283', file: 'domains/shop/cleaned/no_strategy.sql', line: 3, severity: 'error', hint: expect.stringContaining('add strategy: timestamp') },
      { code: 'MESH281', file: 'domains/shop/cleaned/no_updated_at.sql', line: 4, severity: 'error', hint: 'add updated_at: <column>, or use strategy: check with check_cols' },
      { code: 'MESH283', file: 'domains/shop/cleaned/typo.sql', line: 4, severity: 'error', hint: 'did you mean timestamp?' },
    ]);
  });

  it('reports snapshot settings where they do not apply or in the wrong form (MESH284)', () => {
    const dir = writeProject({
      'domains/shop/cleaned/table_model.sql': '/*\nmaterialized: table\nstrategy: check\n*/\nselect 1 as id\n',
      'domains/shop/cleaned/mixed.sql': '/*\nmaterialized: snapshot\nunique_key: id\nstrategy: timestamp\nupdated_at: at\ncheck_cols: [id]\nhard_deletes: invalidated\n*/\nselect 1 as id, current_timestamp as at\n',
      'domains/shop/cleaned/bad_cols.sql': '/*\nmaterialized: snapshot\nunique_key: id\nstrategy: check\ncheck_cols: {a: 1}\n*/\nselect 1 as id\n',
    });
    expect(problems(dir).map((p) => [p.code, p.file, p.line, p.hint])).toEqual([
      ['MESH284', 'domains/shop/cleaned/bad_cols.sql', 5, 'write check_cols: [status, amount], or check_cols: all'],
      // check_cols given in the wrong form is reported once, not also as missing (MESH282).
      ['MESH284', 'domains/shop/cleaned/mixed.sql', 6, 'remove check_cols, or set strategy: check'],
      ['MESH284', 'domains/shop/cleaned/mixed.sql', 7, 'did you mean invalidate?'],
      ['MESH284', 'domains/shop/cleaned/table_model.sql', 3, 'remove strategy, or set materialized: snapshot'],
    ]);
  });
});

describe('mesh check binds a snapshot with its version columns', () => {
  it('a model reading valid_from and is_current of a snapshot binds; an unknown column is still reported at its line', async () => {
    const dir = writeProject({
      'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\nsources:\n  customers:\n    duckdb: data/customers.csv\n',
      'domains/shop/data/customers.csv': 'id,name,updated_at\n1,Ann,2024-01-01 00:00:00\n',
      'domains/shop/cleaned/customer_history.sql': '/*\nmaterialized: snapshot\nunique_key: id\nstrategy: timestamp\nupdated_at: updated_at\n*/\nselect * from {{source "customers"}}\n',
      'domains/shop/aggregate/current_customers.sql': 'select id, name, valid_from\nfrom {{ref "customer_history"}}\nwhere is_current and not is_deleted\n',
      'domains/shop/aggregate/broken.sql': 'select id,\n  valid_since\nfrom {{ref "customer_history"}}\n',
    });
    const result = await check({ projectDir: dir });
    expect(result.diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([['MESH124', 'domains/shop/aggregate/broken.sql', 2]]);
  });
});
