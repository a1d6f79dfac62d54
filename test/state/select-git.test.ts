import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { list } from '../../src/mesh.js';
import { mesh } from '../support/run-cli.js';
import { updateProject, writeProject } from '../support/temp-project.js';

/** The project sits in a subfolder of the checkout, as in a monorepo. */
const PROJECT = {
  'analytics/mesh.yaml': 'name: git_mesh\n',
  'analytics/domains/shop/domain.yaml': 'name: shop\nowner: team-shop\nsources:\n  feed:\n    duckdb: data/feed.csv\n',
  'analytics/domains/shop/data/feed.csv': 'id,amount\n1,2.5\n2,\n',
  'analytics/macros/cents.sql': '/*\nparams: [column]\n*/\nround({{column}} / 100.0, 2)\n',
  'analytics/macros/twice_cents.sql': '/*\nparams: [column]\n*/\n2 * {{cents column}}\n',
  'analytics/tests/generic/positive.sql': 'select {{column}} from {{model}} where {{column}} <= 0\n',
  'analytics/domains/shop/raw/orders.sql': 'select * from {{source "feed"}}\n',
  'analytics/domains/shop/cleaned/priced.sql': '/*\ncolumns:\n  id:\n    tests: [positive]\n*/\nselect id, {{twice_cents "amount"}} as price from {{ref "orders"}}\n',
  'analytics/domains/shop/cleaned/plain.sql': 'select id from {{ref "orders"}}\n',
  'analytics/domains/shop/aggregate/total.sql': 'select sum(price) as total from {{ref "priced"}}\n',
  'README.md': 'A checkout with a meshwork project in analytics/.\r\n',
};

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, '-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A checkout with everything committed on main, then a feature branch. */
function checkout(): { repo: string; project: string } {
  const repo = writeProject(PROJECT, {});
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'initial');
  git(repo, 'checkout', '-q', '-b', 'feature');
  return { repo, project: join(repo, 'analytics') };
}

function modified(project: string, select = 'git:modified', gitBase?: string): readonly string[] {
  const result = list({ projectDir: project, select: [select], ...(gitBase ? { gitBase } : {}) });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result.ids;
}

describe('git:modified', () => {
  it('selects nothing when nothing changed since the merge base with main', () => {
    const { project } = checkout();
    const result = list({ projectDir: project, select: ['git:modified'] });
    expect(result.ids).toEqual([]);
    expect(result.diagnostics.map((d) => [d.code, d.severity])).toEqual([['MESH170', 'warning']]);
    expect(result.diagnostics[0]!.message).toMatch(/nothing differs from the merge base of HEAD with main \([0-9a-f]{12}\) and the working tree$/);
  });

  it('takes commits on the branch, uncommitted edits and untracked files; git:modified+ adds what reads them', () => {
    const { repo, project } = checkout();
    updateProject(project, { 'domains/shop/cleaned/plain.sql': 'select id, amount from {{ref "orders"}}\n' });
    git(repo, 'commit', '-q', '-am', 'plain: amount');
    updateProject(project, { 'domains/shop/raw/orders.sql': 'select id, amount from {{source "feed"}}\n' });
    updateProject(project, { 'domains/shop/aggregate/fresh.sql': 'select count(*) as n from {{ref "plain"}}\n' });
    expect(modified(project)).toEqual(['model.shop.orders', 'model.shop.plain', 'model.shop.fresh']);
    expect(modified(project, 'git:modified+')).toEqual([
      'model.shop.orders',
      'model.shop.plain',
      'model.shop.fresh',
      'model.shop.priced',
      'model.shop.total',
      'test.shop.positive_priced_id',
    ]);
    // --git-base HEAD: the committed change is no longer news.
    expect(modified(project, 'git:modified', 'HEAD')).toEqual(['model.shop.orders', 'model.shop.fresh']);
  });

  it('a macro modifies the nodes calling it, through other macros; a generic test file its uses', () => {
    const { project } = checkout();
    updateProject(project, { 'macros/cents.sql': '/*\nparams: [column]\n*/\nround({{column}} / 100.0, 4)\n' });
    expect(modified(project)).toEqual(['model.shop.priced', 'test.shop.positive_priced_id']);
    const again = checkout();
    updateProject(again.project, { 'tests/generic/positive.sql': 'select {{column}} from {{model}} where {{column}} < 0\n' });
    expect(modified(again.project)).toEqual(['test.shop.positive_priced_id']);
  });

  it("domain.yaml and a source's data file modify the models reading the source; mesh.yaml everything", () => {
    const { project } = checkout();
    updateProject(project, { 'domains/shop/data/feed.csv': 'id,amount\n1,2.5\n2,\n3,4\n' });
    expect(modified(project)).toEqual(['model.shop.orders']);
    const other = checkout();
    updateProject(other.project, { 'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\nsources:\n  feed:\n    duckdb: data/feed.csv\n    bigquery: raw.feed\n' });
    expect(modified(other.project)).toEqual(['model.shop.orders']);
    const third = checkout();
    updateProject(third.project, { 'mesh.yaml': 'name: git_mesh\nvars:\n  since: 2024-01-01\n' });
    expect(modified(third.project)).toHaveLength(5);
  });

  it('files outside the project modify nothing, and a removed model is no longer there to select', () => {
    const { repo, project } = checkout();
    updateProject(repo, { 'README.md': 'Changed.\n', 'other/notes.sql': 'select 1\n' });
    rmSync(join(project, 'domains/shop/aggregate/total.sql'));
    expect(list({ projectDir: project, select: ['git:modified'] }).ids).toEqual([]);
  });
});

describe('git:modified problems', () => {
  it('outside a git checkout: MESH248 with a hint', () => {
    const project = writeProject({ 'mesh.yaml': 'name: plain\n', 'domains/shop/domain.yaml': 'name: shop\nowner: o\n', 'domains/shop/raw/a.sql': 'select 1 as x\n' }, {});
    const result = list({ projectDir: project, select: ['git:modified+'] });
    expect(result.ids).toEqual([]);
    expect(result.diagnostics.map((d) => [d.code, d.message, d.hint])).toEqual([
      ['MESH248', 'git:modified compares with a git revision, and the project is not in a git checkout', 'run it in the git checkout of the project (git init, git clone), or select without git:'],
    ]);
  });

  it('an unknown --git-base is MESH248, and so is a checkout without main or master', async () => {
    const { repo, project } = checkout();
    const cli = await mesh(['ls', '--project', project, '--select', 'git:modified', '--git-base', 'origin/nope']);
    expect(cli.code).toBe(1);
    expect(cli.err.join('\n')).toContain('MESH248');
    expect(cli.err.join('\n')).toContain("--git-base origin/nope: no such revision in the project's git checkout");
    git(repo, 'branch', '-q', '-m', 'main', 'trunk');
    const result = list({ projectDir: project, select: ['git:modified'] });
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([['MESH248', 'git:modified: no main, master or origin/main branch to take the merge base with']]);
  });
});
