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
          "      filter: kind = 'x'",
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
        'domains/shop/domain.yaml:15 MESH272', // neither threshold
        'domains/shop/domain.yaml:16 MESH295', // a filter without loaded_at
        'domains/shop/domain.yaml:19 MESH272', // neither threshold
        'domains/shop/domain.yaml:22 MESH270', // period: week
        'domains/shop/domain.yaml:22 MESH102', // unknown key stale_after
      ].sort(),
    );
  });

  it('a source without loaded_at is measured from metadata: its criteria have none', () => {
    const result = compile({ projectDir: writeProject(domain('  orders: { duckdb: orders.csv, freshness: { error_after: 1 day } }\n'), {}) });
    expect(result.diagnostics).toEqual([]);
    expect(result.compiled!.project.domains[0]!.sources[0]!.freshness).toEqual({ errorAfter: { count: 1, period: 'day', seconds: 86_400, text: '1 day' }, line: 4 });
  });
});

/** domain.yaml with a default freshness at the top (CRLF, as Windows editors save it). */
function withDefault(freshness: string, sources: string): Record<string, string> {
  const text = `name: shop\nowner: team-shop\nfreshness:\n${freshness}sources:\n${sources}`;
  return { ...MESH, 'domains/shop/domain.yaml': text.replace(/\n/g, '\r\n') };
}

describe('freshness: at the top of domain.yaml (the default of its sources)', () => {
  it('applies to every source without its own; a source overrides it key by key; freshness: null opts out', () => {
    const result = compile({
      projectDir: writeProject(
        withDefault(
          ['  loaded_at: _loaded_at', '  warn_after: 12 hours', '  error_after: 1 day', ''].join('\n'),
          [
            '  orders: { duckdb: orders.csv }', // line 8
            '  customers:',
            '    duckdb: customers.csv',
            '    freshness:', // line 11
            '      loaded_at: updated_at',
            '      warn_after: null',
            '  events:',
            '    duckdb: events.csv',
            '    freshness: null',
            '  payments:',
            '    duckdb: payments.csv',
            '    freshness: { error_after: 2 days, filter: "status <> \'test\'" }', // line 19
            '',
          ].join('\n'),
        ),
        {},
      ),
    });
    expect(result.diagnostics).toEqual([]);
    const of = (name: string): unknown => result.compiled!.project.domains[0]!.sources.find((s) => s.name === name)!.freshness;
    const hours12 = { count: 12, period: 'hour', seconds: 43_200, text: '12 hours' };
    const day1 = { count: 1, period: 'day', seconds: 86_400, text: '1 day' };
    // Inherited whole: its line is the source's (a runtime problem is the source's).
    expect(of('orders')).toEqual({ loadedAt: '_loaded_at', warnAfter: hours12, errorAfter: day1, line: 8 });
    expect(of('customers')).toEqual({ loadedAt: 'updated_at', errorAfter: day1, line: 11 });
    expect(of('events')).toBeUndefined();
    expect(of('payments')).toEqual({ loadedAt: '_loaded_at', warnAfter: hours12, errorAfter: { count: 2, period: 'day', seconds: 172_800, text: '2 days' }, filter: "status <> 'test'", line: 19 });
  });

  it("reports the default's own mistakes once, at its lines; a source's merge problems at the source's lines", () => {
    expect(
      problems(
        withDefault(
          ['  warn_after: 3 dayz', '  error_after: 1 day', '  colour: red', ''].join('\n'),
          ['  a: { duckdb: a.csv }', '  b: { duckdb: b.csv, freshness: { error_after: 2 days } }', ''].join('\n'),
        ),
      ).sort(),
    ).toEqual(['domains/shop/domain.yaml:4 MESH270', 'domains/shop/domain.yaml:6 MESH102'].sort());
    expect(problems(withDefault('  loaded_at: at\n', '  a: { duckdb: a.csv }\n'))).toEqual(['domains/shop/domain.yaml:3 MESH272']);
    expect(
      problems(
        withDefault(
          ['  warn_after: 1 day', '  error_after: 2 days', ''].join('\n'),
          [
            '  a: { duckdb: a.csv }',
            '  b:',
            '    duckdb: b.csv',
            '    freshness:',
            '      error_after: 12 hours', // line 11: shorter than the default's warn_after
            '  c:',
            '    duckdb: c.csv',
            '    freshness:', // line 14
            '      warn_after: null',
            '      error_after: null',
            '  d:',
            '    duckdb: d.csv',
            '    freshness: { filter: "x > 1" }', // line 19: a filter, and no loaded_at anywhere
            '',
          ].join('\n'),
        ),
      ).sort(),
    ).toEqual(['domains/shop/domain.yaml:11 MESH271', 'domains/shop/domain.yaml:14 MESH272', 'domains/shop/domain.yaml:19 MESH295'].sort());
  });
});
