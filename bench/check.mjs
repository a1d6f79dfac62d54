#!/usr/bin/env node
/**
 * `mesh check` on a generated 1,000-model mesh: `node bench/check.mjs [options]`.
 *
 * The project comes from bench/generate-project.mjs with small source files (`--rows`, default 20
 * rows each), so every model is bound against real columns. Each run is a fresh
 * `node bin/mesh.js check --project <dir>` process (wall time, spawn → exit):
 *   cold   no target/ (no parse, render or binding cache): everything compiled and bound
 *   warm   again with nothing changed: the caches answer
 * against two floors on the same project, also fresh processes: `node -e ''` (Node's start) and
 * `mesh ls` (load, parse and compile the project, print the ids: everything `check` does but
 * the contract baseline and the binding), cold and warm. Target: cold under 3 s.
 *
 * CPU time (user + system, all threads; /usr/bin/time) is printed beside the wall time: on a
 * machine shared with other work it says what the run cost when the wall time says how long it waited.
 *
 * Options: --models <n> (default 1000), --runs <n> (default 5), --rows <n> (default 20).
 * Builds nothing; run `npm run build` first (it runs dist/ through bin/mesh.js).
 */
import { existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './generate-project.mjs';
import { numberFlag } from './lib/args.mjs';
import { run } from './lib/spawn.mjs';
import { median, ms } from './lib/stats.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin', 'mesh.js');
const NODE = process.execPath;
const argv = process.argv.slice(2);
const value = (flag, fallback) => numberFlag(argv, flag, fallback);
const models = value('--models', 1000);
const runs = value('--runs', 5);
const rows = value('--rows', 20);
const TARGET_MS = 3000;

const dir = join(ROOT, 'bench', 'out', 'projects', `check-${models}`);
const generated = generateProject(dir, { models, rowsPerSource: rows, seed: 42, reuse: true });
const log = (line = '') => process.stdout.write(`${line}\n`);
log(`mesh check bench: ${models} models (${generated.domains} domains, ${rows} rows per source file), ${runs} runs each, fresh processes`);
log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, Node ${process.versions.node}`);
log(`project: ${dir}`);

/**
 * `runs` fresh processes of each command, interleaved (a, b, a, b, …) so that a machine shared
 * with other work loads both alike and the ratio means something; `cold` removes target/ before each.
 */
async function measure(commands, { cold }) {
  const results = commands.map(() => ({ times: [], cpu: [], stdout: '' }));
  for (let i = 0; i < runs; i++) {
    for (const [c, { args, expect }] of commands.entries()) {
      if (cold) rmSync(join(dir, 'target'), { recursive: true, force: true });
      const done = await run(NODE, args, { cwd: dir, rss: true });
      if (done.code !== 0) throw new Error(`${args.join(' ')} exited ${done.code}:\n${done.stderr}${done.stdout}`);
      if (expect && !expect.test(done.stdout)) throw new Error(`${args.join(' ')} did not print ${expect}:\n${done.stdout}`);
      results[c].times.push(done.wallMs);
      results[c].cpu.push(done.cpuMs);
      results[c].stdout = done.stdout;
    }
  }
  return results.map((r) => ({ ...r, median: median(r.times), min: Math.min(...r.times), max: Math.max(...r.times), cpu: median(r.cpu) }));
}

// Unmeasured runs so that the file system cache holds the project and node_modules alike.
await run(NODE, ['-e', ''], { cwd: dir });
await run(NODE, [BIN, 'check', '--project', dir], { cwd: dir });

const [start] = await measure([{ args: ['-e', ''] }], { cold: false });
const bound = /^Bound (\d+) of (\d+) /m;
const [lsCold, checkCold] = await measure([{ args: [BIN, 'ls', '--project', dir] }, { args: [BIN, 'check', '--project', dir], expect: bound }], { cold: true });
const [lsWarm, checkWarm] = await measure([{ args: [BIN, 'ls', '--project', dir] }, { args: [BIN, 'check', '--project', dir], expect: /from target\/\.cache/ }], { cold: false });
if (!existsSync(join(dir, 'target'))) throw new Error('mesh check left no target/.cache');

const line = (name, m, floor) => `| ${name} | **${ms(m.median)}** | ${ms(m.min)} – ${ms(m.max)} | ${ms(m.cpu)} | ${floor ? `${(m.median / floor.median).toFixed(2)}×` : ''} |`;
log();
log(`${checkCold.stdout.trim().split('\n').join(' / ')}`);
log();
log('| run (fresh process) | wall, median | min – max | CPU (user+sys), median | × mesh ls (same state) |');
log('|---|---:|---:|---:|---:|');
log(line('`node -e \'\'` (Node start)', start));
log(line('`mesh ls`, cold', lsCold));
log(line('`mesh ls`, warm', lsWarm));
log(line('`mesh check`, cold', checkCold, lsCold));
log(line('`mesh check`, warm', checkWarm, lsWarm));
log();
log(`mesh check cold: ${checkCold.median < TARGET_MS ? 'within' : 'OVER'} the ${ms(TARGET_MS)} target (median ${ms(checkCold.median)}; binding and baseline add ${ms(checkCold.median - lsCold.median)} to mesh ls).`);
log(`command: node bin/mesh.js check --project ${dir}   (cold: rm -rf ${join(dir, 'target')} first)`);
