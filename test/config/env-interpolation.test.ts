import { describe, expect, it } from 'vitest';
import { compile } from '../../src/mesh.js';
import { interpolate } from '../../src/parse/env-interpolation.js';
import { writeProject, updateProject } from '../support/temp-project.js';

/** A file as an editor on Windows saves it: a BOM, CRLF line ends, a final newline. */
const windows = (...lines: string[]): string => `\uFEFF${lines.join('\r\n')}\r\n`;

const MESH = [
  'name: m',
  'targets:',
  '  prod:',
  '    engine: bigquery',
  '    project: ${GCP_PROJECT}',
  '    location: ${BQ_LOCATION:-EU}',
  '    threads: ${THREADS:-4}',
  'default_target: prod',
  'vars:',
  '  greeting: "${GREETING:-hello}"',
  '  literal: $${NOT_A_VARIABLE}',
  '  count: ${COUNT}',
];
const DOMAIN = ['name: shop', 'owner: ${SHOP_OWNER:-team-shop}', 'sources:', '  orders:', '    bigquery: ${RAW_DATASET}.orders'];
const MODEL = "select '{{var \"greeting\"}}' as greeting, '{{var \"literal\"}}' as literal, {{var \"count\"}} as n from {{source \"orders\"}}\n";

function project(mesh = MESH, domain = DOMAIN, model = MODEL): string {
  return writeProject({ 'mesh.yaml': windows(...mesh), 'domains/shop/domain.yaml': windows(...domain), 'domains/shop/raw/orders.sql': model });
}

describe('${NAME} in mesh.yaml and domain.yaml', () => {
  it('replaces variables and defaults in files saved with a BOM and CRLF; unquoted numbers stay numbers', () => {
    const dir = project();
    const env = { GCP_PROJECT: 'shop-prod', THREADS: '12', COUNT: '7', RAW_DATASET: 'ingest' };
    const { diagnostics, compiled } = compile({ projectDir: dir, env, cache: false });
    expect(diagnostics).toEqual([]);
    expect(compiled!.target).toMatchObject({ project: 'shop-prod', location: 'EU', threads: 12 });
    expect(compiled!.project.config.vars).toEqual({ greeting: 'hello', literal: '${NOT_A_VARIABLE}', count: 7 });
    expect(compiled!.project.domains[0]!.owner).toBe('team-shop');
    expect(compiled!.nodes.get('model.shop.orders')!.select.sql).toBe(
      "select 'hello' as greeting, '${NOT_A_VARIABLE}' as literal, 7 as n from `shop-prod.ingest.orders`\n",
    );
  });

  it('a variable set to empty takes the default; without a default it is empty', () => {
    expect(interpolate('${A:-x}/${A}/${B:-y}', { A: '' }).value).toBe('x//y');
    expect(interpolate('a$b $${c} ${D}', { D: '1' }).value).toBe('a$b ${c} 1');
  });

  it('every unset variable without a default is MESH106 at its file, line and column, all at once', () => {
    const dir = project([...MESH, '  two: ${FIRST}-${SECOND:-x}-${THIRD}']);
    const { diagnostics } = compile({ projectDir: dir, env: { COUNT: '1' }, cache: false });
    expect(diagnostics.map((d) => [d.code, d.file, d.line, d.column])).toEqual([
      ['MESH106', 'domains/shop/domain.yaml', 5, 15],
      ['MESH106', 'mesh.yaml', 5, 14],
      ['MESH106', 'mesh.yaml', 13, 8],
      ['MESH106', 'mesh.yaml', 13, 30],
    ]);
    expect(diagnostics[1]!.message).toBe('environment variable GCP_PROJECT is not set, and ${GCP_PROJECT} gives no default');
    expect(diagnostics[1]!.hint).toBe('set GCP_PROJECT in the environment that runs mesh (export GCP_PROJECT=…, or a CI secret), or give a default: ${GCP_PROJECT:-value}');
  });

  it('a reference that is not ${NAME} or ${NAME:-default} is MESH103 at its line', () => {
    const dir = project(['name: m', 'vars:', '  a: ${1BAD}', '  b: x ${OPEN'], DOMAIN, 'select 1 as x\n');
    const { diagnostics } = compile({ projectDir: dir, env: { RAW_DATASET: 'r' }, cache: false });
    expect(diagnostics.map((d) => [d.code, d.file, d.line, d.column])).toEqual([
      ['MESH103', 'mesh.yaml', 3, 6],
      ['MESH103', 'mesh.yaml', 4, 8],
    ]);
    expect(diagnostics[0]!.hint).toContain('for a literal ${ write $${');
  });

  it('keys are never read from the environment', () => {
    const dir = project(['name: m', 'vars:', '  ${KEY}: 1'], DOMAIN, 'select 1 as x\n');
    const { compiled } = compile({ projectDir: dir, env: { KEY: 'k', RAW_DATASET: 'r' }, cache: false });
    expect(compiled!.project.config.vars).toEqual({ '${KEY}': 1 });
  });

  it('a changed variable is never served from the caches in target/.cache', () => {
    const dir = project();
    const sql = (env: Record<string, string>): string => {
      const result = compile({ projectDir: dir, env: { COUNT: '1', ...env } });
      expect(result.diagnostics).toEqual([]);
      return result.compiled!.nodes.get('model.shop.orders')!.select.sql;
    };
    expect(sql({ GCP_PROJECT: 'a-prod', RAW_DATASET: 'one' })).toContain('`a-prod.one.orders`');
    // The domain's source location, the target's project and a var each change alone.
    expect(sql({ GCP_PROJECT: 'a-prod', RAW_DATASET: 'two' })).toContain('`a-prod.two.orders`');
    expect(sql({ GCP_PROJECT: 'b-prod', RAW_DATASET: 'two' })).toContain('`b-prod.two.orders`');
    expect(sql({ GCP_PROJECT: 'b-prod', RAW_DATASET: 'two', GREETING: 'moin' })).toContain("'moin' as greeting");
    // And the files themselves still count: an edit to domain.yaml is read.
    updateProject(dir, { 'domains/shop/domain.yaml': windows(...DOMAIN.slice(0, 4), '    bigquery: fixed.orders') });
    expect(sql({ GCP_PROJECT: 'b-prod', RAW_DATASET: 'two' })).toContain('`b-prod.fixed.orders`');
  });
});
