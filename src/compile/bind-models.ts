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
  for (const id of order) {
    const node = compiled.nodes.get(id)!;
    const upstream = node.dependsOn.map((d) => cause(d.id)).find((c) => c !== undefined);
    if (upstream) {
      blocked.set(id, upstream);
      continue;
    }
    const failure = await bindNode(node, scratch, options.everything === true);
    if (failure === 'skipped') continue;
    if (failure) failed.set(id, failure);
    if (node.relation && node.materialized !== 'ephemeral' && node.kind !== 'test' && (!failure || failure.incremental)) created.add(id);
    if (!failure) bound++;
  }
  return { created, failed, blocked, bound };
}

async function bindNode(node: CompiledNode, scratch: Adapter, everything: boolean): Promise<BindFailure | undefined | 'skipped'> {
  if (node.kind === 'test' || !node.relation || node.materialized === 'ephemeral') {
    // Nothing to create: described, when asked to (its ephemeral parents are inlined in its SQL too).
    return everything ? attempt(scratch, wrapped('DESCRIBE SELECT * FROM (', node.select, ')'), false) : 'skipped';
  }
  const full = await attempt(scratch, wrapped(`CREATE OR REPLACE TABLE ${node.relation} AS SELECT * FROM (`, node.select, ') AS bound LIMIT 0'), false);
  if (full || !everything || !node.incrementalSelect) return full;
  // The `is_incremental` SELECT reads {{this}}: the table the full refresh just created, the shape a build leaves.
  return attempt(scratch, wrapped('DESCRIBE SELECT * FROM (', node.incrementalSelect, ')'), true);
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
