/** What `mesh import dbt` refuses, with every problem of the dbt project at once, and writes nothing. */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mesh } from '../support/run-cli.js';
import { writeProject } from '../support/temp-project.js';
import { dbtProject, importInto, windows } from './import-support.js';

describe('mesh import dbt refuses', () => {
  it('an out folder that holds anything (MESH100), writing nothing', async () => {
    const dbt = dbtProject({ 'dbt_project.yml': 'name: shop\n', 'models/a.sql': 'select 1 as x\n' });
    const out = writeProject({ 'notes.txt': 'mine\n' }, {});
    const r = await mesh(['import', 'dbt', dbt, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toMatch(/error MESH100: mesh import dbt writes a new project, and this folder is not empty \(it holds notes\.txt\)/);
    expect(readdirSync(out)).toEqual(['notes.txt']);
  });

  it('a folder that is not a dbt project (MESH285)', async () => {
    const out = join(writeProject({}, {}), 'new');
    const r = await mesh(['import', 'dbt', writeProject({ 'README.md': 'hi\n' }, {}), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.err[0]?.split('\n')[0]).toMatch(/^dbt_project\.yml: error MESH285: .* is not a dbt project: the folder has no dbt_project\.yml$/);
    expect(existsSync(out)).toBe(false);
  });

  it('YAML that does not parse and entries dbt would refuse, all at once with file and line (CRLF, BOM)', () => {
    const dbt = dbtProject({
      'dbt_project.yml': windows('version: 2\nmodel-paths: models\n'),
      'models/schema.yml': windows('version: 2\nmodels:\n  - name: a\n    description: [unclosed\n'),
      'models/sources.yml': 'sources:\n  - name: erp\n    tables:\n      - identifier: X\n',
      'models/a.sql': 'select 1 as x\n',
    });
    const r = importInto(dbt);
    expect(r.diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([
      ['MESH286', 'dbt_project.yml', 1],
      ['MESH286', 'dbt_project.yml', 2],
      ['MESH101', 'models/schema.yml', 4],
      ['MESH286', 'models/sources.yml', 4],
    ]);
    expect(r.diagnostics.every((d) => d.hint)).toBe(true);
    expect(r.files).toEqual([]);
    expect(existsSync(r.out)).toBe(false);
  });

  it('a dbt file that is not UTF-8 (MESH105), at the line of its first bad byte', () => {
    const dbt = dbtProject({ 'dbt_project.yml': 'name: shop\n', 'models/a.sql': 'select 1 as x\n' });
    writeFileSync(join(dbt, 'models/schema.yml'), Buffer.from('version: 2\nmodels:\n  - name: a\n    description: Caf\xe9\n', 'latin1'));
    const r = importInto(dbt);
    expect(r.diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([['MESH105', 'models/schema.yml', 4]]);
    expect(r.files).toEqual([]);
  });

  it('a --stage-map or --domain-map it cannot read (MESH287), with a did-you-mean', async () => {
    const dbt = dbtProject({ 'dbt_project.yml': 'name: shop\n' });
    const r = await mesh(['import', 'dbt', dbt, '--out', join(writeProject({}, {}), 'x'), '--stage-map', 'staging=rwa,marts', '--domain-map', 'a=Bad Name']);
    expect(r.code).toBe(1);
    expect(r.err.filter((l) => l.includes('MESH287'))).toEqual([
      "error MESH287: --stage-map: 'marts' is not folder=value",
      "error MESH287: --stage-map: 'rwa' is not a meshwork stage",
      "error MESH287: --domain-map: 'Bad Name' is not a domain name",
    ].map((l) => expect.stringContaining(l.slice('error '.length))) as unknown as string[]);
    expect(r.err.join('\n')).toContain('did you mean raw?');
  });
});

describe('mesh import dbt', () => {
  it('is listed with its options in --help', async () => {
    const r = await mesh(['import', 'dbt', '--help']);
    expect(r.code).toBe(0);
    const help = r.out.join('\n');
    for (const option of ['<dbt-project>', '--out <dir>', '--domain-map <pairs>', '--stage-map <pairs>']) expect(help).toContain(option);
  });

  it('exits 0 with a one-line summary pointing at the report, which lists each problem by file and line', async () => {
    const dbt = dbtProject({
      'dbt_project.yml': 'name: shop\nmodels:\n  shop:\n    +persist_docs: {relation: true}\n',
      'models/marts/orders.sql': windows("select 1 as id\n{% set rows = run_query('select 1') %}\n"),
      'models/marts/a.sql': "{{ config(alias='b') }}\nselect 1 as x\n",
    });
    const out = join(writeProject({}, {}), 'mesh');
    const r = await mesh(['import', 'dbt', dbt, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toEqual([`Imported 2 models, 0 seeds, 0 sources, 0 tests, 0 unit tests, 0 contracts, 0 macros, 0 generic tests into ${out}/; 4 constructs not converted: see ${out}/import-report.md`]);
    const { readFileSync } = await import('node:fs');
    const report = readFileSync(join(out, 'import-report.md'), 'utf8');
    const sections = [...report.matchAll(/^### (.*)$/gm)].map((m) => m[1]);
    expect(sections).toEqual(['dbt_project.yml', 'models/marts/a.sql', 'models/marts/orders.sql']);
    expect(report).toContain("- line 4: `+persist_docs: {relation: true}`\n  - done: config persist_docs has no meshwork equivalent: not imported\n");
    expect(report).toContain("- line 1: `{{ config(alias='b') }}`\n  - done: config alias has no meshwork equivalent: not imported\n");
    expect(report).toMatch(/- line 2: `\{% set rows = run_query\('select 1'\) %\}`\n {2}- done: .*\n {2}- to do: .*\n/);
    expect(report).toContain('| models | 2 |');
  });
});

