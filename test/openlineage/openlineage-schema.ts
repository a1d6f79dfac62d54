import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';

/**
 * The official OpenLineage 2-0-2 schema and its facet schemas (draft 2020-12), copied into the repo
 * so that the tests run from any clone; openlineage-schemas.test.ts keeps the copy equal to
 * ../shared/schemas/openlineage when that folder is there.
 */
export const SCHEMAS = new URL('../fixtures/openlineage-schemas/', import.meta.url);

interface SchemaFile {
  readonly $id: string;
  readonly $defs: Record<string, { allOf?: { $ref?: string }[] }>;
  readonly properties: Record<string, unknown>;
}

const read = (url: URL): SchemaFile => JSON.parse(readFileSync(url, 'utf8')) as SchemaFile;
const core = read(new URL('OpenLineage.json', SCHEMAS));
const facetFiles = readdirSync(new URL('facets/', SCHEMAS)).filter((f) => f.endsWith('.json')).map((f) => read(new URL(`facets/${f}`, SCHEMAS)));

// The facet schemas $ref the core schema by its $id: all of them live in one instance.
const ajv = new Ajv2020({ allErrors: true, strict: false });
ajvFormats.default(ajv);
ajv.addSchema(core as object);
for (const file of facetFiles) ajv.addSchema(file as object);
const checkEvent = ajv.getSchema(core.$id)!;
// The root accepts any of three event kinds: meshwork writes RunEvents only.
const checkRunEvent = ajv.getSchema(`${core.$id}#/$defs/RunEvent`)!;

/** Where a facet may sit: the base each facet schema extends. */
const CONTAINERS = {
  run: 'RunFacet',
  job: 'JobFacet',
  dataset: 'DatasetFacet',
  input: 'InputDatasetFacet',
  output: 'OutputDatasetFacet',
} as const;
type Container = keyof typeof CONTAINERS;

/**
 * OpenLineage issue #1876: dataQualityAssertions extends InputDatasetFacet by mistake; it describes
 * any dataset, and meshwork puts contract audits on the view a contract step writes.
 */
const ALSO_ALLOWED: Readonly<Record<string, readonly Container[]>> = { dataQualityAssertions: ['output'] };

/** Every complaint about one event: the event against the core schema, each facet against its own file. */
export function eventProblems(event: unknown): string[] {
  const problems: string[] = [];
  if (!checkEvent(event)) problems.push(...(checkEvent.errors ?? []).map((e) => `event${e.instancePath}: ${e.message}`));
  if (!checkRunEvent(event)) problems.push(...(checkRunEvent.errors ?? []).map((e) => `RunEvent${e.instancePath}: ${e.message}`));
  const e = event as {
    run?: { facets?: object };
    job?: { facets?: object };
    inputs?: { name: string; facets?: object; inputFacets?: object }[];
    outputs?: { name: string; facets?: object; outputFacets?: object }[];
  };
  const check = (where: string, container: Container, facets: object | undefined): void => {
    for (const [key, facet] of Object.entries(facets ?? {})) problems.push(...facetProblems(`${where}.${key}`, container, key, facet));
  };
  check('run.facets', 'run', e.run?.facets);
  check('job.facets', 'job', e.job?.facets);
  for (const input of e.inputs ?? []) {
    check(`inputs[${input.name}].facets`, 'dataset', input.facets);
    check(`inputs[${input.name}].inputFacets`, 'input', input.inputFacets);
  }
  for (const output of e.outputs ?? []) {
    check(`outputs[${output.name}].facets`, 'dataset', output.facets);
    check(`outputs[${output.name}].outputFacets`, 'output', output.outputFacets);
  }
  return problems;
}

function facetProblems(where: string, container: Container, key: string, facet: unknown): string[] {
  const url = (facet as { _schemaURL?: unknown })._schemaURL;
  if (typeof url !== 'string') return [`${where}: no _schemaURL`];
  const [id, pointer] = url.split('#');
  const file = facetFiles.find((f) => f.$id === id);
  if (!file) return [`${where}: no facet schema with $id ${id}`];
  if (!(key in file.properties)) return [`${where}: ${id} defines facet ${Object.keys(file.properties).join(', ')}, not ${key}`];
  const name = pointer?.replace(/^\/\$defs\//, '') ?? '';
  const base = file.$defs[name]?.allOf?.[0]?.$ref?.split('/').pop();
  const problems: string[] = [];
  if (base !== CONTAINERS[container] && !ALSO_ALLOWED[key]?.includes(container)) problems.push(`${where}: a ${base} where a ${CONTAINERS[container]} belongs`);
  const validate = ajv.getSchema(url);
  if (!validate) return [...problems, `${where}: ${url} resolves to no schema`];
  if (!validate(facet)) problems.push(...(validate.errors ?? []).map((e) => `${where}${e.instancePath}: ${e.message}`));
  return problems;
}
