import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile, diffContract } from '../../src/mesh.js';
import { firstInvalidByte } from '../../src/project/decode-text.js';
import { mesh } from '../support/run-cli.js';
import { writeProject } from '../support/temp-project.js';
import { expectWhere, only } from './diagnose.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** A project of text files, then the files given as bytes written over it, as an editor in another encoding saves them. */
function projectWithBytes(text: Record<string, string>, bytes: Record<string, Buffer>): string {
  const dir = writeProject(text);
  for (const [path, content] of Object.entries(bytes)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');

describe('MESH105: a file that is not UTF-8', () => {
  it('a Latin-1 model: at the line and column of the first bad byte, naming it, and nothing else is reported', () => {
    const dir = projectWithBytes(
      { 'domains/shop/cleaned/names.sql': 'select * from {{ref "customers"}}\r\n' },
      // Saved by an editor set to Latin-1, with CRLF line ends: 'é' is the one byte 0xE9.
      { 'domains/shop/raw/customers.sql': latin1("select 1 as id,\r\n  'Ren\u00e9' as name\r\n") },
    );
    const { diagnostics } = compile({ projectDir: dir });
    // No MESH120 (no SQL) for the file, no MESH140 for the model that refs it.
    expectWhere(diagnostics, ['error MESH105 domains/shop/raw/customers.sql:2']);
    const d = diagnostics[0]!;
    expect(d.column).toBe(7);
    expect(d.message).toBe("the file is not valid UTF-8: byte 0xE9 ('\u00e9' in Latin-1) at line 2, column 7; nothing was read from it");
    expect(d.hint).toMatch(/save the file as UTF-8/);
  });

  it('every kind of file meshwork reads, each at its own line', () => {
    const dir = projectWithBytes(
      {},
      {
        'mesh.yaml': latin1('name: test_mesh\nvars:\n  city: M\u00fcnchen\n'),
        'domains/shop/domain.yaml': latin1('name: shop\nowner: team-shop\ndescription: Caf\u00e9s\n'),
        'domains/shop/raw/orders.sql': latin1('select 1 as id\n-- \u00a9 shop\n'),
        'domains/shop/seeds/cities.csv': latin1('city,country\nBerlin,DE\nZ\u00fcrich,CH\n'),
        'domains/shop/tests/no_orders.sql': latin1('-- \u00bd\nselect * from {{ref "orders"}} where false\n'),
        'domains/shop/contracts/orders.odcs.yaml': latin1('apiVersion: v3.1.0\nkind: DataContract\nid: orders\nversion: 1.0.0\nstatus: active\ndescription:\n  purpose: \u00a7 1\n'),
        'templates/duckdb/materializations/view.sql': latin1('-- \u00e0\nCREATE OR REPLACE VIEW {{relation}} AS\n{{sql}}\n'),
      },
    );
    // mesh.yaml first: a project whose config cannot be read stops there.
    expectWhere(compile({ projectDir: dir }).diagnostics, ['error MESH105 mesh.yaml:3']);
    writeFileSync(join(dir, 'mesh.yaml'), 'name: test_mesh\n');
    expectWhere(compile({ projectDir: dir }).diagnostics, [
      // Not MESH110: the domain.yaml exists, it is unreadable.
      'error MESH105 domains/shop/contracts/orders.odcs.yaml:7',
      'error MESH105 domains/shop/domain.yaml:3',
      'error MESH105 domains/shop/raw/orders.sql:2',
      // Not MESH122: its text is not read as CSV.
      'error MESH105 domains/shop/seeds/cities.csv:3',
      'error MESH105 domains/shop/tests/no_orders.sql:1',
      'error MESH105 templates/duckdb/materializations/view.sql:1',
    ]);
  });

  it('a UTF-16 file: says so, at its first byte', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('select 1 as id\r\n', 'utf16le')]);
    const dir = projectWithBytes({}, { 'domains/shop/raw/orders.sql': utf16 });
    const d = only(compile({ projectDir: dir }).diagnostics, 'MESH105');
    expect([d.file, d.line, d.column]).toEqual(['domains/shop/raw/orders.sql', 1, 1]);
    expect(d.message).toMatch(/saved as UTF-16 .*; save as UTF-8$/);
  });

  it('UTF-16 without a byte-order mark: its NUL bytes say so', () => {
    const dir = projectWithBytes({}, { 'domains/shop/raw/orders.sql': Buffer.from('select 1 as id\n', 'utf16le') });
    const d = only(compile({ projectDir: dir }).diagnostics, 'MESH105');
    expect([d.line, d.column]).toEqual([1, 2]);
    expect(d.message).toMatch(/NUL byte .*looks saved as UTF-16 without a byte-order mark/);
  });

  it('counts the column in characters: multi-byte UTF-8 before the bad byte is one column each', () => {
    // 'ü' is two bytes in UTF-8; then a Windows-1252 euro sign (0x80).
    const bytes = Buffer.concat([Buffer.from("select 'ü", 'utf8'), Buffer.from([0x80]), Buffer.from("' as x\n", 'utf8')]);
    const d = only(compile({ projectDir: projectWithBytes({}, { 'domains/shop/raw/prices.sql': bytes }) }).diagnostics, 'MESH105');
    expect([d.line, d.column]).toEqual([1, 10]);
    expect(d.message).toMatch(/byte 0x80 \('€' in Windows-1252\)/);
  });

  it('a multi-byte sequence cut short at the end of the file: at its first byte', () => {
    const bytes = Buffer.concat([Buffer.from('select 1 as id\n-- ', 'utf8'), Buffer.from([0xe2, 0x82])]);
    const d = only(compile({ projectDir: projectWithBytes({}, { 'domains/shop/raw/orders.sql': bytes }) }).diagnostics, 'MESH105');
    expect([d.line, d.column]).toEqual([2, 4]);
    expect(d.message).toMatch(/byte 0xE2/);
  });

  it('mesh contract diff reads its contract strictly too', async () => {
    const path = 'domains/shop/contracts/orders.odcs.yaml';
    const dir = projectWithBytes({}, { [path]: latin1('apiVersion: v3.1.0\nkind: DataContract\nid: orders\ndescription: { purpose: \u00a7 }\n') });
    const diff = await diffContract({ projectDir: dir, file: join(dir, path) });
    expectWhere(diff.diagnostics, [`error MESH105 ${path}:4`]);
  });

  it('the CLI prints it as file:line:col and exits 1', async () => {
    const dir = projectWithBytes({}, { 'domains/shop/raw/orders.sql': latin1('select 1 as id,\n  \u00e9 as e\n') });
    const { code, err, out } = await mesh(['compile', '--project', dir]);
    expect(code).toBe(1);
    expect([...out, ...err].join('\n')).toContain('domains/shop/raw/orders.sql:2:3: error MESH105: the file is not valid UTF-8: byte 0xE9');
  });
});

