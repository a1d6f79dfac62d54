import type { Dialect } from '../adapters/dialect.js';
import type { ContractDefinition, ContractObject } from '../contracts/contract-definition.js';
import { columnTransform, type ColumnTransform } from '../contracts/governance/column-transform.js';
import { engineType } from '../contracts/logical-types.js';
import type { ProjectDefinition } from '../parse/definitions.js';
import type { CompiledNode, MappedSql } from './compiled-node.js';
import type { ContractView, Referable } from './model-hooks.js';

/** A contract view to build: which contract and table it publishes, over which model. */
export interface PlannedContractView extends ContractView {
  readonly contract: ContractDefinition;
  readonly object: ContractObject;
  readonly domain: string;
  readonly name: string;
  readonly schema: string;
  readonly backing: Referable;
}

/**
 * A contract's public interface: per built schema object and major version, a view in the domain's
 * own schema, named `<product>_v<major>` (`<product>_<object>_v<major>` when a contract publishes
 * several tables). Known before any model renders, so that consumers can read it.
 */
export function planContractViews(project: ProjectDefinition, dialect: Dialect, findBacking: (domain: string, name: string) => Referable | undefined): PlannedContractView[] {
  const views: PlannedContractView[] = [];
  const seen = new Set<string>();
  for (const contract of project.contracts) {
    const domain = contract.domain;
    if (!domain) continue;
    const built = contract.schema.filter((o) => o.built && o.model && o.properties.length > 0);
    for (const object of built) {
      const backing = findBacking(domain, object.model!.name);
      if (!backing) continue; // reported by checkContractModels
      const several = built.length > 1;
      const name = `${contract.product}${several ? `_${object.name}` : ''}_v${contract.version.major}`;
      if (seen.has(`${domain}.${name}`)) continue; // two files publishing one view: reported by checkContractModels
      seen.add(`${domain}.${name}`);
      const schema = dialect.schemaName(domain);
      views.push({
        id: `contract.${domain}.${name}`,
        key: `${domain}.${contract.product}${several ? `_${object.name}` : ''}`,
        major: contract.version.major,
        relation: dialect.relation(schema, name),
        backingId: backing.id,
        ...deprecation(contract),
        contract,
        object,
        domain,
        name,
        schema,
        backing,
      });
    }
  }
  return views;
}

/** Views of imported contracts: where the producer publishes them, on the target being compiled. */
export function importedContractViews(project: ProjectDefinition, dialect: Dialect, target: string): ContractView[] {
  return project.imported.flatMap(({ contract, locations }) => {
    if (!contract.domain) return [];
    const location = locations[target];
    return [
      {
        id: `import.${contract.domain}.${contract.product}_v${contract.version.major}`,
        key: `${contract.domain}.${contract.product}`,
        major: contract.version.major,
        relation: location ? location.split('.').map((part) => dialect.quoteIdentifier(part)).join('.') : '',
        backingId: '',
        external: true,
        ...deprecation(contract),
      },
    ];
  });
}

/**
 * `status: deprecated` (ODCS), with optional `customProperties` `sunset` (a date) and `replacedBy`
 * (what consumers should read instead, e.g. `{{contract "checkout.orders" version=2}}`).
 */
function deprecation(contract: ContractDefinition): { deprecation?: { sunset?: string; replacement?: string } } {
  const custom = (name: string): string | undefined => {
    const value = contract.customProperties.find((p) => p.property === name)?.value;
    return value === undefined || value === null ? undefined : String(value);
  };
  const sunset = custom('sunset');
  if (contract.status !== 'deprecated' && !sunset) return {};
  const replacement = custom('replacedBy');
  return { deprecation: { ...(sunset ? { sunset } : {}), ...(replacement ? { replacement } : {}) } };
}

/**
 * A hashed or masked column as the view publishes it: the hex MD5 of the value as text (NULL stays
 * NULL), or a fixed mask. Either is text, whatever the backing column's type.
 */
export function transformedColumn(column: string, transform: ColumnTransform, dialect: Dialect): string {
  if (transform === 'mask') return "'***'";
  return dialect.md5Hex(column);
}

/**
 * The view's SELECT: exactly the contracted columns, in contract order, cast to the contracted types;
 * a column with a `transform` (hash, mask) is published transformed instead.
 */
export function compileContractView(
  view: PlannedContractView,
  dialect: Dialect,
  mapping?: { sql: MappedSql; dependsOn: readonly { id: string; line: number }[]; file: string },
): CompiledNode {
  const { contract, object } = view;
  const columns = object.properties.map((p) => {
    const column = dialect.quoteIdentifier(p.name);
    const transform = columnTransform(p);
    if (transform) return `${transformedColumn(column, transform, dialect)} AS ${column}`;
    const type = engineType(p, dialect.engine);
    return type ? `${dialect.convert(column, type)} AS ${column}` : column;
  });
  const head = `SELECT\n  ${columns.join(',\n  ')}\nFROM `;
  // An engine error on a column's line points at the column in the contract; the rest at the schema object.
  const headLines = [object.line, ...object.properties.map((p) => p.line), object.model?.line ?? object.line];
  // With a mapping (contracts/<stem>.sql), the view casts what the mapping selects; its lines point into the mapping.
  const sql = mapping ? `${head}(\n${mapping.sql.sql}\n) AS mapped` : `${head}${view.backing.reference}`;
  const lines = mapping ? [...headLines, ...mapping.sql.lines, 0] : headLines;
  const files = mapping ? [...headLines.map(() => undefined), ...mapping.sql.lines.map((_, i) => mapping.sql.files?.[i] ?? mapping.file), undefined] : undefined;
  return {
    id: view.id,
    kind: 'contract',
    name: view.name,
    domain: view.domain,
    stage: 'contracts',
    file: contract.file,
    line: object.line,
    checksum: contract.checksum,
    materialized: 'view',
    schema: view.schema,
    identifier: view.name,
    relation: view.relation,
    select: { sql, lines, ...(files ? { files } : {}) },
    dependsOn: mapping ? mapping.dependsOn : [{ id: view.backing.id, line: object.model!.line }],
    ...(mapping ? { mapping: mapping.sql } : {}),
    tags: contract.tags,
    ...(contract.description?.purpose ? { description: contract.description.purpose } : {}),
    contract: { id: contract.id, product: contract.product, version: contract.version.text, object: object.name },
    contractObject: object,
    contractDefinition: contract,
  };
}
