/**
 * Golden SQL: the fixture in test/golden/project/ compiled and planned for DuckDB and BigQuery,
 * compared file by file with test/golden/expected/<engine>/ (see golden-files.ts for the layout).
 *
 * After an intended change to the SQL meshwork writes, rewrite the files and review the diff:
 *
 *   UPDATE_GOLDEN=1 npx vitest run test/golden
 *
 * Every file must stay correct SQL for its engine: read the diff, do not just accept it.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINES, EXPECTED_DIR, goldenFiles, type GoldenEngine } from './golden-files.js';

const update = process.env.UPDATE_GOLDEN === '1';

function listFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

for (const engine of Object.keys(ENGINES) as GoldenEngine[]) {
  describe(`golden SQL for ${engine}`, () => {
    const dir = join(EXPECTED_DIR, engine);
    const actual = goldenFiles(engine);
    if (update) {
      rmSync(dir, { recursive: true, force: true });
      for (const [path, text] of actual) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
    }

    it('has a golden file for every node and plan step, and no stale ones', () => {
      expect(listFiles(dir)).toEqual([...actual.keys()].sort());
    });

    it('covers every materialization the planner writes', () => {
      const actions = [...actual.entries()].filter(([path]) => path.startsWith('plan/')).map(([, text]) => /^-- \S+: (\w+)/.exec(text)?.[1]);
      expect(new Set(actions)).toEqual(new Set(['view', 'table', 'seed', 'incremental', 'test', 'contract']));
      const plans = [...actual.values()].join('\n');
      expect(plans).toMatch(/DROP VIEW IF EXISTS/);
      expect(plans).toMatch(/DROP TABLE IF EXISTS/);
    });

    it.each([...actual.keys()].sort())('%s', (path) => {
      const expected = readFileSync(join(dir, path), 'utf8');
      expect(actual.get(path)).toBe(expected);
    });
  });
}
