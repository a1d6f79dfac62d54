import { describe, expect, it } from 'vitest';
import { bigqueryHarness } from './bigquery-harness.js';

describe('BigQuery queryRows (mesh show)', () => {
  it('returns the job\'s column names and rows, at most the limit, TIMESTAMP as an instant and nulls as null', async () => {
    const { fake, adapter } = await bigqueryHarness({
      fake: {
        answer: (sql) =>
          /mesh_show/.test(sql)
            ? {
                fields: [{ name: 'order_id', type: 'INT64' }, { name: 'placed_at', type: 'TIMESTAMP' }, { name: 'note', type: 'STRING' }],
                rows: [[1, '1700000000000000', null], [2, '1700000001000000', 'x'], [3, '1700000002000000', 'y']],
              }
            : undefined,
      },
    });
    const result = await adapter.queryRows('select * from (\nselect 1\n) as mesh_show\nlimit 2', 2);
    expect(result.columns).toEqual(['order_id', 'placed_at', 'note']);
    expect(result.rows).toHaveLength(2);
    expect(result.rows[0]).toEqual([1, '2023-11-14T22:13:20.000Z', null]);
    expect(result.rows[1]?.[2]).toBe('x');
    expect(fake.requestsTo('jobs.getQueryResults').length).toBeGreaterThan(0);
  });
});
