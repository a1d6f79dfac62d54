#!/usr/bin/env node
/**
 * `mesh compile` of two builds of meshwork taking turns, on one machine at one load: the ratio is
 * what to read when the machine is shared (bench/run.mjs measures one build at a time).
 *
 *   node bench/compare-compile.mjs <other checkout, with dist/ built> <models> [runs=5] [cold|warm|both]
 *
 * Each build compiles its own copy of the generated project (bench/out/compare/<which>-<models>/), so
 * their caches never meet. Cold: target/ moved away first. Warm: compiling again, nothing changed
 * (one untimed compile first). Prints medians of wall time and of the in-process duration.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './generate-project.mjs';

const [other, size, runs = '5', mode = 'both'] = process.argv.slice(2);
if (!other || !size) {
  process.stderr.write('usage: node bench/compare-compile.mjs <other checkout> <models> [runs] [cold|warm|both]\n');
  process.exit(2);
}
const here = fileURLToPath(new URL('../', import.meta.url));
const bins = { other: join(resolve(other), 'bin', 'mesh.js'), this: join(here, 'bin', 'mesh.js') };
const out = join(here, 'bench', 'out', 'compare');
const trash = join(out, '.trash');
const models = Number(size);
const dirs = Object.fromEntries(
  Object.keys(bins).map((which) => [which, generateProject(join(out, `${which}-${models}`), { models, domains: Math.max(2, Math.round(models / 200)), seed: 42, threads: 4, reuse: true }).dir]),
);
let moved = 0;
const away = (dir) => {
  if (!existsSync(join(dir, 'target'))) return;
  mkdirSync(trash, { recursive: true });
  renameSync(join(dir, 'target'), join(trash, `target-${process.pid}-${moved++}`));
};
const once = (which) => {
  const started = performance.now();
  const r = spawnSync(process.execPath, [bins[which], 'compile', '--project', dirs[which], '--log-format', 'json'], { encoding: 'utf8' });
  const wall = performance.now() - started;
  if (r.status !== 0) throw new Error(`${which} failed:\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
  return { wall, inProcess: JSON.parse(r.stdout.trim().split('\n').at(-1)).duration_ms };
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = { other: { cold: [], warm: [] }, this: { cold: [], warm: [] } };
const load = os.loadavg()[0];
for (let i = 0; i < Number(runs); i++) {
  for (const which of ['other', 'this']) {
    if (mode !== 'warm') {
      away(dirs[which]);
      results[which].cold.push(once(which));
    }
    if (mode !== 'cold') {
      if (mode === 'warm' && i === 0) once(which);
      results[which].warm.push(once(which));
    }
  }
}
for (const kind of ['cold', 'warm']) {
  if (!results.this[kind].length) continue;
  const [o, t] = [results.other[kind], results.this[kind]];
  const [ow, tw] = [median(o.map((r) => r.wall)), median(t.map((r) => r.wall))];
  process.stdout.write(
    `${models} models ${kind}: other ${ow.toFixed(0)} ms (in-process ${median(o.map((r) => r.inProcess))}) | this ${tw.toFixed(0)} ms (in-process ${median(t.map((r) => r.inProcess))}) | ratio ${(tw / ow).toFixed(2)}` +
      ` | runs: other ${o.map((r) => r.wall.toFixed(0)).join(', ')}; this ${t.map((r) => r.wall.toFixed(0)).join(', ')}\n`,
  );
}
process.stdout.write(`load average ${load.toFixed(2)} → ${os.loadavg()[0].toFixed(2)} (${os.availableParallelism()} cores)\n`);
rmSync(trash, { recursive: true, force: true });
