import { stringify } from 'yaml';

/**
 * YAML text of a plain value, for the documents meshwork writes (resolved contracts, ODPS
 * descriptors). Reading user files goes through parse/yaml-file.ts, which keeps lines.
 */
export function yamlText(value: unknown): string {
  // lineWidth 0: long descriptions stay on one line rather than being folded at 80 columns.
  return stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
}
