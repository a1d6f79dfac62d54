import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { MODEL_PROPERTY, type ContractDraft } from './build-definition.js';
import type { ContractObject, QualityRule } from './contract-definition.js';
import { freshnessSlas } from './freshness.js';
import { showPath, valueAt, type DocumentPath } from './document-path.js';

/** Where a check reports: the file, its lines, and the document as written. */
export interface CheckSource {
  readonly file: string;
  /** The file name without `.odcs.yaml`. */
  readonly stem: string;
  readonly document: unknown;
  readonly lineOf: (path: DocumentPath) => number;
}

/** Server types meshwork builds on; any other server is documentation to it. */
const ENGINE_SERVERS: readonly string[] = ['duckdb', 'bigquery'];
/** A product name becomes part of view names (`orders_v1`) and of `{{contract "domain.product"}}`. */
const PRODUCT_NAME = /^[a-z][a-z0-9_]*$/;

/**
 * meshwork's own checks of a contract, beyond the ODCS schema: what a contract view needs (unique
 * names, a logical type per column) and a plain statement of what meshwork will not build.
 */
export function checkContract(draft: ContractDraft, source: CheckSource): Diagnostic[] {
  const found: Diagnostic[] = [];
  const { file, lineOf } = source;
  if (draft.schema.length === 0) {
    found.push(
      warning('MESH208', 'the contract has no schema objects: meshwork builds no contract view for it', {
        file,
        line: lineOf(['schema']),
        hint: 'describe the published tables under schema: to have them built and checked',
      }),
    );
  }
  draft.servers.forEach((server, i) => {
    if (ENGINE_SERVERS.includes(server.type.toLowerCase()) || server.type === '') return;
    found.push(
      warning('MESH208', `server '${server.server}' (servers[${i}]) has type ${server.type}: meshwork builds contract views on its DuckDB and BigQuery targets only, and does nothing on this server`, {
        file,
        line: server.line,
        hint: 'nothing to do if the contract only documents where the data also lives',
      }),
    );
  });
  for (const { sla, why } of freshnessSlas(draft).problems) {
    found.push(
      warning('MESH208', `the ${sla.property} SLA is not audited: ${why}`, {
        file,
        line: sla.line,
        hint: 'write e.g. { property: latency, value: 1, unit: d, element: <table>.<timestamp column> } to have builds check freshness',
      }),
    );
  }
  const objectNames = new Map<string, number>();
  draft.schema.forEach((object, i) => {
    const path = ['schema', i];
    duplicate(objectNames, object.name, i, (first) =>
      found.push(
        error('MESH205', `schema object '${object.name}' (${showPath(path)}) has the name of schema[${first}]`, {
          file,
          line: object.line,
          hint: 'give each schema object its own name: each becomes its own contract view',
        }),
      ),
    );
    if (!object.built) {
      found.push(
        warning('MESH208', `${describe(object, i)} is a ${object.physicalType} (physicalType: ${object.physicalType}): meshwork builds contract views for tables and views only, so this ${object.physicalType} is not built`, {
          file,
          line: object.line,
          hint: 'nothing to do if another system produces it; meshwork builds and checks only tables and views',
        }),
      );
      return;
    }
    found.push(...checkColumns(object, i, source), ...unrunRules(object.quality, [...path, 'quality'], source));
    object.properties.forEach((p, j) => found.push(...unrunRules(p.quality, [...path, 'properties', j, 'quality'], source)));
  });
  return found;
}

