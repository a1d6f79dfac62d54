import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { mesh } from '../support/run-cli.js';
import { mutatedExample, mutation, type Mutation } from './project-mutations.js';

/**
 * Runs every command on a damaged copy of the example project and requires an answer a person can
 * act on: exit 0, or 1 with a diagnostic at a line of a real file; never a throw, a stack trace or
 * an internal error (MESH199 is the CLI's safety net for meshwork's bugs, not an answer).
 */
const COMMANDS: readonly (readonly string[])[] = [['check'], ['compile'], ['ls'], ['lineage', 'checkout.orders'], ['catalog'], ['docs']];

const STACK_TRACE = /\n\s+at .+\(.*:\d+:\d+\)|at file:\/\//;
const DIAGNOSTIC_LINE = /^(.+?):(\d+)(?::\d+)?: error MESH\d{3}: /;

/** Seeds `first` … `first + count - 1`; `MESH_FUZZ_SEEDS=start:count` runs others (to explore, or to reproduce one). */
export function fuzzSeeds(first: number, count: number): number[] {
  const [start, n] = (process.env.MESH_FUZZ_SEEDS ?? `${first}:${count}`).split(':').map(Number);
  return Array.from({ length: n ?? 1 }, (_, i) => (start ?? first) + i);
}

/** One test per seed: its name says what was damaged, so a failure is reproducible from the name alone. */
export function fuzzCases(seeds: readonly number[], options: { build: (seed: number) => boolean; onlyBuild?: boolean }): void {
  for (const seed of seeds) {
    const m = mutation(seed);
    it(`seed ${seed}: ${m.description}`, async () => {
      const dir = mutatedExample(m);
      try {
        if (!options.onlyBuild) for (const args of COMMANDS) await expectAnswer(m, dir, args);
        if (options.build(seed)) await expectAnswer(m, dir, ['build']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
}

async function expectAnswer(m: Mutation, dir: string, args: readonly string[]): Promise<void> {
  const command = `mesh ${args.join(' ')} (seed ${m.seed})`;
  const { code, out, err } = await mesh([...args, '--project', dir]);
  const printed = [...out, ...err].join('\n');
  expect(printed, command).not.toMatch(STACK_TRACE);
  expect(printed, command).not.toContain('MESH199');
  expect([0, 1], `${command} exit code\n${printed}`).toContain(code);
  // A build that ran reports failed nodes, not diagnostics; anything else that fails says where.
  const ran = args[0] === 'build' && existsSync(join(dir, 'target', 'run_results.json'));
  if (code === 1 && !ran) {
    const located = err.flatMap((line) => {
      const match = DIAGNOSTIC_LINE.exec(line);
      return match && existsSync(join(dir, match[1]!)) ? [line] : [];
    });
    expect(located, `${command}: a diagnostic at a line of a real file\n${printed}`).not.toEqual([]);
  }
}
