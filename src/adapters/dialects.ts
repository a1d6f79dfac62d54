import type { TargetConfig } from '../parse/definitions.js';
import { bigqueryDialect } from './bigquery/bigquery-dialect.js';
import type { Dialect } from './dialect.js';
import { duckdbDialect } from './duckdb/duckdb-dialect.js';

/** The dialect that writes SQL for a target's engine; `domains`: the project's, for engines that place domains apart. */
export function dialectFor(target: TargetConfig, domains: readonly string[] = []): Dialect {
  return target.engine === 'bigquery' ? bigqueryDialect(target, domains) : duckdbDialect;
}
