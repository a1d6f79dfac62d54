import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { compile } from '../../src/mesh.js';
import { mesh } from '../support/run-cli.js';
import { writeProject } from '../support/temp-project.js';
import { diagnose, expectWhere, lines, only } from './diagnose.js';

/** Inputs that once ended in a stack trace: each is now a diagnostic at the file (and line) to fix. */

const SHOP = lines('# the shop domain', 'name: shop', 'owner: team-shop', 'description: orders');

describe('MESH152: two domain folders whose domain.yaml give one name', () => {
  it('names both domain.yaml files at their name: line, keeps the folder of that name, and does not crash', () => {
    const dir = writeProject({
      'domains/shop/domain.yaml': SHOP,
      'domains/shop/raw/orders.sql': 'select 1 as id\n',
      // Sorted before 'shop', so without the rule for the folder's own name it would win.
      'domains/a_copy/domain.yaml': lines('owner: team-shop', '', 'name: shop'),
      'domains/a_copy/raw/orders.sql': 'select 2 as id\n',
    });
    const diagnostics = compile({ projectDir: dir }).diagnostics;
    expectWhere(diagnostics, ['error MESH103 domains/a_copy/domain.yaml:3', 'error MESH152 domains/a_copy/domain.yaml:3']);
    const d = only(diagnostics, 'MESH152');
    expect(d.message).toBe("two domains named 'shop': domains/shop/domain.yaml:2 and domains/a_copy/domain.yaml:3");
    expect(d.hint).toBe('give each domain its own name, the name of its folder: name: a_copy');
  });

  it('through the CLI: exit 1 and the diagnostic, no stack trace', async () => {
    const dir = writeProject({
      'domains/shop/domain.yaml': SHOP,
      'domains/shop/raw/orders.sql': 'select 1 as id\n',
      'domains/shop_two/domain.yaml': SHOP,
      'domains/shop_two/raw/orders.sql': 'select 2 as id\n',
    });
    const { code, err } = await mesh(['check', '--project', dir]);
    expect(code).toBe(1);
    expect(err[0]).toBe(
      "domains/shop_two/domain.yaml:2: error MESH103: domain name 'shop' differs from its folder 'shop_two'\n  hint: rename the folder or set name: shop_two",
    );
    expect(err[1]).toBe(
      "domains/shop_two/domain.yaml:2: error MESH152: two domains named 'shop': domains/shop/domain.yaml:2 and domains/shop_two/domain.yaml:2\n  hint: give each domain its own name, the name of its folder: name: shop_two",
    );
  });
});

describe('MESH130: an unclosed block in a model read by other models', () => {
  it('is reported at the line and column of the opening {{#if, and its readers do not crash the graph', async () => {
    const dir = writeProject({
      'domains/shop/cleaned/orders.sql': lines('/*', 'materialized: incremental', 'unique_key: id', '*/', 'select 1 as id', '  {{#if is_incremental}} where id > 0', ''),
      'domains/shop/aggregate/order_count.sql': 'select count(*) as n from {{ref "orders"}}\n',
    });
    const { code, err } = await mesh(['compile', '--project', dir]);
    expect(code).toBe(1);
    expect(err[0]).toBe('domains/shop/cleaned/orders.sql:6:3: error MESH130: template syntax error: {{#if}} is never closed\n  hint: add {{/if}} where the block ends');
  });

  it('with CRLF line endings and a BOM, as an editor on Windows saves it', () => {
    const d = only(diagnose({ 'domains/shop/cleaned/orders.sql': '\ufeffselect 1 as id\r\nfrom x\r\n{{#if is_incremental}}\r\nwhere 1 = 1\r\n' }), 'MESH130');
    expect([d.file, d.line, d.column]).toEqual(['domains/shop/cleaned/orders.sql', 3, 1]);
  });

  it('an unclosed comment, an {{else}} and a {{/if}} outside any block say so', () => {
    const diagnostics = diagnose({
      'domains/shop/raw/a.sql': lines('select 1', '  {{!-- not closed', 'from x'),
      'domains/shop/raw/b.sql': lines('select 1', '{{else}}'),
      'domains/shop/raw/c.sql': lines('select 1', '{{/if}}'),
    });
    expect(diagnostics.map((d) => [d.code, d.file, d.line, d.column, d.message])).toEqual([
      ['MESH130', 'domains/shop/raw/a.sql', 2, 3, 'template syntax error: comment {{!-- is never closed'],
      ['MESH130', 'domains/shop/raw/b.sql', 2, undefined, 'template syntax error: {{else}} outside a block'],
      ['MESH130', 'domains/shop/raw/c.sql', 2, undefined, 'template syntax error: a closing {{/…}} with no block open'],
    ]);
  });
});

describe('MESH131: names every JavaScript object has are not helpers', () => {
  it.each(['constructor', '__proto__', 'valueOf', 'hasOwnProperty', 'helperMissing', 'blockHelperMissing'])('{{%s}} is an unknown helper, on the fast path and through Handlebars', (name) => {
    const diagnostics = diagnose({
      'domains/shop/raw/a.sql': lines('select 1 as id', `-- {{${name}}}`),
      'domains/shop/raw/b.sql': lines('select 1 as id {{#if is_incremental}}{{/if}}', `-- {{${name}}}`),
    });
    expectWhere(diagnostics, ['error MESH131 domains/shop/raw/a.sql:2', 'error MESH131 domains/shop/raw/b.sql:2']);
    expect(diagnostics.map((d) => d.message)).toEqual([`unknown helper or value '${name}'`, `unknown helper or value '${name}'`]);
  });
});

