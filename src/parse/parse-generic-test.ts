import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../project/project-files.js';
import type { GenericTestDefinition } from './definitions.js';
import { checksum, fileBaseName, noSql, readHeader } from './parse-model.js';
import { splitHeader } from './split-header.js';

/** Names a generic test is given by meshwork, which its params cannot take. */
const IMPLICIT = ['model', 'column', 'relation'];

/**
 * `tests/generic/<name>.sql`: a query over `{{model}}` (and `{{column}}` under a column) whose rows
 * are failures, with an optional header declaring its named arguments, as macros declare theirs:
 * `params: [min, {max: 100}]` (a default makes one optional).
 */
export function parseGenericTest(file: SourceFile, domain: string | undefined): { test: GenericTestDefinition; diagnostics: Diagnostic[] } {
  const split = splitHeader(file.text);
  const { value, reader, diagnostics } = readHeader(split, file.path);
  diagnostics.push(...noSql(split, file.path, 'a generic test is a select over {{model}} whose rows are failures'));
  const h = reader?.map([], value, ['params', 'description'], 'the generic test header') ?? {};
  const description = reader?.string(['description'], h.description, 'description');
  let params: { name: string; default?: unknown }[] | undefined;
  if (reader && h.params !== undefined && h.params !== null) {
    params = [];
    if (!Array.isArray(h.params)) reader.invalid(['params'], 'params must be a list', 'write params: [min, {max: 100}]: a name, or a name with its default');
    for (const [i, entry] of (Array.isArray(h.params) ? h.params : []).entries()) {
      const keys = entry && typeof entry === 'object' && !Array.isArray(entry) ? Object.keys(entry) : [];
      const name = typeof entry === 'string' ? entry : keys.length === 1 ? keys[0]! : undefined;
      if (name === undefined || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        reader.invalid(['params', i], 'a param is a name, or a mapping of one name to its default', 'write params: [min, {max: 100}]');
        continue;
      }
      if (IMPLICIT.includes(name)) {
        reader.invalid(['params', i], `'${name}' is given to every generic test by meshwork, it is not a param`, `remove it from params; use {{${name}}} in the query`);
        continue;
      }
      params.push(typeof entry === 'string' ? { name } : { name, default: (entry as Record<string, unknown>)[name] });
    }
  }
  // The header's lines stay as blank lines: a template error's line is then the file's.
  const template = split.header === undefined ? file.text : `${'\n'.repeat(split.bodyLine - 1)}${split.body}`;
  const test: GenericTestDefinition = {
    name: fileBaseName(file.path),
    ...(domain !== undefined ? { domain } : {}),
    file: file.path,
    template,
    ...(params ? { params } : {}),
    ...(description ? { description } : {}),
    checksum: checksum(file.text),
  };
  return { test, diagnostics };
}
