import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../project/project-files.js';
import { checksum, fileBaseName } from './parse-model.js';
import { splitHeader } from './split-header.js';
import { YamlFile, YamlReader } from './yaml-file.js';

/** One parameter of a macro: required when it has no default. */
export interface MacroParam {
  readonly name: string;
  readonly default?: unknown;
  /** Its line in the macro file, for problems with the name. */
  readonly line: number;
}

/**
 * `macros/<name>.sql` (the project's) or `domains/<d>/macros/<name>.sql` (a domain's), optionally
 * under an engine's folder (`macros/duckdb/<name>.sql`): a Handlebars template called like a helper.
 */
export interface MacroDefinition {
  readonly kind: 'macro';
  readonly name: string;
  /** The domain whose macros/ folder holds it; absent for the project's. */
  readonly domain?: string;
  /** The engine folder it sits in (`duckdb`, `bigquery`); absent for every engine. */
  readonly engine?: string;
  readonly file: string;
  readonly params: readonly MacroParam[];
  readonly description?: string;
  readonly body: string;
  readonly bodyLine: number;
  readonly checksum: string;
}

const MACRO_KEYS = ['params', 'description'];
const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A macro file → its definition; problems with its header come back as diagnostics. */
export function parseMacro(file: SourceFile, where: { domain?: string; engine?: string }): { macro: MacroDefinition; diagnostics: Diagnostic[] } {
  const split = splitHeader(file.text);
  const diagnostics: Diagnostic[] = [];
  const params: MacroParam[] = [];
  let description: string | undefined;
  if (split.unclosedHeaderLine !== undefined) {
    diagnostics.push(error('MESH120', `the header comment opened on line ${split.unclosedHeaderLine} is never closed`, { file: file.path, line: split.unclosedHeaderLine, hint: 'end the YAML header with */ before the macro text' }));
  } else if (split.header !== undefined) {
    const parsed = YamlFile.parse(split.header, file.path, split.headerLine - 1, split.headerColumn);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.yaml) {
      const r = new YamlReader(parsed.yaml);
      const h = r.map([], parsed.yaml.value ?? {}, MACRO_KEYS, 'the macro header') ?? {};
      description = r.string(['description'], h.description, 'description');
      params.push(...readParams(r, h.params));
      diagnostics.push(...r.diagnostics);
    }
  }
  const macro: MacroDefinition = {
    kind: 'macro',
    name: fileBaseName(file.path),
    ...(where.domain !== undefined ? { domain: where.domain } : {}),
    ...(where.engine !== undefined ? { engine: where.engine } : {}),
    file: file.path,
    params,
    ...(description !== undefined ? { description } : {}),
    body: split.body,
    bodyLine: split.bodyLine,
    checksum: checksum(file.text),
  };
  return { macro, diagnostics };
}

/** `params: [column, {scale: 2}]`: a bare name is required, a one-key mapping gives a default. */
function readParams(r: YamlReader, raw: unknown): MacroParam[] {
  if (raw === undefined || raw === null) return [];
  const usage = 'write params: [column, {scale: 2}]: a name per required parameter, name: default for an optional one';
  if (!Array.isArray(raw)) {
    r.invalid(['params'], 'params must be a list', usage);
    return [];
  }
  const params: MacroParam[] = [];
  raw.forEach((entry: unknown, i: number) => {
    const path = ['params', i];
    const line = r.yaml.lineOf(path);
    let param: MacroParam | undefined;
    if (typeof entry === 'string') param = { name: entry, line };
    else if (entry && typeof entry === 'object' && !Array.isArray(entry) && Object.keys(entry).length === 1) {
      const [name, value] = Object.entries(entry)[0]!;
      param = { name, default: value, line };
    }
    if (!param) {
      r.invalid(path, `params entry ${i + 1} is neither a name nor one name: default`, usage);
      return;
    }
    if (!PARAM_NAME.test(param.name)) {
      r.invalid(path, `'${param.name}' is not a valid parameter name`, 'letters, digits and underscores, starting with a letter or underscore');
      return;
    }
    if (params.some((p) => p.name === param.name)) {
      r.invalid(path, `parameter '${param.name}' is declared twice`, 'give each parameter once');
      return;
    }
    params.push(param);
  });
  return params;
}
