#!/usr/bin/env node
/**
 * meshwork's benchmark (a script, not a test): `npm run bench` / `node bench/run.mjs [options]`.
 *
 *   compile  For N models (100, 1,000, 10,000): `mesh compile` of a generated project, each run a
 *            fresh `node bin/mesh.js compile` process, cold (no target/) and warm (compiling
 *            again, nothing changed): wall time (spawn → exit, median/min/max), CPU time and
 *            peak RSS (/usr/bin/time -v). Plus, cold and warm, one run through the dist/ modules
 *            stage by stage (bench/stages.mjs) under --cpu-prof, summarised.
 *   build    A 200-model project over generated data: `node bin/mesh.js build` on a fresh DuckDB
 *            file against the floor, bench/floor.mjs: the same statements (compile + planBuild
 *            with no existing relations) straight through @duckdb/node-api at the same
 *            concurrency (the target's threads), also a fresh process on a fresh file each run.
 *
 * Options:
 *   --quick              N = 100 and 1,000 only, 3 runs
 *   --runs <n>           runs per measurement (default 5)
 *   --sizes <a,b,...>    model counts for compile (default 100,1000,10000)
 *   --build-models <n>   models of the build project (default 200)
 *   --rows <n>           rows per source file of the build project (default 10000)
 *   --threads <n>        target threads of the build project (default 4)
 *   --budget <s>         compile: after 3 runs, start no run that would end past s seconds of
 *                        runs (per size, cold and warm apart; default 90)
 *   --exec-only          build: also time meshwork's executor + adapter alone on the same plan
 *                        (bench/exec-only.mjs), to split the overhead
 *   --no-compile, --no-build, --no-profile
 *
 * Writes bench/out/results.md, bench/out/results.json, bench/out/profiles/*.cpuprofile
 * (open in Chrome DevTools or speedscope) and the projects under bench/out/projects/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './generate-project.mjs';
import { summarizeProfile } from './lib/cpuprofile.mjs';
import { writeFloorPlan } from './lib/floor-plan.mjs';
import { lastJson, run, TIME_BIN } from './lib/spawn.mjs';
import { int, mb, median, ms, pct, summary } from './lib/stats.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = join(ROOT, 'bench', 'out');
const PROJECTS = join(OUT, 'projects');
const PROFILES = join(OUT, 'profiles');
const BIN = join(ROOT, 'bin', 'mesh.js');
const NODE = process.execPath;

// ---------------------------------------------------------------- options
const argv = process.argv.slice(2);
const has = (flag) => argv.includes(flag);
const value = (flag, fallback) => {
  const i = argv.indexOf(flag);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const quick = has('--quick');
const options = {
  quick,
  runs: Number(value('--runs', quick ? 3 : 5)),
  sizes: value('--sizes', quick ? '100,1000' : '100,1000,10000')
    .split(',')
    .map((s) => Number(s.replace(/_/g, '')))
    .filter((n) => Number.isInteger(n) && n > 0),
  buildModels: Number(value('--build-models', 200)),
  rows: Number(value('--rows', 10000)),
  threads: Number(value('--threads', 4)),
  seed: Number(value('--seed', 42)),
  compile: !has('--no-compile'),
  build: !has('--no-build'),
  profile: !has('--no-profile'),
  budgetSeconds: Number(value('--budget', 90)),
  execOnly: has('--exec-only'),
};
if (has('--help') || has('-h')) {
  process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0].replace(/^#!.*\n\/\*\*?/, '').replace(/^ \* ?/gm, ''));
  process.exit(0);
}

const log = (line = '') => process.stdout.write(`${line}\n`);
const progress = (line) => process.stderr.write(`  … ${line}\n`);

// ---------------------------------------------------------------- preflight
if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
  process.stderr.write('dist/ is missing: run `npm run build` first.\n');
  process.exit(1);
}
const newest = (dir, ext) => {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(ext)) latest = Math.max(latest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return latest;
};
const staleDist = newest(join(ROOT, 'src'), '.ts') > newest(join(ROOT, 'dist'), '.js');
if (staleDist) process.stderr.write('warning: src/ has changes newer than dist/: run `npm run build` to benchmark them.\n');
mkdirSync(PROFILES, { recursive: true });

const gitCommit = (() => {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'templates'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return `${head}${dirty ? ' + uncommitted src/templates changes' : ''}`;
  } catch {
    return 'unknown';
  }
})();
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const duckdbVersion = (() => {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'node_modules', '@duckdb', 'node-api', 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
})();
const machine = {
  cores: os.availableParallelism(),
  cpu: os.cpus()[0]?.model?.trim() ?? 'unknown',
  memoryGb: Math.round(os.totalmem() / 2 ** 30),
  os: `${os.type()} ${os.release()} ${os.arch()}`,
  node: process.version,
  meshwork: pkg.version,
  commit: gitCommit,
  duckdb: duckdbVersion,
  loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  rssSource: TIME_BIN ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS (bench/lib/cli-rss.mjs)',
  staleDist,
};

log(`meshwork benchmark — ${new Date().toISOString()}`);
log(`machine: ${machine.cores} cores (os.availableParallelism()), ${machine.cpu}, ${machine.memoryGb} GB, ${machine.os}`);
log(`node ${machine.node}, meshwork ${machine.meshwork} (${machine.commit}), @duckdb/node-api ${machine.duckdb}`);
log(`load average at start: ${machine.loadAverageAtStart.join(' ')}${machine.loadAverageAtStart[0] > machine.cores * 0.5 ? '  (machine is busy: expect noisy timings)' : ''}`);
log(`runs per measurement: ${options.runs}${quick ? ' (--quick)' : ''}`);
log();

const started = performance.now();
const results = { generatedAt: new Date().toISOString(), machine, options, compile: [], build: undefined };

/** Spawns the mesh CLI (under /usr/bin/time -v, or the in-process fallback), throws on failure. */
async function mesh(args, what) {
  const [command, commandArgs] = TIME_BIN ? [NODE, [BIN, ...args]] : [NODE, [join(ROOT, 'bench', 'lib', 'cli-rss.mjs'), ...args]];
  const r = await run(command, commandArgs, { cwd: ROOT, rss: true });
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
  return r;
}

