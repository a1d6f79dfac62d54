#!/usr/bin/env node
/**
 * Rebuild benchmark (a script, not a test): `node bench/rebuild.mjs [options]`.
 *
 * On the generated mesh (bench/generate-project.mjs: 1,000 models, sources × 10,000 rows, as
 * bench/run.mjs builds it), each run a fresh `node bin/mesh.js build` process:
 *   full     a fresh DuckDB file (target/ kept, as bench/run.mjs does): everything built;
 *   no-op    building again, nothing changed: what state-aware builds skip;
 *   edit     building again after one leaf model's SQL changed for real (a `limit` appended, a new
 *            value each run: not a comment or blank space, which fingerprints ignore);
 *   floor    bench/floor.mjs: the full build's statements straight through @duckdb/node-api on a
 *            fresh file at the same concurrency, with no compile, no events, no artifacts.
 * Wall time spawn → exit (median, min – max), what each run's run_results.json says ran, and the
 * ratios of no-op and edit to the full build and to the floor, with the targets.
 *
 * Options:
 *   --runs <n>       runs of each (default 5)
 *   --models <n>     models of the generated mesh (default 1000)
 *   --rows <n>       rows per source file (default 10000)
 *   --threads <n>    target threads (default 4)
 *   --seed <n>       generator seed (default 42)
 *
 * Writes bench/out/rebuild.md and bench/out/rebuild.json; the project is kept under
 * bench/out/projects/rebuild-<models>/ (the edited model is restored at the end).
 */
import { readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './generate-project.mjs';
import { numberFlag } from './lib/args.mjs';
import { writeFloorPlan } from './lib/floor-plan.mjs';
import { lastJson, run } from './lib/spawn.mjs';
import { int, median, ms, summary } from './lib/stats.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = join(ROOT, 'bench', 'out');
const BIN = join(ROOT, 'bin', 'mesh.js');
const NODE = process.execPath;

const argv = process.argv.slice(2);
const value = (flag, fallback) => numberFlag(argv, flag, fallback);
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0].replace(/^#!.*\n\/\*\*?/, '').replace(/^ \* ?/gm, ''));
  process.exit(0);
}
const options = { runs: value('--runs', 5), models: value('--models', 1000), rows: value('--rows', 10000), threads: value('--threads', 4), seed: value('--seed', 42) };
const progress = (line) => process.stderr.write(`  … ${line}\n`);
if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
  process.stderr.write('dist/ is missing: run `npm run build` first.\n');
  process.exit(1);
}
mkdirSync(OUT, { recursive: true });

// The project, as bench/run.mjs generates its build project (one domain per 50 models).
const dir = join(OUT, 'projects', `rebuild-${options.models}`);
const domains = Math.max(1, Math.round(options.models / 50));
const generated = generateProject(dir, { models: options.models, domains, rowsPerSource: options.rows, seed: options.seed, threads: options.threads, reuse: true });
progress(`${int(options.models)} models, ${domains} domains, ${generated.sources} sources × ${int(options.rows)} rows ${generated.reused ? 'reused' : 'generated'} in ${dir}`);

const { compile } = await import(new URL('../dist/mesh.js', import.meta.url).href);
const { planBuild } = await import(new URL('../dist/plan/build-plan.js', import.meta.url).href);
const compiled = compile({ projectDir: dir });
if (!compiled.compiled || compiled.diagnostics.some((d) => d.severity === 'error')) throw new Error(`the project does not compile: ${JSON.stringify(compiled.diagnostics.slice(0, 3))}`);
const project = compiled.compiled;
const dbFile = project.target.path;

// The leaf to edit: a model nothing reads, built as a view or table, that a `limit` can end.
const parents = new Set([...project.nodes.values()].filter((n) => n.kind !== 'test').flatMap((n) => n.dependsOn.map((d) => d.id)));
const leaf = [...project.nodes.values()]
  .filter((n) => n.kind === 'model' && !parents.has(n.id) && (n.materialized === 'view' || n.materialized === 'table'))
  .sort((a, b) => (a.id < b.id ? -1 : 1))
  .find((n) => !/\blimit\b/i.test(readFileSync(join(dir, n.file), 'utf8')));