describe('MESH100: a file that is there but cannot be read', () => {
  it('a folder named domain.yaml, a link to nowhere, a link to itself: each named, the rest still read', () => {
    const dir = writeProject({ 'domains/shop/raw/orders.sql': 'select 1 as id\n', 'domains/billing/raw/invoices.sql': 'select 1 as id\n' });
    mkdirSync(join(dir, 'domains/billing/domain.yaml'));
    symlinkSync('nowhere.sql', join(dir, 'domains/shop/raw/dangling.sql'));
    symlinkSync('loop.sql', join(dir, 'domains/shop/raw/loop.sql'));
    const diagnostics = compile({ projectDir: dir }).diagnostics;
    expectWhere(diagnostics, ['error MESH100 domains/billing/domain.yaml', 'error MESH100 domains/shop/raw/dangling.sql', 'error MESH100 domains/shop/raw/loop.sql']);
    expect(diagnostics.map((d) => [d.message, d.hint])).toEqual([
      ['cannot read domains/billing/domain.yaml: illegal operation on a directory, read', 'this is a folder; meshwork expects a file of this name here: replace the folder with the file'],
      ['cannot read domains/shop/raw/dangling.sql: no such file or directory', 'this is a symbolic link to a file that does not exist: point it at the file, or remove it'],
      ['cannot read domains/shop/raw/loop.sql: too many symbolic links encountered', 'this symbolic link points back to itself: point it at the file, or remove it'],
    ]);
  });

  it('a file where meshwork reads a folder (domains, a stage) is a warning naming it', () => {
    const dir = writeProject({ 'domains/shop/cleaned/orders.sql': 'select 1 as id\n' });
    writeFileSync(join(dir, 'domains/shop/raw'), 'select 1\n');
    expectWhere(compile({ projectDir: dir }).diagnostics, ['warning MESH190 domains/shop/raw']);
    rmSync(join(dir, 'domains'), { recursive: true });
    writeFileSync(join(dir, 'domains'), '');
    const d = only(compile({ projectDir: dir }).diagnostics, 'MESH190');
    expect([d.file, d.message]).toEqual(['domains', "'domains' is a file, but meshwork reads a folder of that name; it is ignored"]);
  });
});

describe('MESH105: a NUL byte', () => {
  it('is reported at its line and column: an engine would read the query only up to it', () => {
    const diagnostics = diagnose({ 'domains/shop/raw/orders.sql': 'select 1 as id,\n  2 as\u0000 x\n' });
    const d = only(diagnostics, 'MESH105');
    expect([d.file, d.line, d.column]).toEqual(['domains/shop/raw/orders.sql', 2, 7]);
  });
});

describe('mesh contract diff on a path that is not a contract file', () => {
  it('a folder or a missing file is MESH201 naming the path as given', async () => {
    const dir = writeProject({ 'domains/shop/contracts/.keep': '' });
    for (const path of ['domains/shop/contracts', 'no/such.odcs.yaml']) {
      const { code, err } = await mesh(['contract', 'diff', path, '--project', dir]);
      expect(code).toBe(1);
      expect(err[0]).toMatch(new RegExp(`^${path}: error MESH201: no contract file ${path}\n`));
    }
  });
});

describe('MESH199: the CLI’s last resort for a bug in meshwork', () => {
  // Any unexpected exception will do: here the output itself fails when `mesh ls` prints the nodes.
  async function failingLs(env: Record<string, string>): Promise<{ code: number; err: string[] }> {
    const dir = writeProject({ 'domains/shop/raw/orders.sql': 'select 1 as id\n' });
    const err: string[] = [];
    const out = (): void => {
      throw new Error('stdout is gone\nsecond line');
    };
    const code = await main(['ls', '--project', dir], { out, err: (l) => err.push(l) }, { env });
    return { code, err };
  }

  it('prints the message on one line and a hint, no stack trace, and exits 2', async () => {
    const { code, err } = await failingLs({});
    expect(code).toBe(2);
    expect(err).toEqual([
      'error MESH199: internal error: stdout is gone second line\n  hint: this is a bug in meshwork, not a problem in your project: please report it with this message (and the output of the same command run with MESH_DEBUG=1)',
    ]);
  });

  it('prints the stack too with MESH_DEBUG=1', async () => {
    const { code, err } = await failingLs({ MESH_DEBUG: '1' });
    expect(code).toBe(2);
    expect(err[0]).toMatch(/^error MESH199: internal error: stdout is gone/);
    expect(err[1]).toMatch(/^Error: stdout is gone\nsecond line\n\s+at /);
  });
});

describe('MESH100: output that cannot be written', () => {
  it('a file named target: compile, catalog and docs name the path, check and ls still work (caches are best effort)', async () => {
    const dir = writeProject({ 'domains/shop/raw/orders.sql': 'select 1 as id\n' });
    writeFileSync(join(dir, 'target'), 'not a folder\n');
    for (const command of ['compile', 'catalog', 'docs']) {
      const { code, err } = await mesh([command, '--project', dir]);
      expect(code, command).toBe(1);
      expect(err[0], command).toMatch(/^target\/\S+: error MESH100: cannot write target\/\S+: not a directory\n {2}hint: a file is in the way of a folder meshwork writes its output in/);
    }
    expect((await mesh(['check', '--project', dir])).code).toBe(0);
    expect((await mesh(['ls', '--project', dir])).out).toEqual(['model.shop.orders']);
  });
});
