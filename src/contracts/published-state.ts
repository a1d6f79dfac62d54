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

