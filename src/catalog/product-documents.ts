import { createHash } from 'node:crypto';
import type { Memo } from '../cache/memo.js';
import type { CompiledNode, CompiledProject } from '../compile/compiled-node.js';
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
export function productDocuments(catalog: Catalog, compiled: CompiledProject, readText: (file: string) => string, memo?: Memo<string>): TargetDocument[] {
  const documents: TargetDocument[] = [];
  const viewsOf = new Map<string, CompiledNode[]>();
  for (const n of compiled.nodes.values()) {
    const file = n.kind === 'contract' ? n.contractDefinition?.file : undefined;
    if (file !== undefined) viewsOf.set(file, [...(viewsOf.get(file) ?? []), n]);
  }
  for (const product of catalog.products) {
    const contracts = product.versions.map((v) => compiled.project.contracts.find((c) => c.file === v.file)!);
    const folder = productFolder(product.id);
    for (const contract of contracts) {
      const text = readText(contract.file);
      const views = viewsOf.get(contract.file) ?? [];
      // Resolving is a parse and a YAML dump per contract: remembered by what it reads (the file, the target, its views).
      const key = createHash('sha256').update(text).update('\u0000').update(JSON.stringify([compiled.target, views.map((v) => [v.id, v.relation, v.schema])])).digest('hex');
      const resolved = (): string => {
        const parsed = YamlFile.parse(text, contract.file);
        // The contract compiled a moment ago: a file that no longer reads is a bug or a race.
        if (!parsed.yaml) throw new Error(`catalog: contract ${contract.file} no longer reads as YAML`);
        return yamlText(resolveContract(parsed.yaml.value as Record<string, unknown>, compiled.target, views));
      };
      documents.push({ path: `${folder}/${contractFileName(contract.product, contract.version.major)}`, text: memo ? memo.get(key, resolved) : resolved() });
    }
    // Dumping YAML is what costs: the descriptor's text is remembered by its content.
    const descriptor = odpsDescriptor(product, catalog, contracts);
    const dumped = (): string => yamlText(descriptor);
    const key = `odps:${createHash('sha256').update(JSON.stringify(descriptor)).digest('hex')}`;
    documents.push({ path: `${folder}/odps.yaml`, text: memo ? memo.get(key, dumped) : dumped() });
  }
  return documents;
}