// ---------------------------------------------------------------- compile
/** Old target/ folders are moved here (same file system, instant) and deleted at the very end. */
const TRASH = join(PROJECTS, '.trash');
let trashed = 0;
/** Cold: no target/ at all, as after a clone or `rm -rf target`. The folder is renamed, not deleted:
 *  on this kind of VM, writing many files right after deleting as many was 10-40x slower. */
function moveTargetAway(dir) {
  if (!existsSync(join(dir, 'target'))) return;
  mkdirSync(TRASH, { recursive: true });
  renameSync(join(dir, 'target'), join(TRASH, `target-${process.pid}-${trashed++}`));
}

/** The dependencies' entry points, inclusive: what each library costs wherever it is called from. */
const ENTRY_POINTS = [
  ['sql-formatter: format()', 'format sql-formatter/dist/esm/sqlFormatter.js'],
  ['handlebars: compiling templates to JS (first call of each)', 'ret handlebars/dist/cjs/handlebars/compiler/compiler.js'],
  ['handlebars: parse()', 'parse handlebars/dist/cjs/handlebars/compiler/base.js'],
  ['yaml: parseDocument()', 'parseDocument yaml/'],
];

/** [timed stage, label, function in the profile] — the parts of each stage worth naming. */
const SUBSTAGES = [
  ['check', 'stamps of the last compile (inputsUnchanged)', 'inputsUnchanged'],
  ['check', 'reading files (loadProject)', 'loadProject'],
  ['check', 'hashing them (compileKey)', 'compileKey'],
  ['read', 'reading files (loadProject)', 'loadProject'],
  ['compile', 'loading the parse cache', 'loadParseCache'],
  ['compile', 'parsing: YAML, headers (parseProject)', 'parseProject'],
  ['compile', 'rendering, refs, tests, graph (compileProject)', 'compileProject'],
  ['compile', '… of which rendering templates (renderTemplate)', 'renderTemplate'],
  ['compile', '… of which column tests (compileColumnTests)', 'compileColumnTests'],
  ['compile', '… of which the graph (buildGraph)', 'buildGraph'],
  ['compile', 'saving the parse cache', 'saveParseCache'],
  ['write_sql', 'formatting (formatSql)', 'formatSql'],
];

