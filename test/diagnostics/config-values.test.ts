import { describe, expect, it } from 'vitest';
import { diagnose, expectWhere, lines, only } from './diagnose.js';

describe('MESH102: unknown keys, at the line of the key', () => {
  it('in mesh.yaml and in a target', () => {
    const diagnostics = diagnose({
      'mesh.yaml': lines('name: shop_mesh', 'target:', '  dev: {}', 'targets:', '  dev:', '    engine: duckdb', '    threds: 8'),
    });
    expectWhere(diagnostics, ['error MESH102 mesh.yaml:2', 'error MESH102 mesh.yaml:7']);
    expect(diagnostics[0]!.message).toBe("unknown key 'target' in mesh.yaml");
    expect(diagnostics[0]!.hint).toBe("did you mean 'targets'? allowed keys: name, targets, default_target, vars, policies, imports, openlineage, fresh_sources");
    expect(diagnostics[1]!.message).toBe("unknown key 'threds' in target 'dev'");
    expect(diagnostics[1]!.hint).toBe("did you mean 'threads'? allowed keys: engine, path, threads, as_of, fresh_sources");
  });

  it('in a bigquery target: the keys of that engine', () => {
    const d = only(diagnose({ 'mesh.yaml': lines('name: m', 'targets:', '  prod:', '    engine: bigquery', '    project: p', '    location: EU', '    path: x.db') }), 'MESH102');
    expect([d.file, d.line, d.hint]).toEqual([
      'mesh.yaml',
      7,
      'allowed keys: engine, project, execution_project, location, dataset_prefix, projects, method, keyfile, token_env, impersonate_service_account, api_endpoint, maximum_bytes_billed, job_timeout_seconds, job_retries, priority, labels, roles, threads, as_of, fresh_sources',
    ]);
  });

  it('in domain.yaml and in a source', () => {
    const diagnostics = diagnose({
      'domains/shop/domain.yaml': lines(
        'name: shop',
        'owner: team-shop',
        'team: orders',
        'sources:',
        '  order_events:',
        '    duckdb: data/order_events.jsonl',
        '    big_query: raw.order_events',
      ),
    });
    expectWhere(diagnostics, ['error MESH102 domains/shop/domain.yaml:3', 'error MESH102 domains/shop/domain.yaml:7']);
    expect(diagnostics[1]!.message).toBe("unknown key 'big_query' in source 'order_events'");
    expect(diagnostics[1]!.hint).toMatch(/^did you mean 'bigquery'\?/);
  });

  it('in a model header, a column, and a column test\'s arguments: lines of the .sql file', () => {
    const diagnostics = diagnose({
      'domains/shop/cleaned/orders.sql': lines(
        '/*', //                               1: the header starts on the line of /*
        'materialised: table', //              2
        'columns:', //                         3
        '  status:', //                        4
        '    desc: Order status.', //          5
        '    tests:', //                       6
        '      - not_null', //                 7
        '      - accepted_values:', //         8
        '          values: [placed, paid]', // 9
        '          severty: warn', //          10
        '*/', //                               11
        'select 1 as status', //               12
      ),
    });
    expectWhere(diagnostics, [
      'error MESH102 domains/shop/cleaned/orders.sql:2',
      'error MESH102 domains/shop/cleaned/orders.sql:5',
      'error MESH102 domains/shop/cleaned/orders.sql:10',
    ]);
    expect(diagnostics.map((d) => d.message)).toEqual([
      "unknown key 'materialised' in the model header",
      "unknown key 'desc' in column 'status'",
      "unknown key 'severty' in test 'accepted_values'",
    ]);
    expect(diagnostics[0]!.hint).toMatch(/^did you mean 'materialized'\?/);
    expect(diagnostics[2]!.hint).toBe("did you mean 'severity'? allowed keys: values, severity, where, store_failures, config");
  });

  it('in a singular test header', () => {
    const diagnostics = diagnose({
      'domains/shop/raw/orders.sql': 'select 1 as id\n',
      'domains/shop/tests/orders_exist.sql': lines('', '/*', 'severity: warn', 'tag: [x]', '*/', 'select 1 from {{ref "orders"}} having count(*) = 0'),
    });
    expectWhere(diagnostics, ['error MESH102 domains/shop/tests/orders_exist.sql:4']);
    expect(diagnostics[0]!.hint).toBe("did you mean 'tags'? allowed keys: severity, description, tags, store_failures");
  });
});

