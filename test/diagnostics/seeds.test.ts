import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/mesh.js';
import { readCsv } from '../../src/parse/read-csv.js';
import { updateProject, writeProject } from '../support/temp-project.js';
import { diagnose, expectWhere, lines, only } from './diagnose.js';

const SEED = 'domains/shop/seeds/countries.csv';
const DOMAIN = 'domains/shop/domain.yaml';
const domainWith = (...seedLines: string[]): string => lines('name: shop', 'owner: team-shop', 'description: test domain', ...seedLines);

describe('MESH122: a seed CSV that does not read strictly', () => {
  it('rows with fewer or more fields than the header, each at its line (CRLF, a final newline)', () => {
    const diagnostics = diagnose({ [SEED]: 'code,name,population\r\nDE,Germany,83\r\nFR,France\r\nIT,Italy,59\r\nES,Spain,48,extra\r\n' });
    expectWhere(diagnostics, [`error MESH122 ${SEED}:3`, `error MESH122 ${SEED}:5`]);
    expect(diagnostics[0]!.message).toBe('this row has 2 fields, the header has 3 columns');
    expect(diagnostics[1]!.message).toBe('this row has 4 fields, the header has 3 columns');
    expect(diagnostics[0]!.hint).toMatch(/quote a value that contains a comma/);
  });

  it('counts physical lines: quoted values spanning lines (CRLF inside them) and blank lines', () => {
    const csv = ['code,note', 'DE,"two\r\nlines"', '', 'FR,"three', 'lines', 'here"', 'IT', 'ES,ok', ''].join('\r\n');
    // IT starts on line 8: the quoted values span lines 2–3 and 5–7, line 4 is blank.
    expectWhere(diagnose({ [SEED]: csv }), [`error MESH122 ${SEED}:8`]);
  });

  it('a quote that is never closed: at the line where its record starts', () => {
    const d = only(diagnose({ [SEED]: lines('code,note', 'DE,fine', 'FR,"starts here', 'IT,and runs', 'ES,to the end') }), 'MESH122');
    expect([d.file, d.line, d.message]).toEqual([SEED, 3, 'a quote opened on line 3 is never closed']);
  });

  it('a quote never closed in a record that starts on an earlier line', () => {
    const d = only(diagnose({ [SEED]: lines('code,note', 'DE,fine', 'FR,first line,"second', 'line never closed') }), 'MESH122');
    expect(d.line).toBe(3);
  });

  it('reports the rows before an unclosed quote too', () => {
    expectWhere(diagnose({ [SEED]: lines('code,note', 'DE', 'FR,"open') }), [`error MESH122 ${SEED}:2`, `error MESH122 ${SEED}:3`]);
  });

  it('an empty file, and a file of blank lines: no header', () => {
    for (const text of ['', '\r\n\r\n']) {
      const d = only(diagnose({ [SEED]: text }), 'MESH122');
      expect([d.file, d.line, d.message]).toEqual([SEED, 1, 'the seed is empty: it has no header row']);
    }
  });

  it('duplicate column names, compared without case as engines do', () => {
    const diagnostics = diagnose({ [SEED]: lines('code,name,Code', 'DE,Germany,de'), 'domains/shop/seeds/other.csv': lines('a,b,a', '1,2,3') });
    expectWhere(diagnostics, [`error MESH122 ${SEED}:1`, 'error MESH122 domains/shop/seeds/other.csv:1']);
    expect(diagnostics[0]!.message).toBe("the header names column 'code' twice, as 'code' and 'Code' (engines compare column names without case)");
    expect(diagnostics[1]!.message).toBe("the header names column 'a' twice");
  });

  it('a header after blank lines is reported on its own line', () => {
    expectWhere(diagnose({ [SEED]: '\n\ncode,code\nDE,de\n' }), [`error MESH122 ${SEED}:3`]);
  });

  it('a column with no name (a trailing comma in the header)', () => {
    const d = only(diagnose({ [SEED]: lines('code,name,', 'DE,Germany,') }), 'MESH122');
    expect(d.message).toBe('column 3 of the header has no name');
  });

  it('a file separated by semicolons: one column would be read', () => {
    const d = only(diagnose({ [SEED]: lines('code;name', 'DE;Germany') }), 'MESH122');
    expect(d.message).toMatch(/looks separated by ';', and seeds are separated by commas/);
  });

  it('accepts what the engines read: a header only, quotes inside a value, empty values, duplicate rows', () => {
    expect(diagnose({ [SEED]: 'code,name\r\n', 'domains/shop/seeds/quotes.csv': lines('h,note', '1,"say ""hi"", twice"', '2,5\'10"', '2,5\'10"', '3,') })).toEqual([]);
  });

  it('every bad seed of the project at once, with the other problems', () => {
    const diagnostics = diagnose({
      [SEED]: lines('code', 'DE,x'),
      'domains/shop/seeds/empty.csv': '',
      'domains/shop/raw/orders.sql': lines('/*', 'materialized: banana', '*/', 'select 1'),
    });
    expectWhere(diagnostics, ['error MESH103 domains/shop/raw/orders.sql:2', `error MESH122 ${SEED}:2`, 'error MESH122 domains/shop/seeds/empty.csv:1']);
  });
});

