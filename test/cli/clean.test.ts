import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { mesh } from '../support/run-cli.js';
import { writeProject } from '../support/temp-project.js';

const MODEL = { 'domains/shop/raw/orders.sql': 'select range as id from range(3)' };

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A project built on its default DuckDB file, with a WAL beside it as DuckDB leaves one after a crash. */
async function builtProject(files: Record<string, string> = {}): Promise<string> {
  const dir = writeProject({ ...MODEL, ...files });
  const build = await mesh(['build', '--project', dir]);
  expect(build.code).toBe(0);
  expect(existsSync(join(dir, 'target', 'run_results.json'))).toBe(true);
  expect(existsSync(join(dir, '.mesh', 'dev.duckdb'))).toBe(true);
  writeFileSync(join(dir, '.mesh', 'dev.duckdb.wal'), 'uncommitted');
  return dir;
}

/** The CLI in-process on a terminal a person answers: `answers` are given in turn to its questions. */
async function meshOnTerminal(args: string[], answers: string[]): Promise<{ code: number; out: string[]; err: string[]; asked: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const asked: string[] = [];
  const code = await main(args, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    interactive: true,
    ask: (question) => {
      asked.push(question);
      return Promise.resolve(answers.shift());
    },
  });
  return { code, out, err, asked };
}

describe('mesh clean', () => {
  it('removes target/ and leaves the database and the project', async () => {
    const dir = await builtProject();
    const { code, out, err } = await mesh(['clean', '--project', dir]);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out).toEqual(['Removed target/']);
    expect(existsSync(join(dir, 'target'))).toBe(false);
    expect(readdirSync(join(dir, '.mesh')).sort()).toEqual(['dev.duckdb', 'dev.duckdb.wal']);
    expect(existsSync(join(dir, 'domains', 'shop', 'raw', 'orders.sql'))).toBe(true);
    // Again: nothing left to remove.
    expect((await mesh(['clean', '--project', dir])).out).toEqual(['Nothing to remove: no target/ in the project folder.']);
  });

  it('--all --yes also removes the DuckDB database file and its WAL', async () => {
    const dir = await builtProject();
    const { code, out, err } = await mesh(['clean', '--all', '--yes', '--project', dir]);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out).toEqual(['Removed target/', 'Removed .mesh/dev.duckdb', 'Removed .mesh/dev.duckdb.wal', 'Removed .mesh/']);
    expect(readdirSync(dir).sort()).toEqual(['domains', 'mesh.yaml']);
    // The project builds again from nothing.
    expect((await mesh(['build', '--project', dir])).code).toBe(0);
  });

  it('--all without a terminal and without --yes refuses, and removes nothing', async () => {
    const dir = await builtProject();
    const { code, out, err } = await mesh(['clean', '--all', '--project', dir]);
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err).toEqual([
      'mesh clean --all removes database files and asks first, but there is no terminal to ask on: nothing was removed',
      '  hint: run it in a terminal, or add --yes to remove them without asking',
    ]);
    expect(existsSync(join(dir, 'target'))).toBe(true);
    expect(readdirSync(join(dir, '.mesh')).sort()).toEqual(['dev.duckdb', 'dev.duckdb.wal']);
  });

  it('--all on a terminal asks, and removes the database only on yes', async () => {
    const dir = await builtProject();
    const no = await meshOnTerminal(['clean', '--all', '--project', dir], ['n']);
    expect(no.asked).toEqual(['Remove .mesh/dev.duckdb, .mesh/dev.duckdb.wal? Every table built there is lost. [y/N] ']);
    expect(no.code).toBe(1);
    expect(no.out).toEqual(['Nothing was removed.']);
    expect(existsSync(join(dir, 'target'))).toBe(true);
    expect(existsSync(join(dir, '.mesh', 'dev.duckdb'))).toBe(true);

    const yes = await meshOnTerminal(['clean', '--all', '--project', dir], ['y']);
    expect(yes.code).toBe(0);
    expect(yes.out).toEqual(['Removed target/', 'Removed .mesh/dev.duckdb', 'Removed .mesh/dev.duckdb.wal', 'Removed .mesh/']);
  });

  it('--all leaves a database outside the project folder, and says so', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'mesh-elsewhere-'));
    made.push(elsewhere);
    const outsideFile = join(elsewhere, 'shared.duckdb');
    writeFileSync(outsideFile, 'someone else’s data');
    writeFileSync(`${outsideFile}.wal`, 'wal');
    // A target whose folder is a link to somewhere else is outside too.
    mkdirSync(join(elsewhere, 'linked'));
    writeFileSync(join(elsewhere, 'linked', 'db.duckdb'), 'linked data');
    const dir = writeProject({
      ...MODEL,
      'mesh.yaml': `name: test_mesh\ntargets:\n  dev:\n    engine: duckdb\n  shared:\n    engine: duckdb\n    path: ${outsideFile}\n  up:\n    engine: duckdb\n    path: ../${basename(elsewhere)}/linked/db.duckdb\n  via_link:\n    engine: duckdb\n    path: link/db.duckdb\n`,
    });
    symlinkSync(join(elsewhere, 'linked'), join(dir, 'link'));
    expect((await mesh(['build', '--project', dir])).code).toBe(0);

    const { code, out, err } = await mesh(['clean', '--all', '--yes', '--project', dir]);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out).toContain('Removed .mesh/dev.duckdb');
    expect(out).toContain(`Left ${outsideFile} (target 'shared'): it is outside the project folder, so mesh clean does not remove it`);
    expect(out.filter((l) => l.startsWith('Left '))).toHaveLength(3);
    expect(readdirSync(elsewhere).sort()).toEqual(['linked', 'shared.duckdb', 'shared.duckdb.wal']);
    expect(readdirSync(join(elsewhere, 'linked'))).toEqual(['db.duckdb']);
  });

  it('refuses a folder without mesh.yaml, and removes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mesh-not-a-project-'));
    made.push(dir);
    mkdirSync(join(dir, 'target'));
    const { code, err } = await mesh(['clean', '--all', '--yes', '--project', dir]);
    expect(code).toBe(1);
    expect(err[0]).toBe(`mesh.yaml: error MESH100: no mesh.yaml in ${dir}\n  hint: run mesh in a project folder, or pass --project <dir>`);
    expect(existsSync(join(dir, 'target'))).toBe(true);
  });
});
