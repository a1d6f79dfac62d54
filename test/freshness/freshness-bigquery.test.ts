/** The freshness query of each source on BigQuery, judged by Google's ZetaSQL analyzer and kept as a golden file. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/mesh.js';
import { freshnessQuery } from '../../src/compile/freshness-query.js';
import type { StatementAnalyzer, KnownTables } from '../support/statement-analyzer.js';
import { writeProject } from '../support/temp-project.js';
import { createZetaSqlAnalyzer } from '../support/zetasql.js';

const DOMAIN = [
  'name: shop',
  'owner: team-shop',
  'sources:',
  '  orders:',
  '    bigquery: ingest.orders',
  '    freshness: { loaded_at: _loaded_at, warn_after: 12 hours, error_after: 1 day, filter: "_loaded_at > TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 3 DAY) and status != \'test\'" }',
  '  visits:',
  '    bigquery: other-proj.web.visits',
  '    freshness: { loaded_at: visited_at, warn_after: 30 minutes }',
  '  rates:',
  '    bigquery: ingest.rates',
  '    freshness: { loaded_at: rate_date, error_after: { count: 2, period: day } }',
  '  broken:',
  '    bigquery: ingest.rates',
  '    freshness: { loaded_at: rate_day, error_after: 1 day }',
  '',
].join('\r\n');

// UPDATE_GOLDEN=1 writes it again after an intended change to the queries.
const GOLDEN = fileURLToPath(new URL('./expected/freshness-queries.bigquery.sql', import.meta.url));

const TABLES: KnownTables = new Map([
  ['lab-prod.ingest.orders', [{ name: 'id', type: 'INT64' }, { name: 'status', type: 'STRING' }, { name: '_loaded_at', type: 'TIMESTAMP' }]],
  ['other-proj.web.visits', [{ name: 'id', type: 'STRING' }, { name: 'visited_at', type: 'DATETIME' }]],
  ['lab-prod.ingest.rates', [{ name: 'currency', type: 'STRING' }, { name: 'rate_date', type: 'DATE' }]],
]);

describe('ZetaSQL accepts the source freshness queries on BigQuery', () => {
  let analyzer: StatementAnalyzer;
  beforeAll(async () => {
    analyzer = await createZetaSqlAnalyzer();
  });
  afterAll(async () => {
    await analyzer?.close();
  });

  it('TIMESTAMP, DATETIME and DATE loaded_at columns, a filter, a source in another project; a wrong column is refused', async () => {
    const dir = writeProject({
      'mesh.yaml': 'name: lab\ntargets:\n  prod:\n    engine: bigquery\n    project: lab-prod\n    location: EU\ndefault_target: prod\n',
      'domains/shop/domain.yaml': DOMAIN,
    });
    const result = compile({ projectDir: dir, target: 'prod' });
    expect(result.diagnostics).toEqual([]);
    const compiled = result.compiled!;
    const verdicts = new Map<string, unknown>();
    const golden: string[] = [];
    for (const source of compiled.project.domains[0]!.sources) {
      const sql = freshnessQuery(compiled.dialect, source, source.freshness!);
      expect(sql, source.name).toBeDefined();
      verdicts.set(source.name, await analyzer.analyze(sql!, TABLES, 'lab-prod'));
      golden.push(`-- source ${source.name}\n${sql!};\n`);
    }
    const text = golden.join('\n');
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(GOLDEN)) writeFileSync(GOLDEN, text);
    expect(text).toBe(readFileSync(GOLDEN, 'utf8'));
    // One INT64 column: seconds since 1970 of the newest loaded_at, whatever its type.
    for (const name of ['orders', 'visits', 'rates']) expect(verdicts.get(name), name).toEqual({ ok: true, columns: [{ name: 'max_loaded_at', type: 'INT64' }] });
    expect(verdicts.get('broken')).toMatchObject({ ok: false, message: expect.stringMatching(/rate_day/) });
  });
});