describe('MESH103: invalid values, at the line of the value', () => {
  it('materialized: banana', () => {
    const d = only(diagnose({ 'domains/shop/raw/orders.sql': lines('/*', 'description: Orders.', 'materialized: banana', '*/', 'select 1') }), 'MESH103');
    expect([d.file, d.line]).toEqual(['domains/shop/raw/orders.sql', 3]);
    expect(d.message).toBe("materialized must be one of view, table, incremental, ephemeral, snapshot, not 'banana'");
    expect(d.hint).toBe('use one of view, table, incremental, ephemeral, snapshot');
  });

  it('a misspelt value gets a suggestion', () => {
    const d = only(diagnose({ 'domains/shop/raw/orders.sql': lines('/*', 'materialized: tabel', '*/', 'select 1') }), 'MESH103');
    expect(d.hint).toBe('did you mean table?');
  });

  it('incremental merge without unique_key: at the strategy', () => {
    const diagnostics = diagnose({
      'domains/shop/cleaned/orders.sql': lines('/*', 'materialized: incremental', 'incremental_strategy: merge', '*/', 'select 1 as id'),
      'domains/shop/cleaned/payments.sql': lines('/*', 'materialized: incremental', 'incremental_strategy: delete+insert', '*/', 'select 1 as id'),
      'domains/shop/cleaned/events.sql': lines('/*', 'materialized: incremental', '*/', 'select 1 as id'),
    });
    expectWhere(diagnostics, ['error MESH103 domains/shop/cleaned/orders.sql:3', 'error MESH103 domains/shop/cleaned/payments.sql:3']);
    expect(diagnostics[0]!.message).toBe("incremental strategy 'merge' needs a unique_key");
    expect(diagnostics[0]!.hint).toBe('add unique_key: <column>, or use incremental_strategy: append');
  });

  it('incremental_strategy on a model that is not incremental', () => {
    const d = only(diagnose({ 'domains/shop/aggregate/daily.sql': lines('/*', 'incremental_strategy: append', '*/', 'select 1') }), 'MESH103');
    expect([d.line, d.message]).toEqual([2, 'incremental_strategy only applies to materialized: incremental, and this model is a table']);
  });

  it('threads: 0', () => {
    const d = only(diagnose({ 'mesh.yaml': lines('name: m', 'targets:', '  dev:', '    engine: duckdb', '    threads: 0') }), 'MESH103');
    expect([d.file, d.line, d.message]).toEqual(['mesh.yaml', 5, 'threads must be a whole number above 0, not 0']);
  });

  it('an unknown engine', () => {
    const d = only(diagnose({ 'mesh.yaml': lines('name: m', 'targets:', '  dev:', '    engine: postgres') }), 'MESH103');
    expect([d.line, d.message]).toEqual([4, "target 'dev' engine must be one of duckdb, bigquery, not 'postgres'"]);
  });

  it('a target that is not a mapping', () => {
    const d = only(diagnose({ 'mesh.yaml': lines('name: m', 'targets:', '  dev: duckdb') }), 'MESH103');
    expect([d.line, d.message]).toEqual([3, "target 'dev' must be a mapping with an engine"]);
  });

  it('default_target that is not a target: reported once, at its line', () => {
    const diagnostics = diagnose({ 'mesh.yaml': lines('name: m', 'targets:', '  prod:', '    engine: bigquery', '    project: p', '    location: EU', 'default_target: prd') });
    expectWhere(diagnostics, ['error MESH103 mesh.yaml:7']);
    expect(diagnostics[0]!.hint).toBe('did you mean prod? declared targets: prod, dev');
  });

  it('a project name that is not an identifier', () => {
    const d = only(diagnose({ 'mesh.yaml': lines('# my mesh', 'name: My Mesh') }), 'MESH103');
    expect([d.line, d.message]).toEqual([2, "project name 'My Mesh' must match ^[a-z][a-z0-9_]*$"]);
  });

  it('accepted_values without values', () => {
    const diagnostics = diagnose({
      'domains/shop/raw/orders.sql': lines(
        '/*',
        'columns:',
        '  status:',
        '    tests:',
        '      - accepted_values: { severity: warn }',
        '      - accepted_values',
        '      - accepted_values: { values: [] }',
        '*/',
        'select 1 as status',
      ),
    });
    expectWhere(diagnostics, [
      'error MESH103 domains/shop/raw/orders.sql:5',
      'error MESH103 domains/shop/raw/orders.sql:6',
      'error MESH103 domains/shop/raw/orders.sql:7',
    ]);
    expect(diagnostics[0]!.message).toBe('accepted_values needs a non-empty list of values');
    expect(diagnostics[1]!.message).toBe("column test 'accepted_values' needs arguments");
    for (const d of diagnostics) expect(d.hint).toBe('write - accepted_values: { values: [a, b] }');
  });

  it('an unknown column test, and tests that are not a list', () => {
    const diagnostics = diagnose({
      'domains/shop/raw/orders.sql': lines('/*', 'columns:', '  id:', '    tests: unique', '  status:', '    tests: [not_nul]', '*/', 'select 1 as id'),
    });
    expectWhere(diagnostics, ['error MESH103 domains/shop/raw/orders.sql:4', 'error MESH103 domains/shop/raw/orders.sql:6']);
    expect(diagnostics[1]!.hint).toMatch(/^did you mean 'not_null'\?/);
  });

  it('domain name differing from its folder', () => {
    const d = only(diagnose({ 'domains/shop/domain.yaml': lines('owner: team-shop', 'name: shops') }), 'MESH103');
    expect([d.file, d.line, d.message, d.hint]).toEqual([
      'domains/shop/domain.yaml',
      2,
      "domain name 'shops' differs from its folder 'shop'",
      'rename the folder or set name: shop',
    ]);
  });

  it('source locations', () => {
    const diagnostics = diagnose({
      'domains/shop/domain.yaml': lines(
        'name: shop',
        'owner: team-shop',
        'sources:',
        '  events: data/events.jsonl',
        '  orders:',
        '    duckdb: data/orders.txt',
        '    bigquery: orders',
      ),
    });
    expectWhere(diagnostics, [
      'error MESH103 domains/shop/domain.yaml:4',
      'error MESH103 domains/shop/domain.yaml:6',
      'error MESH103 domains/shop/domain.yaml:7',
    ]);
    expect(diagnostics[0]!.message).toBe("source 'events' must be a mapping of keys to values, not 'data/events.jsonl'");
    expect(diagnostics[1]!.message).toBe("duckdb location 'data/orders.txt' is a path, but not to a file meshwork can read");
    expect(diagnostics[2]!.hint).toBe('write bigquery: my_dataset.orders');
  });

  it('a file name that is not a valid node name', () => {
    const d = only(diagnose({ 'domains/shop/raw/order-events.sql': 'select 1\n' }), 'MESH103');
    expect([d.file, d.line]).toEqual(['domains/shop/raw/order-events.sql', 1]);
  });
});

