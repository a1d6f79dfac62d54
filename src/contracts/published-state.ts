import { EngineError, type Adapter } from '../adapters/adapter.js';
import type { ContractDefinition } from './contract-definition.js';

/** The contracts as last published on this target, by `domain.product`. */
export async function readPublishedState(adapter: Adapter, relation: string | undefined): Promise<Map<string, ContractDefinition[]>> {
  const published = new Map<string, ContractDefinition[]>();
  if (!relation) return published;
  for (const text of await adapter.queryValues(`SELECT definition FROM ${relation}`)) {
    const contract = definitionOf(text, relation);
    const key = `${contract.domain}.${contract.product}`;
    published.set(key, [...(published.get(key) ?? []), contract]);
  }
  return published;
}

/** A row's definition as meshwork wrote it; a row changed by hand is the warehouse's problem, reported as the engine's. */
function definitionOf(text: string, relation: string): ContractDefinition {
  try {
    const contract = JSON.parse(text) as ContractDefinition;
    if (typeof contract === 'object' && contract !== null && typeof contract.domain === 'string' && typeof contract.product === 'string') return contract;
  } catch {
    // Not JSON: reported below.
  }
  throw new EngineError(`a row of ${relation} holds no contract definition meshwork wrote (${JSON.stringify(text.slice(0, 40))}); delete that row or restore it`, 0);
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
