import { parse } from 'yaml';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';

export type Vars = Readonly<Record<string, unknown>>;

/**
 * `--vars '<yaml or json>'` → a mapping of vars. JSON is YAML, so one parser reads both. The
 * diagnostic has no file or line: the text came from the command line. The value is not repeated
 * in the message, since a var may hold something private.
 */
export function parseCommandLineVars(text: string): { vars?: Vars; diagnostic?: Diagnostic } {
  const hint = `write --vars '{name: value, other: [1, 2]}' (YAML or JSON)`;
  let value: unknown;
  try {
    value = parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return { diagnostic: error('MESH103', `--vars is not YAML or JSON: ${why}`, { hint }) };
  }
  if (value === null || value === undefined) return { vars: {} };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { diagnostic: error('MESH103', `--vars must be a mapping of names to values, not ${Array.isArray(value) ? 'a list' : 'a single value'}`, { hint }) };
  }
  return { vars: value as Vars };
}
