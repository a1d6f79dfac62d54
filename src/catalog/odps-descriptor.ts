import type { ContractDefinition } from '../contracts/contract-definition.js';
import type { DatasetId } from '../lineage/lineage-types.js';
import { contractFileName, productUpstream } from './catalog-products.js';
import type { Catalog, CatalogContractVersion, CatalogDataset, CatalogProduct } from './catalog-types.js';
import { columnOrigins } from './column-origins.js';

export const ODPS_API_VERSION = 'v1.0.0';

type Custom = { property: string; value: unknown; description?: string };

/**
 * A data product as an ODPS v1.0.0 descriptor: one output port per contract view and version,
 * input ports for the sources and contracts it reads, the owning team, and meshwork's lineage
 * summary under customProperties (ODPS has no lineage field).
 * `contracts`: the product's contract definitions, one per major version.
 */
export function odpsDescriptor(product: CatalogProduct, catalog: Catalog, contracts: readonly ContractDefinition[]): Record<string, unknown> {
  const { datasets } = catalog;
  const latest = [...contracts].sort((a, b) => a.version.major - b.version.major).at(-1);
  const description = latest?.description;
  const text = (s: string | undefined): string | undefined => s?.trim() || undefined;
  const purpose = text(description?.purpose);
  const usage = text(description?.usage);
  const limitations = text(description?.limitations);
  const tags = [...new Set(contracts.flatMap((c) => c.tags))].sort();
  const current = product.versions.at(-1);
  return {
    apiVersion: ODPS_API_VERSION,
    kind: 'DataProduct',
    id: product.id,
    name: latest?.name ?? product.name,
    ...(current ? { version: current.version, status: current.status } : { status: 'draft' }),
    domain: product.domain,
    ...(purpose || usage || limitations ? { description: { ...(purpose ? { purpose } : {}), ...(usage ? { usage } : {}), ...(limitations ? { limitations } : {}) } } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    ...(product.owner ? { team: team(product.owner, latest) } : {}),
    inputPorts: product.inputs.map((id) => inputPort(id, datasets)),
    outputPorts: product.versions.flatMap((v) => v.views.map((view) => outputPort(product, v, view, datasets))),
    customProperties: [
      ...(product.owner ? [{ property: 'owner', value: product.owner }] : []),
      { property: 'lineage', value: lineageSummary(product, datasets), description: 'meshwork: per version, the inputs and pipeline the views derive from, their consumers, and where each column comes from' },
      { property: 'generatedBy', value: `meshwork ${catalog.meshworkVersion}` },
      { property: 'target', value: catalog.target.name },
    ] satisfies Custom[],
  };
}

function team(owner: string, contract: ContractDefinition | undefined): Record<string, unknown> {
  const t = contract?.team;
  const members = (t?.members ?? []).map((m) => ({
    username: m.username,
    ...(m.name ? { name: m.name } : {}),
    ...(m.role ? { role: m.role } : {}),
    ...(m.dateIn ? { dateIn: m.dateIn } : {}),
    ...(m.dateOut ? { dateOut: m.dateOut } : {}),
  }));
  return { name: t?.name ?? owner, ...(t?.description ? { description: t.description.trim() } : {}), ...(members.length > 0 ? { members } : {}) };
}

/** A consumed contract, or a source (which has no contract: its dataset id stands in for one). */
function inputPort(id: DatasetId, datasets: Readonly<Record<DatasetId, CatalogDataset>>): Record<string, unknown> {
  const d = datasets[id]!;
  const where = d.relation ? [{ property: 'relation', value: d.relation }] : [];
  if (d.kind === 'source') {
    return {
      name: `${d.domain}.${d.name}`,
      version: 'unversioned',
      contractId: id,
      customProperties: [{ property: 'kind', value: 'source', description: 'a source declared in domain.yaml: it has no data contract' }, ...where],
    };
  }
  return {
    name: d.product ?? `${d.domain}.${d.name}`,
    version: d.version ?? 'unversioned',
    contractId: d.contractId ?? id,
    customProperties: [{ property: 'kind', value: d.kind === 'import' ? 'imported contract' : 'contract' }, { property: 'dataset', value: id }, ...where],
  };
}

function outputPort(product: CatalogProduct, v: CatalogContractVersion, view: DatasetId, datasets: Readonly<Record<DatasetId, CatalogDataset>>): Record<string, unknown> {
  const d = datasets[view]!;
  const inputContracts = productUpstream([view], datasets)
    .inputs.map((id) => datasets[id]!)
    .filter((i) => i.kind !== 'source' && i.contractId && i.version)
    .map((i) => ({ id: i.contractId!, version: i.version! }));
  return {
    name: d.name,
    ...(d.description ? { description: d.description } : {}),
    type: 'view',
    version: v.version,
    contractId: v.contractId,
    ...(inputContracts.length > 0 ? { inputContracts } : {}),
    customProperties: [
      { property: 'dataset', value: view },
      ...(d.relation ? [{ property: 'relation', value: d.relation }] : []),
      { property: 'status', value: v.status },
      ...(v.deprecation ? [{ property: 'deprecation', value: v.deprecation }] : []),
      { property: 'contract', value: contractFileName(product.name, v.major), description: 'the contract resolved for the target, beside this descriptor' },
    ],
  };
}

function lineageSummary(product: CatalogProduct, datasets: Readonly<Record<DatasetId, CatalogDataset>>): Record<string, unknown> {
  return Object.fromEntries(
    product.versions.map((v) => {
      const { inputs, pipeline } = productUpstream(v.views, datasets);
      const inputSet = new Set(inputs);
      const columns = Object.fromEntries(v.views.map((view) => [datasets[view]!.name, columnOrigins(view, inputSet, datasets)]));
      // Without column lineage nothing is traced: no map of empty lists.
      const traced = Object.values(columns).some((byColumn) => Object.values(byColumn).some((origins) => origins.length > 0));
      return [v.version, { inputs, pipeline, consumers: v.consumers, ...(traced ? { columns } : {}) }];
    }),
  );
}
