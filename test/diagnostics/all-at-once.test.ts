import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Output } from '../../src/cli/output/output.js';
import { compile, list } from '../../src/mesh.js';
import { writeProject } from '../support/temp-project.js';
import { expectWhere, lines } from './diagnose.js';

const MANY_PROBLEMS = fileURLToPath(new URL('../fixtures/broken/many-problems/', import.meta.url));

/** Every problem of the fixture, sorted by file then line (its README lists them). */
const EXPECTED = [
  'error MESH110 domains/billing/domain.yaml',
  'error MESH101 domains/billing/raw/invoices.sql:2',
  'error MESH102 domains/shop/cleaned/payments.sql:6',
  'error MESH104 domains/shop/domain.yaml:1',
  'error MESH150 domains/shop/raw/orders.sql:1',
  'error MESH103 domains/shop/raw/orders.sql:3',
  'warning MESH190 domains/shop/stagin',
  'error MESH102 mesh.yaml:5',
];

/** An Output that keeps what the CLI prints, line by line. */
function captured(): Output & { outLines: string[]; errLines: string[] } {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return {
    outLines,
    errLines,
    out: (text) => outLines.push(...text.split('\n')),
    err: (text) => errLines.push(...text.split('\n')),
  };
}

describe('every problem in one run', () => {
  it('compile reports all problems of several files, sorted by file then line', () => {
    const result = compile({ projectDir: MANY_PROBLEMS });
    expectWhere(result.diagnostics, EXPECTED);
    expect(result.compiled).toBeUndefined();
    for (const d of result.diagnostics) expect(d.hint, `${d.code} ${d.file} has a hint`).toBeTruthy();
  });

  it('the CLI prints each as file:line[:col]: severity MESHxxx: message, with a hint line, and exits 1', async () => {
    const output = captured();
    const code = await main(['compile', '--project', MANY_PROBLEMS], output);
    expect(code).toBe(1);
    expect(output.outLines).toEqual([]);

    const printed = output.errLines.filter((line) => /^\S.* (error|warning) MESH\d{3}: /.test(line));
    expect(printed.map((line) => /^(\S+?)(?::(\d+))?(?::\d+)?: (error|warning) (MESH\d{3}): /.exec(line)!.slice(1, 5))).toEqual(
      EXPECTED.map((e) => {
        const [severity, code, at] = e.split(' ');
        const [file, line] = at!.split(':');
        return [file, line, severity, code];
      }),
    );
    // Each diagnostic line is followed by its hint.
    for (const line of printed) {
      const next = output.errLines[output.errLines.indexOf(line) + 1];
      expect(next, `hint after: ${line}`).toMatch(/^ {2}hint: \S/);
    }
    expect(output.errLines).toContain('domains/shop/raw/orders.sql:3: error MESH103: materialized must be one of view, table, incremental, ephemeral, snapshot, not \'banana\'');
    expect(output.errLines).toContain('domains/billing/raw/invoices.sql:2:7: error MESH101: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]');
    expect(output.errLines.at(-1)).toBe('7 errors, 1 warning: nothing was run.');
    expect(existsSync(join(MANY_PROBLEMS, 'target'))).toBe(false);
  });

  it('the CLI prints the same problems as JSON lines with --log-format json', async () => {
    const output = captured();
    expect(await main(['compile', '--project', MANY_PROBLEMS, '--log-format', 'json'], output)).toBe(1);
    const printed = output.errLines.map((line) => JSON.parse(line) as { type: string; code: string; file: string; line?: number });
    expect(printed.map((d) => `${d.code} ${d.file}${d.line ? `:${d.line}` : ''}`)).toEqual(EXPECTED.map((e) => e.split(' ').slice(1).join(' ')));
  });

  it('compile problems in several files are all reported', () => {
    const dir = writeProject({
      'domains/shop/raw/orders.sql': lines('select *', 'from {{source "order_events"}}'),
      'domains/shop/cleaned/totals.sql': lines('select sum(x)', 'from {{ref "order"}}', "where d > '{{var \"start\"}}'"),
      'domains/shop/aggregate/daily.sql': lines('select {{date_trunc "fortnight" "d"}}', 'from {{ref "totals"}}'),
    });
    expectWhere(compile({ projectDir: dir }).diagnostics, [
      'error MESH131 domains/shop/aggregate/daily.sql:1',
      'error MESH140 domains/shop/cleaned/totals.sql:2',
      'error MESH142 domains/shop/cleaned/totals.sql:3',
      'error MESH141 domains/shop/raw/orders.sql:2',
    ]);
  });

  // Known bug in src/mesh.ts (compile): when a file has a parse problem (here an unknown header
  // key), compiling stops, so problems found while compiling other files (here a ref) are only
  // reported in a second run. Remove `.fails` once the proposed patch is in.
  it('problems of files and of their templates are reported together', () => {
    const dir = writeProject({
      'domains/shop/raw/orders.sql': lines('/*', 'materialised: view', '*/', 'select 1 as id'),
      'domains/shop/cleaned/totals.sql': lines('select *', 'from {{ref "order"}}'),
    });
    expectWhere(compile({ projectDir: dir }).diagnostics, ['error MESH140 domains/shop/cleaned/totals.sql:2', 'error MESH102 domains/shop/raw/orders.sql:2']);
  });

  it('ls exits 1 on a malformed selector and prints it without a location', async () => {
    const dir = writeProject({ 'domains/shop/raw/orders.sql': 'select 1 as id\n' });
    const output = captured();
    expect(await main(['ls', '--project', dir, '--select', 'orders,'], output)).toBe(1);
    expect(output.errLines[0]).toBe("error MESH170: --select: empty selector in 'orders,'");
    expect(output.errLines[1]).toMatch(/^ {2}hint: write \[N\+\|@\]/);
    expect(output.outLines).toEqual([]);
    expect(list({ projectDir: dir, select: ['orders'] }).ids).toEqual(['model.shop.orders']);
  });
});