describe('MESH104: required keys, at the line of the mapping they belong in', () => {
  it('project name', () => {
    const d = only(diagnose({ 'mesh.yaml': lines('default_target: dev') }), 'MESH104');
    expect([d.file, d.line, d.message, d.hint]).toEqual(['mesh.yaml', 1, 'project name is required', "add 'name:'"]);
  });

  it('an empty mesh.yaml', () => {
    const d = only(diagnose({ 'mesh.yaml': '' }), 'MESH104');
    expect([d.file, d.line]).toEqual(['mesh.yaml', 1]);
  });

  it('domain owner', () => {
    const d = only(diagnose({ 'domains/shop/domain.yaml': lines('# the shop', 'name: shop', 'description: Orders.') }), 'MESH104');
    expect([d.file, d.line, d.message]).toEqual(['domains/shop/domain.yaml', 2, 'domain owner is required']);
  });

  it('domain name', () => {
    const d = only(diagnose({ 'domains/shop/domain.yaml': lines('owner: team-shop') }), 'MESH104');
    expect([d.line, d.message]).toEqual([1, 'domain name is required']);
  });

  it('target engine and bigquery project and location: at the target\'s line, reported once', () => {
    const diagnostics = diagnose({
      'mesh.yaml': lines('name: m', 'targets:', '  local:', '    path: x.duckdb', '  prod:', '    engine: bigquery', 'default_target: prod'),
    });
    expectWhere(diagnostics, ['error MESH104 mesh.yaml:3', 'error MESH104 mesh.yaml:5', 'error MESH104 mesh.yaml:5']);
    expect(diagnostics.map((d) => [d.message, d.hint])).toEqual([
      ["target 'local' engine is required", "add 'engine:' under 'local'"],
      ["target 'prod' project is required", "add 'project:' under 'prod'"],
      ["target 'prod' location is required", "add 'location:' under the target: the region or multi-region of its datasets, e.g. location: EU (or US, europe-west3)"],
    ]);
  });

  it('relationships to and field', () => {
    const diagnostics = diagnose({
      'domains/shop/raw/orders.sql': lines('/*', 'columns:', '  customer_id:', '    tests:', '      - relationships: { to: customers }', '*/', 'select 1 as customer_id'),
    });
    expectWhere(diagnostics, ['error MESH104 domains/shop/raw/orders.sql:5']);
    expect(diagnostics[0]!.message).toBe('relationships field is required');
  });
});

