/**
 * `mesh check` on a BigQuery target parses every compiled SELECT offline: a statement the parser
 * rejects is MESH123 at the user's file and line; constructs the parser lags on are not reported.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bigquerySyntax } from '../../src/compile/bigquery-syntax.js';
import { LAGGING_CONSTRUCTS } from '../../src/compile/lagging-constructs.js';
import { blankTextAndComments } from '../../src/compile/split-statements.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { check } from '../../src/mesh.js';
import { mesh } from '../support/run-cli.js';
import { updateProject, writeProject } from '../support/temp-project.js';

const BIGQUERY = {
  'mesh.yaml': 'name: shop\ntargets:\n  prod:\n    engine: bigquery\n    project: p\n    location: EU\n  dev:\n    engine: duckdb\ndefault_target: prod\n',
  'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\n',
  'domains/shop/raw/payments.sql': "select 'p1' as id, 10 as amount\nunion all select 'p2', 20\n",
};

/** A model whose line 6 holds `* *`, a BigQuery syntax error at column 12. */
const BROKEN = ['/*', 'materialized: table', '*/', 'select', '  id,', '  amount * * 2 as doubled', 'from {{ref "payments"}}', ''];

const syntaxErrors = (diagnostics: readonly Diagnostic[]): Diagnostic[] => diagnostics.filter((d) => d.code === 'MESH123');
const where = (d: Diagnostic): string => `${d.file}:${d.line}${d.column ? `:${d.column}` : ''}`;

describe('MESH123: the offline BigQuery syntax check', () => {
  it.each([
    ['LF', BROKEN.join('\n')],
    ['CRLF', BROKEN.join('\r\n')],
    ['a BOM', `\uFEFF${BROKEN.join('\n')}`],
  ])('a model with a syntax error is reported at its file, line and column (%s)', async (_, text) => {
    const dir = writeProject({ 'domains/shop/cleaned/doubled.sql': text }, BIGQUERY);
    const found = syntaxErrors((await check({ projectDir: dir, cache: false })).diagnostics);
    expect(found.map(where)).toEqual(['domains/shop/cleaned/doubled.sql:6:12']);
    expect(found[0]!.severity).toBe('error');
    expect(found[0]!.message).toBe(`BigQuery syntax error in model 'shop.doubled': unexpected \`*\`\n\n  6 |   amount * * 2 as doubled\n    | ${' '.repeat(11)}^`);
    expect(found[0]!.hint).toContain('docs/bigquery-sql-check.md');
  });

  it('is not run on a DuckDB target', async () => {
    const dir = writeProject({ 'domains/shop/cleaned/doubled.sql': BROKEN.join('\n') }, BIGQUERY);
    const result = await check({ projectDir: dir, target: 'dev', cache: false });
    expect(syntaxErrors(result.diagnostics)).toEqual([]);
    expect(result.syntax).toBeUndefined();
  });

  it('an error inside an ephemeral model is reported once, at the ephemeral file, though every reader holds its SQL', async () => {
    const dir = writeProject(
      {
        'domains/shop/cleaned/recent.sql': ['/*', 'materialized: ephemeral', '*/', 'select id, amount', 'from {{ref "payments"}}', 'where amount > > 5', ''].join('\n'),
        'domains/shop/aggregate/totals.sql': 'select sum(amount) as total\nfrom {{ref "recent"}}\n',
        'domains/shop/aggregate/counts.sql': 'select count(*) as n\nfrom {{ref "recent"}}\n',
      },
      BIGQUERY,
    );
    const found = syntaxErrors((await check({ projectDir: dir, cache: false })).diagnostics);
    expect(found.map(where)).toEqual(['domains/shop/cleaned/recent.sql:6:16']);
    expect(found[0]!.message).toMatch(/^BigQuery syntax error in model 'shop\.recent': unexpected `>`/);
  });

  it('an error in the is_incremental branch is reported at its line', async () => {
    const model = ['/*', 'materialized: incremental', 'unique_key: id', '*/', 'select id, amount', 'from {{ref "payments"}}', '{{#if is_incremental}}', 'where amount > (select max(amount) from {{this}} where)', '{{/if}}', ''];
    const dir = writeProject({ 'domains/shop/cleaned/growing.sql': model.join('\n') }, BIGQUERY);
    const found = syntaxErrors((await check({ projectDir: dir, cache: false })).diagnostics);
    expect(found.map((d) => `${d.file}:${d.line}`)).toEqual(['domains/shop/cleaned/growing.sql:8']);
    expect(found[0]!.message).toContain('(its is_incremental SELECT)');
  });

  it('an error in a contract mapping is reported at the mapping file', async () => {
    const contract = readFileSync(new URL('../contracts/fixtures/orders.odcs.yaml', import.meta.url), 'utf8');
    const dir = writeProject(
      {
        'domains/checkout/domain.yaml': 'name: checkout\nowner: team-checkout\n',
        'domains/checkout/contracts/orders.odcs.yaml': contract,
        'domains/checkout/cleaned/orders.sql': "select 'o1' as id, 'c1' as customer, 1250 as total_cents, timestamp '2024-01-02 08:00:00' as placed, 'paid' as state\n",
        'domains/checkout/contracts/orders.sql': [
          'select',
          '  id as order_id,',
          '  customer as customer_id,',
          '  total_cents / / 100.0 as order_total,',
          '  placed as ordered_at,',
          '  state as status',
          'from {{ref "orders"}}',
          '',
        ].join('\n'),
      },
      { 'mesh.yaml': BIGQUERY['mesh.yaml'] },
    );
    const found = syntaxErrors((await check({ projectDir: dir, cache: false })).diagnostics);
    expect(found.map(where)).toEqual(['domains/checkout/contracts/orders.sql:4:17']);
    expect(found[0]!.message).toContain("contract 'checkout.orders_v1'");
  });

  it('reports every statement it rejects at once, and counts what it looked at', async () => {
    const dir = writeProject(
      { 'domains/shop/cleaned/doubled.sql': BROKEN.join('\n'), 'domains/shop/cleaned/other.sql': 'select id\nfrom {{ref "payments"}}\nwhere id in ()\n' },
      BIGQUERY,
    );
    const result = await check({ projectDir: dir, cache: false });
    expect(syntaxErrors(result.diagnostics).map((d) => `${d.file}:${d.line}`)).toEqual(['domains/shop/cleaned/doubled.sql:6', 'domains/shop/cleaned/other.sql:3']);
  });
});

