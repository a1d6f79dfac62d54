import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { DomainDefinition, ModelDefinition, SingularTestDefinition } from './definitions.js';

export interface CachedParse<T = ModelDefinition | SingularTestDefinition | DomainDefinition | undefined> {
  readonly definition: T;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Parsed model and test files, keyed by what the parse depends on (domain, stage, path, content):
 * an unchanged file is not parsed again, as with dbt's partial parsing. Reading YAML headers is
 * most of the parse stage. Holds plain data only; loading and saving it is the caller's I/O.
 */
export class ParseCache {
  private readonly kept = new Map<string, CachedParse>();
  private added = false;

  constructor(private readonly previous: ReadonlyMap<string, CachedParse> = new Map()) {}

  get<T extends CachedParse['definition']>(key: string, parse: () => CachedParse<T>): CachedParse<T> {
    let entry = this.previous.get(key) as CachedParse<T> | undefined;
    if (!entry) {
      entry = parse();
      this.added = true;
    }
    this.kept.set(key, entry);
    return entry;
  }

  /** Whether saving would change what is on disk: something was parsed anew, or a file went away. */
  get changed(): boolean {
    return this.added || this.kept.size !== this.previous.size;
  }

  /** The entries used by this run (files that went away are dropped). */
  entries(): ReadonlyMap<string, CachedParse> {
    return this.kept;
  }
}

export function parseCacheKey(kind: 'model' | 'test' | 'domain', domain: string, stage: string, path: string, checksum: string): string {
  return `${kind}\u0000${domain}\u0000${stage}\u0000${path}\u0000${checksum}`;
}
