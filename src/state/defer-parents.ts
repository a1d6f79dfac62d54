import { EngineError, type Adapter } from '../adapters/adapter.js';
import { warehouseProblem } from '../adapters/warehouse-problem.js';
import type { CompiledProject } from '../compile/compiled-node.js';
import { unselectedParents, withRelationsReplaced, type UnselectedParent } from '../compile/defer-relations.js';
import { hasErrors, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { deferSource, type DeferOptions, type DeferSource } from './defer-source.js';

export interface Deferral {
  /** The project whose selected nodes read the deferred parents' other relations (the given one when nothing is deferred). */
  readonly compiled: CompiledProject;
  /** The parents read from the other environment, by id. */
  readonly deferred: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * `--defer`: the selected nodes read each parent outside the selection from the other environment
 * (`--state`, `--defer-to`) when this target has not built it, as dbt ≥ 1.6 does; with `--favor-state`
 * whether built or not. Contract views and sources are never deferred (see docs/defer.md). Asks
 * the target which parents exist and, for an engine whose targets are separate files, attaches the
 * other database read-only; a refusal there is the target's problem (MESH181/MESH182).
 */
export async function deferParents(compiled: CompiledProject, selected: readonly string[], adapter: Adapter, options: DeferOptions): Promise<Deferral> {
  const unchanged = (diagnostics: readonly Diagnostic[]): Deferral => ({ compiled, deferred: [], diagnostics });
  const { source, diagnostics } = deferSource(compiled, options);
  if (!source || hasErrors(diagnostics)) return unchanged(diagnostics);
  const parents = unselectedParents(compiled, selected);
  if (parents.length === 0) return unchanged(diagnostics);
  // What was being asked of which target, for a refusal.
  let asking = { target: compiled.target, doing: `cannot list the relations of its schemas to choose what --defer reads from ${source.name}` };
  try {
    const existing = options.favorState ? undefined : await adapter.relations([...new Set(parents.map((p) => p.parent.schema!))]);
    const chosen = chooseDeferred(compiled, parents, source, existing);
    if (chosen.deferred.length > 0 && source.setup) {
      asking = { target: source.setup.target, doing: `cannot open its database (${source.setup.target.path ?? ''}) for --defer to read the parents it built` };
      await adapter.execute([{ sql: source.setup.sql }]);
    }
    return { compiled: withRelationsReplaced(compiled, selected, chosen.replacements), deferred: chosen.deferred, diagnostics: [...diagnostics, ...chosen.diagnostics] };
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    return unchanged([...diagnostics, warehouseProblem(asking.target, adapter, e, asking.doing)]);
  }
}

/**
 * Which unselected parents are read from the other environment, and the relation each is read as:
 * those this target has not built (`existing`: what it has, `schema.name`; undefined with
 * `--favor-state`: every one). A parent the other environment has no relation for stays this
 * target's, with MESH251 at the first reference to it.
 */
export function chooseDeferred(
  compiled: CompiledProject,
  parents: readonly UnselectedParent[],
  source: DeferSource,
  existing: ReadonlyMap<string, unknown> | undefined,
): { replacements: Map<string, string>; deferred: string[]; diagnostics: Diagnostic[] } {
  const replacements = new Map<string, string>();
  const deferred: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const { parent, reader, line } of parents) {
    if (existing?.has(`${parent.schema}.${parent.identifier}`)) continue;
    const other = source.relationOf(parent);
    if (other === undefined) {
      diagnostics.push(
        warning('MESH251', `${parent.id} is not built here and ${source.name} has no relation for it: ${reader.id} reads it from target '${compiled.target.name}' (${parent.relation})`, {
          file: reader.file,
          line: line ?? reader.line,
          hint: `select it too (mesh build --select +${reader.name}), or defer to a run that built it`,
        }),
      );
      continue;
    }
    deferred.push(parent.id);
    if (other !== parent.relation) replacements.set(parent.relation!, other);
  }
  return { replacements, deferred, diagnostics };
}
