import type { CompiledProject } from '../compile/compiled-node.js';
import type { ContractDefinition } from '../contracts/contract-definition.js';
import type { DatasetId } from '../lineage/lineage-types.js';
import type { CatalogContractVersion, CatalogDataset, CatalogDomain, CatalogProduct } from './catalog-types.js';

/** Where a product's documents go, relative to target/. */
export function productFolder(productId: string): string {
  return `products/${productId}`;
}

export function contractFileName(product: string, major: number): string {
  return `${product}.v${major}.odcs.yaml`;
}

/** Data products: the project's contracts grouped by domain and product, each major version once. */
export function catalogProducts(compiled: CompiledProject, datasets: Readonly<Record<DatasetId, CatalogDataset>>): CatalogProduct[] {
  const groups = new Map<string, ContractDefinition[]>();
  for (const contract of compiled.project.contracts) {
    if (!contract.domain) continue;
    const id = `${contract.domain}.${contract.product}`;
    groups.set(id, [...(groups.get(id) ?? []), contract]);
  }
  const products: CatalogProduct[] = [];
  for (const [id, contracts] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    contracts.sort((a, b) => a.version.major - b.version.major);
    const latest = contracts[contracts.length - 1]!;
    const domain = compiled.project.domains.find((d) => d.name === latest.domain);
    const versions = contracts.map((c) => contractVersion(c, compiled, datasets));
    const views = new Set(versions.flatMap((v) => v.views));
    const owner = latest.owner ?? domain?.owner;
    const description = latest.description?.purpose?.trim();
    const folder = productFolder(id);
    products.push({
      id,
      domain: latest.domain!,
      name: latest.product,
      ...(owner ? { owner } : {}),
      ...(description ? { description } : {}),
      versions,
      inputs: productUpstream([...views], datasets).inputs,
      files: { odps: `${folder}/odps.yaml`, contracts: contracts.map((c) => `${folder}/${contractFileName(c.product, c.version.major)}`) },
    });
  }
  return products;
}

function contractVersion(contract: ContractDefinition, compiled: CompiledProject, datasets: Readonly<Record<DatasetId, CatalogDataset>>): CatalogContractVersion {
  const views = [...compiled.nodes.values()].filter((n) => n.kind === 'contract' && n.contractDefinition?.file === contract.file).map((n) => n.id).sort();
  const consumers = [...new Set(views.flatMap((v) => datasets[v]?.downstream ?? []))].sort();
  const deprecation = deprecationOf(contract);
  return {
    version: contract.version.text,
    major: contract.version.major,
    status: contract.status,
    file: contract.file,
    contractId: contract.id,
    views,
    ...(deprecation ? { deprecation } : {}),
    sla: contract.slaProperties.flatMap((s) =>
      s.value === null ? [] : [{ property: s.property, value: typeof s.value === 'boolean' ? String(s.value) : s.value, ...(s.unit ? { unit: s.unit } : {}), ...(s.element ? { element: s.element } : {}) }],
    ),
    consumers,
  };
}

/** As contract views read it: `status: deprecated`, with the `sunset` and `replacedBy` custom properties. */
function deprecationOf(contract: ContractDefinition): CatalogContractVersion['deprecation'] {
  const custom = (name: string): string | undefined => {
    const value = contract.customProperties.find((p) => p.property === name)?.value;
    return value === undefined || value === null ? undefined : String(value);
  };
  const sunset = custom('sunset');
  if (contract.status !== 'deprecated' && !sunset) return undefined;
  const replacement = custom('replacedBy');
  return { ...(sunset ? { sunset } : {}), ...(replacement ? { replacement } : {}) };
}

/**
 * Walking up from a product's views: its inputs, the first datasets on each path that come from
 * outside the product's own pipeline (a source, another product's contract view, an imported
 * contract), and the pipeline itself (the domain's models and seeds in between).
 */
export function productUpstream(views: readonly DatasetId[], datasets: Readonly<Record<DatasetId, CatalogDataset>>): { inputs: DatasetId[]; pipeline: DatasetId[] } {
  const own = new Set(views);
  const inputs = new Set<DatasetId>();
  const pipeline = new Set<DatasetId>();
  const seen = new Set<DatasetId>();
  const stack = [...views];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const dataset = datasets[id];
    if (!dataset) continue;
    if (dataset.kind === 'source' || dataset.kind === 'import' || (dataset.kind === 'contract' && !own.has(id))) {
      inputs.add(id);
      continue;
    }
    if (!own.has(id)) pipeline.add(id);
    stack.push(...dataset.upstream);
  }
  return { inputs: [...inputs].sort(), pipeline: [...pipeline].sort() };
}

export function catalogDomains(compiled: CompiledProject, products: readonly CatalogProduct[]): CatalogDomain[] {
  return [...compiled.project.domains]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((d) => ({
      name: d.name,
      owner: d.owner,
      ...(d.description ? { description: d.description.trim() } : {}),
      products: products.filter((p) => p.domain === d.name).map((p) => p.id),
    }));
}