/** One stage-by-stage run (bench/stages.mjs), under --cpu-prof unless --no-profile. */
async function stageRun(dir, name) {
  const profileName = `${name}.cpuprofile`;
  const profileArgs = options.profile ? ['--cpu-prof', '--cpu-prof-dir', PROFILES, '--cpu-prof-name', profileName] : [];
  const s = await run(NODE, [...profileArgs, join(ROOT, 'bench', 'stages.mjs'), dir], { cwd: ROOT });
  if (s.code !== 0) throw new Error(`bench/stages.mjs failed on ${dir}:\n${s.stderr.slice(-3000)}`);
  const stages = { ...lastJson(s.stdout), profiled: options.profile };
  if (!options.profile) return { stages };
  const summarized = summarizeProfile(join(PROFILES, profileName), { top: 15 });
  const entryPoints = ENTRY_POINTS.flatMap(([what, prefix]) => {
    const hit = summarized.inclusiveStartingWith(prefix);
    return hit ? [{ what, ...hit }] : [];
  });
  // Inside the timed stages, from the same run's profile (inclusive time of meshwork's functions).
  const substages = SUBSTAGES.flatMap(([stage, label, spec]) => {
    const hit = summarized.inclusiveOf(spec);
    return hit ? [{ stage, label, function: hit.name, ms: hit.ms }] : [];
  });
  return { stages: { ...stages, substages }, profile: { file: `bench/out/profiles/${profileName}`, ...summarized, entryPoints } };
}

/** Timed `mesh compile` processes; `before` runs untimed before each. */
async function compileRuns(dir, n, label, before) {
  const runs = [];
  let timed = 0;
  for (let i = 0; i < options.runs; i++) {
    // Time budget: once 3 runs are in, stop when the next would end past --budget seconds.
    if (i >= 3 && timed + timed / i > options.budgetSeconds * 1000) {
      progress(`compile ${int(n)} ${label}: stopping after ${i} runs (--budget ${options.budgetSeconds} s)`);
      break;
    }
    before?.();
    const r = await mesh(['compile', '--project', dir, '--log-format', 'json'], `mesh compile (${n} models)`);
    timed += r.wallMs;
    const reported = lastJson(r.stdout);
    runs.push({ wallMs: r.wallMs, cpuMs: r.cpuMs, inProcessMs: reported?.duration_ms ?? NaN, maxRssKb: r.maxRssKb, nodes: reported?.nodes });
    progress(`compile ${int(n)} ${label}: run ${i + 1}/${options.runs} ${ms(r.wallMs)} wall, ${mb(r.maxRssKb)}`);
  }
  return {
    runs: runs.length,
    nodes: runs[0]?.nodes,
    wallMs: summary(runs.map((r) => r.wallMs)),
    cpuMs: summary(runs.map((r) => r.cpuMs)),
    inProcessMs: summary(runs.map((r) => r.inProcessMs)),
    maxRssKb: summary(runs.map((r) => r.maxRssKb)),
  };
}

if (options.compile) {
  for (const n of options.sizes) {
    const dir = join(PROJECTS, `compile-${n}`);
    const domains = Math.max(2, Math.round(n / 200));
    const generated = generateProject(dir, { models: n, domains, seed: options.seed, threads: options.threads, reuse: true });
    progress(`compile: ${int(n)} models, ${domains} domains, ${int(generated.files)} files ${generated.reused ? 'reused' : 'generated'} in ${dir}`);

    // Cold: no target/ (every node rendered and written).
    moveTargetAway(dir);
    const coldStages = await stageRun(dir, `compile-${n}-cold`);
    progress(`compile ${int(n)}: cold stages${options.profile ? ' + profile' : ''} ${ms(Object.values(coldStages.stages.times).reduce((a, b) => a + b, 0))}`);
    const cold = await compileRuns(dir, n, 'cold', () => moveTargetAway(dir));
    // Warm: compile again over the previous target/, nothing changed (the edit-compile loop).
    const warmStages = await stageRun(dir, `compile-${n}-warm`);
    const warm = await compileRuns(dir, n, 'warm');

    results.compile.push({
      models: n,
      domains,
      nodes: cold.nodes,
      files: generated.files,
      columnTests: generated.columnTests,
      materializations: generated.materializations,
      cold: { ...cold, ...coldStages },
      warm: { ...warm, ...warmStages },
    });
  }
}

