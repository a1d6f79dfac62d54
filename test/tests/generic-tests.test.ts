/**
 * Data tests a dbt user reaches for, on a real in-memory DuckDB: generic tests of the project and
 * of a domain (shadowing), under a column with an argument and at model level; unique_combination,
 * expression_is_true (both levels), not_empty; `where:`; and the diagnostics of a wrong use, at the
 * line of the use.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import type { NodeResult } from '../../src/execute/run-events.js';
import { build, compile } from '../../src/mesh.js';
import { expectWhere } from '../diagnostics/diagnose.js';
import { memoryDuckDB, updateProject, writeProject } from '../support/temp-project.js';
import { PAYMENTS } from './payments-data.js';

let adapter: DuckDBAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
});

const lines = (...text: string[]): string => `${text.join('\n')}\n`;

/** A project's and a domain's generic tests, a model using them and the builtins (header lines numbered as in `lines`). */
const PROJECT: Record<string, string> = {
  'domains/shop/seeds/payments_raw.csv': PAYMENTS,
  'domains/crm/domain.yaml': 'name: crm\nowner: team-crm\ndescription: other domain\n',
  'domains/crm/seeds/scores_raw.csv': 'score\n0\n1\n-1\n',
  // The project's: zero is not positive.
  'tests/generic/positive.sql': lines('/*', 'description: every value is above zero', '*/', 'select {{column}} as value from {{model}} where {{column}} <= 0'),
  // The shop domain's shadows it: zero passes there.
  'domains/shop/tests/generic/positive.sql': 'select {{column}} as value from {{model}} where {{column}} < 0\n',
  'tests/generic/at_least.sql': lines('/*', 'params: [min]', '*/', 'select {{column}} as value', 'from {{model}}', 'where {{column}} < {{min}}'),
  'tests/generic/rows_at_least.sql': lines('/*', 'params: [{min_rows: 1}]', '*/', 'select n from (select count(*) as n from {{model}}) as counted where n < {{min_rows}}'),
  'domains/crm/cleaned/scores.sql': lines('/*', 'columns:', '  score:', '    tests: [positive]', '*/', 'select * from {{ref "scores_raw"}}'),
};

const model = (...header: string[]): Record<string, string> => ({
  'domains/shop/cleaned/payments.sql': lines('/*', ...header, '*/', 'select * from {{ref "payments_raw"}}'),
});

async function buildProject(files: Record<string, string>): Promise<Map<string, NodeResult>> {
  const dir = writeProject({ ...PROJECT, ...files });
  adapter = await memoryDuckDB(dir);
  const result = await build({ projectDir: dir, adapter });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return new Map(result.run!.results.map((r) => [r.id, r]));
}

describe('generic tests', () => {
  it('under a column with an argument and at model level; a domain shadows the project', async () => {
    const results = await buildProject(
      model('tests:', '  - rows_at_least: { min_rows: 12 }', '  - rows_at_least', 'columns:', '  amount:', '    tests:', '      - positive', '      - at_least: { min: -5 }', '      - at_least: { min: 1, where: "id > 2" }'),
    );
    const failures = (id: string): number | undefined => results.get(id)?.failures;
    // 11 rows: fewer than 12, at least the default 1.
    expect(failures('test.shop.rows_at_least_payments')).toBe(1);
    expect(failures('test.shop.rows_at_least_payments_2')).toBe(0);
    // The domain's positive (< 0): seven negatives; crm uses the project's (<= 0): 0 and -1.
    expect(failures('test.shop.positive_payments_amount')).toBe(7);
    expect(failures('test.crm.positive_scores_score')).toBe(2);
    expect(failures('test.shop.at_least_payments_amount')).toBe(2);
    // where: rows 1 and 2 are left out, so 3 (zero) and 5..10 fail.
    expect(failures('test.shop.at_least_payments_amount_2')).toBe(7);
  });

  it('an edited generic test recompiles (the parse cache keys it by content)', () => {
    const dir = writeProject({ ...PROJECT, ...model('columns:', '  amount:', '    tests: [at_least: { min: 0 }]') });
    const sql = (): string => compile({ projectDir: dir }).compiled!.nodes.get('test.shop.at_least_payments_amount')!.select.sql;
    // The project's and the domain's tests/generic/ folders are read, not warned about.
    expect(compile({ projectDir: dir }).diagnostics).toEqual([]);
    expect(sql()).toContain('"amount" < 0');
    updateProject(dir, { 'tests/generic/at_least.sql': lines('/*', 'params: [min]', '*/', 'select * from {{model}} where {{column}} <= {{min}}') });
    expect(sql()).toContain('"amount" <= 0');
  });

  it('a generic test of a builtin name replaces the builtin, with its arguments', async () => {
    const results = await buildProject({
      ...model('columns:', '  order_id:', '    tests: [not_null]', '  note:', '    tests: [accepted_values: { values: [ok, dup] }]'),
      // The project counts only null keys of paid rows, and reads accepted_values' values.
      'tests/generic/not_null.sql': 'select * from {{model}} where {{column}} is null and amount > 100\n',
      'tests/generic/accepted_values.sql': 'select * from {{model}} where {{column}} not in ({{join values ", "}})\n',
    });
    expect(results.get('test.shop.not_null_payments_order_id')?.failures).toBe(0);
    // Nulls are not "not in": x, zero and null order fail, the empty notes are NULL.
    expect(results.get('test.shop.accepted_values_payments_note')?.failures).toBe(3);
  });
});

