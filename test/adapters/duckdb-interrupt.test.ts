import { afterEach, describe, expect, it } from 'vitest';
import { EngineError } from '../../src/adapters/adapter.js';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { memoryDuckDB, writeProject } from '../support/temp-project.js';

/** Minutes of work on any machine: running for sure when the interrupt comes. */
const SLOW = 'select sum(hash(i)) as n from range(20000000000) as t(i)';

let adapter: DuckDBAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
});

const timed = async <T>(work: Promise<T>): Promise<{ outcome: T | Error; ms: number }> => {
  const start = Date.now();
  const outcome = await work.catch((e: unknown) => e as Error);
  return { outcome, ms: Date.now() - start };
};

describe('DuckDBAdapter.interrupt', () => {
  it('cancels a statement at once, rolls its transaction back, and leaves later calls alone', async () => {
    adapter = await memoryDuckDB(writeProject({}));
    await adapter.execute([{ sql: 'create table t as select 1 as id' }]);
    const running = timed(adapter.execute([{ sql: 'BEGIN TRANSACTION' }, { sql: 'insert into t values (2)' }, { sql: `insert into t select n from (${SLOW})` }, { sql: 'COMMIT' }]));
    setTimeout(() => adapter!.interrupt(), 300);
    const { outcome, ms } = await running;
    expect(outcome).toBeInstanceOf(EngineError);
    expect((outcome as EngineError).message).toMatch(/interrupt/i);
    expect((outcome as EngineError).statementIndex).toBe(2);
    expect(ms).toBeLessThan(3_000);
    // The row inserted before the cancelled statement went with the transaction.
    expect(await adapter.query('select id from t')).toEqual([{ id: 1 }]);
    // A call made after the interrupt runs, on the same connection, outside any transaction.
    await adapter.execute([{ sql: 'BEGIN TRANSACTION' }, { sql: 'insert into t values (3)' }, { sql: 'COMMIT' }]);
    expect(await adapter.query('select id from t order by id')).toEqual([{ id: 1 }, { id: 3 }]);
  });

  it('cancels a statement the engine had not begun yet (DuckDB drops that interrupt; the adapter repeats it)', async () => {
    adapter = await memoryDuckDB(writeProject({}));
    const running = timed(adapter.queryNumber(SLOW));
    // Synchronously after the call: the query has not reached DuckDB's worker thread.
    adapter.interrupt();
    const { outcome, ms } = await running;
    expect(outcome).toBeInstanceOf(EngineError);
    expect(ms).toBeLessThan(3_000);
    expect(await adapter.queryNumber('select 42')).toBe(42);
  });

  it('runs no further statement of a call it interrupted, wherever the call was', async () => {
    adapter = await memoryDuckDB(writeProject({}), 1);
    await adapter.execute([{ sql: 'create table t (id integer)' }]);
    // The interrupt lands while the call waits for its connection or its first statement.
    const running = timed(adapter.execute([{ sql: 'select 1' }, { sql: 'insert into t values (1)' }]));
    queueMicrotask(() => adapter!.interrupt());
    const { outcome } = await running;
    expect(outcome).toBeInstanceOf(EngineError);
    expect(await adapter.query('select count(*) as n from t')).toEqual([{ n: 0 }]);
  });
});
