import type { ContractDefinition, ContractObject } from '../contracts/contract-definition.js';
import type { Dialect } from '../adapters/dialect.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { MeshGraph } from '../graph/mesh-graph.js';
import type { Materialization, ModelConfig, ProjectDefinition, Severity, Stage, TargetConfig } from '../parse/definitions.js';

export type NodeKind = 'model' | 'seed' | 'test' | 'contract';

/** Per line of some SQL, where it came from in the user's files. */
export interface LineMap {
  /** `lines[i]`: the line of line i+1 in its file (0: written by meshwork). */
  readonly lines: readonly number[];
  /** `files[i]`: the file of line i+1 when it is not the node's own (an ephemeral model inlined as a CTE, a contract mapping). */
  readonly files?: readonly (string | undefined)[];
}

/** SQL with, per line, the line of the user's file it came from. */
export interface MappedSql extends LineMap {
  readonly sql: string;
}

export interface TestInfo {
  readonly severity: Severity;
  /** A builtin's name, a generic test's, or singular */
  readonly kind: string;
  readonly column?: string;
  /** The models and seeds the test reads. */
  readonly attachedTo: readonly string[];
  /** `store_failures`: the table its failing rows are kept in, replaced each time it runs. */
  readonly storeFailures?: { readonly schema: string; readonly identifier: string; readonly relation: string };
}

/** One node as the compile stage leaves it: resolved dependencies and SQL for one target. */
export interface CompiledNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly name: string;
  readonly domain: string;
  readonly stage: Stage | 'seeds' | 'tests' | 'contracts';
  readonly file: string;
  /** Line of the definition in `file` (column tests: the test's line in the header). */
  readonly line: number;
  readonly checksum: string;
  readonly materialized: Materialization | 'seed' | 'test';
  /** Engine schema and name of the relation built; absent for tests and ephemeral models. */
  readonly schema?: string;
  readonly identifier?: string;
  readonly relation?: string;
  /** The SELECT, rendered for a first build (`is_incremental` false). */
  readonly select: MappedSql;
  /** Incremental models: the SELECT rendered with `is_incremental` true. */
  readonly incrementalSelect?: MappedSql;
  readonly dependsOn: readonly { readonly id: string; readonly line?: number }[];
  /** The sources (`domain.name`) the node's own SQL reads; an inlined ephemeral's are its own node's. */
  readonly sources?: readonly string[];
  readonly tags: readonly string[];
  readonly description?: string;
  readonly config?: ModelConfig;
  readonly test?: TestInfo;
  /** Contract views: which contract, version and schema object they publish. */
  readonly contract?: { readonly id: string; readonly product: string; readonly version: string; readonly object: string };
  /** Contract views: the schema object they publish (its columns and rules drive the audits). */
  readonly contractObject?: ContractObject;
  /** Contract views filled by a `contracts/<stem>.sql` mapping: the mapping's SELECT. */
  readonly mapping?: MappedSql;
  /** Contract views: the whole contract, recorded as the published state when the view is published. */
  readonly contractDefinition?: ContractDefinition;
}

export interface CompiledProject {
  readonly project: ProjectDefinition;
  readonly target: TargetConfig;
  readonly dialect: Dialect;
  readonly nodes: ReadonlyMap<string, CompiledNode>;
  readonly graph: MeshGraph;
  readonly diagnostics: readonly Diagnostic[];
}
