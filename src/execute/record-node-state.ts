import { EngineError, type Adapter, type SqlStatement } from '../adapters/adapter.js';
import { warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { CompiledProject } from '../compile/compiled-node.js';
import type { BuildPlan } from '../plan/build-plan.js';
import type { NodeFingerprint } from '../state/fingerprints.js';
import { nodeStateRelation } from '../state/node-state.js';
import type { TemplateEngine } from '../template/template-engine.js';
import type { RunResults } from './run-events.js';

/** Rows per statement: a BigQuery query holds at most 1 MB of text, and each row is about 250 bytes. */
const ROWS_PER_STATEMENT = 1000;

/**
 * After a run, the node-state table takes what it did: a node that built (a test that passed with
 * no failing row) records its fingerprints, a reused node whose description changed its new
 * metadata fingerprint, and a node that failed forgets its row, so the next build runs it again.
 * Skipped nodes keep theirs: their relations are as their last good build left them.
 */
export async function recordNodeState(
  adapter: Adapter,
  engine: TemplateEngine,
  compiled: CompiledProject,
  plan: BuildPlan,
  run: RunResults,
  fingerprints: ReadonlyMap<string, NodeFingerprint>,
): Promise<Diagnostic[]> {
  try {
    for (const call of nodeStateStatements(engine, compiled, plan, run, fingerprints)) await adapter.execute(call);
    return [];
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    // A refusal does not undo the build: the nodes it could not record are built again next time.
    return [
      warning('MESH263', `the build's node state could not be recorded in ${nodeStateRelation(compiled.dialect)}: ${e.message}`, {
        file: 'mesh.yaml',
        ...(compiled.target.line ? { line: compiled.target.line } : {}),
        hint: 'the build itself stands; the next build runs these nodes again. Check that the target may write to its meshwork state schema',
      }),
    ];
  }
}

/** The calls that record a run in the node-state table, each a few statements (none when nothing changed). */
export function nodeStateStatements(
  engine: TemplateEngine,
  compiled: CompiledProject,
  plan: BuildPlan,
  run: Pick<RunResults, 'results'>,
  fingerprints: ReadonlyMap<string, NodeFingerprint>,
): SqlStatement[][] {
  const rows: { node_id: string; relation: string; data: string; metadata: string }[] = [];
  const forget: string[] = [];
  const row = (id: string): void => {
    const fingerprint = fingerprints.get(id);
    if (fingerprint) rows.push({ node_id: id, relation: compiled.nodes.get(id)?.relation ?? '', ...fingerprint });
  };
  for (const r of run.results) {
    // A unit test has no relation and no state: it runs whenever its model does.
    if (r.kind === 'unit_test') continue;
    if (r.status === 'error' || (r.failures ?? 0) > 0) forget.push(r.id);
    else if (r.status === 'success') row(r.id);
  }
  for (const r of plan.reused ?? []) if (r.reuse === 'metadata') row(r.id);
  for (const id of plan.inlined ?? []) row(id);
  const state = nodeStateRelation(compiled.dialect);
  const calls: SqlStatement[][] = [];
  for (let i = 0; i < Math.max(rows.length, forget.length); i += ROWS_PER_STATEMENT) {
    calls.push(engine.statements('state/node_state_record', { state, rows: rows.slice(i, i + ROWS_PER_STATEMENT), forget: forget.slice(i, i + ROWS_PER_STATEMENT) }));
  }
  return calls;
}
