import { describe, expect, it } from 'vitest';
import { diagnose, expectWhere, lines, only } from './diagnose.js';

/** A model with a three-line header, so that body lines and file lines differ. */
function withHeader(...body: string[]): string {
  return lines('/*', 'description: Orders.', '*/', ...body);
}

describe('MESH130: template syntax errors, at the line of the .sql file', () => {
  it('an expression that does not parse', () => {
    const d = only(diagnose({ 'domains/shop/raw/orders.sql': withHeader('select', '  {{ref "a" }}} as a', 'from x') }), 'MESH130');
    // Line 5: three header lines, then `select`, then the broken expression.
    expect([d.file, d.line]).toEqual(['domains/shop/raw/orders.sql', 5]);
    expect(d.message).toMatch(/^template syntax error: /);
  });

  it('one error per file, each in its own file', () => {
    const diagnostics = diagnose({
      'domains/shop/raw/orders.sql': withHeader('select {{ref "a" b=}}'),
      'domains/shop/raw/payments.sql': lines('select 1,', '{{}}'),
    });
    expectWhere(diagnostics, ['error MESH130 domains/shop/raw/orders.sql:4', 'error MESH130 domains/shop/raw/payments.sql:2']);
  });

  // Handlebars reports an unclosed block at the end of the file with a grammar message.
  it('an unclosed {{#if}}: at the line that opens it', () => {
    const d = only(
      diagnose({ 'domains/shop/cleaned/orders.sql': withHeader('select *', 'from events', '{{#if is_incremental}}', 'where ts > (select max(ts) from {{this}})', '', '') }),
      'MESH130',
    );
    expect([d.file, d.line, d.column, d.message]).toEqual(['domains/shop/cleaned/orders.sql', 6, 1, 'template syntax error: {{#if}} is never closed']);
    expect(d.hint).toBe('add {{/if}} where the block ends');
  });

  it('a block closed by another name: at the line that opens it', () => {
    const d = only(diagnose({ 'domains/shop/cleaned/orders.sql': withHeader('select *', '{{#if is_incremental}}', 'where 1 = 1', '{{/each}}') }), 'MESH130');
    expect([d.line, d.column, d.message]).toEqual([5, 1, 'template syntax error: {{#if}} is closed by {{/each}}']);
  });

  it('an unclosed {{#if}} is still found, in the right file', () => {
    const diagnostics = diagnose({ 'domains/shop/cleaned/orders.sql': withHeader('select 1', '{{#if is_incremental}}', 'where 1 = 1') });
    expectWhere(diagnostics.map((d) => ({ ...d, line: undefined })), ['error MESH130 domains/shop/cleaned/orders.sql']);
  });
});

describe('MESH131: unknown helpers and wrong helper arguments, at line and column', () => {
  it('reports each call in one run', () => {
    const diagnostics = diagnose({
      'domains/shop/cleaned/orders.sql': withHeader(
        'select', //                                        4
        '  {{json_text "payload"}} as customer_id,', //      5
        '  {{safe_cast "amount" "int128"}} as amount,', //   6
        '  {{date_trunc "fortnight" "ordered_at"}} as p,', // 7
        '  {{date_add "ordered_at" 7}} as later,', //        8
        '  {{jsonText "payload" "$.id"}} as id', //          9
        'from x',
      ),
    });
    expectWhere(diagnostics, [
      'error MESH131 domains/shop/cleaned/orders.sql:5',
      'error MESH131 domains/shop/cleaned/orders.sql:6',
      'error MESH131 domains/shop/cleaned/orders.sql:7',
      'error MESH131 domains/shop/cleaned/orders.sql:8',
      'error MESH131 domains/shop/cleaned/orders.sql:9',
    ]);
    expect(diagnostics.map((d) => [d.column, d.message, d.hint])).toEqual([
      [3, '{{json_text}} takes 2 arguments (expr, path), got 1', 'write {{json_text "expr" "path"}}'],
      [3, "{{safe_cast}}: 'int128' is not a valid type", 'use one of string, integer, number, decimal, boolean, date, timestamp'],
      [3, "{{date_trunc}}: 'fortnight' is not a valid part", 'use one of day, week, month, quarter, year'],
      [3, '{{date_add}} takes 3 arguments (expr, amount, part), got 2', 'write {{date_add "expr" "amount" "part"}}'],
      [5, "unknown helper or value 'jsonText'", expect.stringMatching(/^did you mean 'json_text'\? helpers are .*json_text/)],
    ]);
  });

  it('ref, source and var take one name in quotes', () => {
    const diagnostics = diagnose({ 'domains/shop/raw/orders.sql': lines('select * from {{ref}}', 'where {{var "a" "b"}}') });
    expectWhere(diagnostics, ['error MESH131 domains/shop/raw/orders.sql:1', 'error MESH131 domains/shop/raw/orders.sql:2']);
    expect(diagnostics.map((d) => [d.column, d.message, d.hint])).toEqual([
      [15, '{{ref}} takes one name in quotes', 'write {{ref "name"}}'],
      [7, '{{var}} takes one name in quotes', 'write {{var "name"}}'],
    ]);
  });
});
