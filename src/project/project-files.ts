import type { Stage } from '../parse/definitions.js';

/** A file of the user's project: `path` is relative to the project root (for messages). */
export interface SourceFile {
  readonly path: string;
  readonly absolute: string;
  readonly text: string;
  /** Set when the file is not UTF-8 (reported as MESH105): `text` is empty and the file is not parsed. */
  readonly undecodable?: true;
}

export interface DomainFiles {
  /** The folder name; domain.yaml's `name` must equal it. */
  readonly folder: string;
  readonly dir: string;
  readonly domainFile?: SourceFile;
  /** There is a domain.yaml, but it cannot be read (already reported as MESH100). */
  readonly domainFileUnreadable?: boolean;
  readonly models: readonly { readonly stage: Stage; readonly file: SourceFile }[];
  readonly seeds: readonly SourceFile[];
  readonly tests: readonly SourceFile[];
  /** `tests/generic/*.sql`: the domain's generic tests (they shadow the project's of the same name). */
  readonly genericTests?: readonly SourceFile[];
  /** `contracts/*.odcs.yaml` data contracts and their optional `contracts/*.sql` mappings. */
  readonly contracts: readonly SourceFile[];
  /** `macros/*.sql` and `macros/<engine>/*.sql` of the domain. */
  readonly macros?: readonly SourceFile[];
}

export interface ProjectFiles {
  readonly root: string;
  readonly configFile?: SourceFile;
  readonly domains: readonly DomainFiles[];
  /** Template overrides: `<engine>/<kind>/<name>.sql` relative to `<root>/templates`. */
  readonly templates: ReadonlyMap<string, SourceFile>;
  /** The project's `macros/*.sql` and `macros/<engine>/*.sql`. */
  readonly macros?: readonly SourceFile[];
  /** `tests/generic/*.sql` at the project's root: generic tests every domain can use. */
  readonly genericTests?: readonly SourceFile[];
  /** Imported contract files (mesh.yaml `imports:`), by the path written there; missing files are absent. */
  readonly imports: ReadonlyMap<string, SourceFile>;
}
