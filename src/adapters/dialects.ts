import type { TargetConfig } from '../parse/definitions.js';
import { bigqueryDialect } from './bigquery/bigquery-dialect.js';
import type { Dialect } from './dialect.js';
import { duckdbDialect } from './duckdb/duckdb-dialect.js';
import { inEnvironment } from './environment-dialect.js';

/**
 * The dialect that writes SQL for a target's engine; `domains`: the project's, for engines that
 * place domains apart. A target built into an environment (`--env`) names its schemas after it.
 */
export function dialectFor(target: TargetConfig, domains: readonly string[] = []): Dialect {
  return inEnvironment(target.engine === 'bigquery' ? bigqueryDialect(target, domains) : duckdbDialect, target.environment);
}