// ---------------------------------------------------------------- build vs floor
if (options.build) {
  const dir = join(PROJECTS, `build-${options.buildModels}`);
  const domains = Math.max(1, Math.round(options.buildModels / 50));
  const generated = generateProject(dir, { models: options.buildModels, domains, rowsPerSource: options.rows, seed: options.seed, threads: options.threads, reuse: true });
  progress(`build: ${options.buildModels} models, ${domains} domains, ${generated.sources} sources × ${int(options.rows)} rows ${generated.reused ? 'reused' : 'generated'} in ${dir}`);

  // The floor's statements: exactly what `mesh build` plans on an empty database.
  const { compile } = await import(new URL('../dist/mesh.js', import.meta.url).href);
  const { planBuild } = await import(new URL('../dist/plan/build-plan.js', import.meta.url).href);
  const compiled = compile({ projectDir: dir });
  const compileErrors = compiled.diagnostics.filter((d) => d.severity === 'error');
  if (!compiled.compiled || compileErrors.length) throw new Error(`build project does not compile: ${JSON.stringify(compileErrors.slice(0, 3))}`);
  const selected = compiled.compiled.graph.select(undefined, undefined).ids;
  const plan = planBuild(compiled.compiled, selected, new Map(), compiled.engine, { fullRefresh: false, asOf: compiled.compiled.target.asOf });
  const planFile = join(OUT, 'build-plan.json');
  const threads = compiled.compiled.target.threads;
  writeFloorPlan(planFile, plan, { threads, root: compiled.compiled.project.config.root });

  const statementCount = plan.steps.reduce((sum, s) => sum + s.statements.length + (s.failureCountSql !== undefined ? 1 : 0), 0);
  const dbFile = compiled.compiled.target.path;
  const floorDb = join(OUT, 'floor.duckdb');

  const meshBuild = async () => {
    for (const suffix of ['', '.wal']) rmSync(`${dbFile}${suffix}`, { force: true });
    const r = await mesh(['build', '--project', dir], 'mesh build');
    const runResults = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8'));
    if (!runResults.success) throw new Error('mesh build did not succeed: see target/run_results.json');
    return { wallMs: r.wallMs, cpuMs: r.cpuMs, maxRssKb: r.maxRssKb, execMs: runResults.elapsed_ms };
  };
  const floor = async () => {
    const r = await run(NODE, [join(ROOT, 'bench', 'floor.mjs'), planFile, floorDb], { cwd: ROOT, rss: true });
    const out = lastJson(r.stdout);
    if (r.code !== 0 || !out) throw new Error(`floor failed (exit ${r.code}): ${JSON.stringify(out?.errors?.slice(0, 3) ?? r.stderr.slice(-2000))}`);
    return { wallMs: r.wallMs, cpuMs: r.cpuMs, maxRssKb: r.maxRssKb, execMs: out.execMs, inProcessMs: out.totalMs };
  };

  const execOnlyDb = join(OUT, 'exec-only.duckdb');
  const execOnly = async () => {
    const r = await run(NODE, [join(ROOT, 'bench', 'exec-only.mjs'), planFile, execOnlyDb], { cwd: ROOT, rss: true });
    const out = lastJson(r.stdout);
    if (r.code !== 0 || !out) throw new Error(`exec-only failed (exit ${r.code}): ${JSON.stringify(out?.errors?.slice(0, 3) ?? r.stderr.slice(-2000))}`);
    return { wallMs: r.wallMs, cpuMs: r.cpuMs, maxRssKb: r.maxRssKb, execMs: out.execMs };
  };
  const contenders = [
    ['mesh', meshBuild],
    ['floor', floor],
    ...(options.execOnly ? [['execOnly', execOnly]] : []),
  ];

  // One unmeasured run of each (page cache, and a check that every node and test passes).
  for (const [, go] of contenders) await go();
  progress(`build: warm-up done (${contenders.map(([name]) => name).join(', ')} pass)`);
  const runsOf = Object.fromEntries(contenders.map(([name]) => [name, []]));
  for (let i = 0; i < options.runs; i++) {
    // Rotate which goes first, so that drift in machine load hits all alike.
    for (let j = 0; j < contenders.length; j++) {
      const [name, go] = contenders[(i + j) % contenders.length];
      runsOf[name].push(await go());
    }
    progress(`build: run ${i + 1}/${options.runs} ${contenders.map(([name]) => `${name} ${ms(runsOf[name].at(-1).wallMs)}`).join(', ')}`);
  }
  const { mesh: meshRuns, floor: floorRuns } = runsOf;
  for (const file of [floorDb, execOnlyDb]) for (const suffix of ['', '.wal']) rmSync(`${file}${suffix}`, { force: true });

  // Where mesh build's own (main-thread) time goes: one more run under --cpu-prof. DuckDB works
  // on libuv's threads, so its time shows as (idle) here.
  let buildProfile;
  if (options.profile) {
    for (const suffix of ['', '.wal']) rmSync(`${dbFile}${suffix}`, { force: true });
    const r = await run(NODE, ['--cpu-prof', '--cpu-prof-dir', PROFILES, '--cpu-prof-name', 'build.cpuprofile', BIN, 'build', '--project', dir], { cwd: ROOT });
    if (r.code !== 0) throw new Error(`profiled mesh build failed:\n${r.stderr.slice(-2000)}`);
    const p = summarizeProfile(join(PROFILES, 'build.cpuprofile'), { top: 12 });
    const functions = ['main', 'compileAndWrite', 'compile@commands/compile.js', 'loadProject', 'parseProject', 'compileProject', 'writeCompiledSql', 'formatSql', 'formatAll', 'writeManifest', 'openAdapter', 'relations', 'planBuild', 'executePlan', 'runStep', 'writeRunResults'];
    buildProfile = {
      file: 'bench/out/profiles/build.cpuprofile',
      wallMs: r.wallMs,
      sampledMs: p.totalMs,
      idleMs: p.idleMs,
      busyMs: p.totalMs - p.idleMs,
      functions: functions.map((f) => p.inclusiveOf(f)).filter(Boolean),
      byOwner: p.byOwner,
    };
    progress(`build: profiled run ${ms(r.wallMs)}`);
  }

  const meshWall = median(meshRuns.map((r) => r.wallMs));
  const floorWall = median(floorRuns.map((r) => r.wallMs));
  const meshExec = median(meshRuns.map((r) => r.execMs));
  const floorExec = median(floorRuns.map((r) => r.execMs));
  results.build = {
    models: options.buildModels,
    domains,
    nodes: plan.steps.length,
    statements: statementCount,
    sources: generated.sources,
    rowsPerSource: options.rows,
    threads,
    materializations: generated.materializations,
    concurrency: `both run up to ${threads} nodes at once (the target's threads), each on its own connection of one DuckDB instance; DuckDB's own threads at its default`,
    mesh: { wallMs: summary(meshRuns.map((r) => r.wallMs)), cpuMs: summary(meshRuns.map((r) => r.cpuMs)), execMs: summary(meshRuns.map((r) => r.execMs)), maxRssKb: summary(meshRuns.map((r) => r.maxRssKb)) },
    floor: { wallMs: summary(floorRuns.map((r) => r.wallMs)), cpuMs: summary(floorRuns.map((r) => r.cpuMs)), execMs: summary(floorRuns.map((r) => r.execMs)), maxRssKb: summary(floorRuns.map((r) => r.maxRssKb)) },
    ratio: meshWall / floorWall,
    // Contention only ever adds time: on a shared machine the fastest runs are the cleanest.
    bestRatio: Math.min(...meshRuns.map((r) => r.wallMs)) / Math.min(...floorRuns.map((r) => r.wallMs)),
    overhead: meshWall / floorWall - 1,
    overheadMs: meshWall - floorWall,
    // Split of the overhead: executing the plan (scheduler, adapter, events) vs. everything else
    // (module loading, compile, writing target/, opening the database, run_results.json).
    execRatio: meshExec / floorExec,
    execOverheadMs: meshExec - floorExec,
    // Outside the plan's execution (starting node, loading modules, compile, writing target/, opening
    // and closing the database): short, single-threaded phases that contention disturbs less.
    meshOutsideExecMs: median(meshRuns.map((r) => r.wallMs - r.execMs)),
    floorOutsideExecMs: median(floorRuns.map((r) => r.wallMs - r.execMs)),
    fixedOverheadMs: median(meshRuns.map((r) => r.wallMs - r.execMs)) - median(floorRuns.map((r) => r.wallMs - r.execMs)),
    ...(runsOf.execOnly
      ? {
          execOnly: { wallMs: summary(runsOf.execOnly.map((r) => r.wallMs)), cpuMs: summary(runsOf.execOnly.map((r) => r.cpuMs)), execMs: summary(runsOf.execOnly.map((r) => r.execMs)), maxRssKb: summary(runsOf.execOnly.map((r) => r.maxRssKb)) },
        }
      : {}),
    profile: buildProfile,
  };
}

