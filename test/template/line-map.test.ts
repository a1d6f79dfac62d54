import { describe, expect, it } from 'vitest';
import { TemplateEngine, type RenderHooks } from '../../src/template/template-engine.js';
import { duckdbDialect } from '../../src/adapters/duckdb/duckdb-dialect.js';
import { loadTemplates } from '../../src/template/template-files.js';

const engine = new TemplateEngine(loadTemplates('duckdb', new Map()).set, duckdbDialect);
const handlebarsOnly = new TemplateEngine(loadTemplates('duckdb', new Map()).set, duckdbDialect, { handlebarsOnly: true });
const hooks: RenderHooks = {
  ref: (name) => `"shop_raw"."${name}"`,
  source: (name) => name,
  variable: (name) => name,
  contract: (name) => name,
  environment: (name) => name,
  report: (code, message, at) => {
    throw new Error(`${code} ${message} at ${at.line}`);
  },
};

/** Renders `lines` (a template whose first line is file line `first`) → each output line with its file line. */
function mapped(lines: string[], first = 1, incremental = false): string[] {
  const compiled = engine.compile(lines.join('\n'), 'm.sql', first);
  const out = engine.render(compiled.template!, { relation: '"s"."m"', isIncremental: incremental, target: { name: 'dev', engine: 'duckdb' } }, hooks)!;
  return out.sql.split('\n').map((l, i) => `${out.lines[i]}: ${l}`);
}

describe('rendered SQL keeps the lines of the source file', () => {
  it('maps plain lines with an offset for the header', () => {
    expect(mapped(['select', '  a', 'from {{ref "t"}}'], 5)).toEqual(['5: select', '6:   a', '7: from "shop_raw"."t"']);
  });

  it('skips the lines of a removed block and keeps those of a rendered one', () => {
    const template = ['select a', 'from t', '{{#if is_incremental}}', 'where a > 1', '{{/if}}', 'order by a'];
    expect(mapped(template)).toEqual(['1: select a', '2: from t', '6: order by a']);
    expect(mapped(template, 1, true)).toEqual(['1: select a', '2: from t', '4: where a > 1', '6: order by a']);
  });

  it('handles else branches and whitespace control', () => {
    const template = ['select', '{{#if is_incremental}}', '  1 as x', '{{else}}', '  2 as x', '{{/if}}', 'from t {{~ ref "u"}}', 'limit 1'];
    expect(mapped(template)).toEqual(['1: select', '5:   2 as x', '7: from t"shop_raw"."u"', '8: limit 1']);
  });

  it('gives the lines of inline block content that shares a line with other text', () => {
    expect(mapped(['select 1 {{#if is_incremental}}+ 1{{/if}} as x,', '  2 as y'])).toEqual(['1: select 1  as x,', '2:   2 as y']);
  });
});

/** The same templates as editors save them: each line ending, with and without a final one, through both renderers. */
describe.each([
  { name: 'LF, final newline', eol: '\n', final: true },
  { name: 'CRLF, final newline', eol: '\r\n', final: true },
  { name: 'CRLF, no final newline', eol: '\r\n', final: false },
  { name: 'CR alone (as DuckDB and Handlebars count it)', eol: '\r', final: true },
])('lines of a file saved with $name', ({ eol, final }) => {
  function render(lines: string[], options: { first?: number; incremental?: boolean; via?: TemplateEngine } = {}): string[] {
    const via = options.via ?? engine;
    const compiled = via.compile(lines.join(eol) + (final ? eol : ''), 'm.sql', options.first ?? 1);
    const out = via.render(compiled.template!, { relation: '"s"."m"', isIncremental: options.incremental ?? false, target: { name: 'dev', engine: 'duckdb' } }, hooks)!;
    const shown = out.sql.split(/\r\n?|\n/);
    // The rendered SQL keeps the file's own line endings.
    expect(out.sql).toContain(eol);
    expect(out.lines).toHaveLength(shown.length);
    return shown.map((l, i) => `${out.lines[i]}: ${l}`).filter((l) => !/^\d+: $/.test(l));
  }

  it.each([['fast path', engine], ['Handlebars', handlebarsOnly]])('maps plain lines and helpers (%s)', (_, via) => {
    expect(render(['select', '  a', 'from {{ref "t"}}', 'where a > 1'], { first: 5, via })).toEqual(['5: select', '6:   a', '7: from "shop_raw"."t"', '8: where a > 1']);
  });

  it.each([['fast path', engine], ['Handlebars', handlebarsOnly]])('skips a removed block and keeps a rendered one (%s)', (_, via) => {
    const template = ['select a', 'from {{ref "m"}}', '{{#if is_incremental}}', 'where a > 1', '{{/if}}', 'order by a'];
    expect(render(template, { via })).toEqual(['1: select a', '2: from "shop_raw"."m"', '6: order by a']);
    expect(render(template, { incremental: true, via })).toEqual(['1: select a', '2: from "shop_raw"."m"', '4: where a > 1', '6: order by a']);
  });
});