describe('model-level and builtin tests dbt users reach for', () => {
  it('unique_combination, expression_is_true (model and column level), not_empty: passing', async () => {
    const results = await buildProject(
      model(
        'tests:',
        '  - unique_combination: { columns: [order_id, line], where: "id <> 4" }',
        '  - expression_is_true: { expression: "amount >= -7" }',
        '  - not_empty',
        'columns:',
        '  amount:',
        '    tests:',
        '      - expression_is_true: { expression: "<= 20" }',
      ),
    );
    const tests = [...results.values()].filter((r) => r.kind === 'test' && r.id.includes('payments'));
    expect(tests.map((r) => [r.id, r.status, r.failures])).toEqual(
      expect.arrayContaining([
        ['test.shop.unique_combination_payments', 'success', 0],
        ['test.shop.expression_is_true_payments', 'success', 0],
        ['test.shop.not_empty_payments', 'success', 0],
        ['test.shop.expression_is_true_payments_amount', 'success', 0],
      ]),
    );
    expect(tests).toHaveLength(4);
  });

  it('the same tests failing, with severity warn and where', async () => {
    const results = await buildProject(
      model(
        'tests:',
        '  - unique_combination: { columns: [order_id, line] }',
        '  - expression_is_true: { expression: "amount > -5", severity: warn }',
        '  - not_empty: { where: "id > 100" }',
        'columns:',
        '  amount:',
        '    tests:',
        '      - expression_is_true: { expression: ">= -3", config: { severity: error } }',
      ),
    );
    const got = (id: string) => {
      const r = results.get(id)!;
      return [r.status, r.failures, r.warning ?? false, r.line];
    };
    // Order 2 line 1 twice; the null order's line 1 is one group.
    expect(got('test.shop.unique_combination_payments')).toEqual(['error', 1, false, 3]);
    expect(got('test.shop.expression_is_true_payments')).toEqual(['success', 3, true, 4]);
    expect(got('test.shop.not_empty_payments')).toEqual(['error', 1, false, 5]);
    // -4, -5, -6, -7: the column is put before the expression, as dbt_utils does.
    expect(got('test.shop.expression_is_true_payments_amount')).toEqual(['error', 4, false, 9]);
  });
});

