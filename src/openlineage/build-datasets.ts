import { datasetReads, externalDatasets } from '../lineage/dataset-reads.js';
import type { CompiledNode, CompiledProject } from '../compile/compiled-node.js';
import { importedContractViews } from '../compile/contract-views.js';
import type { ContractObject } from '../contracts/contract-definition.js';
import { engineType } from '../contracts/logical-types.js';
import type { DatasetId, ProjectLineage } from '../lineage/lineage-types.js';
import { columnLineageFacet } from './column-lineage-facet.js';
import { dataSourceOf, relationDataset, sourceDataset, tableDataset } from './dataset-names.js';
import { facet } from './facets.js';
import type { DatasetRef, Facet, Facets } from './openlineage-types.js';

/** A dataset no node builds: a declared source, or a contract imported from another repository. */
interface External {
  readonly kind: 'source' | 'import';
  readonly ref: DatasetRef;
  readonly domain: string;
  readonly description?: string;
  readonly owner?: string;
  /** What the compiled SQL reads it as, to find who reads it when there is no lineage. */
  readonly relation: string;
  readonly columns?: readonly SchemaField[];
}

interface SchemaField {
  readonly name: string;
  readonly type?: string;
  readonly description?: string;
}

/**
 * The datasets of one build as OpenLineage sees them: names, what each node reads, and the dataset
 * facets (schema, dataSource, documentation, ownership, columnLineage). Column lineage and column
 * types come from `lineage` when given; without it, from contracts and the columns models declare.
 */
export class BuildDatasets {
  private readonly externals = new Map<DatasetId, External>();
  private readonly owners = new Map<string, string>();
  private readonly facetCache = new Map<DatasetId, Facets>();
  /** What each node reads: graph parents, and the sources and imports lineage or its SQL shows. */
  private readonly tableReads: ReadonlyMap<DatasetId, readonly DatasetId[]>;

  constructor(
    readonly compiled: CompiledProject,
    readonly lineage?: ProjectLineage,
  ) {
    const { project, target, dialect } = compiled;
    this.tableReads = datasetReads(compiled, externalDatasets(compiled), lineage);
    for (const domain of project.domains) {
      this.owners.set(domain.name, domain.owner);
      for (const source of domain.sources) {
        const ref = sourceDataset(target, project.config.root, source);
        const relation = dialect.sourceRelation(source);
        if (!ref || !relation) continue;
        this.externals.set(`source.${domain.name}.${source.name}`, {
          kind: 'source',
          ref,
          domain: domain.name,
          relation,
          ...(source.description ? { description: source.description.trim() } : {}),
        });
      }
    }
    const views = new Map(importedContractViews(project, dialect, target.name).map((v) => [v.id, v]));
    for (const { contract, locations } of project.imported) {
      const id = `import.${contract.domain}.${contract.product}_v${contract.version.major}`;
      const location = locations[target.name];
      const view = views.get(id);
      if (!location || !view || !contract.domain) continue;
      const object = contract.schema.find((o) => o.built);
      this.externals.set(id, {
        kind: 'import',
        ref: tableDataset(target, location),
        domain: contract.domain,
        relation: view.relation,
        ...(contract.description?.purpose ? { description: contract.description.purpose.trim() } : {}),
        ...(contract.owner ? { owner: contract.owner } : {}),
        ...(object ? { columns: this.contractColumns(object) } : {}),
      });
    }
  }

  /** The OpenLineage dataset of a node's relation, source or import; none for tests and ephemeral models. */
  ref(id: DatasetId): DatasetRef | undefined {
    const external = this.externals.get(id);
    if (external) return external.ref;
    const node = this.compiled.nodes.get(id);
    if (!node?.schema || !node.identifier) return undefined;
    return relationDataset(this.compiled.target, node.schema, node.identifier, node.domain);
  }

