import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ContractDefinition } from './contract-definition.js';
import { CONTRACT_SUFFIX, readContract, type ContractFile } from './read-contract.js';

/**
 * The contracts of one domain: every `<product>.odcs.yaml` among `files` (the domain's
 * `contracts/` folder; other files there, such as `<product>.sql` mappings, are not contracts and
 * are left to their own reader). Each contract is read against the ODCS schema and meshwork's
 * checks, with the domain taken from the folder.
 */
export function loadDomainContracts(domain: string, files: readonly ContractFile[]): { contracts: ContractDefinition[]; diagnostics: Diagnostic[] } {
  const contracts: ContractDefinition[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    if (!file.path.endsWith(CONTRACT_SUFFIX)) continue;
    const read = readContract(file, { domain });
    if (read.contract) contracts.push(read.contract);
    diagnostics.push(...read.diagnostics);
  }
  return { contracts, diagnostics };
}
