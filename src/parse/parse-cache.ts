import type { Memo } from '../cache/memo.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ContractDefinition } from '../contracts/contract-definition.js';
import type { DomainDefinition, GenericTestDefinition, ModelDefinition, SingularTestDefinition } from './definitions.js';
import type { SeedHeader } from './parse-seed.js';
import type { MacroDefinition } from './parse-macro.js';

/**
 * Parsed files, keyed by what the parse depends on (domain, stage, path, content): an unchanged file
 * is not parsed again, as with dbt's partial parsing. Reading YAML (and validating contracts
 * against the ODCS schema) is most of the parse stage.
 */
export interface CachedParse<T = ModelDefinition | SingularTestDefinition | GenericTestDefinition | DomainDefinition | ContractDefinition | SeedHeader | MacroDefinition | undefined> {
  readonly definition: T;
  readonly diagnostics: readonly Diagnostic[];
}

export type ParseCache = Memo<CachedParse>;

export function cacheKey(kind: 'model' | 'test' | 'generic' | 'domain' | 'contract' | 'seed' | 'macro', domain: string, stage: string, path: string, checksum: string): string {
  return `${kind}\u0000${domain}\u0000${stage}\u0000${path}\u0000${checksum}`;
}
