/** A place inside a contract document: mapping keys and list indexes, as `YamlFile.lineOf` takes them. */
export type DocumentPath = readonly (string | number)[];

/** `schema[0].properties[2].logicalType`: the form people search a contract for. */
export function showPath(path: DocumentPath): string {
  let shown = '';
  for (const segment of path) {
    if (typeof segment === 'number') shown += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) shown += shown === '' ? segment : `.${segment}`;
    else shown += `[${JSON.stringify(segment)}]`;
  }
  return shown;
}

/**
 * A JSON Pointer (`/schema/0/properties/2`) as a path; a segment is a list index only where the
 * document holds a list, so that a key such as `"0"` in a mapping stays a key.
 */
export function pointerToPath(pointer: string, document: unknown): DocumentPath {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let node: unknown = document;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment = Array.isArray(node) && /^\d+$/.test(key) ? Number(key) : key;
    path.push(segment);
    node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[segment] : undefined;
  }
  return path;
}

/** The value at `path`, or undefined. */
export function valueAt(document: unknown, path: DocumentPath): unknown {
  let node = document;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

export function samePath(a: DocumentPath, b: DocumentPath): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** `inner` is `outer` or lies inside it. */
export function isWithin(inner: DocumentPath, outer: DocumentPath): boolean {
  return inner.length >= outer.length && outer.every((s, i) => s === inner[i]);
}
