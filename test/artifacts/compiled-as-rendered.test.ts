import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileAndWrite } from '../../src/mesh.js';
import { mesh } from '../support/run-cli.js';
import { writeProject } from '../support/temp-project.js';

const MESH_YAML = 'name: rendered\ntargets:\n  dev:\n    engine: duckdb\n    path: .mesh/dev.duckdb\n';
// As an editor saves it: a BOM, CRLF line ends, a header, a comment, tabs and odd indentation.
const MODEL = '\uFEFF/*\r\ncolumns:\r\n  x:\r\n    tests: [not_null]\r\n*/\r\n\r\n-- the answer, laid out by hand\r\n   select 1 as x,\r\n\t\t  2   as y   -- second\r\nfrom range(2)\r\n\r\n';
const compiledFile = (dir: string, path: string) => readFileSync(join(dir, 'target', 'compiled', path), 'utf8');

describe('mesh compile writes the SQL as rendered', () => {
  it('line N of the compiled file is line N of the rendered query, which is its line of the model file', async () => {
    const dir = writeProject({ 'mesh.yaml': MESH_YAML, 'domains/shop/raw/a.sql': MODEL, 'domains/shop/cleaned/b.sql': '/* tags: [k] */\nselect  x\n  from {{ref "a"}}\n' });
    const result = await compileAndWrite({ projectDir: dir });
    const a = result.compiled!.nodes.get('model.shop.a')!;
    // Line ends as in the model's file (CRLF here).
    const file = compiledFile(dir, 'shop/raw/a.sql').split(/\r?\n/);
    expect(file.slice(0, -1)).toEqual(a.select.sql.trimEnd().split(/\r?\n/));
    // Comment, tabs and spacing kept; each line where the model's file has it.
    const source = MODEL.replace('\uFEFF', '').split('\r\n');
    // (The header's lines are gone: its end is a blank line, mapped to the `*/` line.)
    const mapped = file.map((line, i) => [line, a.select.lines[i] ?? 0] as const).filter(([line, at]) => at > 0 && line !== '');
    expect(mapped.map(([line]) => line)).toEqual(['-- the answer, laid out by hand', '   select 1 as x,', '\t\t  2   as y   -- second', 'from range(2)']);
    for (const [line, at] of mapped) expect(line).toBe(source[at - 1]);
    expect(file.indexOf('   select 1 as x,') + 1).toBe(a.select.lines.indexOf(8) + 1);
    expect(compiledFile(dir, 'shop/cleaned/b.sql')).toBe('\nselect  x\n  from "shop_raw"."a"\n');
  });

  it('--format lays it out, and a compile without it writes the rendered SQL again', async () => {
    const dir = writeProject({ 'mesh.yaml': MESH_YAML, 'domains/shop/raw/a.sql': MODEL });
    expect((await mesh(['compile', '--format', '--project', dir])).code).toBe(0);
    expect(compiledFile(dir, 'shop/raw/a.sql')).toBe('-- the answer, laid out by hand\nSELECT\n  1 AS x,\n  2 AS y -- second\nFROM\n  range(2)\n');
    expect((await mesh(['compile', '--project', dir])).code).toBe(0);
    expect(compiledFile(dir, 'shop/raw/a.sql')).toContain('\r\n   select 1 as x,\r\n');
  });

  it("an engine error's line is the line of the model file and of the compiled file", async () => {
    const broken = '/* materialized: table */\nselect\n  1 as x,\n    missing_col\nfrom range(1)\n';
    const dir = writeProject({ 'mesh.yaml': MESH_YAML, 'domains/shop/raw/broken.sql': broken });
    const { code, out } = await mesh(['build', '--project', dir]);
    expect(code).toBe(1);
    expect(out.join('\n')).toContain('domains/shop/raw/broken.sql:4:5: Binder Error');
    expect(compiledFile(dir, 'shop/raw/broken.sql').split('\n')[3]).toBe('    missing_col');
  });
});
