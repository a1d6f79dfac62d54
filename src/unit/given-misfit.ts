import type { Adapter } from '../adapters/adapter.js';
import type { Dialect } from '../adapters/dialect.js';
import type { GivenInput } from './unit-test-definition.js';
import type { DeclaredColumn } from './unit-inputs.js';

/** The first given value that is not of its column's type: what to name when the given's table refuses its rows. */
export interface GivenMisfit {
  /** 1-based, in the given's rows. */
  readonly row: number;
  readonly column: string;
  readonly value: string;
  readonly type: string;
}

/**
 * DuckDB's refusal names the value's type, not the column; one query of TRY_CASTs (unit tests
 * always run on an in-memory DuckDB) finds which value of which row and column it was.
 */
export async function givenMisfit(scratch: Adapter, given: GivenInput, declared: readonly DeclaredColumn[], dialect: Dialect): Promise<GivenMisfit | undefined> {
  const checks: string[] = [];
  given.rows.forEach((row, i) => {
    for (const { name, type } of declared) {
      const cell = row[name];
      if (!type || cell === null || cell === undefined) continue;
      const value = dialect.stringLiteral(String(cell));
      checks.push(`SELECT ${i + 1} AS row_number, ${dialect.stringLiteral(name)} AS column_name, ${value} AS value, ${dialect.stringLiteral(type)} AS type WHERE TRY_CAST(${value} AS ${type}) IS NULL`);
    }
  });
  if (checks.length === 0) return undefined;
  const found = await scratch.queryRows(`SELECT * FROM (${checks.join('\nUNION ALL\n')}) ORDER BY row_number LIMIT 1`, 1);
  const first = found.rows[0];
  return first ? { row: Number(first[0]), column: String(first[1]), value: String(first[2]), type: String(first[3]) } : undefined;
}
