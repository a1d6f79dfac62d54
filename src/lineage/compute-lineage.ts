import type { Adapter } from '../adapters/adapter.js';
import type { Memo } from '../cache/memo.js';
import type { CompiledNode, CompiledProject } from '../compile/compiled-node.js';
import { columnTransform } from '../contracts/governance/column-transform.js';
import { engineType } from '../contracts/logical-types.js';
import { QueryAnalysis, type NodeContext } from './analyse-query.js';
import { problems } from './analyse-from.js';
import { bindColumns, type BoundColumn } from './bind-columns.js';
import { relationTextKey, tableRefKey } from './dataset-keys.js';
import type { AstTableRef, ParsedQuery } from './duckdb-ast.js';
import { aggregateFunctionNames, parseQueries } from './duckdb-parse.js';
import { collector } from './expression-inputs.js';
import { IDENTITY } from './input-set.js';
import { leafSpecs } from './leaf-datasets.js';
import { leafContentKey, leafKey, nodeKey, nodeOwnKey } from './lineage-keys.js';
import type { ColumnLineage, DatasetId, DatasetLineage, ProjectLineage } from './lineage-types.js';
import { datasetRelation, type ScopeColumn, type ScopeRelation } from './query-scope.js';
import { withSnapshotColumns } from './snapshot-lineage.js';

export interface LineageOptions {
  /**
   * Ask DuckDB's binder for column types and for the names of unaliased expressions, by creating
   * each model empty (`LIMIT 0`) in the scratch database (default true). Without it, lineage
   * comes from the parse tree alone.
   */
  readonly types?: boolean;
}

/**
 * What the lineage cache keeps of one dataset, by its id. A leaf's entry is valid while its input
 * (file stamp, seed content) is; a node's while its own SQL is, every relation name it looked up
 * resolves as it did (a FROM clause may name a relation without ref), and every dataset it
 * read or declares as a parent has the key it had.
 */
export type CachedDataset = CachedLeaf | CachedNode;

export interface CachedLeaf {
  readonly input: string;
  readonly lineage: DatasetLineage;
}

export interface CachedNode {
  readonly own: string;
  /** The node's key for its readers. */
  readonly key: string;
  /** Relation key (or `e:` ephemeral CTE name) → the dataset it named, '' when none. */
  readonly reads: readonly (readonly [string, string])[];
  /** Datasets read or declared as parents → their key when this one was computed. */
  readonly parents: readonly (readonly [DatasetId, string])[];
  readonly lineage: DatasetLineage;
}

export interface CachedLineage {
  readonly lineage: ProjectLineage;
  /** Datasets computed anew by this call (the others came from the cache), in the order computed. */
  readonly computed: readonly DatasetId[];
}

/**
 * Column-level lineage of every model, seed, contract view, source and imported contract, from
 * the SQL compiled for DuckDB, parsed by DuckDB (`scratch`: an empty, in-memory database over the
 * project's files). Nodes are analysed in dependency order, so `*` expands with the columns found
 * for what a node reads. Tests are not datasets.
 */
export async function computeLineage(compiled: CompiledProject, scratch: Adapter, options: LineageOptions = {}): Promise<ProjectLineage> {
  return (await cachedLineage(compiled, () => Promise.resolve(scratch), undefined, options)).lineage;
}

/**
 * The same lineage, each dataset reused from `memo` when its key (its SQL and its parents' keys,
 * `lineage-keys.ts`) and what it read are unchanged: one edited model recomputes itself and what
 * reads it. `openScratch` is called only when something is computed; the caller closes it.
 */
