import { MESHWORK_VERSION } from '../artifacts/artifact-metadata.js';
import type { Facet } from './openlineage-types.js';

/** Who wrote the events: meshwork, at its version. */
export const PRODUCER = `https://www.npmjs.com/package/meshwork/v/${MESHWORK_VERSION}`;
export const EVENT_SCHEMA_URL = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';

/**
 * Each facet meshwork writes → its spec file's version and definition (a copy of each file is in
 * test/fixtures/openlineage-schemas/facets). Job and dataset facets share two names (ownership,
 * documentation): the job's are told apart here by a `job` prefix.
 */
const FACET_SPECS = {
  parent: ['1-2-0', 'ParentRunFacet'],
  errorMessage: ['1-0-1', 'ErrorMessageRunFacet'],
  jobType: ['2-0-4', 'JobTypeJobFacet'],
  sql: ['1-1-0', 'SQLJobFacet'],
  sourceCodeLocation: ['1-1-0', 'SourceCodeLocationJobFacet'],
  jobOwnership: ['1-0-1', 'OwnershipJobFacet'],
  jobDocumentation: ['1-1-0', 'DocumentationJobFacet'],
  schema: ['1-2-0', 'SchemaDatasetFacet'],
  columnLineage: ['1-2-0', 'ColumnLineageDatasetFacet'],
  dataSource: ['1-0-1', 'DatasourceDatasetFacet'],
  documentation: ['1-1-0', 'DocumentationDatasetFacet'],
  ownership: ['1-0-1', 'OwnershipDatasetFacet'],
  outputStatistics: ['1-0-2', 'OutputStatisticsOutputDatasetFacet'],
  dataQualityAssertions: ['1-1-0', 'DataQualityAssertionsDatasetFacet'],
} as const;

export type FacetKind = keyof typeof FACET_SPECS;

/** A facet's fields with the `_producer` and `_schemaURL` every facet carries. */
export function facet(kind: FacetKind, fields: Readonly<Record<string, unknown>>): Facet {
  const [version, name] = FACET_SPECS[kind];
  return { _producer: PRODUCER, _schemaURL: `https://openlineage.io/spec/facets/${version}/${name}.json#/$defs/${name}`, ...fields };
}