  /**
   * The datasets a node reads: the lineage's upstream when it has the node, else its graph parents
   * and the sources and imports found in its SQL. Models that build no relation are read through.
   */
  reads(id: string): DatasetId[] {
    const found = new Set<DatasetId>();
    const visit = (nodeId: string, seen: Set<string>): void => {
      if (seen.has(nodeId)) return;
      seen.add(nodeId);
      for (const read of this.directReads(nodeId)) {
        if (this.ref(read)) found.add(read);
        else if (this.compiled.nodes.has(read)) visit(read, seen);
      }
    };
    visit(id, new Set());
    return [...found].sort();
  }

  private directReads(id: string): readonly DatasetId[] {
    return this.tableReads.get(id) ?? [];
  }

  /** The facets that describe a dataset whoever reads or writes it. */
  facets(id: DatasetId): Facets {
    const cached = this.facetCache.get(id);
    if (cached) return cached;
    const ref = this.ref(id);
    if (!ref) return {};
    const node = this.compiled.nodes.get(id);
    const external = this.externals.get(id);
    const description = node?.description?.trim() ?? external?.description;
    const owner = external?.owner ?? node?.contractDefinition?.owner ?? this.owners.get(node?.domain ?? external?.domain ?? '');
    const fields = this.schema(id, node, external);
    const facets: Record<string, Facet> = {
      dataSource: facet('dataSource', dataSourceOf(ref)),
      ...(fields.length > 0 ? { schema: facet('schema', { fields: fields.map((f, i) => ({ ...f, ordinal_position: i + 1 })) }) } : {}),
      ...(description ? { documentation: facet('documentation', { description, contentType: 'text/plain' }) } : {}),
      ...(owner ? { ownership: facet('ownership', { owners: [{ name: owner, type: 'OWNER' }] }) } : {}),
    };
    this.facetCache.set(id, facets);
    return facets;
  }

  /** How a node's columns come from what it reads: the `columnLineage` facet, when lineage is known. */
  columnLineage(id: string): Facet | undefined {
    const dataset = this.lineage?.datasets.get(id);
    if (!dataset || !this.lineage) return undefined;
    return columnLineageFacet(dataset, this.lineage, (input) => this.ref(input));
  }

  /**
   * Columns in order, from lineage (with the binder's types) when it has the dataset, else where
   * they are known for sure: a contract's columns, a seed's CSV header. The columns a model
   * declares are often a few of its columns: they only lend their descriptions.
   */
  private schema(id: DatasetId, node: CompiledNode | undefined, external: External | undefined): readonly SchemaField[] {
    const exact = node?.contractObject ? this.contractColumns(node.contractObject) : external?.columns ?? this.seedColumns(node);
    const analysed = this.lineage?.datasets.get(id)?.columns ?? [];
    if (analysed.length === 0) return exact;
    const declared: SchemaField[] = [...exact, ...(node?.config?.columns ?? []).map((c) => ({ name: c.name, ...(c.description ? { description: c.description.trim() } : {}) }))];
    const byName = new Map(declared.map((c) => [c.name.toLowerCase(), c]));
    return analysed.map((c) => {
      const known = byName.get(c.name.toLowerCase());
      // Lineage is computed on DuckDB: its types name the target's only when the target is DuckDB.
      const type = known?.type ?? (this.compiled.target.engine === 'duckdb' ? c.type : undefined);
      return { name: c.name, ...(type ? { type } : {}), ...(known?.description ? { description: known.description } : {}) };
    });
  }

  private contractColumns(object: ContractObject): SchemaField[] {
    return object.properties.map((p) => {
      const type = engineType(p, this.compiled.target.engine);
      return { name: p.name, ...(type ? { type } : {}), ...(p.description ? { description: p.description.trim() } : {}) };
    });
  }

  /** A seed's columns are its CSV header (read strictly by the parse stage), with the types its domain declares. */
  private seedColumns(node: CompiledNode | undefined): SchemaField[] {
    if (node?.kind !== 'seed') return [];
    const seed = this.compiled.project.seeds.find((s) => s.id === node.id);
    return (seed?.columns ?? []).map((name) => ({ name, ...(seed?.columnTypes[name] ? { type: seed.columnTypes[name] } : {}) }));
  }
}
