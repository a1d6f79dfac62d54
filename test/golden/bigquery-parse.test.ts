/**
 * A syntax check of the BigQuery SQL meshwork writes, without a BigQuery: every node's SELECT
 * (models, incremental runs, seeds, tests) of example-project/ and of the golden fixture, compiled
 * for their BigQuery target, must parse with node-sql-parser's BigQuery grammar, through the
 * module `mesh check` uses (src/compile/bigquery-syntax.ts), with nothing rewritten away.
 *
 * node-sql-parser does not know every valid BigQuery construct. Those it rejects are listed below,
 * node by node, and the test asserts that exactly those nodes fail, so that both a fix upstream
 * and a new failure show up. Each listed node must parse once its construct is rewritten away, so
 * the rest of its SQL is still checked. docs/bigquery-sql-check.md keeps the same list.
 *
 * The parser is lenient where DuckDB and BigQuery differ (`x::int` and `"name"` parse), so the
 * SQL is also searched for DuckDB-only syntax, plan statements included.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RelationKind } from '../../src/adapters/adapter.js';
import { bigquerySyntax } from '../../src/compile/bigquery-syntax.js';
import type { CompiledProject } from '../../src/compile/compiled-node.js';
import { compile } from '../../src/mesh.js';
import { planBuild } from '../../src/plan/build-plan.js';
import { compileFor, GOLDEN_PROJECT } from './golden-files.js';

interface Construct {
  readonly construct: string;
  readonly why: string;
  /** The same SQL without the construct, for checking the rest of the query. */
  readonly rewrite: (sql: string) => string;
}

// Empty since meshwork writes ephemeral CTE names and seed STRUCT fields bare when they are plain
// identifiers (node-sql-parser 5 rejects backtick-quoted ones in those two places). Add an entry
// with the construct, why it cannot be checked, and a rewrite that removes it, when one appears.
/** Nodes whose BigQuery SELECT node-sql-parser rejects although it is valid; `(is_incremental)` is the incremental run's. */
const KNOWN_UNPARSEABLE: Readonly<Record<string, readonly { node: string; construct: Construct }[]>> = {
  'example-project': [
  ],
  golden: [
  ],
};

/** DuckDB spellings that must never reach BigQuery (string literals are blanked before matching). */
const DUCKDB_ONLY: readonly { pattern: RegExp; what: string }[] = [
  { pattern: /"/, what: 'a double-quoted identifier' },
  { pattern: /::/, what: 'a :: cast' },
  { pattern: /\bTRY_CAST\s*\(/i, what: 'TRY_CAST' },
  { pattern: /\bjson_extract\w*\s*\(/i, what: 'json_extract*' },
  { pattern: /\bread_(json|csv|parquet)\w*\s*\(/i, what: 'a DuckDB file reader' },
  { pattern: /\bBY\s+NAME\b/i, what: 'INSERT … BY NAME' },
  { pattern: /\b(date_trunc|date_diff|date_part)\s*\(\s*''/i, what: 'a date function with the part as a string first' },
  { pattern: /\btimezone\s*\(/i, what: 'timezone()' },
];

const PROJECTS: Readonly<Record<string, string>> = {
  'example-project': fileURLToPath(new URL('../../example-project/', import.meta.url)),
  golden: GOLDEN_PROJECT,
};

const parse = bigquerySyntax();

/** The parser's complaint, or undefined when the SQL parses. */
function parseError(sql: string): string | undefined {
  const outcome = parse(sql);
  if (outcome === undefined) return undefined;
  return 'parserFailed' in outcome ? outcome.parserFailed : `${outcome.line}:${outcome.column}: ${outcome.message}`;
}

/** Each node's SELECT, keyed by node id (the incremental run's as `<id> (is_incremental)`). */
function selects(compiled: CompiledProject): Map<string, string> {
  const queries = new Map<string, string>();
  for (const node of compiled.nodes.values()) {
    queries.set(node.id, node.select.sql);
    if (node.incrementalSelect) queries.set(`${node.id} (is_incremental)`, node.incrementalSelect.sql);
  }
  return queries;
}

/** Every statement a build would run: first builds, and incremental runs of the incremental models. */
function planStatements(project: string): { where: string; sql: string }[] {
  const result = compile({ projectDir: PROJECTS[project]!, target: 'prod' });
  const { compiled, engine } = result;
  if (!compiled || !engine) throw new Error(`${project} does not compile`);
  const ids = [...compiled.nodes.keys()];
  const incremental = new Map<string, RelationKind>();
  for (const node of compiled.nodes.values()) {
    if (node.materialized === 'incremental') incremental.set(`${node.schema}.${node.identifier}`, 'table');
  }
  return [new Map<string, RelationKind>(), incremental].flatMap((existing) =>
    planBuild(compiled, ids, existing, engine, { fullRefresh: false }).steps.flatMap((step) =>
      [...step.statements.map((s) => s.sql), ...(step.failureCountSql ? [step.failureCountSql] : [])].map((sql) => ({ where: `${step.id} (${step.action} plan)`, sql })),
    ),
  );
}

function withoutStringsAndComments(sql: string): string {
  return sql
    .replace(/'(?:\\.|[^'\\])*'/g, "''")
    .replace(/--[^\n]*/g, '')
    .replace(/\/\*[\s\S]*?\*\//g, '');
}

describe.each(Object.keys(PROJECTS))('BigQuery SQL of %s', (project) => {
  const compiled = compileFor(PROJECTS[project]!, 'prod');
  const queries = selects(compiled);
  const known = KNOWN_UNPARSEABLE[project]!;

  it('compiles every node for BigQuery', () => {
    expect(compiled.target.engine).toBe('bigquery');
    expect(queries.size).toBeGreaterThan(10);
  });

  it('parses every SELECT except exactly the listed ones', () => {
    const failing = [...queries].filter(([, sql]) => parseError(sql) !== undefined).map(([node]) => node);
    expect(failing.sort()).toEqual(known.map((k) => k.node).sort());
  });

  it.each(known.map((k) => [k.node, k.construct] as const))('%s parses once its construct is rewritten away', (node, construct) => {
    const sql = queries.get(node);
    expect(sql, `${node} is listed but has no BigQuery SELECT`).toBeDefined();
    expect(construct.rewrite(sql!), `the rewrite must change the SQL of ${node}`).not.toBe(sql);
    expect(parseError(construct.rewrite(sql!)), `${node} without ${construct.construct}`).toBeUndefined();
  });

  it('uses no DuckDB-only syntax, in SELECTs or plan statements', () => {
    const found: string[] = [];
    const all = [...[...queries].map(([node, sql]) => ({ where: node, sql })), ...planStatements(project)];
    for (const { where, sql } of all) {
      const code = withoutStringsAndComments(sql);
      for (const { pattern, what } of DUCKDB_ONLY) if (pattern.test(code)) found.push(`${where}: ${what}`);
    }
    expect(found).toEqual([]);
  });
});
