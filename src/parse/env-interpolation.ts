/**
 * `${NAME}` and `${NAME:-default}` in the values of mesh.yaml and domain.yaml, as in docker compose
 * and shell: the default stands in when the variable is unset or empty; `$${` writes a literal `${`.
 * The environment is passed in: only the CLI reads the process's.
 */

export type Environment = Readonly<Record<string, string | undefined>>;

/** One `${…}` in a value: where it starts in the value, the text as written, and what became of it. */
export interface EnvReference {
  readonly start: number;
  /** As written: `${NAME}`, `${NAME:-x}`, or an unclosed `${NAME`. */
  readonly text: string;
  readonly name: string;
  /** `unset`: no such variable and no default; `malformed`: not `${NAME}` or `${NAME:-default}`. */
  readonly status: 'set' | 'default' | 'unset' | 'malformed';
}

export interface Interpolation {
  readonly value: string;
  readonly references: readonly EnvReference[];
}

const REFERENCE = /^([A-Za-z_][A-Za-z0-9_]*)(?::-([^]*))?$/;

/** The value with every `${…}` replaced; an unset or malformed reference is left as written (and reported by the caller). */
export function interpolate(value: string, env: Environment): Interpolation {
  if (!value.includes('${')) return { value, references: [] };
  let out = '';
  const references: EnvReference[] = [];
  let i = 0;
  while (i < value.length) {
    if (value.startsWith('$${', i)) {
      out += '${';
      i += 3;
      continue;
    }
    if (!value.startsWith('${', i)) {
      out += value[i];
      i++;
      continue;
    }
    const close = value.indexOf('}', i + 2);
    const text = value.slice(i, close < 0 ? value.length : close + 1);
    const match = close < 0 ? null : REFERENCE.exec(value.slice(i + 2, close));
    if (!match) {
      references.push({ start: i, text, name: value.slice(i + 2, close < 0 ? undefined : close), status: 'malformed' });
      out += text;
    } else {
      const name = match[1]!;
      const fallback = match[2];
      const given = env[name];
      if (given !== undefined && (given !== '' || fallback === undefined)) {
        references.push({ start: i, text, name, status: 'set' });
        out += given;
      } else if (fallback !== undefined) {
        references.push({ start: i, text, name, status: 'default' });
        out += fallback;
      } else {
        references.push({ start: i, text, name, status: 'unset' });
        out += text;
      }
    }
    i += text.length;
  }
  return { value: out, references };
}

/**
 * What an unquoted YAML value reads as once interpolated: `threads: ${THREADS:-4}` is the number
 * 4 and `${FLAG}` set to `true` a boolean, as if written in the file; an empty one is no value.
 * A quoted value stays text.
 */
export function plainScalar(text: string): string | number | boolean | null {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '~' || /^(null|Null|NULL)$/.test(trimmed)) return null;
  if (/^(true|True|TRUE)$/.test(trimmed)) return true;
  if (/^(false|False|FALSE)$/.test(trimmed)) return false;
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(trimmed)) return Number(trimmed);
  return text;
}

/** Whether a file's text may read the environment: such a file is parsed on every run, never cached. */
export function readsEnvironment(text: string): boolean {
  return text.includes('${');
}