results.totalMs = performance.now() - started;
results.machine.loadAverageAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);

// ---------------------------------------------------------------- report
const md = [];
const h = `meshwork ${machine.meshwork} (${machine.commit}) · Node ${machine.node} · ${machine.cores} cores (${machine.cpu}) · ${machine.os} · @duckdb/node-api ${machine.duckdb}`;
md.push(`### Benchmark`, '', h, '');
if (results.compile.length) {
  const testsPerModel = (results.compile.reduce((a, c) => a + c.columnTests, 0) / results.compile.reduce((a, c) => a + c.models, 0)).toFixed(1);
  md.push(
    `\`mesh compile\` of a generated project (domains of ~200 models in raw/cleaned/aggregate, ${testsPerModel} column tests per model, views, tables, incremental and ephemeral models), each run a fresh \`node bin/mesh.js compile\` process. **Cold**: no \`target/\` (every node rendered and written, as rendered: no \`--format\`). **Warm**: compiling again, nothing changed. Wall = spawn to exit (median, min – max); in-process = what the CLI reports; peak RSS from ${TIME_BIN ? '`/usr/bin/time -v`' : '`process.resourceUsage()`'}.`,
    '',
    '| models | nodes | cold: wall | min – max | CPU | in-process | peak RSS | warm: wall | min – max | in-process | peak RSS |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const c of results.compile) {
    const [k, w] = [c.cold, c.warm];
    md.push(
      `| ${int(c.models)} | ${int(c.nodes)} | **${ms(k.wallMs.median)}** | ${ms(k.wallMs.min)} – ${ms(k.wallMs.max)} | ${ms(k.cpuMs.median)} | ${ms(k.inProcessMs.median)} | ${mb(k.maxRssKb.median)} | **${ms(w.wallMs.median)}** | ${ms(w.wallMs.min)} – ${ms(w.wallMs.max)} | ${ms(w.inProcessMs.median)} | ${mb(w.maxRssKb.median)} |`,
    );
  }
  const capped = results.compile.flatMap((c) => [['cold', c.cold], ['warm', c.warm]].filter(([, r]) => r.runs < options.runs).map(([what, r]) => `${int(c.models)} ${what}: ${r.runs}`));
  md.push('', `Runs: ${options.runs} each${capped.length ? ` (time budget, --budget ${options.budgetSeconds} s: ${capped.join(', ')})` : ''}.`, '');
}
if (results.build) {
  const b = results.build;
  md.push(
    `\`mesh build\` of a generated ${b.models}-model project (${int(b.nodes)} nodes: models and tests, ${int(b.statements)} statements; ${b.sources} CSV/JSONL sources × ${int(b.rowsPerSource)} rows) on a fresh DuckDB file, against the floor: the same statements straight through \`@duckdb/node-api\` in one script. Same concurrency: ${b.concurrency}. Each run a fresh process on a fresh database file, timed spawn to exit; ${options.runs} runs, taking turns; \`target/\` is kept between runs, as when re-running build.`,
    '',
    '| | wall, median | min – max | executing the plan, median | CPU (user+sys), median | peak RSS, median |',
    '|---|---:|---:|---:|---:|---:|',
    `| \`mesh build\` | **${ms(b.mesh.wallMs.median)}** | ${ms(b.mesh.wallMs.min)} – ${ms(b.mesh.wallMs.max)} | ${ms(b.mesh.execMs.median)} | ${ms(b.mesh.cpuMs.median)} | ${mb(b.mesh.maxRssKb.median)} |`,
    `| floor (same SQL, \`@duckdb/node-api\`) | **${ms(b.floor.wallMs.median)}** | ${ms(b.floor.wallMs.min)} – ${ms(b.floor.wallMs.max)} | ${ms(b.floor.execMs.median)} | ${ms(b.floor.cpuMs.median)} | ${mb(b.floor.maxRssKb.median)} |`,
    ...(b.execOnly
      ? [
          `| meshwork's executor + adapter alone on the same plan (bench/exec-only.mjs) | ${ms(b.execOnly.wallMs.median)} | ${ms(b.execOnly.wallMs.min)} – ${ms(b.execOnly.wallMs.max)} | ${ms(b.execOnly.execMs.median)} (${pct(b.execOnly.execMs.median / b.floor.execMs.median - 1)} vs floor) | ${ms(b.execOnly.cpuMs.median)} | ${mb(b.execOnly.maxRssKb.median)} |`,
        ]
      : []),
    `| **overhead** | **${pct(b.overhead)}** (${ms(b.overheadMs)}; build/floor = ${b.ratio.toFixed(3)}) | fastest vs fastest: ${pct(b.bestRatio - 1)} | ${pct(b.execRatio - 1)} (${ms(b.execOverheadMs)}) | ${pct(b.mesh.cpuMs.median / b.floor.cpuMs.median - 1)} (${ms(b.mesh.cpuMs.median - b.floor.cpuMs.median)}) | |`,
    '',
    `Outside executing the plan (node start, loading modules, compile, writing \`target/\`, opening and closing the database), medians: \`mesh build\` ${ms(b.meshOutsideExecMs)}, floor ${ms(b.floorOutsideExecMs)}: a fixed overhead of **${ms(b.fixedOverheadMs)}** (${pct(b.fixedOverheadMs / b.floor.wallMs.median)} of the floor). Executing the plan: ${ms(b.mesh.execMs.median)} vs ${ms(b.floor.execMs.median)} (${pct(b.execRatio - 1)}); on a shared machine compare it with the run-to-run spread above before reading anything into it.`,
    '',
  );
}
const markdownTable = md.join('\n');

