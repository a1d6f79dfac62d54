import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { duckdbDialect } from '../../src/adapters/duckdb/duckdb-dialect.js';
import { splitHeader } from '../../src/parse/split-header.js';
import type { RenderHooks } from '../../src/template/model-helpers.js';
import { parseSimpleTemplate } from '../../src/template/simple-template.js';
import { TemplateEngine, type RenderScope } from '../../src/template/template-engine.js';
import { loadTemplates } from '../../src/template/template-files.js';

const templates = loadTemplates('duckdb', new Map()).set;
const fast = new TemplateEngine(templates, duckdbDialect);
const reference = new TemplateEngine(templates, duckdbDialect, { handlebarsOnly: true });

/** Hooks that record every call, so both paths must ask the same questions in the same order. */
function recordingHooks(calls: string[]): RenderHooks {
  return {
    ref: (name, at) => (calls.push(`ref ${name} @${at.line}:${at.column}`), `"x_raw"."${name}"`),
    source: (name, at) => (calls.push(`source ${name} @${at.line}:${at.column}`), `read_csv_auto('${name}.csv')`),
    contract: (name, version, at) => (calls.push(`contract ${name} v${String(version)} @${at.line}:${at.column}`), `"${name}_v${String(version)}"`),
    variable: (name, fallback, at) => (calls.push(`var ${name} @${at.line}`), name === 'multi' ? '1 +\n  1' : String(fallback ?? `v_${name}`)),
    environment: (name, fallback, at) => (calls.push(`env ${name} @${at.line}`), String(fallback ?? `e_${name}`)),
    report: (code, message, at) => void calls.push(`${code} ${message} @${at.line}:${at.column}`),
  };
}

function renderBoth(text: string, firstLine: number, scope: RenderScope) {
  const results = [fast, reference].map((engine) => {
    const calls: string[] = [];
    const compiled = engine.compile(text, 'm.sql', firstLine);
    const rendered = compiled.template && engine.render(compiled.template, scope, recordingHooks(calls));
    return { kind: compiled.template?.kind, rendered, calls, diagnostics: compiled.diagnostics.map((d) => `${d.code}@${d.line}`) };
  });
  return { fast: results[0]!, reference: results[1]! };
}

function sqlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'target' || entry === 'node_modules' ? [] : sqlFiles(path);
    return entry.endsWith('.sql') && /[\\/](raw|cleaned|aggregate|tests)[\\/]/.test(path) ? [path] : [];
  });
}

const ROOT = join(import.meta.dirname, '..', '..');
const corpus = [...sqlFiles(join(ROOT, 'example-project', 'domains')), ...sqlFiles(join(ROOT, 'test', 'golden', 'project'))];
const scopes: RenderScope[] = [
  { relation: '"d_cleaned"."m"', isIncremental: false, target: { name: 'dev', engine: 'duckdb' } },
  { relation: '"d_cleaned"."m"', isIncremental: true, target: { name: 'prod', engine: 'bigquery' } },
];