describe('where node-sql-parser lags BigQuery', () => {
  const parse = bigquerySyntax();

  it.each(LAGGING_CONSTRUCTS.map((c) => [c.construct, c]))('%s: the parser rejects the example, mesh check does not report it', async (_, construct) => {
    // Holds the list to the parser: when an upgrade parses the example, the entry goes.
    expect(parse(construct.example), 'the parser now accepts it: remove the entry and its row in docs/bigquery-sql-check.md').toBeDefined();
    // A statement of its own in a model (a script statement cannot be one, but the check is the same).
    const dir = writeProject({ 'domains/shop/cleaned/uses_it.sql': `${construct.example}\n` }, BIGQUERY);
    const result = await check({ projectDir: dir, cache: false });
    expect(syntaxErrors(result.diagnostics)).toEqual([]);
    const unchecked = result.syntax!.unchecked.filter((u) => u.node === 'model.shop.uses_it');
    // Rewritten away (then checked) or named as not checked: never silently passed as parsed.
    if (construct.rewrite) expect(unchecked.every((u) => u.construct === construct.construct)).toBe(true);
    else expect(unchecked).toEqual([{ node: 'model.shop.uses_it', construct: construct.construct }]);
  });

  it('a construct rewritten away leaves the rest of the statement checked: a mistake after it is still MESH123', async () => {
    const model = ['select id, amount', 'from {{ref "payments"}}', 'where amount is not distinct from 10', 'order by amount desc nulls last, , id', ''];
    const dir = writeProject({ 'domains/shop/cleaned/sorted.sql': model.join('\n') }, BIGQUERY);
    const found = syntaxErrors((await check({ projectDir: dir, cache: false })).diagnostics);
    expect(found.map((d) => `${d.file}:${d.line}`)).toEqual(['domains/shop/cleaned/sorted.sql:4']);
    // Without the second comma it parses, so nothing is left unchecked.
    updateProject(dir, { 'domains/shop/cleaned/sorted.sql': model.join('\n').replace('nulls last, ,', 'nulls last,') });
    const fixed = await check({ projectDir: dir, cache: false });
    expect(syntaxErrors(fixed.diagnostics)).toEqual([]);
    expect(fixed.syntax!.unchecked).toEqual([]);
  });

  it('a construct only excuses a rejection at or after it: a mistake before QUALIFY is reported', async () => {
    const model = ['select id, , amount', 'from {{ref "payments"}}', 'qualify row_number() over (partition by id) = 1', ''];
    const dir = writeProject({ 'domains/shop/cleaned/latest.sql': model.join('\n') }, BIGQUERY);
    const found = syntaxErrors((await check({ projectDir: dir, cache: false })).diagnostics);
    expect(found.map((d) => `${d.file}:${d.line}`)).toEqual(['domains/shop/cleaned/latest.sql:1']);
  });

  it('constructs inside strings and comments are not taken for the real thing', async () => {
    const model = ["select 'qualify' as word, -- nulls last", '  # group by all', '  id * * x', 'from {{ref "payments"}}', ''];
    const dir = writeProject({ 'domains/shop/cleaned/words.sql': model.join('\n') }, BIGQUERY);
    const found = syntaxErrors((await check({ projectDir: dir, cache: false })).diagnostics);
    expect(found.map((d) => `${d.file}:${d.line}`)).toEqual(['domains/shop/cleaned/words.sql:3']);
  });

  it('docs/bigquery-sql-check.md names every construct', () => {
    const doc = readFileSync(new URL('../../docs/bigquery-sql-check.md', import.meta.url), 'utf8');
    for (const { construct } of LAGGING_CONSTRUCTS) expect(doc, construct).toContain(`| ${construct} |`);
  });
});