describe('MESH120: model and test files', () => {
  it('a header never closed: at the line of the opening comment', () => {
    const d = only(diagnose({ 'domains/shop/raw/orders.sql': lines('', '/*', 'materialized: table', 'select 1') }), 'MESH120');
    expect([d.file, d.line, d.message]).toEqual(['domains/shop/raw/orders.sql', 2, 'the header comment opened on line 2 is never closed']);
  });

  it('a header may start with a YAML comment', () => {
    const d = only(diagnose({ 'domains/shop/raw/orders.sql': lines('/*', '# config', 'materialized: banana', '*/', 'select 1') }), 'MESH103');
    expect(d.line).toBe(3);
  });

  it("a singular test that refs nothing: where its SQL body starts (the header's closing line)", () => {
    const d = only(diagnose({ 'domains/shop/tests/always.sql': lines('/*', 'severity: warn', '*/', 'select 1 where false') }), 'MESH120');
    expect([d.file, d.line, d.message]).toEqual(['domains/shop/tests/always.sql', 3, "singular test 'always' does not ref any model or seed"]);
  });

  it('column tests on an ephemeral model: at the test', () => {
    const d = only(
      diagnose({ 'domains/shop/cleaned/orders.sql': lines('/*', 'materialized: ephemeral', 'columns:', '  id:', '    tests: [unique]', '*/', 'select 1 as id') }),
      'MESH120',
    );
    expect([d.file, d.line, d.message]).toEqual(['domains/shop/cleaned/orders.sql', 5, "column tests cannot run on ephemeral model 'orders'"]);
  });

  it('a model without SQL', () => {
    const diagnostics = diagnose({
      'domains/shop/raw/empty.sql': '\n',
      'domains/shop/raw/header_only.sql': lines('/*', 'materialized: table', '*/', ''),
    });
    expectWhere(diagnostics, ['error MESH120 domains/shop/raw/empty.sql:1', 'error MESH120 domains/shop/raw/header_only.sql:3']);
    expect(diagnostics[1]!.message).toBe('the file has no SQL');
    expect(diagnostics[1]!.hint).toBe('write the query after the header: a model is one select statement');
  });

  it('a singular test without SQL', () => {
    const diagnostics = diagnose({ 'domains/shop/tests/nothing.sql': '' });
    expect(diagnostics.filter((d) => d.message === 'the file has no SQL').map((d) => `${d.code} ${d.file}:${d.line}`)).toEqual([
      'MESH120 domains/shop/tests/nothing.sql:1',
    ]);
  });

  it('a leading comment in prose is SQL, not a header', () => {
    expect(diagnose({ 'domains/shop/raw/orders.sql': lines('/*', '  One row per order.', '*/', 'select 1') })).toEqual([]);
  });
});
