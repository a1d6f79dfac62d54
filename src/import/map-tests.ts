import type { DbtTestEntry } from './dbt-project.js';
import type { ImportProblems } from './import-problems.js';
import { isRecord } from './dbt-yaml.js';

/** A meshwork test as written in a header: a bare name or `{name: {args and settings}}`. */
export type HeaderTest = string | Record<string, Record<string, unknown>>;

export interface TestScope {
  /** The generic tests the import writes to tests/generic/ (their dbt names). */
  readonly generics: ReadonlySet<string>;
  /** The domain of `ref(name)` as seen from the model's domain: same, other, or unknown. */
  refDomain(name: string): 'same' | 'other' | 'unknown';
}

const SETTINGS = ['severity', 'where', 'store_failures'];
const UNSUPPORTED_SETTINGS = ['warn_if', 'error_if', 'limit', 'fail_calc', 'tags', 'meta', 'enabled', 'alias', 'database', 'schema'];

/**
 * One dbt test → the meshwork test of the same meaning (docs/tests.md "dbt → meshwork"), or
 * nothing and a problem in the report.
 */
export function mapTest(entry: DbtTestEntry, level: 'column' | 'model', scope: TestScope, problems: ImportProblems): HeaderTest | undefined {
  const { arguments: nested, config, ...rest } = entry.args;
  const args: Record<string, unknown> = {};
  const settings: Record<string, unknown> = {};
  // Settings beside the arguments, then under config: (which wins, as in dbt).
  for (const source of [{ ...(isRecord(nested) ? nested : {}), ...rest }, isRecord(config) ? config : {}]) {
    for (const [key, value] of Object.entries(source)) {
      if (SETTINGS.includes(key)) settings[key] = value;
      else if (UNSUPPORTED_SETTINGS.includes(key)) dropSetting(entry, key, problems);
      else if (source !== config) args[key] = value;
    }
  }
  if (typeof settings.severity === 'string') settings.severity = settings.severity.toLowerCase();
  const make = (name: string, given: Record<string, unknown>): HeaderTest => {
    const all = { ...given, ...settings };
    return Object.keys(all).length === 0 ? name : { [name]: all };
  };
  const unsupported = (why: string, hint: string): undefined => {
    problems.add(entry.file, entry.line, `test ${entry.name} ${why}: not imported`, hint);
    return undefined;
  };
  const name = entry.name.replace(/^dbt_utils\./, 'dbt_utils.');
  switch (name) {
    case 'unique':
    case 'not_null':
      return level === 'column' ? make(name, {}) : unsupported('at model level needs column_name', `write it under the column in the model's header`);
    case 'accepted_values': {
      if ('quote' in args && args.quote === false) problems.add(entry.file, entry.line, 'accepted_values with quote: false: the values are compared as literals', 'check the values are literals of the column type');
      return make(name, { values: args.values });
    }
    case 'relationships': {
      const to = refName(args.to);
      if (to === undefined) return unsupported(`to ${String(args.to)} (not a ref)`, 'check it in a singular test in the domain that reads it');
      if (scope.refDomain(to) === 'other') return unsupported(`to ${to}, a model of another domain (meshwork refuses relationships across domains, MESH211)`, `check it in a singular test that reads ${to}'s contract view`);
      return make(name, { to, field: args.field });
    }
    case 'dbt_utils.unique_combination_of_columns':
      return make('unique_combination', { columns: args.combination_of_columns });
    case 'dbt_utils.expression_is_true': {
      if (args.condition !== undefined) settings.where = args.condition;
      return make('expression_is_true', { expression: args.expression });
    }
    case 'dbt_utils.not_empty':
      return make('not_empty', {});
    case 'dbt_expectations.expect_table_row_count_to_be_between':
      if (level === 'model' && Number(args.min_value) === 1 && args.max_value === undefined) return make('not_empty', {});
      return unsupported('with these bounds has no meshwork builtin', 'write it as a generic test (tests/generic/<name>.sql), see docs/tests.md');
  }
  const bare = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name;
  if (scope.generics.has(bare)) return make(bare, args);
  return unsupported('has no meshwork equivalent', `write it as a generic test in tests/generic/${bare}.sql (docs/tests.md) and add it to the header`);
}

function dropSetting(entry: DbtTestEntry, key: string, problems: ImportProblems): void {
  problems.add(entry.file, entry.line, `test ${entry.name}: setting ${key} is not supported by meshwork, dropped (a test fails on any row)`, 'write the threshold into a generic test\'s query, or remove the setting');
}

/** `ref('customers')` (or a bare name) → `customers`. */
function refName(to: unknown): string | undefined {
  if (typeof to !== 'string') return undefined;
  const m = /^\s*ref\(\s*['"]([^'"]+)['"]\s*(?:,\s*['"]([^'"]+)['"]\s*)?\)\s*$/.exec(to);
  if (m) return m[2] ?? m[1];
  return /^[A-Za-z_]\w*$/.test(to.trim()) ? to.trim() : undefined;
}
