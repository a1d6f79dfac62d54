import { join } from 'node:path';
import type { CompiledProject } from '../compile/compiled-node.js';
import { compileLocally, type ProjectOptions } from '../commands/compile.js';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { StepSkip } from '../execute/execute-plan.js';
import type { NodeResult } from '../execute/run-events.js';
import type { RowDiff } from './compare-rows.js';
import { findUnitTests } from './find-unit-tests.js';
import { readUnitTests, runChosenTests, type UnitTestResult } from './run-unit-tests.js';
import { modelUnderTest } from './unit-inputs.js';
import type { UnitTestDefinition } from './unit-test-definition.js';

/** The unit tests run before the walk, and the models they keep from running. */
export interface UnitTestGate {
  readonly results: readonly NodeResult[];
  readonly skips: ReadonlyMap<string, StepSkip>;
  readonly diagnostics: readonly Diagnostic[];
}

const NONE: UnitTestGate = { results: [], skips: new Map(), diagnostics: [] };

/**
 * `mesh build`, as dbt 1.8's: the unit tests of the models about to run (`models`: selected, not
 * reused, not skipped) run first, each in its own in-memory DuckDB as `mesh test --unit` runs them;
 * a model with a test that does not pass is skipped ('unit_test_failed'), and its descendants after
 * it. A project without unit test folders costs one existence check per domain.
 */
export async function unitTestsBeforeModels(compiled: CompiledProject, models: readonly string[], options: ProjectOptions): Promise<UnitTestGate> {
  if (models.length === 0) return NONE;
  const root = compiled.project.config.root;
  const files = findUnitTests({ root, domains: compiled.project.domains.map((d) => ({ folder: d.name, dir: join(root, 'domains', d.name) })) });
  if (files.length === 0) return NONE;
  const read = readUnitTests(root, files);
  const running = new Set(models);
  const modelOf = new Map<UnitTestDefinition, string>();
  for (const test of read.tests) {
    const model = modelUnderTest(compiled, test);
    if (model && running.has(model.id)) modelOf.set(test, model.id);
  }
  const chosen = [...modelOf.keys()];
  if (chosen.length === 0) return { ...NONE, diagnostics: read.diagnostics };
  // Unit tests run the project's DuckDB SQL whatever the target (the build's own when it is DuckDB).
  const local = compileLocally(compiled, options);
  const run = local.compiled && !hasErrors(local.diagnostics) ? await runChosenTests(chosen, local.compiled, options) : undefined;
  const results = chosen.map((test, i) => (run ? nodeResult(test, run.results[i]!, run.problems?.get(test.name) ?? []) : notCompiled(test)));
  const failedOf = new Map<string, string[]>();
  for (const [i, test] of chosen.entries()) {
    const model = modelOf.get(test)!;
    if (results[i]!.status !== 'success') failedOf.set(model, [...(failedOf.get(model) ?? []), test.name]);
  }
  const skips = new Map<string, StepSkip>(
    [...failedOf].map(([model, failed]) => [
      model,
      { reason: 'unit_test_failed', message: `skipped: its unit test${failed.length === 1 ? '' : 's'} ${failed.join(', ')} did not pass`, because: 'a unit test of it did not pass' },
    ]),
  );
  return { results, skips, diagnostics: [...read.diagnostics, ...local.diagnostics] };
}

/** The run_results.json entry of a unit test: pass (success) or fail/error (error), with the row diff as its failing rows. */
function nodeResult(test: UnitTestDefinition, result: UnitTestResult, problems: readonly Diagnostic[]): NodeResult {
  const base = { id: unitTestId(test), kind: 'unit_test' as const, label: test.name, action: 'unit test', durationMs: result.durationMs };
  if (result.status === 'pass') return { ...base, status: 'success' };
  if (result.status === 'fail' && result.diff) {
    const { missing, unexpected, absentColumns } = result.diff;
    return { ...base, status: 'error', failures: missing.length + unexpected.length + absentColumns.length, message: failureText(test, result.diff), file: test.file, line: test.expect.line, failingRows: diffRows(test, result.diff) };
  }
  const first = problems.find((d) => d.severity === 'error');
  return {
    ...base,
    status: 'error',
    message: first ? `could not run: ${first.code}: ${first.message}${first.hint ? ` (${first.hint})` : ''}` : 'could not run',
    ...(first?.code ? { code: first.code } : {}),
    file: first?.file ?? test.file,
    ...(first?.line ? { line: first.line } : {}),
    ...(first?.column ? { column: first.column } : {}),
  };
}

function notCompiled(test: UnitTestDefinition): NodeResult {
  return { id: unitTestId(test), kind: 'unit_test', label: test.name, action: 'unit test', durationMs: 0, status: 'error', message: 'could not run: the project does not compile for DuckDB (see the problems above)', file: test.file };
}

/** As dbt names its unit test nodes: `unit_test.<domain>.<file stem>`. */
export function unitTestId(test: Pick<UnitTestDefinition, 'name'>): string {
  return `unit_test.${test.name}`;
}

function failureText(test: UnitTestDefinition, diff: RowDiff): string {
  const parts = [
    ...(diff.missing.length > 0 ? [`${diff.missing.length} expected row${diff.missing.length === 1 ? '' : 's'} missing (-)`] : []),
    ...(diff.unexpected.length > 0 ? [`${diff.unexpected.length} unexpected row${diff.unexpected.length === 1 ? '' : 's'} (+)`] : []),
    ...diff.absentColumns.map((c) => `the model gives no column '${c}'`),
  ];
  return `unit test of model ${test.model} failed: ${parts.join(', ')}`;
}

/** The diff as failing rows: a `diff` column (`-` missing, `+` unexpected), then the expected columns. */
function diffRows(test: UnitTestDefinition, diff: RowDiff): NonNullable<NodeResult['failingRows']> {
  const rows = [...diff.missing.map((r) => ['-', r] as const), ...diff.unexpected.map((r) => ['+', r] as const)].map(([mark, row]) => [mark, ...test.expect.columns.map((c) => row[c] ?? null)]);
  return { columns: ['diff', ...test.expect.columns], rows, total: rows.length };
}
