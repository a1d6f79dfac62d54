#!/usr/bin/env node
/**
 * Lineage coverage and compute time, on the example project and on a generated project.
 *
 *   npm run build && node bench/lineage-coverage.mjs [--models 200] [--runs 5] [--json]
 *
 * Coverage: the share of model and contract-view columns whose inputs resolve, transitively, down
 * to source or seed columns (lineageCoverage); every unresolved column is printed with its reason.
 * Time: computeLineage on an already compiled project, in a fresh in-memory DuckDB per run (median
 * of --runs), with DuckDB's binder for types (the default) and with the parse tree alone
 * (`types: false`). Imports dist/: build first.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './generate-project.mjs';
import { median, ms } from './lib/stats.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const models = flag('models', 200);
const runs = flag('runs', 5);
const json = args.includes('--json');

const dist = new URL('../dist/', import.meta.url);
const { compile } = await import(new URL('mesh.js', dist).href);
const { openAdapter } = await import(new URL('adapters/open-adapter.js', dist).href);
const { computeLineage } = await import(new URL('lineage/compute-lineage.js', dist).href);
const { lineageCoverage } = await import(new URL('lineage/lineage-coverage.js', dist).href);

async function measure(name, projectDir) {
  const compiled = compile({ projectDir, cache: false }).compiled;
  if (!compiled) throw new Error(`${name} does not compile`);
  const once = async (types) => {
    const { adapter } = await openAdapter({ ...compiled.target, path: ':memory:' }, compiled.project.config.root, compiled.target.threads);
    const started = performance.now();
    const lineage = await computeLineage(compiled, adapter, { types });
    const elapsed = performance.now() - started;
    await adapter.close();
    return { lineage, elapsed };
  };
  const timed = {};
  let lineage;
  for (const types of [true, false]) {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const run = await once(types);
      times.push(run.elapsed);
      if (types) lineage = run.lineage;
    }
    timed[types ? 'with_types_ms' : 'parse_only_ms'] = median(times);
  }
  const coverage = lineageCoverage(lineage, compiled);
  const nodes = [...compiled.nodes.values()].filter((n) => n.kind === 'model' || n.kind === 'contract').length;
  return { project: name, nodes, datasets: lineage.datasets.size, columns: coverage.columns, resolved: coverage.resolved, share: coverage.share, unresolved: coverage.unresolved, ...timed };
}

const example = fileURLToPath(new URL('../example-project/', import.meta.url));
const generatedDir = fileURLToPath(new URL(`./out/projects/lineage-${models}/`, import.meta.url));
mkdirSync(join(generatedDir, '..'), { recursive: true });
generateProject(generatedDir, { models, rowsPerSource: 50, reuse: true });

const results = [await measure('example-project', example), await measure(`generated (${models} models)`, generatedDir)];
if (json) console.log(JSON.stringify(results));
else {
  console.log('| project | models + contract views | columns | resolved | coverage | compute (binder types) | compute (parse only) |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(`| ${r.project} | ${r.nodes} | ${r.columns} | ${r.resolved} | ${(r.share * 100).toFixed(1)}% | ${ms(r.with_types_ms)} | ${ms(r.parse_only_ms)} |`);
  }
  for (const r of results) for (const u of r.unresolved) console.log(`unresolved ${u.dataset}.${u.column}: ${u.reason}`);
  console.log(`(median of ${runs} runs each; computeLineage only: compile excluded, a fresh in-memory DuckDB per run)`);
}
