import { error, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ContractDefinition } from '../contract-definition.js';
import { COLUMN_TRANSFORMS, columnTransform, transformEntry } from './column-transform.js';

/**
 * A column's `transform` entry must be one meshwork applies, on a column the contract declares as
 * a string: the view publishes a hash or a mask, which is text whatever the backing column is.
 */
export function checkColumnTransforms(contract: ContractDefinition): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const object of contract.schema) {
    for (const property of object.properties) {
      const entry = transformEntry(property);
      if (!entry) continue;
      const transform = columnTransform(property);
      const column = `column '${object.name}.${property.name}'`;
      if (!transform) {
        diagnostics.push(
          error('MESH227', `${column} has transform ${JSON.stringify(entry.value)}, which meshwork does not apply`, {
            file: contract.file,
            line: entry.line,
            hint: `use value: ${COLUMN_TRANSFORMS.join(' or value: ')}`,
          }),
        );
      } else if (property.logicalType && property.logicalType !== 'string') {
        diagnostics.push(
          error('MESH227', `${column} is published with transform ${transform}, which gives text, but its logicalType is ${property.logicalType}`, {
            file: contract.file,
            line: property.line,
            hint: 'declare logicalType: string for a hashed or masked column',
          }),
        );
      }
    }
  }
  return diagnostics;
}
