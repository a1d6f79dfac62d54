import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { nearestNames } from '../diagnostics/suggest.js';
import type { DataTestDefinition, GenericTestDefinition } from '../parse/definitions.js';
import { BUILTIN_TESTS } from '../parse/parse-data-tests.js';
import type { SqlLexicon } from '../adapters/dialect.js';
import { findJinja } from '../template/jinja-syntax.js';
import type { TemplateText } from '../template/template-files.js';

/** A test name as a model's domain sees it: a generic test (the domain's, else the project's), or a builtin. */
export type ResolvedTest = { readonly builtin: string } | { readonly generic: GenericTestDefinition; readonly template: string };

/**
 * The project's generic tests by the name each domain sees: a domain's own shadow the project's,
 * and either shadows a builtin of the same name (as in dbt, a project's `unique` replaces meshwork's).
 * Each file is one entry of the TemplateSet (`generic/<domain or .>/<name>`), compiled once by the
 * TemplateEngine whatever the number of uses.
 */
export class GenericTests {
  private readonly byDomain = new Map<string, Map<string, GenericTestDefinition>>();
  private readonly shared = new Map<string, GenericTestDefinition>();
  /** Template problems already reported: a broken test template is reported at its first use only, not at every one. */
  private readonly reported = new Set<string>();
  private readonly broken = new Set<string>();

  constructor(tests: readonly GenericTestDefinition[]) {
    for (const test of tests) {
      if (test.domain === undefined) this.shared.set(test.name, test);
      else {
        const own = this.byDomain.get(test.domain) ?? new Map<string, GenericTestDefinition>();
        own.set(test.name, test);
        this.byDomain.set(test.domain, own);
      }
    }
  }

  /**
   * MESH132 for Jinja written by habit in a generic test (`{{ column_name }}` is Handlebars, but
   * `{% test … %}`, `{{ ref('x') }}` are not); a test reported here is left out, so that its uses
   * are not reported again.
   */
  jinja(lexicon: SqlLexicon): Diagnostic[] {
    const diagnostics: Diagnostic[] = [];
    for (const scope of [this.shared, ...this.byDomain.values()]) {
      for (const [name, test] of scope) {
        const found = findJinja(test.template, lexicon);
        if (found.length === 0) continue;
        scope.delete(name);
        this.broken.add(`${test.domain ?? '.'}/${name}`);
        for (const j of found) {
          diagnostics.push(error('MESH132', `Jinja syntax in a generic test: ${j.written}`, { file: test.file, line: j.line, column: j.column, hint: `meshwork generic tests are Handlebars: write ${j.meshwork}; the test sees {{model}}, {{column}} and its params` }));
        }
      }
    }
    return diagnostics;
  }

  /** A generic test left out for its Jinja (its uses are not reported as unknown). */
  isBroken(domain: string, name: string): boolean {
    return this.broken.has(`${domain}/${name}`) || this.broken.has(`./${name}`);
  }

  /** Template entries to add to the engine's TemplateSet. */
  templates(): [string, TemplateText][] {
    return [...this.shared.values(), ...[...this.byDomain.values()].flatMap((m) => [...m.values()])].map((t) => [templateKey(t), { text: t.template, file: t.file }]);
  }

  resolve(domain: string, name: string): ResolvedTest | undefined {
    const generic = this.byDomain.get(domain)?.get(name) ?? this.shared.get(name);
    if (generic) return { generic, template: templateKey(generic) };
    return BUILTIN_TESTS.includes(name) ? { builtin: name } : undefined;
  }

  /** True the first time a problem at `key` (a template's file and line) is seen in this compile. */
  firstReport(key: string): boolean {
    if (this.reported.has(key)) return false;
    this.reported.add(key);
    return true;
  }

  /** MESH103 at the using line: no builtin or generic test of that name, with the nearest names. */
  unknown(domain: string, test: DataTestDefinition, file: string): Diagnostic {
    const generic = [...new Set([...this.shared.keys(), ...(this.byDomain.get(domain)?.keys() ?? [])])].sort();
    const near = nearestNames(test.kind, [...BUILTIN_TESTS, ...generic], 1);
    const elsewhere = [...this.byDomain].filter(([d, m]) => d !== domain && m.has(test.kind)).map(([d]) => d);
    return error('MESH103', `unknown test '${test.kind}'`, {
      file,
      line: test.line,
      hint:
        `${near.length > 0 ? `did you mean '${near[0]}'? ` : ''}builtin tests are ${BUILTIN_TESTS.join(', ')}` +
        (generic.length > 0 ? `; generic tests: ${generic.join(', ')}` : '') +
        (elsewhere.length > 0 ? `; domain ${elsewhere.join(', ')} has one of this name: move it to tests/generic/ at the project root to share it` : `; to write one, add tests/generic/${test.kind}.sql`),
    });
  }
}

function templateKey(test: GenericTestDefinition): string {
  return `generic/${test.domain ?? '.'}/${test.name}`;
}

/**
 * A use's named arguments over the test's declared params: defaults filled in, a missing one
 * (MESH153) or one the test does not declare (MESH102) reported at the using line. A test without
 * `params:` takes its arguments as given.
 */
export function bindArguments(generic: GenericTestDefinition, test: DataTestDefinition, file: string): { values?: Record<string, unknown>; diagnostics: Diagnostic[] } {
  if (!generic.params) return { values: { ...test.args }, diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  const names = generic.params.map((p) => p.name);
  const signature = generic.params.map((p) => (p.default === undefined ? p.name : `${p.name} (default ${JSON.stringify(p.default)})`)).join(', ');
  for (const key of Object.keys(test.args)) {
    if (names.includes(key)) continue;
    const near = nearestNames(key, names, 1);
    diagnostics.push(
      error('MESH102', `unknown argument '${key}' of test '${generic.name}'`, {
        file,
        line: test.line,
        hint: `${near.length > 0 ? `did you mean '${near[0]}'? ` : ''}${names.length > 0 ? `its params are ${signature}` : 'it takes no arguments'} (${generic.file})`,
      }),
    );
  }
  const missing = generic.params.filter((p) => p.default === undefined && test.args[p.name] === undefined);
  if (missing.length > 0) {
    const example = missing.map((p) => `${p.name}: …`).join(', ');
    diagnostics.push(
      error('MESH153', `test '${generic.name}' needs argument${missing.length === 1 ? '' : 's'} ${missing.map((p) => `'${p.name}'`).join(', ')}`, {
        file,
        line: test.line,
        hint: `write - ${generic.name}: { ${example} }; its params are ${signature} (${generic.file})`,
      }),
    );
  }
  if (diagnostics.length > 0) return { diagnostics };
  return { values: Object.fromEntries(generic.params.map((p) => [p.name, test.args[p.name] ?? p.default])), diagnostics };
}