describe('diagnostics at the line of the use', () => {
  const diagnose = (files: Record<string, string>) => compile({ projectDir: writeProject({ ...PROJECT, ...files }) }).diagnostics;

  it('an unknown test name, with did-you-mean over builtins and generic tests, in a CRLF file with a BOM', () => {
    const text = '\uFEFF/*\r\ntests:\r\n  - not_emty\r\ncolumns:\r\n  amount:\r\n    tests:\r\n      - postive\r\n      - at_lest: { min: 1 }\r\n*/\r\nselect * from {{ref "payments_raw"}}\r\n';
    const diagnostics = diagnose({ 'domains/shop/cleaned/payments.sql': text });
    expectWhere(diagnostics, ['error MESH103 domains/shop/cleaned/payments.sql:3', 'error MESH103 domains/shop/cleaned/payments.sql:7', 'error MESH103 domains/shop/cleaned/payments.sql:8']);
    expect(diagnostics.map((d) => [d.message, d.hint?.replace(/\?.*/, '?')])).toEqual([
      ["unknown test 'not_emty'", "did you mean 'not_empty'?"],
      ["unknown test 'postive'", "did you mean 'positive'?"],
      ["unknown test 'at_lest'", "did you mean 'at_least'?"],
    ]);
    expect(diagnostics[1]!.hint).toContain('generic tests: at_least, positive, rows_at_least');
  });

  it('a missing argument names the params; an argument the test does not declare is an unknown key', () => {
    const diagnostics = diagnose(model('columns:', '  amount:', '    tests:', '      - at_least', '      - at_least: { mn: 1 }'));
    expectWhere(diagnostics, ['error MESH153 domains/shop/cleaned/payments.sql:5', 'error MESH102 domains/shop/cleaned/payments.sql:6', 'error MESH153 domains/shop/cleaned/payments.sql:6']);
    expect(diagnostics[0]!.message).toBe("test 'at_least' needs argument 'min'");
    expect(diagnostics[0]!.hint).toBe('write - at_least: { min: … }; its params are min (tests/generic/at_least.sql)');
    expect(diagnostics[1]!.hint).toMatch(/^did you mean 'min'\?/);
  });

  it('a generic test naming what it is not given: at its own line, saying where it is used', () => {
    const diagnostics = diagnose({
      ...model('tests: [positive]'),
      'tests/generic/positive.sql': lines('-- values must be above zero', 'select *', 'from {{model}}', 'where {{column}} <= 0'),
      'domains/shop/tests/generic/positive.sql': lines('select *', 'from {{model}}', 'where {{column}} <= 0'),
    });
    expectWhere(diagnostics, ['error MESH131 domains/shop/tests/generic/positive.sql:3']);
    expect(diagnostics[0]!.message).toContain("'column'");
    expect(diagnostics[0]!.message).toContain('used on model \'payments\' at domains/shop/cleaned/payments.sql:2');
  });

  it("a dbt generic test copied as it is: Jinja at its lines, and dbt's names with what the test is given", () => {
    const diagnostics = diagnose({
      ...model('columns:', '  amount:', '    tests: [positive, at_least: { min: 1 }]'),
      'tests/generic/positive.sql': lines('{% test positive(model, column_name) %}', 'select * from {{ model }} where {{ column_name }} <= 0', '{% endtest %}'),
      'tests/generic/at_least.sql': lines('/*', 'params: [min]', '*/', 'select * from {{ model }}', 'where {{ column_name }} < {{ min }}'),
    });
    expectWhere(diagnostics, ['error MESH131 tests/generic/at_least.sql:5', 'error MESH132 tests/generic/positive.sql:1', 'error MESH132 tests/generic/positive.sql:3']);
    expect(diagnostics[0]!.message).toContain("'column_name'");
    expect(diagnostics[0]!.hint).toBe('this use gives the test {{model}}, {{column}}, {{min}}: fix the name, declare it in params: with a default, or pass it where the test is used');
  });

  it('a generic test with a header and no query', () => {
    const diagnostics = diagnose({ ...model('tests: [rows_at_least]'), 'tests/generic/rows_at_least.sql': '/*\r\nparams: [{min_rows: 1}]\r\n*/\r\n' });
    expectWhere(diagnostics, ['error MESH120 tests/generic/rows_at_least.sql:3']);
  });

  it('a builtin at the wrong level, and builtins missing their arguments', () => {
    const diagnostics = diagnose(model('tests:', '  - unique', '  - unique_combination: { columns: [a] }', '  - expression_is_true', 'columns:', '  amount:', '    tests: [not_empty]'));
    expectWhere(diagnostics, [
      'error MESH103 domains/shop/cleaned/payments.sql:3',
      'error MESH103 domains/shop/cleaned/payments.sql:4',
      'error MESH103 domains/shop/cleaned/payments.sql:5',
      'error MESH103 domains/shop/cleaned/payments.sql:8',
    ]);
    expect(diagnostics.map((d) => d.message)).toEqual([
      "'unique' is a column test",
      'unique_combination needs a list of two or more columns',
      "test 'expression_is_true' needs arguments",
      "'not_empty' is a model-level test, not a column test",
    ]);
  });
});

describe('where generic tests are read', () => {
  it("a singular test in the project's tests/ (dbt's place for them) is a warning, not silently ignored", () => {
    const diagnostics = compile({ projectDir: writeProject({ ...PROJECT, 'tests/orders_are_paid.sql': 'select 1 where false\n', 'tests/helpers/x.sql': 'select 1\n' }) }).diagnostics;
    expectWhere(diagnostics, ['warning MESH190 tests/helpers', 'warning MESH190 tests/orders_are_paid.sql']);
    expect(diagnostics[1]!.hint).toContain('domains/<domain>/tests/');
  });
});

describe('data_tests:, as dbt 1.8 spells tests:', () => {
  it('is read as tests:, at model and column level; both at once is an error at the second', () => {
    const compiled = compile({ projectDir: writeProject({ ...PROJECT, ...model('data_tests: [not_empty]', 'columns:', '  id:', '    data_tests: [unique]') }) });
    expect(compiled.diagnostics).toEqual([]);
    expect([...compiled.compiled!.nodes.keys()].filter((id) => id.startsWith('test.shop.'))).toEqual(['test.shop.unique_payments_id', 'test.shop.not_empty_payments']);
    const diagnostics = compile({ projectDir: writeProject({ ...PROJECT, ...model('tests: [not_empty]', 'data_tests: [not_empty]') }) }).diagnostics;
    expectWhere(diagnostics, ['error MESH103 domains/shop/cleaned/payments.sql:3']);
  });
});
