import type { Adapter } from '../adapters/adapter.js';
import type { CompiledProject } from '../compile/compiled-node.js';
import { engineType } from '../contracts/logical-types.js';
import type { SourceDefinition } from '../parse/definitions.js';
import { describeQuery } from './duckdb-parse.js';
import type { DatasetId, DatasetLineage } from './lineage-types.js';

/** A dataset lineage starts from, and the relation text DuckDB SQL names it by. */
export interface LeafDataset {
  readonly lineage: DatasetLineage;
  /** Relation texts that read it (the source's location), for matching FROM clauses. */
  readonly relations: readonly string[];
}

export const sourceId = (source: SourceDefinition): DatasetId => `source.${source.domain}.${source.name}`;

/**
 * Sources, seeds and imported contracts: datasets whose columns have no inputs. Source and seed
 * columns are what DuckDB reads from their files (DESCRIBE, which samples the file); a file that
 * is missing leaves the dataset unresolved, with DuckDB's reason.
 */
export async function leafDatasets(compiled: CompiledProject, scratch: Adapter): Promise<LeafDataset[]> {
  const sources = compiled.project.domains.flatMap((d) => d.sources);
  const seeds = [...compiled.nodes.values()].filter((n) => n.kind === 'seed');
  // Concurrent: each DESCRIBE samples a file, and the scratch database may have several connections.
  const [fromSources, fromSeeds] = await Promise.all([
    Promise.all(sources.map((source) => sourceDataset(compiled, scratch, source))),
    Promise.all(
      seeds.map(async (node): Promise<LeafDataset> => {
        const described = await describeQuery(scratch, node.select.sql);
        return {
          lineage: 'error' in described ? { id: node.id, columns: [], dataset: [], upstream: [], unresolved: `cannot read ${node.file}: ${described.error}` } : { id: node.id, columns: described.columns.map((c) => ({ ...c, inputs: [] })), dataset: [], upstream: [] },
          relations: node.relation ? [node.relation] : [],
        };
      }),
    ),
  ]);
  return [...fromSources, ...fromSeeds, ...importedDatasets(compiled)];
}

async function sourceDataset(compiled: CompiledProject, scratch: Adapter, source: SourceDefinition): Promise<LeafDataset> {
  const relation = compiled.dialect.sourceRelation(source);
  const id = sourceId(source);
  if (!relation) return { lineage: { id, columns: [], dataset: [], upstream: [], unresolved: `source has no ${compiled.dialect.engine} location` }, relations: [] };
  const described = await describeQuery(scratch, `SELECT * FROM ${relation}`);
  const location = source.locations[compiled.dialect.engine]!;
  return {
    lineage: 'error' in described ? { id, columns: [], dataset: [], upstream: [], unresolved: `cannot read ${location}: ${described.error}` } : { id, columns: described.columns.map((c) => ({ ...c, inputs: [] })), dataset: [], upstream: [] },
    // `FROM 'data/x.csv'` names the file directly.
    relations: [relation, compiled.dialect.quoteIdentifier(location)],
  };
}

/** Imported contracts: the columns their contract promises, typed as contracted. */
function importedDatasets(compiled: CompiledProject): LeafDataset[] {
  return compiled.project.imported.flatMap(({ contract, locations }) => {
    if (!contract.domain) return [];
    const id = `import.${contract.domain}.${contract.product}_v${contract.version.major}`;
    const object = contract.schema.find((o) => o.properties.length > 0);
    const location = locations[compiled.target.name];
    return [
      {
        lineage: {
          id,
          columns: (object?.properties ?? []).map((p) => {
            const type = engineType(p, compiled.dialect.engine);
            return { name: p.name, ...(type ? { type } : {}), inputs: [] };
          }),
          dataset: [],
          upstream: [],
          ...(object ? {} : { unresolved: 'the imported contract has no schema properties' }),
        },
        relations: location ? [location.split('.').map((part) => compiled.dialect.quoteIdentifier(part)).join('.')] : [],
      },
    ];
  });
}
