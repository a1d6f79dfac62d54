import { describe, expect, it } from 'vitest';
import { buildManifest } from '../../src/artifacts/manifest.js';
import { compile } from '../../src/mesh.js';
import { writeProject } from '../support/temp-project.js';
import { diagnose, expectWhere, lines } from './diagnose.js';

const FILE = 'domains/shop/aggregate/orders.sql';

describe('table layout keys of a model header (partition_by, cluster_by, options, labels)', () => {
  it('reads valid keys into the model config', () => {
    const dir = writeProject({
      [FILE]: lines(
        '/*',
        'materialized: incremental',
        'incremental_strategy: insert_overwrite',
        'partition_by: { field: placed_at, data_type: timestamp, granularity: hour }',
        'cluster_by: [customer_id, channel]',
        'require_partition_filter: true',
        'partition_expiration_days: 90',
        'labels: { team: shop, cost-center: 4711, tier: null }',
        '*/',
        'select 1 as customer_id',
      ),
      'domains/shop/aggregate/ranges.sql': lines('/*', 'partition_by: { field: n, data_type: int64, range: { start: 0, end: 100, interval: 10 } }', 'cluster_by: n', '*/', 'select 1 as n'),
    });
    const result = compile({ projectDir: dir });
    expect(result.diagnostics).toEqual([]);
    expect(result.compiled!.nodes.get('model.shop.orders')!.config).toMatchObject({
      incrementalStrategy: 'insert_overwrite',
      uniqueKey: [],
      partitionBy: { field: 'placed_at', dataType: 'timestamp', granularity: 'hour' },
      clusterBy: ['customer_id', 'channel'],
      requirePartitionFilter: true,
      partitionExpirationDays: 90,
      labels: { team: 'shop', 'cost-center': '4711', tier: '' },
    });
    const manifest = buildManifest(result.compiled!) as { nodes: Record<string, { config: Record<string, unknown> }> };
    expect(manifest.nodes['model.shop.orders']!.config).toMatchObject({
      partition_by: { field: 'placed_at', data_type: 'timestamp', granularity: 'hour', range: null },
      cluster_by: ['customer_id', 'channel'],
      require_partition_filter: true,
      partition_expiration_days: 90,
      labels: { team: 'shop', 'cost-center': '4711', tier: '' },
    });
    expect(result.compiled!.nodes.get('model.shop.ranges')!.config).toMatchObject({
      partitionBy: { field: 'n', dataType: 'int64', range: { start: 0, end: 100, interval: 10 } },
      clusterBy: ['n'],
    });
  });

  it('defaults partition_by to a date field by day, as dbt-bigquery does', () => {
    const dir = writeProject({ [FILE]: lines('/*', 'partition_by: { field: day }', '*/', 'select 1 as x') });
    const result = compile({ projectDir: dir });
    expect(result.diagnostics).toEqual([]);
    expect(result.compiled!.nodes.get('model.shop.orders')!.config!.partitionBy).toEqual({ field: 'day', dataType: 'date', granularity: 'day' });
  });

  it('reports every bad value at its line, with a hint, all at once', () => {
    const diagnostics = diagnose({
      [FILE]: lines(
        '/*', //                                                    1
        'materialized: table', //                                   2
        'partition_by:', //                                         3
        '  field: day', //                                          4
        '  data_type: dates', //                                    5
        '  granularity: weekly', //                                 6
        'cluster_by: [a, b, c, d, e]', //                           7
        'require_partition_filter: yes please', //                  8
        'partition_expiration_days: -3', //                         9
        'labels:', //                                               10
        '  Team: shop', //                                          11
        '  owner: Jane Doe', //                                     12
        '  tags: [a]', //                                           13
        'partition_key: day', //                                    14
        '*/', //                                                    15
        'select 1 as day', //                                       16
      ),
    });
    expectWhere(diagnostics, [
      `error MESH103 ${FILE}:5`,
      `error MESH103 ${FILE}:6`,
      `error MESH103 ${FILE}:7`,
      `error MESH103 ${FILE}:8`,
      `error MESH103 ${FILE}:9`,
      `error MESH103 ${FILE}:11`,
      `error MESH103 ${FILE}:12`,
      `error MESH103 ${FILE}:13`,
      `error MESH102 ${FILE}:14`,
    ]);
    const by = (line: number) => diagnostics.find((d) => d.line === line)!;
    expect(by(5).message).toBe("partition_by data_type must be one of timestamp, date, datetime, int64, not 'dates'");
    expect(by(5).hint).toBe('did you mean date?');
    expect(by(7).message).toBe('cluster_by names 5 columns; BigQuery clusters by at most 4');
    expect(by(8).message).toBe('require_partition_filter must be true or false, not "yes please"');
    expect(by(11).message).toBe("label key 'Team' is not a BigQuery label key");
    expect(by(11).hint).toMatch(/: team$/);
    expect(by(12).hint).toMatch(/: jane_doe$/);
    expect(by(14).hint).toMatch(/^did you mean 'partition_by'\?/);
    expect(diagnostics.every((d) => d.hint)).toBe(true);
  });

  it('checks partition_by as a whole: required field, range only and always with int64, no hourly dates', () => {
    const diagnostics = diagnose({
      'domains/shop/aggregate/a.sql': lines('/*', 'partition_by:', '  data_type: date', '*/', 'select 1 as x'),
      'domains/shop/aggregate/b.sql': lines('/*', 'partition_by:', '  field: n', '  data_type: int64', '  granularity: day', '*/', 'select 1 as n'),
      'domains/shop/aggregate/c.sql': lines('/*', 'partition_by:', '  field: d', '  range: { start: 0, end: 10, interval: 1 }', '*/', 'select 1 as d'),
      'domains/shop/aggregate/d.sql': lines('/*', 'partition_by: { field: d, granularity: hour }', '*/', 'select 1 as d'),
      'domains/shop/aggregate/e.sql': lines('/*', 'partition_by:', '  field: n', '  data_type: int64', '  range:', '    start: 10', '    end: 5', '    interval: 0.5', '*/', 'select 1 as n'),
      'domains/shop/aggregate/f.sql': lines('/*', 'partition_by:', '  field: n', '  data_type: int64', '  range: { start: 0, end: 100000, interval: 1 }', 'partition_expiration_days: 3', '*/', 'select 1 as n'),
    });
    expectWhere(diagnostics, [
      'error MESH104 domains/shop/aggregate/a.sql:2',
      'error MESH104 domains/shop/aggregate/b.sql:2',
      'error MESH103 domains/shop/aggregate/b.sql:5',
      'error MESH103 domains/shop/aggregate/c.sql:4',
      'error MESH103 domains/shop/aggregate/d.sql:2',
      'error MESH103 domains/shop/aggregate/e.sql:8',
      'error MESH103 domains/shop/aggregate/f.sql:5',
      'error MESH103 domains/shop/aggregate/f.sql:6',
    ]);
    expect(diagnostics[0]!.message).toBe('partition_by field is required');
    expect(diagnostics[1]!.message).toBe('partition_by range (for data_type int64) is required');
    expect(diagnostics[2]!.message).toBe('granularity applies to time partitions, and this one is int64');
    expect(diagnostics[3]!.message).toBe('range applies to int64 partitions, and this one is date');
    expect(diagnostics[4]!.message).toBe('a date column cannot be partitioned by hour');
    expect(diagnostics[5]!.message).toBe('range interval must be a whole number, not 0.5');
    expect(diagnostics[6]!.message).toBe('the range makes 100000 partitions; BigQuery allows at most 10000');
    expect(diagnostics[7]!.message).toBe('partition_expiration_days applies to time-partitioned tables, and this model is partitioned by integer ranges');
  });

  it('requires partition_by for the partition options and for insert_overwrite, at the key that needs it', () => {
    const diagnostics = diagnose({
      'domains/shop/aggregate/a.sql': lines('/*', 'materialized: table', 'require_partition_filter: true', 'partition_expiration_days: 7', '*/', 'select 1 as x'),
      'domains/shop/aggregate/b.sql': lines('/*', 'materialized: incremental', 'incremental_strategy: insert_overwrite', '*/', 'select 1 as x'),
    });
    expectWhere(diagnostics, ['error MESH103 domains/shop/aggregate/a.sql:3', 'error MESH103 domains/shop/aggregate/a.sql:4', 'error MESH103 domains/shop/aggregate/b.sql:3']);
    expect(diagnostics[2]!.message).toBe("incremental strategy 'insert_overwrite' replaces whole partitions and needs partition_by");
    expect(diagnostics[2]!.hint).toMatch(/^add partition_by: /);
  });

  it('takes labels on views, and table layout only on tables and incremental models', () => {
    const diagnostics = diagnose({
      'domains/shop/cleaned/v.sql': lines('/*', 'labels: { team: shop }', 'cluster_by: x', '*/', 'select 1 as x'),
      'domains/shop/cleaned/e.sql': lines('/*', 'materialized: ephemeral', 'labels: { team: shop }', '*/', 'select 1 as x'),
    });
    expectWhere(diagnostics, ['error MESH103 domains/shop/cleaned/e.sql:3', 'error MESH103 domains/shop/cleaned/v.sql:3']);
    expect(diagnostics[1]!.message).toBe('cluster_by applies to tables and incremental models, and this model is a view');
  });

  it('reports at the same lines in a file saved with CRLF line ends and a BOM', () => {
    const text = '\uFEFF' + lines('/*', 'materialized: table', 'partition_by:', '  field: day', '  data_type: int64', 'labels: { Team: x }', '*/', 'select 1 as day').replace(/\n/g, '\r\n');
    const diagnostics = diagnose({ [FILE]: text });
    expectWhere(diagnostics, [`error MESH104 ${FILE}:3`, `error MESH103 ${FILE}:6`]);
  });
});
