import type { ConvertedDispatcher, ConvertedMacro, ConvertedMacroFile } from './import-types.js';

type Params = ConvertedMacro['params'];

/** A meshwork macro file to write: `macros/<name>.sql` or `macros/<engine>/<name>.sql`. */
export interface MacroFile {
  readonly path: string;
  readonly params: Params;
  readonly sql: string;
}

export interface PlacedMacros {
  readonly files: readonly MacroFile[];
  /** The names a model may call: plain macros, and dispatched ones with at least one variant written. */
  readonly callable: ReadonlySet<string>;
  readonly problems: readonly { readonly file: string; readonly line: number; readonly message: string; readonly hint: string }[];
}

interface Variant {
  readonly adapter: string;
  readonly macro: ConvertedMacro;
  readonly file: string;
}

/**
 * The converted macros of every macro file → meshwork macro files. dbt's `adapter.dispatch`
 * families become per-engine variants: the dispatching macro `x` is no file, `default__x` is
 * `macros/x.sql`, `<engine>__x` is `macros/<engine>/x.sql` for the engines meshwork runs, and the
 * variants for other adapters (postgres, snowflake, …) are dropped and reported. A family is
 * recognised by its dispatching macro or by a `default__x` (models may dispatch themselves).
 */
export function placeMacros(
  converted: readonly { readonly file: string; readonly converted: ConvertedMacroFile }[],
  declared: ReadonlySet<string>,
  engines: readonly string[],
): PlacedMacros {
  const dispatchers = new Map<string, { readonly dispatcher: ConvertedDispatcher; readonly file: string }>();
  for (const { file, converted: c } of converted) for (const d of c.dispatchers) dispatchers.set(d.name, { dispatcher: d, file });
  const dispatched = new Set([...dispatchers.keys(), ...[...declared].filter((n) => n.startsWith('default__')).map((n) => n.slice('default__'.length))]);

  const files: MacroFile[] = [];
  const callable = new Set<string>();
  const problems: { file: string; line: number; message: string; hint: string }[] = [];
  const families = new Map<string, Variant[]>();
  for (const { file, converted: c } of converted) {
    for (const macro of c.macros) {
      const cut = macro.name.indexOf('__');
      const base = cut > 0 ? macro.name.slice(cut + 2) : '';
      if (dispatched.has(base)) {
        families.set(base, [...(families.get(base) ?? []), { adapter: macro.name.slice(0, cut), macro, file }]);
      } else {
        files.push({ path: `macros/${macro.name}.sql`, params: macro.params, sql: macro.sql });
        callable.add(macro.name);
      }
    }
  }

  for (const name of dispatched) {
    const owner = dispatchers.get(name);
    const variants = families.get(name) ?? [];
    const params = owner?.dispatcher.params ?? (variants.find((v) => v.adapter === 'default') ?? variants[0])?.macro.params ?? [];
    const wanted = params.map(paramName);
    const written = new Set<string>();
    for (const v of variants) {
      const at = { file: v.file, line: v.macro.line };
      if (callable.has(name)) {
        problems.push({ ...at, message: `macro ${v.macro.name} is a variant of ${name}, and the project has a plain macro ${name} too: not converted`, hint: `rename one of them; meshwork writes both to macros/${name}.sql` });
        continue;
      }
      const folder = v.adapter === 'default' ? '' : engines.includes(v.adapter) ? `${v.adapter}/` : undefined;
      if (folder === undefined) {
        problems.push({ ...at, message: `macro ${v.macro.name} is ${name} for ${v.adapter}, an engine meshwork does not run: dropped`, hint: `meshwork runs ${engines.join(' and ')}; macros/${name}.sql (default__${name}) serves them unless macros/<engine>/${name}.sql exists` });
        continue;
      }
      const own = v.macro.params.map(paramName);
      if (own.length !== wanted.length || own.some((p, i) => p !== wanted[i])) {
        problems.push({ ...at, message: `macro ${v.macro.name} takes (${own.join(', ')}) but ${name} passes (${wanted.join(', ')}): not converted`, hint: `name its parameters as ${name} does, then import again` });
        continue;
      }
      files.push({ path: `macros/${folder}${name}.sql`, params, sql: v.macro.sql });
      written.add(v.adapter);
    }
    if (written.size === 0) continue;
    callable.add(name);
    if (written.has('default')) continue;
    const at = owner ? { file: owner.file, line: owner.dispatcher.line } : { file: variants[0]!.file, line: variants[0]!.macro.line };
    for (const engine of engines.filter((e) => !written.has(e))) {
      problems.push({ ...at, message: `${name} has no default__${name} nor ${engine}__${name}: a call of ${name} on a ${engine} target is MESH131`, hint: `write macros/${name}.sql (for every engine) or macros/${engine}/${name}.sql` });
    }
  }
  return { files, callable, problems };
}

function paramName(param: Params[number]): string {
  return typeof param === 'string' ? param : Object.keys(param)[0]!;
}
