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
});