export async function cachedLineage(compiled: CompiledProject, openScratch: () => Promise<Adapter>, memo: Memo<CachedDataset> | undefined, options: LineageOptions = {}): Promise<CachedLineage> {
  const types = options.types !== false;
  const computed: DatasetId[] = [];
  let opened: Promise<Adapter> | undefined;
  const scratch = (): Promise<Adapter> => (opened ??= openScratch());

  // Leaves first: their readers' keys are made of their columns.
  const keys = new Map<DatasetId, string>();
  const datasets = new Map<DatasetId, DatasetLineage>();
  const byKey = new Map<string, DatasetId>();
  const index = (relation: string | undefined, id: DatasetId): void => {
    const key = relation ? relationTextKey(relation) : undefined;
    if (key) byKey.set(key, id);
  };
  const specs = leafSpecs(compiled);
  const leaves = await Promise.all(
    specs.map(async (spec) => {
      const input = leafKey(spec.input, types);
      const remembered = memo?.peek(spec.id);
      if (remembered && 'input' in remembered && remembered.input === input) {
        memo!.keep(spec.id, remembered);
        return remembered.lineage;
      }
      const lineage = await spec.describe(await scratch());
      memo?.set(spec.id, { input, lineage });
      computed.push(spec.id);
      return lineage;
    }),
  );
  for (const [i, spec] of specs.entries()) {
    datasets.set(spec.id, leaves[i]!);
    keys.set(spec.id, leafContentKey(leaves[i]!));
    for (const relation of spec.relations) index(relation, spec.id);
  }

  const order = compiled.graph.topologicalOrder().filter((id) => {
    const kind = compiled.nodes.get(id)?.kind;
    return kind === 'model' || kind === 'contract';
  });
  const ephemerals = new Map<string, DatasetId>();
  for (const id of order) {
    const node = compiled.nodes.get(id)!;
    index(node.relation, id);
    // compile-project names the CTE of an inlined ephemeral model this way.
    if (node.materialized === 'ephemeral') ephemerals.set(`__mesh_ephemeral__${node.domain}__${node.name}`.toLowerCase(), id);
  }
  const resolves = (read: string): string => (read.startsWith('e:') ? ephemerals.get(read.slice(2)) : byKey.get(read)) ?? '';

  // Which nodes to compute, in dependency order: a stale node has no key until computed, so what
  // reads it is stale too.
  const owns = new Map<DatasetId, string>();
  const reused = new Map<DatasetId, CachedNode>();
  const stale: DatasetId[] = [];
  for (const id of order) {
    const own = nodeOwnKey(compiled.nodes.get(id)!, types);
    owns.set(id, own);
    const entry = memo?.peek(id);
    if (entry && 'own' in entry && entry.own === own && entry.reads.every(([read, was]) => resolves(read) === was) && entry.parents.every(([parent, was]) => keys.get(parent) === was)) {
      memo!.keep(id, entry);
      keys.set(id, entry.key);
      reused.set(id, entry);
    } else stale.push(id);
  }

  if (stale.length > 0) {
    const db = await scratch();
    const aggregates = await aggregateFunctionNames(db);
    const bound = types ? await bindColumns(compiled, db, new Set(stale)) : new Map<DatasetId, BoundColumn[]>();
    const parsed = await parseQueries(
      db,
      stale.map((id) => compiled.nodes.get(id)!.select.sql),
    );
    const parsedOf = new Map(stale.map((id, i) => [id, parsed[i]!]));
    const known = { datasets, byKey, ephemerals, aggregates };
    // In dependency order, reused and computed alike: a node sees what an uncached run would.
    for (const id of order) {
      const entry = reused.get(id);
      if (entry) {
        datasets.set(id, entry.lineage);
        continue;
      }
      const node = compiled.nodes.get(id)!;
      const reads = new Map<string, string>();
      const lineage = analyseNode(node, parsedOf.get(id)!, known, bound.get(id), reads);
      const result = node.kind === 'contract' ? contractView(node, lineage, compiled, datasets) : lineage;
      datasets.set(id, result);
      computed.push(id);
      // Declared parents count as read: the binder reads them, and a failed parse reads nothing.
      // Only what came before in the order: a relation named in FROM that comes later was read as
      // having no lineage, whatever it holds (and has no key yet when the next run checks this one).
      const read = [...reads.values(), ...node.dependsOn.map((d) => d.id), ...(node.sources ?? []).map((s) => `source.${s}`)].filter((p) => p !== '' && p !== id && datasets.has(p) && keys.has(p));
      const parents = [...new Set(read)].sort().map((parent) => [parent, keys.get(parent)!] as const);
      const key = nodeKey(owns.get(id)!, parents);
      keys.set(id, key);
      memo?.set(id, { own: owns.get(id)!, key, reads: [...reads], parents, lineage: result });
    }
  } else for (const id of order) datasets.set(id, reused.get(id)!.lineage);
  return { lineage: { datasets }, computed };
}

interface Known {
  readonly datasets: ReadonlyMap<DatasetId, DatasetLineage>;
  readonly byKey: ReadonlyMap<string, DatasetId>;
  readonly ephemerals: ReadonlyMap<string, DatasetId>;
  readonly aggregates: ReadonlySet<string>;
}

