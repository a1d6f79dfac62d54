import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/mesh.js';
import { updateProject, writeProject } from '../support/temp-project.js';

const ORDERS = readFileSync(new URL('./fixtures/orders.odcs.yaml', import.meta.url), 'utf8');
const PROJECT = {
  'mesh.yaml': 'name: shop\n',
  'domains/checkout/domain.yaml': 'name: checkout\nowner: team-checkout\n',
  'domains/checkout/cleaned/orders.sql': "select 'o1' as order_id, 'c1' as customer_id, 1.5 as order_total, timestamp '2024-01-01' as ordered_at, 'paid' as status",
  'domains/checkout/contracts/orders.odcs.yaml': ORDERS,
};
const WITHOUT_STATUS = ORDERS.replace(/      - name: status[\s\S]*?(?=slaProperties:)/, '');
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, '-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { stdio: 'ignore' });

function repository(): string {
  const dir = writeProject(PROJECT, {});
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'contract v1');
  git(dir, 'checkout', '-q', '-b', 'change');
  return dir;
}

describe('mesh check: contract changes against the git baseline (merge base with main)', () => {
  it('a breaking change without a new major version is MESH215 at the line of the change', async () => {
    const dir = repository();
    updateProject(dir, { 'domains/checkout/contracts/orders.odcs.yaml': WITHOUT_STATUS.replace('version: 1.2.0', 'version: 1.3.0') });
    const errors = (await check({ projectDir: dir })).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.code} ${d.file}:${d.line}`)).toEqual(['MESH215 domains/checkout/contracts/orders.odcs.yaml:26']);
    expect(errors[0]?.message).toMatch(/status.*\(property-removed\): breaking since [0-9a-f]{12}, and the version stays 1\.x$/);
    expect(errors[0]?.hint).toBe('publish it as version 2.0.0 (a new view beside the old one), or undo the change');
  });

  it('the same change in a new major version passes; so does a compatible change', async () => {
    const dir = repository();
    updateProject(dir, { 'domains/checkout/contracts/orders.odcs.yaml': WITHOUT_STATUS.replace('version: 1.2.0', 'version: 2.0.0') });
    expect((await check({ projectDir: dir })).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    updateProject(dir, { 'domains/checkout/contracts/orders.odcs.yaml': ORDERS.replace('description: Order identifier.', 'description: The order.') });
    expect((await check({ projectDir: dir })).diagnostics).toEqual([]);
  });

  it('--against names another baseline', async () => {
    const dir = repository();
    updateProject(dir, { 'domains/checkout/contracts/orders.odcs.yaml': WITHOUT_STATUS });
    git(dir, 'commit', '-q', '-am', 'drop status');
    expect((await check({ projectDir: dir })).diagnostics.map((d) => d.code)).toEqual(['MESH215']);
    expect((await check({ projectDir: dir, against: 'HEAD' })).diagnostics).toEqual([]);
  });

  it('an --against that names no revision is a usage error, not an empty baseline', async () => {
    const dir = repository();
    updateProject(dir, { 'domains/checkout/contracts/orders.odcs.yaml': WITHOUT_STATUS });
    const { main } = await import('../../src/cli/main.js');
    for (const args of [['check'], ['contract', 'diff', 'domains/checkout/contracts/orders.odcs.yaml']]) {
      const err: string[] = [];
      const code = await main([...args, '--project', dir, '--against', 'no-such-branch'], { out: () => {}, err: (l) => err.push(l) });
      expect(code).toBe(2);
      expect(err).toEqual(["--against takes a git revision of the project's repository (a branch, a tag or a commit), not 'no-such-branch'"]);
    }
  });
});

describe('mesh contract diff', () => {
  const run = async (args: string[]) => {
    const { main } = await import('../../src/cli/main.js');
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  };

  it('prints the classified changes against git and refuses a breaking minor version', async () => {
    const dir = repository();
    updateProject(dir, { 'domains/checkout/contracts/orders.odcs.yaml': WITHOUT_STATUS.replace('version: 1.2.0', 'version: 1.3.0').replace('description: Order identifier.', 'description: The order.') });
    const { code, out } = await run(['contract', 'diff', `${dir}/domains/checkout/contracts/orders.odcs.yaml`, '--project', dir]);
    expect(code).toBe(1);
    expect(out[0]).toMatch(/^domains\/checkout\/contracts\/orders\.odcs\.yaml: 1\.2\.0 \(git [0-9a-f]+\) → 1\.3\.0$/);
    expect(out.some((l) => /^ {2}breaking +property-removed +domains\/checkout\/contracts\/orders\.odcs\.yaml:26 /.test(l))).toBe(true);
    expect(out.some((l) => /^ {2}compatible +description-changed /.test(l))).toBe(true);
    expect(out.at(-1)).toBe('Refused: a breaking change needs version 2.0.0.');
  });

  it('--state compares with what the target last published', async () => {
    const dir = repository();
    expect((await run(['build', '--project', dir, '--as-of', '2024-01-01T12:00:00Z'])).code).toBe(0);
    updateProject(dir, { 'domains/checkout/contracts/orders.odcs.yaml': WITHOUT_STATUS.replace('version: 1.2.0', 'version: 2.0.0') });
    const { code, out } = await run(['contract', 'diff', 'domains/checkout/contracts/orders.odcs.yaml', '--project', dir, '--state']);
    expect(out[0]).toBe("domains/checkout/contracts/orders.odcs.yaml: 1.2.0 (published state of target 'dev') → 2.0.0");
    expect(out.at(-1)).toBe('May be published.');
    expect(code).toBe(0);
  });
});
