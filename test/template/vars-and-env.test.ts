import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { compile } from '../../src/mesh.js';
import { mesh } from '../support/run-cli.js';
import { writeProject } from '../support/temp-project.js';

const BASE = {
  'mesh.yaml': 'name: shop\nvars:\n  label: base\n  min_amount: 1\n',
  'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\nsources:\n  events:\n    duckdb: data/events.csv\n',
  'domains/shop/data/events.csv': 'id,amount\n1,1\n2,5\n3,9\n',
  'domains/shop/raw/events.sql': 'select * from {{source "events"}}',
  'domains/shop/cleaned/summary.sql': [
    'select {{literal (var "label")}} as label,',
    '  count(*) as n,',
    "  '{{var \"methods\" default=\"none\"}}' as methods",
    // A list var tested by {{#if}}: absent, the empty default is false.
    '{{#if (var "methods" default="")}}',
    '  , max(amount) as biggest',
    '{{/if}}',
    'from {{ref "events"}} where amount >= {{var "min_amount"}}',
  ].join('\n'),
};

async function summary(dir: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBAdapter.open({ path: join(dir, '.mesh', 'dev.duckdb'), fileSearchPath: dir, connections: 1 });
  try {
    return await db.query('select * from shop_cleaned.summary');
  } finally {
    await db.close();
  }
}

/** Every file under target/.cache, as text. */
function cacheText(dir: string): string {
  const root = join(dir, 'target', '.cache');
  const walk = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [readFileSync(join(d, f), 'utf8')]));
  return walk(root).join('\n');
}

describe('--vars over mesh.yaml vars', () => {
  it('replaces a string, a number and a list used in {{#if}}, and a changed --vars re-renders', async () => {
    const dir = writeProject(BASE, {});
    let r = await mesh(['build', '--project', dir], {});
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(await summary(dir)).toEqual([{ label: 'base', n: 3, methods: 'none' }]);

    r = await mesh(['build', '--project', dir, '--vars', '{label: "over ride", min_amount: 5 , methods: [card, cash]}'], {});
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(await summary(dir)).toEqual([{ label: 'over ride', n: 2, methods: '["card","cash"]', biggest: 9 }]);
    // Var values reach the cache only as hashes.
    const cache = cacheText(dir);
    expect(cache).not.toContain('over ride');
    expect(cache).not.toContain('cash');

    r = await mesh(['build', '--project', dir, '--vars', '{"min_amount": 9}'], {});
    expect(r.code).toBe(0);
    expect(await summary(dir)).toEqual([{ label: 'base', n: 1, methods: 'none' }]);
  });

  it('is offered by every command that compiles, and by no other', async () => {
    const compiling = [['build'], ['test'], ['compile'], ['ls'], ['check'], ['lineage'], ['catalog'], ['docs'], ['contract', 'diff']];
    for (const command of compiling) expect((await mesh([...command, '--help'])).out.join('\n'), command.join(' ')).toContain('--vars <yaml-or-json>');
    for (const command of [['clean'], ['debug'], ['init']]) expect((await mesh([...command, '--help'])).out.join('\n'), command.join(' ')).not.toContain('--vars');
  });

  it('takes a mapping through the API: a map and a boolean stay typed, a key replaces mesh.yaml\'s whole', () => {
    const dir = writeProject(
      {
        ...BASE,
        'mesh.yaml': 'name: shop\nvars:\n  label: base\n  min_amount: 1\n  limits: {low: 1, high: 2}\n',
        'domains/shop/cleaned/summary.sql': 'select {{literal (var "flag")}} as flag, \'{{var "limits"}}\' as limits, {{var "min_amount"}} as m from {{ref "events"}}',
      },
      {},
    );
    const result = compile({ projectDir: dir, vars: { flag: true, limits: { high: 9 } } });
    expect(result.diagnostics).toEqual([]);
    expect(result.compiled?.nodes.get('model.shop.summary')?.select.sql).toContain(`select TRUE as flag, '{"high":9}' as limits, 1 as m from`);
  });

  it('refuses --vars that is not YAML, or not a mapping, with MESH103 and exit 1', async () => {
    const dir = writeProject(BASE, {});
    for (const bad of ['{label: [', '[1, 2]', '42']) {
      for (const command of ['compile', 'check', 'ls']) {
        const r = await mesh([command, '--project', dir, '--vars', bad], {});
        expect(r.code, `${command} --vars '${bad}'`).toBe(1);
        expect(r.err.join('\n')).toMatch(/error MESH103: --vars /);
        expect(r.err.join('\n')).not.toMatch(/    at /);
      }
    }
  });
});

describe('{{env "NAME"}}', () => {
  const files = {
    'domains/shop/cleaned/summary.sql':
      '\uFEFF-- region from the environment\r\nselect {{literal (env "REGION")}} as region,\r\n  {{env "FACTOR" default="2"}} * count(*) as n\r\nfrom {{ref "events"}}\r\n',
  };

  it('reads the environment the CLI is given, with a default, and re-renders when it changes', async () => {
    const dir = writeProject({ ...BASE, ...files }, {});
    let r = await mesh(['build', '--project', dir], { REGION: 'eu-west' });
    expect(r.err).toEqual([]);
    expect(await summary(dir)).toEqual([{ region: 'eu-west', n: 6 }]);
    r = await mesh(['build', '--project', dir], { REGION: 'us-east', FACTOR: '10' });
    expect(r.code).toBe(0);
    expect(await summary(dir)).toEqual([{ region: 'us-east', n: 30 }]);
    expect(cacheText(dir)).not.toContain('us-east');
  });

  it('is MESH142 at the line when unset without a default (CRLF, BOM)', async () => {
    const dir = writeProject({ ...BASE, ...files }, {});
    const r = await mesh(['compile', '--project', dir], { FACTOR: '3' });
    expect(r.code).toBe(1);
    const text = r.err.join('\n');
    expect(text).toContain(`${join('domains', 'shop', 'cleaned', 'summary.sql')}:2:`);
    expect(text).toMatch(/error MESH142: environment variable 'REGION' is not set/);
  });
});

describe('{{env}} in a singular test', () => {
  it('renders the test with the variable, so the test passes or fails by it', async () => {
    const dir = writeProject({ ...BASE, 'domains/shop/tests/amounts_below_max.sql': 'select * from {{ref "events"}} where amount > {{env "MAX_AMOUNT"}}' }, {});
    expect((await mesh(['build', '--project', dir], { MAX_AMOUNT: '100' })).code).toBe(0);
    expect((await mesh(['build', '--project', dir], { MAX_AMOUNT: '3' })).code).toBe(1);
  });
});
