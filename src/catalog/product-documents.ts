import type { CompiledProject } from '../compile/compiled-node.js';
import { YamlFile } from '../parse/yaml-file.js';
import type { Catalog } from './catalog-types.js';
import { contractFileName, productFolder } from './catalog-products.js';
import { odpsDescriptor } from './odps-descriptor.js';
import { resolveContract } from './resolve-contract.js';
import { yamlText } from './yaml-text.js';

/** A document to write under target/: its path relative to target/, and its text. */
export interface TargetDocument {
  readonly path: string;
  readonly text: string;
}

/**
 * Per data product: each version's contract resolved for the target and the ODPS descriptor.
 * `readText` reads a project file (the contracts as written); nothing is written here.
 */
export function productDocuments(catalog: Catalog, compiled: CompiledProject, readText: (file: string) => string): TargetDocument[] {
  const documents: TargetDocument[] = [];
  for (const product of catalog.products) {
    const contracts = product.versions.map((v) => compiled.project.contracts.find((c) => c.file === v.file)!);
    const folder = productFolder(product.id);
    for (const contract of contracts) {
      const parsed = YamlFile.parse(readText(contract.file), contract.file);
      // The contract compiled a moment ago: a file that no longer reads is a bug or a race.
      if (!parsed.yaml) throw new Error(`catalog: contract ${contract.file} no longer reads as YAML`);
      const views = [...compiled.nodes.values()].filter((n) => n.kind === 'contract' && n.contractDefinition?.file === contract.file);
      const resolved = resolveContract(parsed.yaml.value as Record<string, unknown>, compiled.target, views);
      documents.push({ path: `${folder}/${contractFileName(contract.product, contract.version.major)}`, text: yamlText(resolved) });
    }
    documents.push({ path: `${folder}/odps.yaml`, text: yamlText(odpsDescriptor(product, catalog, contracts)) });
  }
  return documents;
}
