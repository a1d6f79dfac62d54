import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { mesh } from '../support/run-cli.js';

const copy = mkdtempSync(join(tmpdir(), 'mesh-example-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('the example project\'s DuckDB file', () => {
  it('answers every view when opened by plain DuckDB from another folder', async () => {
    cpSync('example-project', copy, { recursive: true, filter: (from) => !/[/\\](\.mesh|target)$/.test(from) });
    const build = await mesh(['build', '--project', copy]);
    expect(build.code).toBe(0);
    const instance = await DuckDBInstance.create(join(copy, '.mesh/dev.duckdb'), { access_mode: 'READ_ONLY' });
    const connection = await instance.connect();
    try {
      const views = (await (await connection.run('select schema_name, view_name, sql from duckdb_views() where not internal')).getRows()).map(([schema, name, sql]) => ({
        relation: `"${String(schema)}"."${String(name)}"`,
        sql: String(sql),
      }));
      // Views over each domain's source files are among them, and read the files by absolute path.
      const overFiles = views.filter((v) => /read_json_auto|read_csv_auto/.test(v.sql));
      expect(overFiles.length).toBeGreaterThanOrEqual(4);
      for (const v of overFiles) expect(v.sql).toContain(`'${copy}/domains/`);
      for (const v of views) {
        const [[count]] = (await (await connection.run(`select count(*) from ${v.relation}`)).getRows()) as [[bigint]];
        expect(count, v.relation).toBeGreaterThanOrEqual(0n);
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }, 60_000);
});