describe('the parse cache (target/.cache)', () => {
  it('answers an unchanged statement from the cache with the same diagnostics, and parses a changed one again', async () => {
    const dir = writeProject({ 'domains/shop/cleaned/doubled.sql': BROKEN.join('\n') }, BIGQUERY);
    const first = await check({ projectDir: dir });
    expect(first.syntax!.cached).toBe(0);
    const second = await check({ projectDir: dir });
    expect(second.syntax!.cached).toBe(second.syntax!.statements);
    expect(syntaxErrors(second.diagnostics)).toEqual(syntaxErrors(first.diagnostics));
    updateProject(dir, { 'domains/shop/cleaned/doubled.sql': BROKEN.join('\n').replace('* *', '*') });
    const third = await check({ projectDir: dir });
    expect(third.syntax!.cached).toBe(third.syntax!.statements - 1);
    expect(syntaxErrors(third.diagnostics)).toEqual([]);
  });
});

describe('blankTextAndComments', () => {
  it('blanks comments and the insides of strings and quoted names, keeping offsets, line breaks and quote marks', () => {
    const lexicon = { quotes: ["'''", '"""', "'", '"', '`'].map((q) => ({ open: q, close: q, doubled: false, backslash: true })), lineComments: ['--', '#'], nestedBlockComments: false, dollarQuotes: false };
    const sql = "select 'a\\'b', \"\"\"x\ny\"\"\", `p.d.t` # c\n/* q */ b'z' -- end";
    const code = blankTextAndComments(sql, lexicon);
    expect(code.length).toBe(sql.length);
    expect(code).toBe("select '    ', \"\"\" \n \"\"\", `     `    \n        b' '       ");
  });
});

describe('mesh check prints what the syntax check covered', () => {
  it('names the statements not checked and the construct', async () => {
    const dir = writeProject({ 'domains/shop/cleaned/latest.sql': 'select id\nfrom {{ref "payments"}}\nqualify row_number() over (partition by id) = 1\n' }, BIGQUERY);
    const { code, out } = await mesh(['check', '--project', dir]);
    expect(code).toBe(0);
    expect(out.join('\n')).toContain('bigquery syntax checked offline: 1 of 2 statements; not checked where the parser lags bigquery (docs/bigquery-sql-check.md): model.shop.latest (QUALIFY right after a table name).');
    const json = await mesh(['check', '--project', dir, '--log-format', 'json']);
    const checked = json.out.map((line) => JSON.parse(line) as { type: string; syntax?: unknown }).find((e) => e.type === 'checked');
    expect(checked?.syntax).toEqual({ statements: 2, cached: 2, unchecked: [{ node: 'model.shop.latest', construct: 'QUALIFY right after a table name' }] });
  });
});
