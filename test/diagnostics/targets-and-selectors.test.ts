import { describe, expect, it } from 'vitest';
import { build, compile, list } from '../../src/mesh.js';
import { writeProject } from '../support/temp-project.js';
import { diagnose, expectWhere, lines } from './diagnose.js';

const TWO_TARGETS = { 'mesh.yaml': lines('name: m', 'targets:', '  prod:', '    engine: bigquery', '    project: p', '    location: EU', '  staging:', '    engine: duckdb') };

describe('MESH180: targets', () => {
  it('an unknown target name, with the nearest declared ones', () => {
    const diagnostics = diagnose(TWO_TARGETS, { target: 'prd' });
    expectWhere(diagnostics, ['error MESH180 mesh.yaml']);
    expect(diagnostics[0]!.message).toBe("no target 'prd' in mesh.yaml");
    expect(diagnostics[0]!.hint).toBe('did you mean prod? targets: prod, staging, dev');
  });

  it('a bigquery target without a location: MESH104 at its line when the configuration is read, whatever the command', async () => {
    const noLocation = { 'mesh.yaml': lines('name: m', 'targets:', '  prod:', '    engine: bigquery', '    project: p', '  staging:', '    engine: duckdb') };
    // The location decides where every dataset and job is: without it nothing can be compiled for the target.
    const diagnostics = diagnose(noLocation, { target: 'staging' });
    expectWhere(diagnostics, ['error MESH104 mesh.yaml:3']);
    expect(diagnostics[0]!.message).toContain("target 'prod' location");
    expect(diagnostics[0]!.hint).toMatch(/^add 'location:' under the target/);
    const dir = writeProject({ ...noLocation, 'domains/shop/raw/orders.sql': 'select 1 as id\n' });
    const result = await build({ projectDir: dir, target: 'prod', env: {} });
    expect(result.diagnostics.map((d) => d.code)).toContain('MESH104');
    expect(result.run).toBeUndefined();
  });

  it('a bigquery target whose credentials cannot be loaded: build reports MESH182 at the target, compile does not', async () => {
    const dir = writeProject({ ...TWO_TARGETS, 'domains/shop/raw/orders.sql': 'select 1 as id\n' });
    expect(compile({ projectDir: dir, target: 'prod' }).diagnostics).toEqual([]);
    // No GOOGLE_APPLICATION_CREDENTIALS, no HOME: application default credentials cannot be found.
    const result = await build({ projectDir: dir, target: 'prod', env: {} });
    // At the target's line in mesh.yaml (`prod:`).
    expectWhere(result.diagnostics, ['error MESH182 mesh.yaml:3']);
    expect(result.diagnostics[0]!.message).toBe("target 'prod': cannot load BigQuery credentials: no application default credentials were found");
    expect(result.run).toBeUndefined();
  });

  it('an unknown target with nothing near lists the targets', () => {
    const diagnostics = diagnose(TWO_TARGETS, { target: 'qa_environment' });
    expect(diagnostics.map((d) => d.hint)).toEqual(['targets: prod, staging, dev']);
  });
});

describe('MESH170: selectors (through list)', () => {
  const project = (): string =>
    writeProject({
      'domains/shop/raw/orders.sql': 'select 1 as id\n',
      'domains/shop/cleaned/order_totals.sql': 'select * from {{ref "orders"}}\n',
    });

  it.each([
    ['orders,', "--select: empty selector in 'orders,'"],
    ['+@orders', "--select: malformed selector '+@orders'"],
    ['@2+orders', "--select: '@' cannot be combined with a leading '+' in '@2+orders'"],
    ['domian:shop', "--select: unknown selector method 'domian' in 'domian:shop'"],
    ['stage:clean', "--select: unknown stage 'clean' in 'stage:clean'"],
    ['kind:table', "--select: unknown kind 'table' in 'kind:table'"],
  ])('a malformed selector %s is an error that selects nothing', (selector, message) => {
    const result = list({ projectDir: project(), select: [selector] });
    expectWhere(result.diagnostics, ['error MESH170 (no file)']);
    expect(result.diagnostics[0]!.message).toBe(message);
    expect(result.diagnostics[0]!.hint).toBeTruthy();
    expect(result.ids).toEqual([]);
  });

  it('an unknown method suggests the one meant', () => {
    const result = list({ projectDir: project(), select: ['domian:shop'] });
    expect(result.diagnostics[0]!.hint).toBe('did you mean domain:?');
  });

  it('a selector that matches nothing is a warning with suggestions', () => {
    const result = list({ projectDir: project(), select: ['order'], exclude: ['tag:nightly'] });
    expectWhere(result.diagnostics, ['warning MESH170 (no file)', 'warning MESH170 (no file)']);
    expect(result.diagnostics.map((d) => [d.message, d.hint])).toEqual([
      ["--select: selector 'order' matches no node", 'did you mean orders, shop.orders, order_totals?'],
      ["--exclude: selector 'tag:nightly' matches no node", 'a bare name matches a node (orders or checkout.orders); methods are domain:, stage:, tag:, kind:'],
    ]);
    expect(result.ids).toEqual([]);
  });

  it('every bad selector is reported, --select and --exclude alike', () => {
    const result = list({ projectDir: project(), select: ['orders,', 'stage:x'], exclude: ['bad:y'] });
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      "--select: empty selector in 'orders,'",
      "--select: unknown stage 'x' in 'stage:x'",
      "--exclude: unknown selector method 'bad' in 'bad:y'",
    ]);
  });

  it('problems of the project come first: selectors are not read when it does not compile', () => {
    const dir = writeProject({ 'domains/shop/raw/orders.sql': 'select * from {{ref "nope"}}\n' });
    const result = list({ projectDir: dir, select: ['orders,'] });
    expectWhere(result.diagnostics, ['error MESH140 domains/shop/raw/orders.sql:1']);
  });
});
