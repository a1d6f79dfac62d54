import { describe, expect, it } from 'vitest';
import { compile } from '../../src/commands/compile.js';
import { writeProject } from '../support/temp-project.js';

const MESH = { 'mesh.yaml': 'name: m\n' };

/** domain.yaml as an editor on Windows saves it: a BOM and CRLF line ends. */
function domain(sources: string): Record<string, string> {
  const text = `name: shop\nowner: team-shop\nsources:\n${sources}`;
  return { ...MESH, 'domains/shop/domain.yaml': `\uFEFF${text.replace(/\n/g, '\r\n')}` };
}

function problems(files: Record<string, string>): string[] {
  const result = compile({ projectDir: writeProject(files, {}) });
  return result.diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`);
}

describe('freshness: in domain.yaml', () => {
  it('reads loaded_at, both thresholds (text and dbt mapping), and the filter', () => {
    const result = compile({
      projectDir: writeProject(
        domain(
          [
            '  orders:',
            '    duckdb: orders.csv',
            '    freshness:',
            '      loaded_at: _loaded_at',
            '      warn_after: 12 hours',
            '      error_after: { count: 1, period: day }',
            "      filter: status <> 'test'",
            '  customers: { duckdb: customers.csv, freshness: { loaded_at: updated, error_after: 30 minutes } }',
            '  events: { duckdb: events.csv, freshness: null }',
            '',
          ].join('\n'),
        ),
        {},
      ),
    });
    expect(result.diagnostics).toEqual([]);
    const sources = result.compiled!.project.domains[0]!.sources;
    expect(sources.find((s) => s.name === 'orders')!.freshness).toEqual({
      loadedAt: '_loaded_at',
      warnAfter: { count: 12, period: 'hour', seconds: 43_200, text: '12 hours' },
      errorAfter: { count: 1, period: 'day', seconds: 86_400, text: '1 day' },
      filter: "status <> 'test'",
      line: 6,
    });
    expect(sources.find((s) => s.name === 'customers')!.freshness).toEqual({ loadedAt: 'updated', errorAfter: { count: 30, period: 'minute', seconds: 1800, text: '30 minutes' }, line: 11 });
    expect(sources.find((s) => s.name === 'events')!.freshness).toBeUndefined();
  });

  it('reports every mistake at once, at its file and line', () => {
    const found = problems(
      domain(
        [
          '  a:',
          '    duckdb: a.csv',
          '    freshness:',
          '      loaded_at: at',
          '      warn_after: 12 hourz',
          '      error_after: { count: 0, period: day }',
          '  b:',
          '    duckdb: b.csv',
          '    freshness: { loaded_at: at, warn_after: 2 days, error_after: 1 day }',
          '  c:',
          '    duckdb: c.csv',
          '    freshness:',
          '      warn_after: 1 hour',
          '  d:',
          '    duckdb: d.csv',
          '    freshness: { loaded_at: at }',
          '  e:',
          '    duckdb: e.csv',
          '    freshness: { loaded_at: at, warn_after: { count: 3, period: week } , stale_after: 1 day }',
          '',
        ].join('\n'),
      ),
    );
    expect(found.sort()).toEqual(
      [
        'domains/shop/domain.yaml:8 MESH270', // 12 hourz
        'domains/shop/domain.yaml:9 MESH270', // count: 0
        'domains/shop/domain.yaml:12 MESH271', // 2 days > 1 day, at warn_after (same line: flow mapping)
        'domains/shop/domain.yaml:15 MESH272', // no loaded_at, at freshness:
        'domains/shop/domain.yaml:19 MESH272', // neither threshold
        'domains/shop/domain.yaml:22 MESH270', // period: week
        'domains/shop/domain.yaml:22 MESH102', // unknown key stale_after
      ].sort(),
    );
  });
});
