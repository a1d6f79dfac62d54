import type { CompiledNode, CompiledProject } from '../compile/compiled-node.js';
import type { DatasetId, ProjectLineage } from '../lineage/lineage-types.js';
import type { CatalogColumn, CatalogDataset, CatalogFreshness, CatalogNodeResult } from './catalog-types.js';
import { contractColumns, modelColumns, seedColumns, withLineage } from './catalog-columns.js';
import type { ExternalDataset } from '../lineage/dataset-reads.js';

export interface DatasetInputs {
  readonly compiled: CompiledProject;
  readonly externals: readonly ExternalDataset[];
  /** What each dataset reads (see datasetReads). */
  readonly reads: ReadonlyMap<DatasetId, readonly DatasetId[]>;
  readonly lineage: ProjectLineage | undefined;
  readonly results: ReadonlyMap<DatasetId, CatalogNodeResult>;
  /** Sources' last freshness results, by dataset id. */
  readonly freshness: ReadonlyMap<DatasetId, CatalogFreshness>;
}

/** Every node of the project, source and imported contract, keyed by id, in id order. */
export function catalogDatasets(inputs: DatasetInputs): Record<DatasetId, CatalogDataset> {
  const { compiled, externals, reads, lineage, results, freshness } = inputs;
  const downstream = new Map<DatasetId, DatasetId[]>();
  for (const [id, parents] of reads) {
    for (const p of parents) {
      const children = downstream.get(p);
      if (children) children.push(id);
      else downstream.set(p, [id]);
    }
  }

  const datasets: CatalogDataset[] = [];
  const common = (id: DatasetId, columns: readonly CatalogColumn[]) => {
    const analysed = lineage?.datasets.get(id);
    const result = results.get(id);
    return {
      columns: withLineage(columns, analysed),
      datasetInputs: analysed?.dataset ?? [],
      upstream: reads.get(id) ?? [],
      downstream: (downstream.get(id) ?? []).sort(),
      ...(result ? { lastResult: result } : {}),
    };
  };
  for (const node of compiled.nodes.values()) datasets.push({ ...nodeDataset(node), ...common(node.id, knownColumns(node, compiled)) });
  for (const e of externals) datasets.push({ ...externalDataset(e, compiled, freshness), ...common(e.id, externalColumns(e, compiled)) });
  datasets.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return Object.fromEntries(datasets.map((d) => [d.id, d]));
}

type Described = Omit<CatalogDataset, 'columns' | 'datasetInputs' | 'upstream' | 'downstream' | 'lastResult'>;

function nodeDataset(node: CompiledNode): Described {
  const contract = node.contractDefinition;
  const description = node.contractObject?.description ?? node.description;
  return {
    id: node.id,
    kind: node.kind,
    name: node.name,
    domain: node.domain,
    stage: node.stage,
    // A contract view is described by its schema object, else by the contract's purpose.
    ...(description ? { description: description.trim() } : {}),
    materialized: node.materialized,
    ...(node.relation ? { relation: node.relation } : {}),
    file: node.file,
    // A seed's SELECT is the engine's CSV reader: nothing a reader of the catalog needs.
    ...(node.kind === 'seed' ? {} : { sql: node.select.sql }),
    ...(contract ? { product: `${node.domain}.${contract.product}`, version: contract.version.text, contractId: contract.id } : {}),
  };
}

function knownColumns(node: CompiledNode, compiled: CompiledProject): CatalogColumn[] {
  switch (node.kind) {
    case 'contract':
      return node.contractObject ? contractColumns(node.contractObject, compiled.dialect.engine, node.dependsOn[0]?.id) : [];
    case 'model':
      return modelColumns(node);
    case 'seed':
      return seedColumns(compiled.project.seeds.find((s) => s.id === node.id));
    case 'test':
      return [];
  }
}

function externalDataset(e: ExternalDataset, compiled: CompiledProject, freshness: ReadonlyMap<DatasetId, CatalogFreshness>): Described {
  if (e.kind === 'source') {
    const source = compiled.project.domains.find((d) => d.name === e.domain)?.sources.find((s) => s.name === e.name);
    // Only while the source declares freshness: a result from before `freshness: null` is stale news.
    const measured = source?.freshness ? freshness.get(e.id) : undefined;
    return {
      id: e.id,
      kind: 'source',
      name: e.name,
      domain: e.domain,
      ...(source?.description ? { description: source.description.trim() } : {}),
      ...(e.relation ? { relation: e.relation } : {}),
      ...(source ? { file: source.file } : {}),
      ...(measured ? { freshness: measured } : {}),
    };
  }
  const contract = importedContract(e, compiled);
  return {
    id: e.id,
    kind: 'import',
    name: e.name,
    domain: e.domain,
    ...(contract?.description?.purpose ? { description: contract.description.purpose.trim() } : {}),
    ...(e.relation ? { relation: e.relation } : {}),
    ...(contract ? { file: contract.file, product: `${e.domain}.${contract.product}`, version: contract.version.text, contractId: contract.id } : {}),
  };
}

function externalColumns(e: ExternalDataset, compiled: CompiledProject): CatalogColumn[] {
  if (e.kind === 'source') return [];
  const object = importedContract(e, compiled)?.schema.find((o) => o.built && o.properties.length > 0);
  return object ? contractColumns(object, compiled.dialect.engine) : [];
}

function importedContract(e: ExternalDataset, compiled: CompiledProject) {
  return compiled.project.imported
    .map((i) => i.contract)
    .find((c) => c.domain === e.domain && `${c.product}_v${c.version.major}` === e.name);
}