describe('seeds: in domain.yaml', () => {
  it('accepts description and column_types for a seed of the domain', () => {
    const dir = writeProject({
      [DOMAIN]: domainWith('seeds:', '  countries:', '    description: ISO countries.', "    column_types: { code: varchar, Population: bigint, joined: 'decimal(10, 2)' }"),
      [SEED]: lines('code,population,joined', 'DE,83,1.5'),
    });
    const { diagnostics, compiled } = compile({ projectDir: dir });
    expect(diagnostics).toEqual([]);
    const seed = compiled!.project.seeds[0]!;
    // Spelled as the header spells the column.
    expect(seed.columnTypes).toEqual({ code: 'varchar', population: 'bigint', joined: 'decimal(10, 2)' });
    expect(compiled!.nodes.get('seed.shop.countries')!.description).toBe('ISO countries.');
  });

  it('an unknown key in a seed entry is MESH102, at its line', () => {
    const d = only(diagnose({ [DOMAIN]: domainWith('seeds:', '  countries:', '    column_type: { code: varchar }'), [SEED]: lines('code', 'DE') }), 'MESH102');
    expect([d.file, d.line, d.message]).toEqual([DOMAIN, 6, "unknown key 'column_type' in seed 'countries'"]);
    expect(d.hint).toMatch(/did you mean 'column_types'\?/);
  });

  it('an entry naming no seed file is MESH102, with the nearest seed', () => {
    const d = only(diagnose({ [DOMAIN]: domainWith('seeds:', '  contries:', '    description: x'), [SEED]: lines('code', 'DE') }), 'MESH102');
    expect([d.file, d.line, d.message]).toEqual([DOMAIN, 5, "seeds: names 'contries', but the domain has no seed contries.csv"]);
    expect(d.hint).toMatch(/^did you mean 'countries'\?/);
  });

  it('a column_types column the CSV lacks is MESH122 at its line in domain.yaml', () => {
    const diagnostics = diagnose({
      [DOMAIN]: domainWith('seeds:', '  countries:', '    column_types:', '      code: varchar', '      populaton: bigint'),
      [SEED]: lines('code,population', 'DE,83'),
    });
    expectWhere(diagnostics, [`error MESH122 ${DOMAIN}:8`]);
    expect(diagnostics[0]!.message).toBe(`column_types of seed 'countries' names column 'populaton', which ${SEED} does not have`);
    expect(diagnostics[0]!.hint).toBe("did you mean 'population'? its columns are code, population");
  });

  it('a type that is not a type name is MESH103 (it is written into SQL)', () => {
    const diagnostics = diagnose({
      [DOMAIN]: domainWith('seeds:', '  countries:', '    column_types:', "      code: \"varchar'); drop table x; --\"", '      population: decimal(10, 2'),
      [SEED]: lines('code,population', 'DE,83'),
    });
    expectWhere(diagnostics, [`error MESH103 ${DOMAIN}:7`, `error MESH103 ${DOMAIN}:8`]);
  });

  it('a type with a comma, unquoted inside { }: the hint says to quote it', () => {
    const diagnostics = diagnose({ [DOMAIN]: domainWith('seeds:', '  countries:', '    column_types: { population: decimal(10, 2) }'), [SEED]: lines('code,population', 'DE,83') });
    const d = diagnostics.find((x) => x.code === 'MESH103')!;
    expect(d.hint).toMatch(/quote a type that holds a comma/);
  });

  it('a value with no digit in a declared numeric or date column is MESH122 at its row, once per column', () => {
    const diagnostics = diagnose({
      [DOMAIN]: domainWith('seeds:', '  countries:', "    column_types: { population: bigint, share: 'decimal(5, 2)', joined: date, code: varchar }"),
      [SEED]: lines('code,population,share,joined', 'DE,83,inf,2020-01-01', 'FR,N/A,nan,epoch', 'IT,"59",,unknown', 'ES,-,1.5,', 'PT,n/a,x,'),
    });
    expectWhere(diagnostics, [`error MESH122 ${SEED}:3`, `error MESH122 ${SEED}:4`, `error MESH122 ${SEED}:6`]);
    expect(diagnostics.map((d) => d.message)).toEqual([
      "value 'N/A' of column 'population' is not a bigint, the type domain.yaml declares (and 2 more rows below)",
      "value 'unknown' of column 'joined' is not a date, the type domain.yaml declares",
      "value 'x' of column 'share' is not a decimal(5, 2), the type domain.yaml declares",
    ]);
  });

  it('two entries that differ only in case are MESH151 at the second', () => {
    const d = only(diagnose({ [DOMAIN]: domainWith('seeds:', '  countries:', '    description: a', '  Countries:', '    description: b'), [SEED]: lines('code', 'DE') }), 'MESH151');
    expect([d.file, d.line]).toEqual([DOMAIN, 7]);
    expect(d.message).toBe("seed entries 'countries' (line 5) and 'Countries' differ only in case");
  });
});

