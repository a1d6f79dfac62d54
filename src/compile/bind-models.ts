import { EngineError, type Adapter } from '../adapters/adapter.js';
import type { CompiledNode, CompiledProject, MappedSql } from './compiled-node.js';

/** A node whose SQL DuckDB's binder rejected, with the statement as run (its line map shifted to match). */
export interface BindFailure {
  readonly error: EngineError;
  readonly statement: MappedSql;
  /** The `is_incremental` SELECT failed (the full-refresh one bound). */
  readonly incremental: boolean;
}

export interface BindOutcome {
  /** Nodes whose relation now exists in the scratch database, empty, with the columns a build gives it. */
  readonly created: ReadonlySet<string>;
  /** Nodes the binder rejected (an incremental model may be created and still fail its `is_incremental` SELECT). */
  readonly failed: ReadonlyMap<string, BindFailure>;
  /** Nodes not tried because something they read failed or was not tried: id → the failed node's id. */
  readonly blocked: ReadonlyMap<string, string>;
  /** Nodes bound (created, or described when nothing is created for them). */
  readonly bound: number;
}

export interface BindOptions {
  /** Bind these nodes and their ancestors only (default: every model, seed and contract view). */
  readonly only?: ReadonlySet<string>;
  /** Also bind incremental models' `is_incremental` SELECT against the table the full refresh created, ephemeral models alone, and singular tests. */
  readonly everything?: boolean;
}

/**
 * Binds nodes in dependency order in an empty scratch DuckDB, the way a build would run them:
 * each model, seed and contract view is created as an empty table (`LIMIT 0`: nothing is computed,
 * and a table, unlike a view, does not make every reader bind its whole ancestry again), so its
 * readers bind against its real columns. A node that fails blocks what reads it: one mistake is
 * reported once. Ephemeral models are inlined in their readers (their own file and lines in the
 * line map); with `everything`, each is also bound alone, so that its mistake is found, once, even
 * with no reader.
 */
export async function bindModels(compiled: CompiledProject, scratch: Adapter, options: BindOptions = {}): Promise<BindOutcome> {
  let wanted: Set<string> | undefined;
  if (options.only) {
    wanted = new Set();
    for (const id of options.only) {
      wanted.add(id);
      for (const ancestor of compiled.graph.ancestors(id)) wanted.add(ancestor);
    }
  }
  const order = compiled.graph.topologicalOrder(wanted).filter((id) => {
    const node = compiled.nodes.get(id);
    return node !== undefined && (node.kind !== 'test' || (options.everything === true && node.test?.kind === 'singular'));
  });
  const schemas = [...new Set(order.flatMap((id) => compiled.nodes.get(id)!.schema ?? []))];
  await scratch.ensureSchemas(schemas.map((name) => ({ name })));

  const created = new Set<string>();
  const failed = new Map<string, BindFailure>();
  const blocked = new Map<string, string>();
  let bound = 0;
  const cause = (id: string): string | undefined => (failed.has(id) && !failed.get(id)!.incremental ? id : blocked.get(id));
  const settle = (node: CompiledNode, failure: BindFailure | undefined): void => {
    if (failure) failed.set(node.id, failure);
    else bound++;
    if (node.relation && node.materialized !== 'ephemeral' && node.kind !== 'test' && (!failure || failure.incremental)) created.add(node.id);
  };
  const work = order.map((id) => ({ node: compiled.nodes.get(id)!, statements: statementsOf(compiled.nodes.get(id)!, options.everything === true) })).filter((w) => w.statements.length > 0);
  for (let start = 0; start < work.length; start += BATCH) {
    const batch = work.slice(start, start + BATCH).filter(({ node }) => {
      const upstream = node.dependsOn.map((d) => cause(d.id)).find((c) => c !== undefined);
      if (upstream) blocked.set(node.id, upstream);
      return !upstream;
    });
    // One round trip for the batch (each costs about as much as binding a model); when one statement
    // fails, the batch runs again one statement at a time (CREATE OR REPLACE: no harm) to tell which.
    if (batch.length > 1 && (await attempt(scratch, { sql: batch.flatMap((w) => w.statements.map((st) => st.sql)).join(';\n'), lines: [] }, false)) === undefined) {
      for (const { node } of batch) settle(node, undefined);
      continue;
    }
    for (const { node, statements } of batch) {
      const upstream = node.dependsOn.map((d) => cause(d.id)).find((c) => c !== undefined);
      if (upstream) {
        blocked.set(node.id, upstream);
        continue;
      }
      let failure: BindFailure | undefined;
      for (const [i, statement] of statements.entries()) {
        failure = await attempt(scratch, statement, i > 0);
        if (failure) break;
      }
      settle(node, failure);
    }
  }
  return { created, failed, blocked, bound };
}

/** A snapshot's version columns (`templates/<engine>/materializations/snapshot_create.sql`), typed as DuckDB binds them. */
const SNAPSHOT_BIND_COLUMNS =
  'CAST(NULL AS VARCHAR) AS snapshot_id, CAST(NULL AS TIMESTAMP) AS valid_from, CAST(NULL AS TIMESTAMP) AS valid_to, CAST(NULL AS BOOLEAN) AS is_current, CAST(NULL AS BOOLEAN) AS is_deleted';

/** Statements bound per round trip. */
const BATCH = 50;

/**
 * What binds a node: its SELECT creating its empty table, then (incremental models) its
 * `is_incremental` SELECT described against that table, the shape a build leaves; an ephemeral
 * model or singular test is described (its ephemeral parents are inlined in its SQL too).
 */
function statementsOf(node: CompiledNode, everything: boolean): MappedSql[] {
  if (node.kind === 'test' || !node.relation || node.materialized === 'ephemeral') return everything ? [wrapped('DESCRIBE SELECT * FROM (', node.select, ')')] : [];
  // A snapshot's table holds its version columns after the query's: readers may use them.
  const columns = node.materialized === 'snapshot' ? `*, ${SNAPSHOT_BIND_COLUMNS}` : '*';
  const full = wrapped(`CREATE OR REPLACE TABLE ${node.relation} AS SELECT ${columns} FROM (`, node.select, ') AS bound LIMIT 0');
  return everything && node.incrementalSelect ? [full, wrapped('DESCRIBE SELECT * FROM (', node.incrementalSelect, ')')] : [full];
}

async function attempt(scratch: Adapter, statement: MappedSql, incremental: boolean): Promise<BindFailure | undefined> {
  try {
    await scratch.execute([{ sql: statement.sql }]);
    return undefined;
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    return { error: e, statement, incremental };
  }
}

/** The SELECT on its own lines between meshwork's text, its line map shifted by the line before. */
function wrapped(before: string, select: MappedSql, after: string): MappedSql {
  return {
    sql: `${before}\n${select.sql}\n${after}`,
    lines: [0, ...select.lines, 0],
    ...(select.files ? { files: [undefined, ...select.files, undefined] } : {}),
  };
}
