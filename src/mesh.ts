/**
 * The programmatic API: each command's orchestration lives in `src/commands/`, one file each, and
 * runs the stages in the order data flows (project → parse → compile → graph → plan → execute →
 * artifacts), returning data. The CLI is a thin layer over these; this entry only re-exports them.
 */
export { compile, compileAndWrite, list, type CompileResult, type ProjectOptions, type SelectOptions } from './commands/compile.js';
export { readPreviousState, selectionContext, selectorsUse, type StateOptions } from './state/selection-context.js';
export { compareState, warehouseComparison, type PreviousState } from './state/state-comparison.js';
export { check, type CheckResult } from './commands/check.js';
export type { SyntaxCheckSummary } from './commands/check-syntax.js';
export type { BindingSummary } from './commands/check-binding.js';
export { lineage, type LineageResult } from './commands/lineage.js';
export { show, DEFAULT_SHOW_LIMIT, type ShowOptions, type ShowResult } from './commands/show.js';
export { build, type BuildOptions, type BuildResult } from './commands/build.js';
export { dropEnvironment, promoteEnvironment, type DropOptions, type DropResult, type EnvOptions, type PromoteResult, type Promotion } from './commands/env.js';
export { retry, type RetryOptions, type RetryPlan, type RetryResult } from './commands/retry.js';
export { catalog, type CatalogResult } from './commands/catalog.js';
export { sourceFreshness, type SourceFreshnessOptions, type SourceFreshnessResult, type SourceFreshnessRun } from './commands/source-freshness.js';
export { docs, serveDocs, type DocsResult } from './commands/docs.js';
export { diffContract, type ContractDiff } from './commands/contract-diff.js';
export { debug, type DebugOptions, type DebugResult } from './commands/debug.js';
export { init, projectNameFor, type InitOptions, type InitResult } from './commands/init.js';
export { applyClean, planClean, type CleanOptions, type CleanPlan, type Removal } from './commands/clean.js';
export { runUnitTests, type UnitTestOptions, type UnitTestResult, type UnitTestRun } from './unit/run-unit-tests.js';
export { generateUnitTest, type GenerateOptions, type GenerateResult } from './unit/generate-unit-test.js';
