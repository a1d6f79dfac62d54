import type { Catalog } from '../catalog/catalog-types.js';

/** The global the site's scripts read the catalog from. */
export const CATALOG_GLOBAL = 'MESH_CATALOG';

/**
 * The catalog as a script that assigns a global: pages opened from file:// cannot fetch JSON.
 * `<`, `>`, `&` and the JavaScript line terminators are escaped so that no text from the project
 * can end the script or be read as markup, wherever the script is placed.
 */
export function catalogScript(catalog: Catalog): string {
  return scriptAssigning(CATALOG_GLOBAL, catalog);
}

/**
 * `window.<name> = JSON.parse('…');` with the escapes described above. A JSON string parses several
 * times faster than the same data as an object literal, which counts for a 500-model catalog.
 */
export function scriptAssigning(name: string, value: unknown): string {
  // Single quotes: JSON is full of double quotes, which would each need a backslash.
  const literal = JSON.stringify(value)
    .replace(/[\\']/g, (c) => `\\${c}`)
    .replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `window.${name} = JSON.parse('${literal}');\n`;
}

/** Text for an HTML text node or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
