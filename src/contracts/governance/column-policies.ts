import type { ContractDefinition, ContractObject, ContractProperty } from '../contract-definition.js';
import { columnTransform } from './column-transform.js';
import { RESTRICTED_CLASSIFICATIONS } from './policy-catalog.js';
import type { PolicyFinding } from './policy-finding.js';

type Column = { readonly object: ContractObject; readonly property: ContractProperty };

function columns(contract: ContractDefinition): Column[] {
  return contract.schema.flatMap((object) => object.properties.map((property) => ({ object, property })));
}

function where(column: Column): string {
  return `column '${column.object.name}.${column.property.name}'`;
}

/** column-description: every contracted column says what it holds. */
export function columnDescription(contract: ContractDefinition): PolicyFinding[] {
  return columns(contract)
    .filter((c) => !c.property.description?.trim())
    .map((c) => ({
      policy: 'column-description',
      message: `${where(c)} has no description`,
      line: c.property.line,
      hint: 'add description: saying what the column holds, its unit and when it is NULL',
    }));
}

/** personal-data-classified: a column whose name looks personal carries a `classification`. */
export function personalDataClassified(contract: ContractDefinition, patterns: readonly string[]): PolicyFinding[] {
  const compiled = patterns.map((p) => new RegExp(p, 'i'));
  return columns(contract).flatMap((c) => {
    if (c.property.classification?.trim()) return [];
    const match = compiled.find((re) => re.test(c.property.name));
    if (!match) return [];
    return [
      {
        policy: 'personal-data-classified' as const,
        message: `${where(c)} looks like personal data (matches /${match.source}/) but has no classification`,
        line: c.property.line,
        hint: 'add classification: pii (or restricted, confidential, public: what your governance uses)',
      },
    ];
  });
}

/** restricted-columns-masked: a restricted or PII column is published only hashed or masked. */
export function restrictedColumnsMasked(contract: ContractDefinition): PolicyFinding[] {
  return columns(contract).flatMap((c) => {
    const classification = c.property.classification?.toLowerCase();
    if (!c.object.built || !classification || !RESTRICTED_CLASSIFICATIONS.includes(classification)) return [];
    if (columnTransform(c.property)) return [];
    return [
      {
        policy: 'restricted-columns-masked' as const,
        message: `${where(c)} is classified '${c.property.classification}' and would be published in clear in the contract view`,
        line: c.property.line,
        hint: 'add customProperties: [{ property: transform, value: hash }] (or value: mask) to the column, or remove it from the contract',
      },
    ];
  });
}
