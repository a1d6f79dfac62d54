import type { Adapter } from '../adapters/adapter.js';
import type { CompiledProject } from '../compile/compiled-node.js';
import { engineType } from '../contracts/logical-types.js';
import type { SourceDefinition } from '../parse/definitions.js';
import { localSourceStamps } from '../state/local-source-stamps.js';
import { describeQuery } from './duckdb-parse.js';
import type { DatasetId, DatasetLineage } from './lineage-types.js';

/** A dataset lineage starts from, and the relation text DuckDB SQL names it by. */
export interface LeafDataset {
  readonly lineage: DatasetLineage;
  /** Relation texts that read it (the source's location), for matching FROM clauses. */
  readonly relations: readonly string[];
}

/**
 * A leaf before its columns are known: what its columns depend on (`input`, for the lineage
 * cache: a source's location and file stamp, a seed's SQL and content, an imported contract) and
 * how to read them.
 */
export interface LeafSpec {
  readonly id: DatasetId;
  readonly relations: readonly string[];
  readonly input: string;
  readonly describe: (scratch: Adapter) => Promise<DatasetLineage>;
}

export const sourceId = (source: SourceDefinition): DatasetId => `source.${source.domain}.${source.name}`;

/**
 * Sources, seeds and imported contracts: datasets whose columns have no inputs. Source and seed
 * columns are what DuckDB reads from their files (DESCRIBE, which samples the file); a file that
 * is missing leaves the dataset unresolved, with DuckDB's reason.
 */
export async function leafDatasets(compiled: CompiledProject, scratch: Adapter): Promise<LeafDataset[]> {
  const specs = leafSpecs(compiled);
  // Concurrent: each DESCRIBE samples a file, and the scratch database may have several connections.
  const described = await Promise.all(specs.map((spec) => spec.describe(scratch)));
  return specs.map((spec, i) => ({ lineage: described[i]!, relations: spec.relations }));
}

/** Every leaf of the project, in a stable order: sources, seeds, imported contracts. */
export function leafSpecs(compiled: CompiledProject): LeafSpec[] {
  const stamp = localSourceStamps(compiled.project.config.root, compiled.dialect.engine);
  const sources = compiled.project.domains.flatMap((d) => d.sources).map((source) => sourceSpec(compiled, source, stamp(source)));
  const seeds = [...compiled.nodes.values()]
    .filter((n) => n.kind === 'seed')
    .map(
      (node): LeafSpec => ({
        id: node.id,
        relations: node.relation ? [node.relation] : [],
        // A seed's SQL names its file, not its columns: its content is part of the input.
        input: `seed\n${node.select.sql}\n${node.checksum}`,
        describe: async (scratch) => {
          const described = await describeQuery(scratch, node.select.sql);
          return 'error' in described ? { id: node.id, columns: [], dataset: [], upstream: [], unresolved: `cannot read ${node.file}: ${described.error}` } : { id: node.id, columns: described.columns.map((c) => ({ ...c, inputs: [] })), dataset: [], upstream: [] };
        },
      }),
    );
  return [...sources, ...seeds, ...importedSpecs(compiled)];
}

/**
 * A source's columns come from its file: its stamp (size and time) is the input. A source with no
 * stamp (a URL) is taken as keeping its columns while its location does, as a remote file's schema
 * is read anew only when the location changes.
 */
function sourceSpec(compiled: CompiledProject, source: SourceDefinition, stamp: string | undefined): LeafSpec {
  const relation = compiled.dialect.sourceRelation(source);
  const id = sourceId(source);
  const location = source.locations[compiled.dialect.engine];
  if (!relation || location === undefined) {
    const lineage: DatasetLineage = { id, columns: [], dataset: [], upstream: [], unresolved: `source has no ${compiled.dialect.engine} location` };
    return { id, relations: [], input: 'source\n', describe: () => Promise.resolve(lineage) };
  }
  return {
    id,
    // `FROM 'data/x.csv'` names the file directly.
    relations: [relation, compiled.dialect.quoteIdentifier(location)],
    input: `source\n${relation}\n${stamp ?? ''}`,
    describe: async (scratch) => {
      const described = await describeQuery(scratch, `SELECT * FROM ${relation}`);
      return 'error' in described ? { id, columns: [], dataset: [], upstream: [], unresolved: `cannot read ${location}: ${described.error}` } : { id, columns: described.columns.map((c) => ({ ...c, inputs: [] })), dataset: [], upstream: [] };
    },
  };
}

/** Imported contracts: the columns their contract promises, typed as contracted. */
function importedSpecs(compiled: CompiledProject): LeafSpec[] {
  return compiled.project.imported.flatMap(({ contract, locations }) => {
    if (!contract.domain) return [];
    const id = `import.${contract.domain}.${contract.product}_v${contract.version.major}`;
    const object = contract.schema.find((o) => o.properties.length > 0);
    const location = locations[compiled.target.name];
    const lineage: DatasetLineage = {
      id,
      columns: (object?.properties ?? []).map((p) => {
        const type = engineType(p, compiled.dialect.engine);
        return { name: p.name, ...(type ? { type } : {}), inputs: [] };
      }),
      dataset: [],
      upstream: [],
      ...(object ? {} : { unresolved: 'the imported contract has no schema properties' }),
    };
    return [
      {
        id,
        relations: location ? [location.split('.').map((part) => compiled.dialect.quoteIdentifier(part)).join('.')] : [],
        input: `import\n${JSON.stringify(lineage)}`,
        describe: () => Promise.resolve(lineage),
      },
    ];
  });
}