describe('a UTF-8 BOM is fine and shifts no line or column', () => {
  it('in a model header, mesh.yaml and domain.yaml', () => {
    const dir = projectWithBytes(
      {},
      {
        'mesh.yaml': Buffer.concat([BOM, Buffer.from('name: test_mesh\r\nthreds: 2\r\n')]),
        'domains/shop/domain.yaml': Buffer.concat([BOM, Buffer.from('name: shop\r\nowner: team-shop\r\n')]),
        'domains/shop/raw/orders.sql': Buffer.concat([BOM, Buffer.from('/*\r\nmaterialized: banana\r\n*/\r\nselect 1 as id\r\n')]),
        'domains/shop/seeds/cities.csv': Buffer.concat([BOM, Buffer.from('city,country\r\nBerlin,DE\r\n')]),
      },
    );
    const { diagnostics } = compile({ projectDir: dir });
    expectWhere(diagnostics, ['error MESH103 domains/shop/raw/orders.sql:2', 'error MESH102 mesh.yaml:2']);
  });

  it('on the first line, the column of a template error is the same with and without a BOM', () => {
    const body = 'select * from {{ref "nope"}}\n';
    const columnOf = (bytes: Buffer): number | undefined => only(compile({ projectDir: projectWithBytes({}, { 'domains/shop/raw/a.sql': bytes }) }).diagnostics, 'MESH140').column;
    const plain = columnOf(Buffer.from(body));
    expect(plain).toBeGreaterThan(1);
    expect(columnOf(Buffer.concat([BOM, Buffer.from(body)]))).toBe(plain);
  });

  it('a seed with a BOM: the first column is named without it', () => {
    const dir = projectWithBytes({}, { 'domains/shop/seeds/cities.csv': Buffer.concat([BOM, Buffer.from('city,country\r\nBerlin,DE\r\n')]) });
    const { compiled } = compile({ projectDir: dir });
    expect(compiled!.project.seeds[0]!.columns).toEqual(['city', 'country']);
  });
});

describe('firstInvalidByte agrees with the WHATWG decoder', () => {
  it('on random bytes: valid exactly when TextDecoder accepts them, and valid up to the byte it names', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true });
    const accepts = (bytes: Uint8Array): boolean => {
      try {
        fatal.decode(bytes);
        return true;
      } catch {
        return false;
      }
    };
    let seed = 42;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256;
    // Bytes near the UTF-8 boundaries, so that edge cases (overlong, surrogates, > U+10FFFF) come up often.
    const pool = [0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff];
    for (let n = 0; n < 5000; n++) {
      const bytes = Uint8Array.from({ length: 1 + (random() % 8) }, () => (random() % 3 === 0 ? random() : pool[random() % pool.length]!));
      const at = firstInvalidByte(bytes);
      expect(at === undefined, Buffer.from(bytes).toString('hex')).toBe(accepts(bytes));
      if (at !== undefined) expect(accepts(bytes.subarray(0, at)), Buffer.from(bytes).toString('hex')).toBe(true);
    }
  });
});
