import type { ContractProperty, CustomProperty } from '../contract-definition.js';

export const COLUMN_TRANSFORMS = ['hash', 'mask'] as const;
export type ColumnTransform = (typeof COLUMN_TRANSFORMS)[number];

/** The column's `customProperties` entry `property: transform`, as written (the first, when repeated). */
export function transformEntry(property: ContractProperty): CustomProperty | undefined {
  return property.customProperties.find((c) => c.property === 'transform');
}

/** How the contract view publishes the column: hashed, masked, or (undefined) as it is. */
export function columnTransform(property: ContractProperty): ColumnTransform | undefined {
  const value = transformEntry(property)?.value;
  return typeof value === 'string' && (COLUMN_TRANSFORMS as readonly string[]).includes(value) ? (value as ColumnTransform) : undefined;
}
