import type { TargetConfig } from '../parse/definitions.js';
import { bigqueryDialect } from './bigquery/bigquery-dialect.js';
import type { Dialect } from './dialect.js';
import { duckdbDialect } from './duckdb/duckdb-dialect.js';

/** The dialect that writes SQL for a target's engine. */
export function dialectFor(target: TargetConfig): Dialect {
  return target.engine === 'bigquery' ? bigqueryDialect(target) : duckdbDialect;
}