/** `reads` receives every relation name the node looks up and the dataset it found ('' for none). */
function analyseNode(node: CompiledNode, parsed: ParsedQuery, known: Known, bound: readonly BoundColumn[] | undefined, reads: Map<string, string>): DatasetLineage {
  if ('error' in parsed) {
    const why = `DuckDB cannot parse the compiled SQL: ${parsed.error}`;
    return { id: node.id, columns: (bound ?? []).map((c) => ({ ...c, inputs: [], unresolved: why })), dataset: [], upstream: node.dependsOn.map((d) => d.id), unresolved: why };
  }
  const upstream = new Set<DatasetId>();
  const read = (id: DatasetId, alias: string, qualified?: string): ScopeRelation => {
    upstream.add(id);
    const dataset = known.datasets.get(id);
    const columns = dataset && (dataset.columns.length > 0 || !dataset.unresolved) ? dataset.columns.map((c) => c.name) : undefined;
    return datasetRelation(id, alias, qualified, columns, dataset?.unresolved ?? (dataset ? undefined : `${id} has no lineage`));
  };
  const context: NodeContext = {
    aggregates: known.aggregates,
    table(ref: AstTableRef) {
      const key = tableRefKey(ref);
      const id = key ? known.byKey.get(key) : undefined;
      if (key) reads.set(key, id ?? '');
      const name = ref.table_name ?? String(ref.function?.function_name ?? '');
      if (id) return read(id, name, ref.schema_name ? `${ref.schema_name}.${name}`.toLowerCase() : undefined);
      return { alias: name, inStar: true, unresolved: `'${name}' is not a model, seed, source or contract of the project` };
    },
    ephemeral(name: string) {
      const id = known.ephemerals.get(name.toLowerCase());
      reads.set(`e:${name.toLowerCase()}`, id ?? '');
      return id ? read(id, name) : undefined;
    },
  };
  const root = collector();
  const columns = new QueryAnalysis(context, root).query(parsed.query, undefined, root);
  const why = problems(root).unresolved;
  return {
    id: node.id,
    columns: withBinder(withSnapshotColumns(node, columns), bound),
    dataset: root.inputs.toArray(),
    upstream: [...upstream],
    ...(why ? { unresolved: `some row-level inputs are unknown: ${why}` } : {}),
  };
}

/**
 * Names and types from DuckDB's binder, matched by position when the analysis found as many
 * columns (the binder names unaliased expressions, the analysis cannot), else by name.
 */
function withBinder(columns: readonly ScopeColumn[], bound: readonly BoundColumn[] | undefined): ColumnLineage[] {
  const plain = (c: ScopeColumn): ColumnLineage => ({ name: c.name, inputs: c.inputs, ...(c.unresolved ? { unresolved: c.unresolved } : {}) });
  if (!bound) return columns.map(plain);
  if (bound.length === columns.length) return columns.map((c, i) => ({ ...plain(c), name: bound[i]!.name, type: bound[i]!.type }));
  const stars = columns.filter((c) => c.name.endsWith('*') && c.unresolved);
  return bound.map((b) => {
    const found = columns.find((c) => c.name.toLowerCase() === b.name.toLowerCase());
    if (found) return { ...plain(found), name: b.name, type: b.type };
    const why = stars.map((s) => s.unresolved).join('; ') || `DuckDB finds ${bound.length} columns, the analysis ${columns.length}`;
    return { name: b.name, type: b.type, inputs: [], unresolved: why };
  });
}

/**
 * A contract view publishes its backing model's columns; a hashed or masked one is marked as
 * masking (a mask is a constant, but the value it hides still comes from the backing column).
 * Types: the binder's, else the contracted ones.
 */
function contractView(node: CompiledNode, lineage: DatasetLineage, compiled: CompiledProject, datasets: ReadonlyMap<DatasetId, DatasetLineage>): DatasetLineage {
  const object = node.contractObject;
  const backing = node.dependsOn[0]?.id;
  if (!object || !backing) return lineage;
  const backingTypes = new Map((datasets.get(backing)?.columns ?? []).map((c) => [c.name.toLowerCase(), c.type]));
  const properties = new Map(object.properties.map((p) => [p.name.toLowerCase(), p]));
  return {
    ...lineage,
    columns: lineage.columns.map((column) => {
      const property = properties.get(column.name.toLowerCase());
      if (!property) return column;
      const type = column.type ?? engineType(property, compiled.dialect.engine);
      const typed = type ? { ...column, type } : column;
      if (!columnTransform(property)) {
        // The view casts every column to its contracted type: a cast to the type it has is a copy.
        const same = type !== undefined && backingTypes.get(property.name.toLowerCase()) === type;
        return same ? { ...typed, inputs: typed.inputs.map((i) => ({ ...i, transformations: i.transformations.map((t) => (t.subtype === 'TRANSFORMATION' ? IDENTITY : t)) })) } : typed;
      }
      return { ...typed, inputs: [{ dataset: backing, column: property.name, transformations: [{ type: 'DIRECT', subtype: 'TRANSFORMATION', masking: true }] }] };
    }),
  };
}