const detail = [];
const sum = (times) => Object.values(times).reduce((a, b) => a + b, 0);
for (const c of results.compile) {
  const [k, w] = [c.cold.stages, c.warm.stages];
  detail.push(`#### Where \`mesh compile\` of ${int(c.models)} models spends its time`, '');
  detail.push(
    `Stage by stage through dist/ (bench/stages.mjs${k.profiled ? ', under --cpu-prof' : ''}): cold ${ms(sum(k.times))}${k.filesWritten !== undefined ? ` (${int(k.filesWritten)} files written)` : ''}, warm ${ms(sum(w.times))}${w.filesWritten !== undefined ? ` (${int(w.filesWritten)} written, ${int(w.filesKept)} kept)` : ''}.`,
    '',
  );
  detail.push('| stage | cold | share | warm | share |', '|---|---:|---:|---:|---:|');
  const cell = (value, total) => (Number.isFinite(value) ? `${ms(value)} | ${((value / total) * 100).toFixed(1)}%` : '– | –');
  for (const stage of Object.keys(k.times)) {
    detail.push(`| **${stage}** | ${cell(k.times[stage], sum(k.times))} | ${cell(w.times[stage], sum(w.times))} |`);
    const present = new Set([...(k.substages ?? []), ...(w.substages ?? [])].map((x) => x.label));
    const labels = SUBSTAGES.filter(([s, label]) => s === stage && present.has(label)).map(([, label]) => label);
    for (const label of labels) {
      const [a, b] = [k, w].map((st) => st.substages?.find((x) => x.label === label)?.ms ?? NaN);
      detail.push(`| &nbsp;&nbsp;${label} | ${cell(a, sum(k.times))} | ${cell(b, sum(w.times))} |`);
    }
  }
  detail.push('');
  if (k.substages?.length) detail.push('(Indented rows: inclusive time of that function in the same run\'s CPU profile.)', '');
  // Profiles in detail for the largest project only (all of them are in results.json).
  if (c !== results.compile.at(-1)) continue;
  for (const [label, profile] of [['cold', c.cold.profile], ['warm', c.warm.profile]]) {
    if (!profile) continue;
    detail.push(
      `CPU profile, ${label} (${profile.file}, ${ms(profile.totalMs)} sampled). Self time by owner, native calls charged to their JS caller. (The sampler counts wall time: on a busy machine, time spent waiting for a CPU is charged to the syscall the process was in, \`node: fs\`.)`,
      '',
    );
    detail.push('| owner | self time | share |', '|---|---:|---:|');
    for (const r of profile.byOwner.slice(0, 10)) detail.push(`| ${r.name} | ${ms(r.ms)} | ${r.share}% |`);
    detail.push('', `Inclusive time of meshwork's functions (${label}):`, '');
    detail.push('| function | inclusive | share |', '|---|---:|---:|');
    for (const r of profile.meshworkInclusive.slice(0, 12)) detail.push(`| \`${r.name}\` | ${ms(r.ms)} | ${r.share}% |`);
    if (profile.entryPoints?.length) {
      detail.push('', `Inclusive time inside dependencies (${label}):`, '');
      detail.push('| dependency entry point | inclusive | share |', '|---|---:|---:|');
      for (const r of profile.entryPoints) detail.push(`| ${r.what} | ${ms(r.ms)} | ${((r.ms / profile.totalMs) * 100).toFixed(1)}% |`);
    }
    detail.push('', `Hottest functions, self time (${label}):`, '');
    detail.push('| function | self | share |', '|---|---:|---:|');
    for (const r of profile.selfByFunction.slice(0, 10)) detail.push(`| \`${r.name.length > 110 ? `${r.name.slice(0, 110)}…` : r.name}\` | ${ms(r.ms)} | ${r.share}% |`);
    detail.push('');
  }
}
if (results.build?.profile) {
  const p = results.build.profile;
  detail.push(`#### Where \`mesh build\`'s own time goes (${results.build.models} models)`, '');
  detail.push(
    `One \`mesh build\` under --cpu-prof (${p.file}): of ${ms(p.sampledMs)} sampled on the main thread, ${ms(p.idleMs)} idle (waiting for DuckDB, which works on other threads) and ${ms(p.busyMs)} busy. Inclusive main-thread time:`,
    '',
  );
  detail.push('| function | inclusive |', '|---|---:|');
  for (const f of p.functions) detail.push(`| \`${f.name}\` | ${ms(f.ms)} |`);
  detail.push('');
}
const footer = [
  `Machine: ${machine.cores} cores, load average ${machine.loadAverageAtStart.join(' ')} at start and ${results.machine.loadAverageAtEnd.join(' ')} at end${machine.staleDist ? '; **dist/ was older than src/**' : ''}. Total benchmark time ${ms(results.totalMs)}.`,
  '',
];

log(markdownTable);
log(detail.join('\n'));
log(footer.join('\n'));
writeFileSync(join(OUT, 'results.md'), `${markdownTable}\n${detail.join('\n')}\n${footer.join('\n')}`);
writeFileSync(join(OUT, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
log(`wrote bench/out/results.md and bench/out/results.json`);
rmSync(TRASH, { recursive: true, force: true });