describe('the parse cache (target/.cache) and seeds', () => {
  it('a seed changed after a clean compile is read again', () => {
    const dir = writeProject({ [SEED]: lines('code,name', 'DE,Germany') });
    expect(compile({ projectDir: dir }).diagnostics).toEqual([]);
    updateProject(dir, { [SEED]: lines('code,name', 'DE,Germany', 'FR') });
    expectWhere(compile({ projectDir: dir }).diagnostics, [`error MESH122 ${SEED}:3`]);
    updateProject(dir, { [SEED]: lines('code,name', 'DE,Germany', 'FR,France') });
    const { diagnostics, compiled } = compile({ projectDir: dir });
    expect(diagnostics).toEqual([]);
    updateProject(dir, { [SEED]: lines('code,label', 'DE,Germany') });
    expect(compile({ projectDir: dir }).compiled!.project.seeds[0]!.columns).toEqual(['code', 'label']);
    expect(compiled!.project.seeds[0]!.columns).toEqual(['code', 'name']);
  });

  it('domain.yaml unchanged, a seed deleted: its entry is reported (the domain parse is cached, the check is not)', () => {
    const dir = writeProject({ [DOMAIN]: domainWith('seeds:', '  countries:', '    column_types: { code: varchar }'), [SEED]: lines('code', 'DE') });
    expect(compile({ projectDir: dir }).diagnostics).toEqual([]);
    rmSync(join(dir, SEED));
    expectWhere(compile({ projectDir: dir }).diagnostics, [`error MESH102 ${DOMAIN}:5`]);
  });

  it('a seed whose column a declared type names is renamed: reported though domain.yaml is unchanged', () => {
    const dir = writeProject({ [DOMAIN]: domainWith('seeds:', '  countries:', '    column_types: { code: varchar }'), [SEED]: lines('code', 'DE') });
    expect(compile({ projectDir: dir }).diagnostics).toEqual([]);
    updateProject(dir, { [SEED]: lines('iso', 'DE') });
    expectWhere(compile({ projectDir: dir }).diagnostics, [`error MESH122 ${DOMAIN}:6`]);
  });
});

describe('readCsv on arbitrary text', () => {
  it('never throws; rows start on increasing lines after the header, within the file', () => {
    let seed = 7;
    const random = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const alphabet = ['a', 'b', ',', ',', '"', '"', '\n', '\r\n', '\r', ' ', ';'];
    for (let n = 0; n < 3000; n++) {
      const text = Array.from({ length: 1 + random(30) }, () => alphabet[random(alphabet.length)]!).join('');
      const { table, problems } = readCsv(text);
      const physicalLines = text.split(/\r\n|\r|\n/).length;
      for (const p of problems) expect(p.line >= 1 && p.line <= physicalLines, JSON.stringify(text)).toBe(true);
      if (!table) continue;
      const starts = [table.headerLine, ...table.rowLines];
      expect(starts.every((line, i) => i === 0 || line > starts[i - 1]!), JSON.stringify(text)).toBe(true);
      expect(starts[starts.length - 1]! <= physicalLines, JSON.stringify(text)).toBe(true);
      expect(table.rows.every((r) => r.length === table.header.length)).toBe(true);
    }
  });
});
