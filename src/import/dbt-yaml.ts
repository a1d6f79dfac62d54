import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { YamlFile } from '../parse/yaml-file.js';
import type { DbtConfig, DbtConfigValue } from './dbt-project.js';

/** A parsed dbt YAML file: its value and the line of any path in it. */
export interface DbtYaml {
  readonly file: string;
  readonly value: unknown;
  line(path: readonly (string | number)[], key?: boolean): number;
}

/** Parses one dbt YAML file; a syntax error is MESH101 at its line, as in meshwork's own files. */
export function parseDbtYaml(text: string, file: string): { yaml?: DbtYaml; diagnostics: Diagnostic[] } {
  const parsed = YamlFile.parse(text, file);
  if (!parsed.yaml) return { diagnostics: parsed.diagnostics };
  const yaml = parsed.yaml;
  return { yaml: { file, value: yaml.value, line: (path, key = false) => yaml.lineOf(path, key) }, diagnostics: parsed.diagnostics };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** MESH286: an entry of a dbt file that is not in the form dbt reads. */
export function badShape(yaml: DbtYaml, path: readonly (string | number)[], message: string, hint: string): Diagnostic {
  return error('MESH286', message, { file: yaml.file, line: yaml.line(path), hint });
}

/** A `config:` mapping (or `+key:` entries of a folder) as config values with their lines. */
export function configValues(yaml: DbtYaml, path: readonly (string | number)[], raw: Record<string, unknown>, stripPlus: boolean): Record<string, DbtConfigValue> {
  const out: Record<string, DbtConfigValue> = {};
  for (const [key, value] of Object.entries(raw)) {
    const name = stripPlus && key.startsWith('+') ? key.slice(1) : key;
    out[name] = { value, file: yaml.file, line: yaml.line([...path, key], true) };
  }
  return out;
}

const MERGED = new Set(['column_types', 'meta', 'docs', 'grants']);

/** Later configs win, except `tags`, which dbt adds up from every level. */
export function mergeConfigs(...configs: readonly DbtConfig[]): DbtConfig {
  const out: Record<string, DbtConfigValue> = {};
  for (const config of configs) {
    for (const [key, value] of Object.entries(config)) {
      const before = out[key];
      if (key === 'tags' && before) out[key] = { ...value, value: [...new Set([...asList(before.value), ...asList(value.value)])] };
      // Mappings such as column_types and meta are merged key by key, as dbt updates them.
      else if (before && isRecord(before.value) && isRecord(value.value) && MERGED.has(key)) out[key] = { ...value, value: { ...before.value, ...value.value } };
      else out[key] = value;
    }
  }
  return out;
}

export function asList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => String(v));
}
