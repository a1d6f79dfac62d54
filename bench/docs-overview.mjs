#!/usr/bin/env node
/**
 * How long the docs site's overview takes to draw for a generated mesh, in headless Chromium.
 *
 *   node bench/docs-overview.mjs [--models 500] [--domains 10] [--runs 7] [--seed 42]
 *
 * Generates the project with bench/generate-project.mjs (reused when unchanged), writes its site
 * with `node bin/mesh.js docs` (so `npm run build` first), then opens `index.html` from file://
 * in Debian's /usr/bin/chromium through playwright-core, a fresh page per run, and reads the
 * `mesh:graph-drawn` performance mark the site sets one frame after the overview is drawn and
 * fitted: milliseconds from navigation start, so loading the catalog script, parsing it, the
 * layout and the first paint are all in. Also times a domain opened to its datasets, and the
 * whole dataset lineage ("All datasets"), which is what the overview drew before the mesh map.
 * Prints the medians as a Markdown table and one JSON line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { generateProject } from './generate-project.mjs';
import { ms, summary } from './lib/stats.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(args[i + 1]);
};
const models = option('models', 500);
const domains = option('domains', 10);
const runs = option('runs', 7);
const seed = option('seed', 42);

if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install -y chromium)`);
const dir = join(ROOT, 'bench', 'out', 'projects', `docs-${models}-${domains}`);
mkdirSync(dir, { recursive: true });
const generated = generateProject(dir, { models, domains, seed, reuse: true });
const docs = spawnSync(process.execPath, [join(ROOT, 'bin', 'mesh.js'), 'docs', '--project', dir], { encoding: 'utf8' });
if (docs.status !== 0) throw new Error(`mesh docs failed:\n${docs.stdout}${docs.stderr}`);
const index = pathToFileURL(join(dir, 'target', 'docs', 'index.html')).href;
const catalogBytes = statSync(join(dir, 'target', 'docs', 'catalog-data.js')).size;

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
const drawn = (page) => page.evaluate(() => new Promise((done) => {
  const check = () => {
    const marks = performance.getEntriesByName('mesh:graph-drawn');
    if (marks.length) done(marks.at(-1).startTime);
    else requestAnimationFrame(check);
  };
  check();
}));
/** Milliseconds from a click to the frame after the redrawn graph. */
const timedClick = async (page, selector) => {
  await page.evaluate(() => performance.clearMarks('mesh:graph-drawn'));
  const before = await page.evaluate(() => performance.now());
  await page.click(selector);
  return (await drawn(page)) - before;
};

const times = { overview: [], domain: [], all: [] };
let shown = {};
try {
  for (let run = 0; run < runs; run++) {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(index);
    times.overview.push(await drawn(page));
    shown = await page.evaluate(() => ({ nodes: document.querySelectorAll('main svg.lineage g.node').length, width: document.querySelector('main svg.lineage').viewBox.baseVal.width }));
    times.domain.push(await timedClick(page, 'main [data-toggle^="domain:"]'));
    times.all.push(await timedClick(page, 'main button.all-datasets'));
    await page.close();
  }
} finally {
  await browser.close();
}

const result = { models: generated.models, domains: generated.domains, contracts: generated.contracts, catalogBytes, overviewNodes: shown.nodes, overviewWidth: Math.round(shown.width), runs, overview: summary(times.overview), openDomain: summary(times.domain), allDatasets: summary(times.all) };
const row = (what, s) => `| ${what} | ${ms(s.median)} | ${ms(s.min)} – ${ms(s.max)} |`;
process.stdout.write([
  `Docs overview of a generated mesh: ${result.models} models in ${result.domains} domains, ${result.contracts} contracts; catalog-data.js ${Math.round(catalogBytes / 1024)} kB; mesh map of ${result.overviewNodes} boxes (${result.overviewWidth} px wide before fitting). Headless Chromium, ${runs} runs.`,
  '',
  '| what | median | min – max |',
  '|---|---|---|',
  row('overview drawn (navigation start → fitted mesh map painted)', result.overview),
  row('a domain opened to its datasets (click → painted)', result.openDomain),
  row('"All datasets": every dataset (click → painted)', result.allDatasets),
  '',
  JSON.stringify(result),
  '',
].join('\n'));
