/** Adapter conformance: a failing model stops its descendants only; --fail-fast stops the rest; the exit status says so, on every engine. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { lines } from '../diagnostics/diagnose.js';
import { writeProject } from '../support/temp-project.js';
import { describeOnEngines } from './conformance-engines.js';
import { conformanceFiles } from './conformance-project.js';

/** A model naming a column its parent lacks (line 6): DuckDB's binder and BigQuery's analyzer both refuse it. */
const BROKEN = {
  'domains/shop/cleaned/broken.sql': lines('/*', 'materialized: table', '*/', 'select', '  order_id,', '  no_such_column', 'from {{ref "order_lines"}}'),
  'domains/shop/aggregate/after_broken.sql': lines('select count(*) as n from {{ref "broken"}}'),
};

interface RunResultsFile {
  readonly success: boolean;
  readonly results: readonly { unique_id: string; status: string; skip_reason: string | null; started_at: string | null; message: string | null; relation: string | null; file: string | null; line: number | null }[];
}

describeOnEngines('failure isolation', (engine) => {
  it('a failing model: its error at its line, its descendants skipped as upstream, its siblings built', async () => {
    const e = engine();
    const dir = writeProject(conformanceFiles(BROKEN), {});
    const { run } = await e.build(dir);
    expect(run?.success).toBe(false);
    const byId = new Map(run!.results.map((r) => [r.id, r]));
    expect(byId.get('model.shop.broken')).toMatchObject({ status: 'error', file: 'domains/shop/cleaned/broken.sql', line: 6 });
    expect(byId.get('model.shop.broken')?.message).toMatch(/no_such_column/);
    expect(byId.get('model.shop.after_broken')).toMatchObject({ status: 'skipped', skipReason: 'upstream', message: 'skipped: upstream model.shop.broken failed' });
    expect(await e.kind('shop_cleaned', 'broken')).toBeUndefined();
    expect(await e.kind('shop_aggregate', 'after_broken')).toBeUndefined();
    // Everything else was built: the failure is the broken model's alone.
    const others = run!.results.filter((r) => !r.id.endsWith('broken'));
    expect(others.filter((r) => r.status !== 'success')).toEqual([]);
    expect(others.length).toBeGreaterThanOrEqual(9);
    expect(await e.kind('shop_aggregate', 'orders_by_country')).toBe('view');
    expect(await e.kind('shop', 'orders_v1')).toBe('view');
  });

  it('--fail-fast through the CLI: nothing starts after the failure, the rest is skipped as fail_fast, exit 1', async () => {
    const e = engine();
    const dir = writeProject(conformanceFiles(BROKEN), {});
    const { code, out, err } = await e.cli(dir, ['build', '--fail-fast', '--threads', '1']);
    expect(code).toBe(1);
    expect([...out, ...err].join('\n')).not.toMatch(/MESH199|\n\s+at /);
    // The run results as written (snake_case, as dbt's).
    const run = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')) as RunResultsFile;
    expect(run.success).toBe(false);
    expect(run.results.find((r) => r.unique_id === 'model.shop.broken')).toMatchObject({ status: 'error', file: 'domains/shop/cleaned/broken.sql', line: 6 });
    const stopped = run.results.filter((r) => r.skip_reason === 'fail_fast');
    expect(stopped.length).toBeGreaterThan(0);
    for (const r of stopped) expect(r).toMatchObject({ status: 'skipped', started_at: null, message: 'skipped: --fail-fast after model.shop.broken failed' });
    // One thread: the nodes before the failure ran, none after it.
    expect(run.results.filter((r) => r.status === 'success').length + 1 + stopped.length).toBe(run.results.length);
    const sent = e.sent();
    if (sent) {
      // The endpoint received no statement of a node skipped.
      for (const r of stopped) {
        const relation = r.relation?.split('.').at(-1);
        if (relation) expect(sent.filter((sql) => sql.includes(`.${relation}\``) && !/^SELECT/i.test(sql)), r.unique_id).toEqual([]);
      }
    }
  });
});