describe('the fast path for simple templates renders exactly what Handlebars renders', () => {
  it.each(corpus.map((f) => [f.slice(ROOT.length + 1), f]))('%s', (_, file) => {
    const split = splitHeader(readFileSync(file, 'utf8'));
    for (const scope of scopes) {
      const { fast: a, reference: b } = renderBoth(split.body, split.bodyLine, scope);
      expect(a.rendered).toEqual(b.rendered);
      expect(a.calls).toEqual(b.calls);
    }
  });

  it('chooses the path by what the template holds', () => {
    const kind = (text: string) => fast.compile(text, 'm.sql', 1).template?.kind;
    expect(kind('select {{ref "a"}} from {{source "b"}}')).toBe('simple');
    expect(kind('select 1 {{#if is_incremental}}where {{this}}{{/if}}')).toBe('ast');
    expect(kind('select {{var "a" default="b"}}')).toBe('ast');
    expect(kind('select {{#each (list "a") as |x|}}{{x}}{{/each}}')).toBe('handlebars');
    expect(kind('select {{identifier "a b"}} from t')).toBe('simple');
    expect(kind('select {{#if is_incremental}}{{identifier "a"}}{{/if}}')).toBe('ast');
    expect(kind('select {{#if (eq target.engine "duckdb")}}1{{/if}}')).toBe('handlebars');
    expect(kind('select {{eq 1 1}}')).toBe('handlebars');
    expect(kind('select {{> partial}}')).toBe('handlebars');
  });

  it('takes the fast path for most example models', () => {
    const simple = corpus.filter((f) => parseSimpleTemplate(splitHeader(readFileSync(f, 'utf8')).body) !== undefined);
    expect(simple.length / corpus.length).toBeGreaterThan(0.5);
  });

  it.each([
    ['helpers, values and literals', 'select {{ref "a"}}, {{ this }}, {{target.name}}, {{is_incremental}},\n  {{date_add "d" 7 "day"}} x, {{safe_cast "y" \'integer\'}}\nfrom {{source "s"}}'],
    ['a helper error', 'select {{ref 1}},\n {{json_text "a"}}, {{date_trunc "fortnight" "d"}}'],
    ['text only, with braces and a trailing newline', 'select \'{\' as a, \'}}\' as b\n'],
    ['a var with a default (hash arguments go to Handlebars)', 'select {{var "x" default="y"}}'],
    ['a block', 'select 1\n{{#if is_incremental}}\nwhere x\n{{/if}}\n'],
    ['a comment and whitespace control', 'select {{! note }}1,\n  {{~ref "a"}}'],
    ['an unknown helper', 'select {{nope "a"}}'],
    ['an unknown value', 'select {{nope}}'],
    ['a multi-line helper output (var with a newline)', 'select {{var "multi"}} as a,\n 2 as b'],
    ['unless, else and else-if chains', 'select\n{{#unless is_incremental}}\n  1 as full,\n{{else if target.name}}\n  {{ref "x"}} as inc,\n{{else}}\n  0,\n{{/unless}}\n  2 as b'],
    ['whitespace control around blocks', 'select 1\n  {{~#if is_incremental~}}\n  , {{this}}\n  {{~/if}}\nfrom t'],
    ['a block inside text on one line with a helper', 'select {{#if is_incremental}}{{ref "a"}}{{else}}{{source "b"}}{{/if}} x\nfrom y'],
    ['a block on a value Handlebars does not know (goes to Handlebars)', 'select {{#if nope}}1{{/if}}'],
    ['each without block params (an error on both paths)', 'select {{#each target}}{{this}}{{/each}}'],
    ['each with block params (goes to Handlebars)', 'select {{#each (list "a" "b") as |x|}}{{x}}{{#unless @last}}, {{/unless}}{{/each}} from {{this}}'],
    ['identifier and literal with literal arguments', 'select {{identifier "order id"}}, {{literal "it\'s"}}, {{literal 5}}\nfrom {{identifier "t"}}'],
    ['identifier and csv_literals misused', 'select {{identifier 5}}, {{csv_literals "a"}}\nfrom t'],
    ['logic helpers printed', 'select {{eq 1 1}}, {{not true}}, {{in "a" (list "a")}}'],
    ['identifier inside if on a scope value', 'select 1\n{{#if is_incremental}}\n  , {{identifier "x"}}\n{{/if}}'],
    ['star, sql_type and surrogate_key, used and misused', 'select {{star}}, cast(1 as {{sql_type "integer"}}), {{sql_type "nope"}}, {{surrogate_key "a"}}\nfrom {{star 5}}'],
  ])('%s', (_, text) => {
    for (const scope of scopes) {
      const { fast: a, reference: b } = renderBoth(text, 3, scope);
      expect(a.rendered).toEqual(b.rendered);
      expect(a.calls).toEqual(b.calls);
      expect(a.diagnostics).toEqual(b.diagnostics);
    }
  });
});
