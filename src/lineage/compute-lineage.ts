import type { Adapter } from '../adapters/adapter.js';
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
import { leafDatasets } from './leaf-datasets.js';
import type { ColumnLineage, DatasetId, DatasetLineage, ProjectLineage } from './lineage-types.js';
import { datasetRelation, type ScopeColumn, type ScopeRelation } from './query-scope.js';

export interface LineageOptions {
  /**
   * Ask DuckDB's binder for column types and for the names of unaliased expressions, by creating
   * each model empty (`LIMIT 0`) in the scratch database (default true). Without it, lineage
   * comes from the parse tree alone.
   */
  readonly types?: boolean;
}

/**
 * Column-level lineage of every model, seed, contract view, source and imported contract, from
 * the SQL compiled for DuckDB, parsed by DuckDB (`scratch`: an empty, in-memory database over the
 * project's files). Nodes are analysed in dependency order, so `*` expands with the columns found
 * for what a node reads. Tests are not datasets.
 */
export async function computeLineage(compiled: CompiledProject, scratch: Adapter, options: LineageOptions = {}): Promise<ProjectLineage> {
  const aggregates = await aggregateFunctionNames(scratch);
  const datasets = new Map<DatasetId, DatasetLineage>();
  const byKey = new Map<string, DatasetId>();
  const index = (relation: string | undefined, id: DatasetId): void => {
    const key = relation ? relationTextKey(relation) : undefined;
    if (key) byKey.set(key, id);
  };
  for (const leaf of await leafDatasets(compiled, scratch)) {
    datasets.set(leaf.lineage.id, leaf.lineage);
    for (const relation of leaf.relations) index(relation, leaf.lineage.id);
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

  const bound = options.types === false ? new Map<DatasetId, BoundColumn[]>() : await bindColumns(compiled, scratch);
  const parsed = await parseQueries(
    scratch,
    order.map((id) => compiled.nodes.get(id)!.select.sql),
  );
  for (const [i, id] of order.entries()) {
    const node = compiled.nodes.get(id)!;
    const lineage = analyseNode(node, parsed[i]!, { datasets, byKey, ephemerals, aggregates }, bound.get(id));
    datasets.set(id, node.kind === 'contract' ? contractView(node, lineage, compiled, datasets) : lineage);
  }
  return { datasets };
}

interface Known {
  readonly datasets: ReadonlyMap<DatasetId, DatasetLineage>;
  readonly byKey: ReadonlyMap<string, DatasetId>;
  readonly ephemerals: ReadonlyMap<string, DatasetId>;
  readonly aggregates: ReadonlySet<string>;
}

function analyseNode(node: CompiledNode, parsed: ParsedQuery, known: Known, bound: readonly BoundColumn[] | undefined): DatasetLineage {
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
      const name = ref.table_name ?? String(ref.function?.function_name ?? '');
      if (id) return read(id, name, ref.schema_name ? `${ref.schema_name}.${name}`.toLowerCase() : undefined);
      return { alias: name, inStar: true, unresolved: `'${name}' is not a model, seed, source or contract of the project` };
    },
    ephemeral(name: string) {
      const id = known.ephemerals.get(name.toLowerCase());
      return id ? read(id, name) : undefined;
    },
  };
  const root = collector();
  const columns = new QueryAnalysis(context, root).query(parsed.query, undefined, root);
  const why = problems(root).unresolved;
  return {
    id: node.id,
    columns: withBinder(columns, bound),
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
