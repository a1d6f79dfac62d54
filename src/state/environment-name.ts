import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { TargetConfig } from '../parse/definitions.js';

/**
 * What an environment's name may be: it ends every schema (DuckDB) or dataset (BigQuery) name, so
 * lower-case letters, digits and `_`, starting with a letter or digit, and short enough to leave
 * room in BigQuery's 1,024-character dataset names. Lower case because DuckDB folds names and
 * BigQuery does not: `Feature` would be two environments on one engine and one on the other.
 */
const NAME = /^[a-z0-9][a-z0-9_]{0,62}$/;

/** The target as built into `environment` (undefined: as it is); MESH254 when the name cannot be part of a schema name. */
export function targetInEnvironment(target: TargetConfig | undefined, environment: string | undefined, diagnostics: Diagnostic[]): TargetConfig | undefined {
  if (!target || environment === undefined) return target;
  const problem = environmentNameProblem(environment);
  if (problem) {
    diagnostics.push(problem);
    return undefined;
  }
  return { ...target, environment };
}

export function environmentNameProblem(environment: string): Diagnostic | undefined {
  if (NAME.test(environment) && !environment.includes('__')) return undefined;
  const suggestion = environment.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/_{2,}/g, '_').replace(/^_+|_+$/g, '').slice(0, 63);
  return error('MESH254', `'${environment}' cannot name an environment: it ends every schema name (shop_cleaned__${environment}), so it takes lower-case letters, digits and single underscores, at most 63 characters`, {
    hint: suggestion ? `use --env ${suggestion}` : 'use a name such as --env feature_x',
  });
}

/** The render cache of a target in an environment is its own: its refs answer with other schemas. */
export function renderMemo(target: TargetConfig): string {
  return `render-${target.name}${target.environment !== undefined ? `__${target.environment}` : ''}`;
}
