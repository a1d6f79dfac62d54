import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/mesh.js';
import { writeProject } from '../support/temp-project.js';
import { diagnose, expectWhere, lines, only } from './diagnose.js';

describe('MESH100: mesh.yaml', () => {
  it('is reported when the project folder has no mesh.yaml', () => {
    const dir = writeProject({ 'domains/shop/raw/orders.sql': 'select 1\n' }, {});
    const { diagnostics } = compile({ projectDir: dir });
    expectWhere(diagnostics, ['error MESH100 mesh.yaml']);
    expect(diagnostics[0]!.message).toBe(`no mesh.yaml in ${dir}`);
    expect(diagnostics[0]!.hint).toMatch(/--project <dir>/);
  });

  it('is reported when the folder does not exist', () => {
    const dir = join(writeProject({}), 'no-such-folder');
    expectWhere(compile({ projectDir: dir }).diagnostics, ['error MESH100 mesh.yaml']);
  });

  it('is reported when mesh.yaml cannot be read', () => {
    const dir = writeProject({}, {});
    mkdirSync(join(dir, 'mesh.yaml'));
    const d = only(compile({ projectDir: dir }).diagnostics, 'MESH100');
    expect(d.message).toMatch(/^cannot read mesh.yaml: /);
  });
});

describe('MESH110: a domain folder without domain.yaml', () => {
  it('names the missing file and still reads the rest of the project', () => {
    const diagnostics = diagnose({
      'domains/billing/raw/invoices.sql': 'select 1 as id\n',
      'domains/shop/raw/orders.sql': lines('/*', 'materialized: banana', '*/', 'select 1'),
    });
    expectWhere(diagnostics, ['error MESH110 domains/billing/domain.yaml', 'error MESH103 domains/shop/raw/orders.sql:2']);
    expect(diagnostics[0]!.message).toBe("domain 'billing' has no domain.yaml");
    expect(diagnostics[0]!.hint).toMatch(/name, owner and description/);
  });
});

describe('MESH190: files and folders meshwork would ignore (warnings)', () => {
  it('warns about an unknown folder in a domain and suggests the stage meant', () => {
    const diagnostics = diagnose({ 'domains/shop/clean/orders.sql': 'select 1\n', 'domains/shop/staging/a.sql': 'select 1\n' });
    expectWhere(diagnostics, ['warning MESH190 domains/shop/clean', 'warning MESH190 domains/shop/staging']);
    expect(diagnostics[0]!.message).toBe("folder 'clean' is not a stage meshwork knows; its files are ignored");
    expect(diagnostics[0]!.hint).toMatch(/^did you mean 'cleaned'\? stages are raw, cleaned, aggregate/);
    expect(diagnostics[1]!.hint).toMatch(/^stages are raw, cleaned, aggregate/);
  });

  it('accepts the folders a domain may hold besides its stages', () => {
    const diagnostics = diagnose({
      'domains/shop/raw/orders.sql': 'select 1 as id\n',
      'domains/shop/data/orders.csv': 'id\n1\n',
      'domains/shop/docs/README.md': '# shop\n',
      'domains/shop/contracts/README.md': '# contracts\n',
    });
    expect(diagnostics).toEqual([]);
  });

  it('warns about model, seed and config files in the wrong place, with where they belong', () => {
    const diagnostics = diagnose({
      'domains/orders.sql': 'select 1\n',
      'domains/shop/orders.sql': 'select 1\n',
      'domains/shop/domain.yml': 'name: shop\n',
      'domains/shop/raw/customers.csv': 'id\n1\n',
      'domains/shop/raw/archive/old.sql': 'select 1\n',
      'domains/shop/seeds/countries.sql': 'select 1\n',
      'domains/shop/README.md': '# fine\n',
    });
    expectWhere(diagnostics, [
      'warning MESH190 domains/orders.sql',
      'warning MESH190 domains/shop/domain.yml',
      'warning MESH190 domains/shop/orders.sql',
      'warning MESH190 domains/shop/raw/archive',
      'warning MESH190 domains/shop/raw/customers.csv',
      'warning MESH190 domains/shop/seeds/countries.sql',
    ]);
    const hints = Object.fromEntries(diagnostics.map((d) => [d.file, d.hint]));
    expect(hints['domains/shop/domain.yml']).toBe('rename it domain.yaml');
    expect(hints['domains/shop/orders.sql']).toMatch(/stage folder/);
    expect(hints['domains/shop/raw/customers.csv']).toMatch(/seeds go in seeds\//);
    expect(hints['domains/shop/raw/archive']).toMatch(/move its files up into domains\/shop\/raw\//);
  });

  it('does not stop a build: warnings alone leave the project compiled', () => {
    const dir = writeProject({ 'domains/shop/raw/orders.sql': 'select 1 as id\n', 'domains/shop/stagin/x.sql': 'select 1\n' });
    const result = compile({ projectDir: dir });
    expectWhere(result.diagnostics, ['warning MESH190 domains/shop/stagin']);
    expect(result.compiled?.nodes.has('model.shop.orders')).toBe(true);
  });
});

describe('contracts folder', () => {
  it('reads <product>.odcs.yaml and <product>.sql, and warns about other files', async () => {
    const { loadProject } = await import('../../src/project/load-project.js');
    const { writeProject } = await import('../support/temp-project.js');
    const dir = writeProject({
      'domains/shop/contracts/orders.odcs.yaml': 'apiVersion: v3.1.0\n',
      'domains/shop/contracts/orders.sql': 'select 1',
      'domains/shop/contracts/orders.yaml': 'x: 1\n',
    });
    const { files, diagnostics } = loadProject(dir);
    expect(files.domains[0]?.contracts.map((f) => f.path)).toEqual(['domains/shop/contracts/orders.odcs.yaml', 'domains/shop/contracts/orders.sql']);
    expect(diagnostics.map((d) => `${d.code} ${d.file}`)).toEqual(['MESH190 domains/shop/contracts/orders.yaml']);
  });
});
