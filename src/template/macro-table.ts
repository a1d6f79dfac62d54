import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { MacroDefinition } from '../parse/parse-macro.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The macros a template can call on one engine, per domain. A call resolves, most specific first,
 * to `domains/<d>/macros/<engine>/<name>.sql`, `domains/<d>/macros/<name>.sql`,
 * `macros/<engine>/<name>.sql`, then `macros/<name>.sql` — the domain's own shadow the project's,
 * and within each, the engine's variant wins (dispatch). A macro called from a macro resolves in the
 * domain of the node being rendered, so a domain's variant replaces the project's everywhere in it.
 */
export class MacroTable {
  /** Domain ('' for the project's) → name → macro. */
  private readonly byDomain = new Map<string, Map<string, MacroDefinition>>();
  readonly byFile = new Map<string, MacroDefinition>();
  /** Macros that cannot be called (MESH133), reported once per compile. */
  readonly problems: Diagnostic[] = [];
  /** Names that have a variant on another engine only, for the hint of an unknown call. */
  private readonly elsewhere = new Map<string, string[]>();

  constructor(macros: readonly MacroDefinition[], engine: string, reserved: ReadonlySet<string>) {
    // Generic first, so that the engine's variant overwrites it.
    const ordered = [...macros].sort((a, b) => Number(a.engine !== undefined) - Number(b.engine !== undefined));
    for (const macro of ordered) {
      if (macro.engine !== undefined && macro.engine !== engine) {
        this.elsewhere.set(macro.name, [...(this.elsewhere.get(macro.name) ?? []), macro.file]);
        continue;
      }
      if (!NAME.test(macro.name)) {
        this.problems.push(error('MESH133', `'${macro.name}' is not a valid macro name (the file name without .sql)`, { file: macro.file, line: 1, hint: 'rename the file: letters, digits and underscores, starting with a letter or underscore' }));
        continue;
      }
      if (reserved.has(macro.name)) {
        this.problems.push(error('MESH133', `macro '${macro.name}' has the name of a builtin helper or value`, { file: macro.file, line: 1, hint: `rename the file (for example ${macro.name}_sql.sql): {{${macro.name}}} always means meshwork's own` }));
        continue;
      }
      const clash = macro.params.filter((p) => reserved.has(p.name));
      for (const p of clash) {
        this.problems.push(error('MESH133', `parameter '${p.name}' of macro '${macro.name}' has the name of a builtin helper or value`, { file: macro.file, line: p.line, hint: `rename the parameter: inside the macro, {{${p.name}}} would be ambiguous` }));
      }
      if (clash.length > 0) continue;
      const domain = macro.domain ?? '';
      let names = this.byDomain.get(domain);
      if (!names) this.byDomain.set(domain, (names = new Map()));
      names.set(macro.name, macro);
      this.byFile.set(macro.file, macro);
    }
  }

  /** The macro `{{name}}` runs in a node of `domain`, if there is one. */
  resolve(domain: string | undefined, name: string): MacroDefinition | undefined {
    return (domain !== undefined ? this.byDomain.get(domain)?.get(name) : undefined) ?? this.byDomain.get('')?.get(name);
  }

  /** Every macro name a node of `domain` can call. */
  names(domain: string | undefined): string[] {
    return [...new Set([...(this.byDomain.get('')?.keys() ?? []), ...(domain !== undefined ? (this.byDomain.get(domain)?.keys() ?? []) : [])])];
  }

  /** Files of `name` that exist for other engines only (`macros/bigquery/x.sql` when compiling for DuckDB). */
  otherEngines(name: string): readonly string[] {
    return this.elsewhere.get(name) ?? [];
  }

  get isEmpty(): boolean {
    return this.byFile.size === 0;
  }
}
