import type { Adapter } from '../adapters/adapter.js';
import type { ContractDefinition } from './contract-definition.js';

/** The contracts as last published on this target, by `domain.product`. */
export async function readPublishedState(adapter: Adapter, relation: string | undefined): Promise<Map<string, ContractDefinition[]>> {
  const published = new Map<string, ContractDefinition[]>();
  if (!relation) return published;
  for (const text of await adapter.queryValues(`SELECT definition FROM ${relation}`)) {
    const contract = JSON.parse(text) as ContractDefinition;
    const key = `${contract.domain}.${contract.product}`;
    published.set(key, [...(published.get(key) ?? []), contract]);
  }
  return published;
}


/**
 * The published version a contract is classified against: the same major when it was published,
 * else the newest older major (a new major is then allowed to break it).
 */
export function publishedBaseline(contract: ContractDefinition, published: readonly ContractDefinition[]): ContractDefinition | undefined {
  return (
    published.find((p) => p.version.major === contract.version.major) ??
    [...published].sort((a, b) => b.version.major - a.version.major).find((p) => p.version.major < contract.version.major)
  );
}
