import { afterEach, describe, expect, it } from 'vitest';
import { EngineError } from '../../src/adapters/adapter.js';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { memoryDuckDB, writeProject } from '../support/temp-project.js';

let adapter: DuckDBAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
});

/** The EngineError the adapter throws for these statements. */
async function failing(statements: string[]): Promise<EngineError> {
  adapter ??= await memoryDuckDB(writeProject({}));
  const error = await adapter.execute(statements.map((sql) => ({ sql }))).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EngineError);
  return error as EngineError;
}

describe("DuckDB's position in an error becomes a statement, line and column", () => {
  it('reads LINE and the caret, and leaves them out of the message', async () => {
    const e = await failing(['create schema s', 'select\n  1 as a,\n  nope as b\nfrom range(3)']);
    expect({ statement: e.statementIndex, line: e.line, column: e.column }).toEqual({ statement: 1, line: 3, column: 3 });
    expect(e.message).toBe('Binder Error: Referenced column "nope" not found in FROM clause!\nCandidate bindings: "range"');
  });

  it('counts CRLF as one line break, and an accented letter as one column', async () => {
    const e = await failing(["select 1 as x,\r\n  'été' as e, nope\r\nfrom range(3)"]);
    expect({ line: e.line, column: e.column }).toEqual({ line: 2, column: 15 });
  });

  it('finds the column on a long line that DuckDB shows cut on the left', async () => {
    const columns = Array.from({ length: 60 }, (_, i) => `${i} as c${i}`).join(', ');
    const sql = `select ${columns}, nope from range(2)`;
    const e = await failing([sql]);
    expect({ line: e.line, column: e.column }).toEqual({ line: 1, column: sql.indexOf('nope') + 1 });
  });

  it('finds the column on a long line that DuckDB shows cut on the right', async () => {
    const columns = Array.from({ length: 60 }, (_, i) => `${i} as c${i}`).join(', ');
    const sql = `select nope, ${columns} from range(2)`;
    const e = await failing([sql]);
    expect({ line: e.line, column: e.column }).toEqual({ line: 1, column: 8 });
  });

  it('keeps a message without a position as it is', async () => {
    const e = await failing(['select 1 +']);
    expect({ line: e.line, column: e.column, message: e.message }).toEqual({ line: undefined, column: undefined, message: 'Parser Error: syntax error at end of input' });
  });
});