if (!leaf) throw new Error('no leaf model to edit');
const leafFile = join(dir, leaf.file);
const original = readFileSync(leafFile, 'utf8');
let edits = 0;
/** A real change each time: a different row limit (a comment or blank space would not count). */
const editLeaf = () => writeFileSync(leafFile, `${original.replace(/\s+$/, '')}\nlimit ${1_000_000_000 - ++edits}\n`);

// The floor's statements: exactly what `mesh build` plans on an empty database (bench/run.mjs).
const plan = planBuild(project, project.graph.select(undefined, undefined).ids, new Map(), compiled.engine, { fullRefresh: false, asOf: project.target.asOf });
const planFile = join(OUT, 'rebuild-plan.json');
writeFloorPlan(planFile, plan, { threads: project.target.threads, root: project.project.config.root });
const floorDb = join(OUT, 'rebuild-floor.duckdb');

/** One `mesh build` process; what its run_results.json says ran. */
async function meshBuild(what) {
  const r = await run(NODE, [BIN, 'build', '--project', dir], { cwd: ROOT });
  if (r.code !== 0) throw new Error(`${what}: mesh build failed (exit ${r.code}):\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
  const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8'));
  if (!results.success) throw new Error(`${what}: mesh build did not succeed: see ${join(dir, 'target', 'run_results.json')}`);
  const statuses = {};
  for (const node of results.results) statuses[node.status] = (statuses[node.status] ?? 0) + 1;
  return { wallMs: r.wallMs, execMs: results.elapsed_ms, statuses, leafStatus: results.results.find((n) => n.unique_id === leaf.id || n.id === leaf.id)?.status };
}
const fresh = () => {
  for (const suffix of ['', '.wal']) rmSync(`${dbFile}${suffix}`, { force: true });
};
async function floor() {
  const r = await run(NODE, [join(ROOT, 'bench', 'floor.mjs'), planFile, floorDb], { cwd: ROOT });
  const out = lastJson(r.stdout);
  if (r.code !== 0 || !out) throw new Error(`floor failed (exit ${r.code}): ${JSON.stringify(out?.errors?.slice(0, 3) ?? r.stderr.slice(-2000))}`);
  return { wallMs: r.wallMs, execMs: out.execMs };
}

const loadAtStart = os.loadavg().map((l) => Math.round(l * 100) / 100);
const runs = { full: [], floor: [], noop: [], edit: [] };
try {
  // One unmeasured full build: the page cache, target/.cache, and a check that everything passes.
  fresh();
  await meshBuild('warm-up');
  progress('warm-up build done');
  for (let i = 0; i < options.runs; i++) {
    // Alternate the order, so that drift in machine load hits both alike.
    const pair = [
      ['floor', floor],
      ['full', () => (fresh(), meshBuild('full build'))],
    ];
    for (const [name, go] of i % 2 ? pair.reverse() : pair) runs[name].push(await go());
    progress(`run ${i + 1}/${options.runs}: full ${ms(runs.full.at(-1).wallMs)}, floor ${ms(runs.floor.at(-1).wallMs)}`);
  }
  // The database now holds the last full build: rebuild it as it is, then after edits.
  for (let i = 0; i < options.runs; i++) {
    runs.noop.push(await meshBuild('no-op rebuild'));
    progress(`no-op ${i + 1}/${options.runs}: ${ms(runs.noop.at(-1).wallMs)} ${JSON.stringify(runs.noop.at(-1).statuses)}`);
  }
  for (let i = 0; i < options.runs; i++) {
    editLeaf();
    runs.edit.push(await meshBuild('one-leaf-edit rebuild'));
    progress(`edit ${i + 1}/${options.runs}: ${ms(runs.edit.at(-1).wallMs)} ${JSON.stringify(runs.edit.at(-1).statuses)}`);
  }
} finally {
  writeFileSync(leafFile, original);
  for (const suffix of ['', '.wal']) rmSync(`${floorDb}${suffix}`, { force: true });
}

// ---------------------------------------------------------------- report
const wall = (name) => median(runs[name].map((r) => r.wallMs));
const statusesOf = (name) => runs[name].at(-1).statuses;
const targets = { noop: 1000, edit: 2000 };
const result = {
  generatedAt: new Date().toISOString(),
  options,
  machine: { cores: os.availableParallelism(), node: process.version, loadAverageAtStart: loadAtStart, loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100) },
  project: { dir, nodes: project.nodes.size, steps: plan.steps.length, sources: generated.sources, materializations: generated.materializations, leaf: leaf.id },
  full: { wallMs: summary(runs.full.map((r) => r.wallMs)), execMs: summary(runs.full.map((r) => r.execMs)), statuses: statusesOf('full') },
  floor: { wallMs: summary(runs.floor.map((r) => r.wallMs)), execMs: summary(runs.floor.map((r) => r.execMs)) },
  noop: { wallMs: summary(runs.noop.map((r) => r.wallMs)), statuses: statusesOf('noop') },
  edit: { wallMs: summary(runs.edit.map((r) => r.wallMs)), statuses: statusesOf('edit'), leafStatus: runs.edit.at(-1).leafStatus },
  ratios: {
    fullToFloor: wall('full') / wall('floor'),
    noopToFull: wall('noop') / wall('full'),
    editToFull: wall('edit') / wall('full'),
    noopToFloor: wall('noop') / wall('floor'),
    editToFloor: wall('edit') / wall('floor'),
  },
  targets: {
    noopUnder1s: wall('noop') < targets.noop,
    editUnder2s: wall('edit') < targets.edit,
    fullOverFloorUnder5pct: wall('full') / wall('floor') - 1 < 0.05,
  },
};
writeFileSync(join(OUT, 'rebuild.json'), `${JSON.stringify(result, null, 2)}\n`);

const ran = (statuses) => Object.entries(statuses).map(([status, n]) => `${int(n)} ${status}`).join(', ');
const row = (label, name, extra) => {
  const s = result[name].wallMs;
  return `| ${label} | **${ms(s.median)}** | ${ms(s.min)} – ${ms(s.max)} | ${(s.median / result.full.wallMs.median).toFixed(3)} | ${(s.median / result.floor.wallMs.median).toFixed(3)} | ${extra} |`;
};
const mark = (met) => (met ? 'met' : 'not met');
const md = [
  '### Rebuild benchmark',
  '',
  `${int(options.models)} generated models (${int(result.project.nodes)} nodes, ${int(result.project.steps)} plan steps, ${generated.sources} sources × ${int(options.rows)} rows), ${options.threads} threads, ${options.runs} runs each, each a fresh \`node bin/mesh.js build\` process (wall: spawn → exit). Load average ${loadAtStart.join(' ')} at start, ${result.machine.loadAverageAtEnd.join(' ')} at end, on ${result.machine.cores} cores.`,
  '',
  '| build | wall (median) | min – max | × full | × floor | what ran (last run) |',
  '|---|---:|---:|---:|---:|---|',
  row('full (fresh database)', 'full', ran(result.full.statuses)),
  row('floor (bench/floor.mjs)', 'floor', 'the full build’s statements, nothing else'),
  row('no-op rebuild', 'noop', ran(result.noop.statuses)),
  row(`one-leaf edit (\`${leaf.id}\`)`, 'edit', ran(result.edit.statuses)),
  '',
  `Targets (issue 11): no-op rebuild under 1 s: ${mark(result.targets.noopUnder1s)} (${ms(wall('noop'))}); one-leaf-edit rebuild under 2 s: ${mark(result.targets.editUnder2s)} (${ms(wall('edit'))}); full build over the floor under 5%: ${mark(result.targets.fullOverFloorUnder5pct)} (${((result.ratios.fullToFloor - 1) * 100).toFixed(1)}%).`,
  '',
];
writeFileSync(join(OUT, 'rebuild.md'), md.join('\n'));
process.stdout.write(md.join('\n'));
