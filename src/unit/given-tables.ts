import type { Dialect } from '../adapters/dialect.js';
import { inferType, type InferredType } from '../adapters/bigquery/seed-literals.js';
import type { Cell, GivenInput } from './unit-test-definition.js';
import type { DeclaredColumn } from './unit-inputs.js';

/** The scratch schema the given tables are made in: no project relation is ever named so. */
export const GIVEN_SCHEMA = 'mesh_unit';

/** DuckDB's names for the types a seed's values are inferred as (unit tests run on DuckDB). */
const DUCKDB_TYPES: Record<InferredType, string> = { INT64: 'BIGINT', FLOAT64: 'DOUBLE', BOOL: 'BOOLEAN', DATE: 'DATE', TIMESTAMP: 'TIMESTAMP', STRING: 'VARCHAR' };

/**
 * The statements that make a given's table: each column typed as a seed's would be from the same
 * values written as text (so `2024-01-01` is a DATE, `7` a BIGINT, `7.5` a DOUBLE, `true` a
 * BOOLEAN), a column that only holds nulls is VARCHAR; every row inserted as given, duplicates
 * included. An input that declares its columns (a contract) has each of them, typed as declared,
 * whether the rows give it or not; a column the rows give beyond them is inferred.
 */
export function givenTableSql(given: GivenInput, table: string, dialect: Dialect, declared: readonly DeclaredColumn[] = []): string[] {
  const declaredType = new Map(declared.map((c) => [c.name, c.type]));
  const columns = [...declared.map((c) => c.name), ...given.columns.filter((c) => !declaredType.has(c))];
  const types = columns.map((column) => declaredType.get(column) ?? DUCKDB_TYPES[columnType(given.rows.map((r) => r[column] ?? null))]);
  const statements = [`CREATE TABLE ${table} (${columns.map((column, i) => `${dialect.quoteIdentifier(column)} ${types[i]}`).join(', ')})`];
  if (given.rows.length > 0) {
    const values = given.rows.map((row) => `(${columns.map((column, i) => literal(row[column] ?? null, types[i]!, dialect)).join(', ')})`);
    statements.push(`INSERT INTO ${table} VALUES\n${values.join(',\n')}`);
  }
  return statements;
}

function columnType(cells: readonly Cell[]): InferredType {
  const present = cells.filter((c): c is Exclude<Cell, null> => c !== null);
  // Inference reads each value as text, as for a seed; an inline '' is a value (a CSV's empty field is null already), so it makes the column text.
  return inferType(present.map((c) => (c === '' ? '\u0000' : String(c))));
}

function literal(cell: Cell, type: string, dialect: Dialect): string {
  if (cell === null) return 'NULL';
  return dialect.convert(dialect.stringLiteral(String(cell)), type);
}
