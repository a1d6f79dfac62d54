import { join } from 'node:path';
import { EngineError } from '../adapters/adapter.js';
import { DuckDBAdapter } from '../adapters/duckdb/duckdb-adapter.js';
import type { CompiledNode, CompiledProject } from '../compile/compiled-node.js';
import { compile, compileLocally, localTarget, type ProjectOptions } from '../commands/compile.js';
import { error, hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { locateEngineError } from '../execute/locate-engine-error.js';
import { parseCommandLineVars, type Vars } from '../parse/command-line-vars.js';
import { loadProject } from '../project/load-project.js';
import type { SourceFile } from '../project/project-files.js';
import type { LoadedProject } from '../commands/unchanged-compile.js';
import { compareRows, type RowDiff } from './compare-rows.js';
import { findUnitTests, readProjectFile } from './find-unit-tests.js';
import { givenMisfit } from './given-misfit.js';
import { GIVEN_SCHEMA, givenTableSql } from './given-tables.js';
import { inputColumnReader, type InputColumnReader } from './input-columns.js';
import { parseUnitTest } from './parse-unit-test.js';
import { replaceInputs } from './replace-inputs.js';
import { bindGivens } from './unit-inputs.js';
import type { UnitTestDefinition } from './unit-test-definition.js';

export interface UnitTestOptions extends ProjectOptions {
  /** Unit test names (`<domain>.<file stem>` or the stem) or node selectors: the tests of the selected models run. */
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
}

export interface UnitTestResult {
  readonly name: string;
  readonly file: string;
  readonly model: string;
  /** `error`: it could not run (the problem is among the diagnostics). */
  readonly status: 'pass' | 'fail' | 'error';
  readonly diff?: RowDiff;
  readonly durationMs: number;
}

export interface UnitTestRun {
  readonly diagnostics: readonly Diagnostic[];
  readonly results: readonly UnitTestResult[];
  /** The problems each test met, by test name (they are among `diagnostics` too). */
  readonly problems?: ReadonlyMap<string, readonly Diagnostic[]>;
}

/**
 * `mesh test --unit`: each unit test in a fresh in-memory DuckDB, with no warehouse and no build.
 * Each given becomes a table in the scratch schema, the model's compiled SELECT (its DuckDB SQL,
 * whatever the target) reads them in place of its refs, sources, seeds and contracts, and its rows
 * are compared with the expected ones.
 */
export async function runUnitTests(options: UnitTestOptions): Promise<UnitTestRun> {
  const loaded = loadProject(options.projectDir);
  const base = compile(options, loaded);
  if (!base.compiled || hasErrors(base.diagnostics)) return { diagnostics: base.diagnostics, results: [] };
  const local = compileLocally(base.compiled, options);
  if (!local.compiled || hasErrors(local.diagnostics)) return { diagnostics: [...base.diagnostics, ...local.diagnostics], results: [] };
  const project = local.compiled;
  const read = readUnitTests(project.project.config.root, findUnitTests(loaded.files));
  const diagnostics: Diagnostic[] = [...base.diagnostics, ...read.diagnostics];
  const chosen = selectTests(project, read.tests, options, diagnostics);
  const run = await runChosenTests(chosen, project, options, loaded);
  return { diagnostics: sortDiagnostics([...diagnostics, ...run.diagnostics]), results: run.results };
}

/** The unit test files, parsed; the problems of those that are not tests. */
export function readUnitTests(root: string, files: readonly { domain: string; file: SourceFile }[]): { tests: UnitTestDefinition[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const tests: UnitTestDefinition[] = [];
  for (const { domain, file } of files) {
    const parsed = parseUnitTest(file, domain, (path) => readProjectFile(root, join(root, path)));
    diagnostics.push(...parsed.diagnostics);
    if (parsed.test) tests.push(parsed.test);
  }
  return { tests, diagnostics };
}

/** Runs the tests on the project's DuckDB compile (`project`), each in its own in-memory DuckDB; a test with vars on the project compiled with them. */
export async function runChosenTests(chosen: readonly UnitTestDefinition[], project: CompiledProject, options: ProjectOptions, loaded?: LoadedProject): Promise<UnitTestRun> {
  const diagnostics: Diagnostic[] = [];
  const cliVars = typeof options.vars === 'string' ? parseCommandLineVars(options.vars).vars : options.vars;
  const byVars = new Map<string, CompiledProject | undefined>([['', project]]);
  const results: UnitTestResult[] = [];
  const problems = new Map<string, readonly Diagnostic[]>();
  const columns = inputColumnReader();
  try {
    for (const test of chosen) {
      const started = performance.now();
      const compiled = compiledWithVars(test, project, byVars, options, cliVars, diagnostics, loaded);
      const outcome = compiled ? await runUnitTest(test, compiled, columns) : { diagnostics: [] };
      diagnostics.push(...outcome.diagnostics);
      if (outcome.diagnostics.length > 0) problems.set(test.name, outcome.diagnostics);
      const status = outcome.diff ? (passed(outcome.diff) ? 'pass' : 'fail') : 'error';
      results.push({ name: test.name, file: test.file, model: test.model, status, ...(outcome.diff ? { diff: outcome.diff } : {}), durationMs: Math.round(performance.now() - started) });
    }
  } finally {
    await columns.close();
  }
  return { diagnostics, results, problems };
}

function passed(diff: RowDiff): boolean {
  return diff.missing.length === 0 && diff.unexpected.length === 0 && diff.absentColumns.length === 0;
}

/** The project as the test's vars render it (over the command line's); compiled once per distinct set of vars. */
function compiledWithVars(test: UnitTestDefinition, project: CompiledProject, byVars: Map<string, CompiledProject | undefined>, options: ProjectOptions, cliVars: Vars | undefined, diagnostics: Diagnostic[], loaded?: LoadedProject): CompiledProject | undefined {
  const key = test.vars ? JSON.stringify(test.vars) : '';
  if (byVars.has(key)) return byVars.get(key);
  const result = compile({ ...options, target: localTarget(project), cache: false, vars: { ...cliVars, ...test.vars } }, loaded);
  const problems = result.diagnostics.filter((d) => d.severity === 'error');
  diagnostics.push(...problems.map((d) => ({ ...d, message: `with the vars of ${test.file}: ${d.message}` })));
  const compiled = result.compiled && problems.length === 0 ? result.compiled : undefined;
  byVars.set(key, compiled);
  return compiled;
}

/** The tests named by a selector, and those of the models the other selectors select; every test when nothing is selected. */
function selectTests(project: CompiledProject, tests: readonly UnitTestDefinition[], options: UnitTestOptions, diagnostics: Diagnostic[]): UnitTestDefinition[] {
  // With no selector every test runs, also one whose model does not exist (so that it is reported).
  if (!options.select?.length && !options.exclude?.length) return [...tests];
  const named = (selector: string): UnitTestDefinition[] => tests.filter((t) => t.name === selector || t.name.endsWith(`.${selector}`));
  const select = options.select?.filter((s) => named(s).length === 0);
  const exclude = options.exclude?.filter((s) => named(s).length === 0);
  const direct = new Set((options.select ?? []).flatMap(named));
  const excluded = new Set((options.exclude ?? []).flatMap(named));
  const byNodes = options.select && select?.length === 0 ? undefined : project.graph.select(select, exclude);
  diagnostics.push(...(byNodes?.diagnostics ?? []));
  const ids = new Set(byNodes?.ids ?? []);
  return tests.filter((t) => !excluded.has(t) && (direct.has(t) || [...ids].some((id) => modelMatches(project.nodes.get(id), t))));
}

function modelMatches(node: CompiledNode | undefined, test: UnitTestDefinition): boolean {
  return node?.kind === 'model' && (`${node.domain}.${node.name}` === test.model || node.name === test.model);
}

/** One test on its own in-memory DuckDB: its problems, or the model's rows (`actual`) and their diff with the expected ones. */
export async function runUnitTest(test: UnitTestDefinition, compiled: CompiledProject, columns: InputColumnReader): Promise<{ diagnostics: Diagnostic[]; diff?: RowDiff; actual?: { columns: readonly string[]; rows: readonly Record<string, unknown>[] } }> {
  const bound = bindGivens(compiled, test);
  if (!bound.model || hasErrors(bound.diagnostics)) return { diagnostics: bound.diagnostics };
  const model = bound.model;
  const mapped = test.isIncremental ? model.incrementalSelect : model.select;
  if (!mapped) {
    return { diagnostics: [error('MESH276', `'${model.name}' is not an incremental model: it has no incremental branch to test`, { file: test.file, line: test.modelLine, hint: 'remove is_incremental: true' })] };
  }
  const { dialect } = compiled;
  // A ref or source given has its input's columns, typed as a build makes them, given or not (when the input binds).
  // `this` is the model's own table: its columns are the model's.
  const own = test.given.some((g) => g.kind === 'this') && model.relation ? [{ kind: 'ref' as const, qualified: `${model.domain}.${model.name}`, name: model.name, relation: model.relation, id: model.id }] : [];
  const typed = await columns.columnsOf(compiled, [...bound.inputs, ...own]);
  const tables = bound.givens.map((g, i) => ({ ...g, declared: g.declared ?? typed.get(g.relation), table: dialect.relation(GIVEN_SCHEMA, `${i + 1}_${g.given.kind}_${g.given.name}`) }));
  const sql = replaceInputs(mapped.sql, new Map(tables.map((t) => [t.relation, t.table])), dialect.lexicon);
  const scratch = await DuckDBAdapter.open({ path: ':memory:', fileSearchPath: compiled.project.config.root, connections: 1 });
  try {
    await scratch.execute([{ sql: `CREATE SCHEMA ${dialect.quoteIdentifier(GIVEN_SCHEMA)}` }]);
    for (const t of tables) {
      const problem = await scratch.execute(givenTableSql(t.given, t.table, dialect, t.declared).map((s) => ({ sql: s }))).then(
        () => undefined,
        async (e: unknown) => {
          if (!(e instanceof EngineError)) throw e;
          const misfit = await givenMisfit(scratch, t.given, t.declared ?? [], dialect);
          const what = misfit ? `row ${misfit.row} gives ${misfit.column} the value '${misfit.value}', which is not a ${misfit.type}` : e.message.split('\n')[0];
          return error('MESH279', `unit test ${test.name}: the rows of the given ${t.given.kind} '${t.given.name}' do not fit its columns' types: ${what}`, { file: test.file, line: t.given.line, hint: "write values of the input's column types (its model's, source's, seed's or contract's columns, as a build makes them)" });
        },
      );
      if (problem) return { diagnostics: [problem] };
    }
    const result = await scratch.queryRows(sql, Number.MAX_SAFE_INTEGER);
    const rows = result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c, row[i]])));
    return { diagnostics: [], diff: compareRows(test.expect.rows, rows, test.expect.columns, test.expect.ordered), actual: { columns: result.columns, rows } };
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    const at = locateEngineError(e, sql, mapped, model.file);
    return { diagnostics: [error('MESH279', `unit test ${test.name}: the model's query failed on its given rows: ${at.message}`, { file: at.file, ...(at.line ? { line: at.line } : { line: model.line }), ...(at.column ? { column: at.column } : {}), hint: `fix the model, or the given rows' columns in ${test.file}` })] };
  } finally {
    await scratch.close();
  }
}
