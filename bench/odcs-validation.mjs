#!/usr/bin/env node
/**
 * The ODCS validator, precompiled (templates/schemas/odcs-validator.cjs) against a build that
 * compiles the schema with ajv at run time: `node bench/odcs-validation.mjs --before <package root>`.
 *
 * Two measures, each in fresh `node` processes, before and after interleaved, medians:
 *   validate  in-process: import dist/contracts/odcs-schema.js and validate the example project's
 *             contracts once (the first validation, so it includes what was the schema's compile)
 *   ls        wall time (and CPU time) of `node bin/mesh.js ls --project <dir>` cold (no target/, no .mesh/),
 *             on a copy of the project (default: the generated 1,000-model mesh that
 *             bench/run.mjs compiles, bench/out/projects/compile-1000, generated when missing)
 * `--before` is a checkout with dist/ built at the commit to compare against (e.g. main's).
 * Options: --runs <n> (default 7), --project <dir>. Builds nothing; run `npm run build` first.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { generateProject } from './generate-project.mjs';
import { lastJson, run } from './lib/spawn.mjs';
import { median, ms } from './lib/stats.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const argv = process.argv.slice(2);
const option = (flag) => {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
};

if (argv[0] === '--child') {
  // One fresh process: the documents are parsed first, so only the import and validation count.
  const domains = join(ROOT, 'example-project', 'domains');
  const docs = readdirSync(domains).flatMap((d) => {
    const dir = join(domains, d, 'contracts');
    let names = [];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.odcs.yaml'));
    } catch {
      // a domain without contracts
    }
    return names.map((n) => parse(readFileSync(join(dir, n), 'utf8')));
  });
  const started = performance.now();
  const cpu = process.cpuUsage();
  const { odcsSchema } = await import(pathToFileURL(join(argv[1], 'dist', 'contracts', 'odcs-schema.js')).href);
  const errors = docs.map((doc) => odcsSchema().validate(doc).length);
  const used = process.cpuUsage(cpu);
  console.log(JSON.stringify({ ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, contracts: docs.length, errors }));
} else {
  const before = option('--before');
  if (!before) throw new Error('usage: node bench/odcs-validation.mjs --before <package root with dist/> [--runs n] [--project dir]');
  const runs = Number(option('--runs') ?? 7);
  const given = option('--project');
  const project = given ? resolve(given) : join(ROOT, 'bench', 'out', 'projects', 'compile-1000');
  if (!given) generateProject(project, { models: 1000, seed: 42, reuse: true });
  const roots = { before: resolve(before), after: ROOT };
  const measures = ['validate', 'validate cpu', 'ls', 'ls cpu'];
  const times = Object.fromEntries(Object.keys(roots).map((name) => [name, Object.fromEntries(measures.map((m) => [m, []]))]));
  const scratch = mkdtempSync(join(os.tmpdir(), 'mesh-odcs-bench-'));
  try {
    for (let i = 0; i < runs; i++) {
      for (const [name, root] of Object.entries(roots)) {
        const child = await run(process.execPath, [fileURLToPath(import.meta.url), '--child', root]);
        const result = lastJson(child.stdout);
        if (child.code !== 0 || !result) throw new Error(`validate (${name}) failed:\n${child.stderr}`);
        times[name].validate.push(result.ms);
        times[name]['validate cpu'].push(result.cpuMs);
        const copy = join(scratch, `${name}-${i}`);
        cpSync(project, copy, { recursive: true, filter: (src) => !/[/\\](target|\.mesh)$/.test(src) });
        // /usr/bin/time's CPU time (user + system) beside the wall: on a shared machine it says
        // what the run cost when the wall says how long it waited.
        const ls = await run(process.execPath, [join(root, 'bin', 'mesh.js'), 'ls', '--project', copy], { rss: true });
        if (ls.code !== 0) throw new Error(`mesh ls (${name}) failed:\n${ls.stderr}`);
        times[name].ls.push(ls.wallMs);
        times[name]['ls cpu'].push(ls.cpuMs);
        rmSync(copy, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  for (const measure of measures) {
    const [b, a] = [median(times.before[measure]), median(times.after[measure])];
    console.log(`${measure.padEnd(12)} before ${ms(b).padStart(8)}  after ${ms(a).padStart(8)}  after/before ${(a / b).toFixed(2)}  (${runs} runs each)`);
  }
}
