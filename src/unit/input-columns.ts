import { EngineError } from '../adapters/adapter.js';
import { DuckDBAdapter } from '../adapters/duckdb/duckdb-adapter.js';
import { bindModels } from '../compile/bind-models.js';
import type { CompiledProject } from '../compile/compiled-node.js';
import type { DeclaredColumn, ModelInput } from './unit-inputs.js';

/** The columns of a model's refs and sources, typed as a build would make them; closed when the run is done. */
export interface InputColumnReader {
  /** Relation → its columns, for each ref and source among `inputs` that can be bound; an input that cannot is left out (its given's types are inferred). */
  columnsOf(compiled: CompiledProject, inputs: readonly ModelInput[]): Promise<ReadonlyMap<string, readonly DeclaredColumn[]>>;
  close(): Promise<void>;
}

/**
 * Types a ref or source given as `mesh check` binds the project: in one scratch DuckDB for the whole
 * run, each model a test reads is created empty (`LIMIT 0`, its ancestors first) and described; a
 * source is described where its DuckDB SQL reads it (a local file's header and sniffed types; its
 * rows are never used). Each relation is bound once per compiled project (a test's vars compile
 * another one).
 */
export function inputColumnReader(): InputColumnReader {
  let scratch: Promise<DuckDBAdapter> | undefined;
  const known = new Map<CompiledProject, Map<string, readonly DeclaredColumn[] | undefined>>();
  return {
    async columnsOf(compiled, inputs) {
      const cache = known.get(compiled) ?? new Map<string, readonly DeclaredColumn[] | undefined>();
      known.set(compiled, cache);
      const wanted = inputs.filter((i) => !i.declared && (i.kind === 'ref' || i.kind === 'source'));
      const unknown = wanted.filter((i) => !cache.has(i.relation));
      if (unknown.length > 0) {
        scratch ??= DuckDBAdapter.open({ path: ':memory:', fileSearchPath: compiled.project.config.root, connections: 1 });
        const db = await scratch;
        const models = new Set(unknown.flatMap((i) => (i.id ? [i.id] : [])));
        const bound = models.size > 0 ? await bindModels(compiled, db, { only: models }) : undefined;
        for (const input of unknown) {
          const made = input.id === undefined || bound?.created.has(input.id) === true;
          cache.set(input.relation, made ? await describe(db, input.relation) : undefined);
        }
      }
      return new Map(wanted.flatMap((i) => (cache.get(i.relation) ? [[i.relation, cache.get(i.relation)!] as const] : [])));
    },
    async close() {
      await (await scratch)?.close();
    },
  };
}

/** A relation's columns and DuckDB types; undefined when it cannot be read (a source file that is not there). */
async function describe(db: DuckDBAdapter, relation: string): Promise<readonly DeclaredColumn[] | undefined> {
  try {
    const result = await db.queryRows(`DESCRIBE SELECT * FROM ${relation}`, Number.MAX_SAFE_INTEGER);
    const name = result.columns.indexOf('column_name');
    const type = result.columns.indexOf('column_type');
    return result.rows.map((row) => ({ name: String(row[name]), type: String(row[type]) }));
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    return undefined;
  }
}