function checkColumns(object: ContractObject, i: number, source: CheckSource): Diagnostic[] {
  const found: Diagnostic[] = [];
  const { file, lineOf } = source;
  if (object.properties.length === 0) {
    found.push(
      error('MESH206', `${describe(object, i)} has no properties: a contract view needs at least one column`, {
        file,
        line: object.line,
        hint: 'list its columns under properties:, each with name and logicalType',
      }),
    );
  }
  const names = new Map<string, number>();
  object.properties.forEach((property, j) => {
    const path = ['schema', i, 'properties', j];
    duplicate(names, property.name, j, (first) =>
      found.push(
        error('MESH205', `property '${property.name}' (${showPath(path)}) appears twice in schema object '${object.name}': it is also schema[${i}].properties[${first}]`, {
          file,
          line: property.line,
          hint: 'column names are unique within an object, whatever their case: rename or remove one',
        }),
      ),
    );
    // A logicalType of the wrong kind is the schema's complaint; this one is about a missing one.
    if (valueAt(source.document, [...path, 'logicalType']) === undefined) {
      found.push(
        error('MESH206', `property '${property.name}' (${showPath(path)}) has no logicalType: meshwork casts each contract column to its logical type`, {
          file,
          line: lineOf([...path, 'name']),
          hint: 'add logicalType: one of string, date, timestamp, time, number, integer, object, array, boolean',
        }),
      );
    }
  });
  return found;
}

/** Custom rules are another tool's (Soda, Great Expectations): meshwork runs library and sql rules. */
function unrunRules(rules: readonly QualityRule[], path: DocumentPath, source: CheckSource): Diagnostic[] {
  return rules.flatMap((rule, k) => {
    if (rule.type !== 'custom') return [];
    const engine = typeof rule.spec.engine === 'string' ? ` (engine: ${rule.spec.engine})` : '';
    return [
      warning('MESH208', `${showPath([...path, k])} is a custom rule${engine}: meshwork runs library and sql rules only, so it does not check this one`, {
        file: source.file,
        line: rule.line,
        hint: 'write it as a library rule (metric: …) or a sql rule (query: …) to have meshwork check it',
      }),
    ];
  });
}

/**
 * Checks that hold only inside a project: the contract's domain is its folder's, its product is
 * its file name, and every object meshwork builds names the model behind it.
 */
export function checkInDomain(draft: ContractDraft, domain: string, source: CheckSource): Diagnostic[] {
  const found: Diagnostic[] = [];
  const { file, lineOf, stem } = source;
  if (draft.domain !== undefined && draft.domain !== domain) {
    found.push(
      error('MESH203', `domain '${draft.domain}' differs from the domain folder the contract is in ('${domain}')`, {
        file,
        line: lineOf(['domain']),
        hint: `write domain: ${domain}, or leave domain out (it is taken from the folder); if the contract belongs to '${draft.domain}', move it to domains/${draft.domain}/contracts/`,
      }),
    );
  }
  const key = draft.dataProduct !== undefined ? 'dataProduct' : draft.name !== undefined ? 'name' : undefined;
  if (key && draft.product !== stem) {
    found.push(
      error('MESH204', `${key} '${draft.product}' differs from the file name '${stem}.odcs.yaml': the contract's views are named after its product`, {
        file,
        line: lineOf([key]),
        hint: `rename the file ${draft.product}.odcs.yaml, or write ${key}: ${stem}`,
      }),
    );
  } else if (!PRODUCT_NAME.test(stem)) {
    found.push(
      error('MESH204', `'${stem}' is not a valid product name: it names the contract's views (${stem}_v1)`, {
        file,
        line: 1,
        hint: 'name the file with lower-case letters, digits and _ (e.g. orders.odcs.yaml)',
      }),
    );
  }
  draft.schema.forEach((object, i) => {
    if (!object.built || object.customProperties.some((c) => c.property === MODEL_PROPERTY)) return;
    found.push(
      error('MESH207', `${describe(object, i)} names no backing model: meshwork does not know which model its contract view reads`, {
        file,
        line: object.line,
        hint: `add to it: customProperties: [{ property: model, value: cleaned.orders }], naming a model of domain '${domain}'`,
      }),
    );
  });
  return found;
}

function describe(object: ContractObject, i: number): string {
  return `schema object '${object.name}' (schema[${i}])`;
}

/** Calls `report` with the first index when `name` was seen before (names compare without case, as SQL does). */
function duplicate(seen: Map<string, number>, name: string, index: number, report: (first: number) => void): void {
  if (name === '') return;
  const first = seen.get(name.toLowerCase());
  if (first === undefined) seen.set(name.toLowerCase(), index);
  else report(first);
}
