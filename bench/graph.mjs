#!/usr/bin/env node
/**
 * The graph stage's algorithms, meshwork's own (src/graph, through dist/) against graphology's
 * packages (graphology-dag, graphology-components, graphology-traversal), on the graphs of
 * generated projects: `node bench/graph.mjs [--runs 7] [projectDir ...]`.
 *
 * A project directory needs `target/manifest.json` (bench/generate-project.mjs, then `mesh
 * compile`); by default bench/out/projects/compile-1000 and compile-10000, as bench/run.mjs leaves
 * them. Only the manifest's nodes and `depends_on` are read, in the manifest's (file-reading) order.
 * Each figure is the median over `--runs` runs of one call (a run repeats a fast call until it
 * lasts ~10 ms and divides); the ratio is library / meshwork's: above 1, the library is slower.
 *
 * Beside speed, each row says whether the library's answer is what the callers need: the same
 * order as meshwork's (ids, ties broken by id), and whether that order survives a different file
 * order (the graph built again from the nodes reversed). Builds nothing: run `npm run build` first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { median, int } from './lib/stats.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const require = createRequire(import.meta.url);
const { DirectedGraph } = require('graphology');
const { topologicalSort, topologicalGenerations } = require('graphology-dag');
const { stronglyConnectedComponents } = require('graphology-components');
const { bfsFromNode } = require('graphology-traversal');
const dist = (path) => import(new URL(`../dist/graph/${path}`, import.meta.url).href);
const { MeshGraph } = await dist('mesh-graph.js');
const { sortTopologically } = await dist('topological-sort.js');
const { reachable } = await dist('reachable.js');
const { stronglyConnected: stronglyConnectedHandWritten } = await dist('strongly-connected.js');

const argv = process.argv.slice(2);
const runsAt = argv.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(argv[runsAt + 1]) : 7;
const given = argv.filter((arg, i) => !arg.startsWith('--') && !(runsAt >= 0 && i === runsAt + 1));
const projects = given.length > 0 ? given : ['compile-1000', 'compile-10000'].map((name) => join(ROOT, 'bench/out/projects', name));

/** How many calls of `fn` make a run of ~10 ms, after warming the JIT up. */
function calibrate(fn) {
  for (let start = performance.now(); performance.now() - start < 50; ) fn();
  let reps = 1;
  for (let start = performance.now(); performance.now() - start < 10 && reps < 1e6; reps *= 2) {
    for (let i = 0; i < reps; i++) fn();
  }
  return Math.max(1, reps >> 1);
}

/**
 * Median ms of one call of each of `a` and `b`, their runs interleaved so that both see the same
 * load on a shared machine.
 */
function compare(a, b) {
  const reps = [calibrate(a), calibrate(b)];
  const runs = [[], []];
  for (let r = 0; r < RUNS; r++) {
    [a, b].forEach((fn, k) => {
      const start = performance.now();
      for (let i = 0; i < reps[k]; i++) fn();
      runs[k].push((performance.now() - start) / reps[k]);
    });
  }
  return runs.map(median);
}

function graphOf(nodes) {
  const graph = new DirectedGraph();
  for (const node of nodes) graph.addNode(node.id);
  for (const node of nodes) for (const { id } of node.dependsOn) if (!graph.hasEdge(id, node.id)) graph.addEdge(id, node.id);
  return graph;
}

const dagView = (graph) => ({ ids: graph.nodes(), predecessors: (id) => graph.inNeighbors(id), successors: (id) => graph.outNeighbors(id) });
/** The library's order made independent of insertion order: generations, each sorted by id. */
const generationsSorted = (graph) => topologicalGenerations(graph).flatMap((generation) => generation.sort());
const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
const sameSets = (a, b) => same(a.map((c) => [...c].sort().join(' ')).sort(), b.map((c) => [...c].sort().join(' ')).sort());

const rows = [];
const notes = [];
const fmt = (v) => (v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toFixed(3));
function row(project, what, handFn, libFn, notes) {
  const [hand, lib] = compare(handFn, libFn);
  rows.push({ project, what, hand, lib, ratio: lib / hand, notes });
}

for (const dir of projects) {
  const manifestPath = join(dir, 'target', 'manifest.json');
  if (!existsSync(manifestPath)) {
    console.error(`skipped ${dir}: no target/manifest.json (run bench/run.mjs or mesh compile there first)`);
    continue;
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const nodes = Object.entries(manifest.nodes).map(([id, n]) => ({
    id,
    kind: n.kind,
    name: n.name,
    domain: n.domain,
    stage: n.stage,
    tags: n.tags ?? [],
    file: n.file,
    dependsOn: n.depends_on.map((dep) => ({ id: dep })),
  }));
  const project = `${int(nodes.filter((n) => n.kind === 'model').length)} models`;
  const mesh = new MeshGraph(nodes);
  const graph = graphOf(nodes);
  const reversed = graphOf([...nodes].reverse());
  const longest = new Map();
  for (const id of sortTopologically(dagView(graph))) longest.set(id, 1 + Math.max(0, ...graph.inNeighbors(id).map((p) => longest.get(p))));
  notes.push(`${project}: ${int(graph.order)} nodes, ${int(graph.size)} edges, longest path ${Math.max(...longest.values())} nodes`);

  // Whole-graph order: what mesh ls, the manifest's lineage, the docs site and bind-models walk.
  {
    const hand = sortTopologically(dagView(graph));
    const lib = topologicalSort(graph);
    const libStable = generationsSorted(graph);
    const stable = (order, again) => (same(order, again) ? 'stable' : 'changes with file order');
    row(project, 'topological order, whole graph', () => sortTopologically(dagView(graph)), () => topologicalSort(graph),
      `library: ${same(lib, hand) ? 'same order' : 'another order'}, ${stable(lib, topologicalSort(reversed))}; meshwork: ${stable(hand, sortTopologically(dagView(reversed)))}`);
    row(project, '  … library generations, each sorted by id', () => sortTopologically(dagView(graph)), () => generationsSorted(graph),
      `${same(libStable, hand) ? 'same order' : 'stable, but another order than meshwork\'s'} (${stable(libStable, generationsSorted(reversed))})`);
  }

  // A selection's order (one domain), ties broken among the selected ids alone.
  {
    const domain = nodes[0].domain;
    const emit = new Set(nodes.filter((n) => n.domain === domain).map((n) => n.id));
    const libSelected = () => generationsSorted(graph).filter((id) => emit.has(id));
    const hand = sortTopologically(dagView(graph), emit);
    row(project, `topological order of a selection (${int(emit.size)} ids)`, () => sortTopologically(dagView(graph), emit), libSelected,
      same(libSelected(), hand) ? 'same order' : 'another order: ties broken over the whole graph, not the selection');
  }

  // The scheduler's order over the waits executionOrder computes: not a graphology graph, so the
  // library needs one built first.
  {
    const steps = mesh.executionOrder(mesh.ids());
    const waits = new Map(steps.map((s) => [s.id, s.waitsFor]));
    const unblocks = new Map(steps.map((s) => [s.id, []]));
    for (const s of steps) for (const w of s.waitsFor) unblocks.get(w).push(s.id);
    const view = { ids: steps.map((s) => s.id), predecessors: (id) => waits.get(id), successors: (id) => unblocks.get(id) };
    const libWaits = () => {
      const g = new DirectedGraph();
      for (const s of steps) g.addNode(s.id);
      for (const s of steps) for (const w of s.waitsFor) g.addEdge(w, s.id);
      return generationsSorted(g);
    };
    row(project, 'execution order (the waits)', () => sortTopologically(view), libWaits,
      same(libWaits(), sortTopologically(view)) ? 'same order' : 'another order (graph built from the waits each call)');
  }

  // Strongly connected components, run only when hasCycle() says there is one: ten cycles added.
  {
    const cyclic = graphOf(nodes);
    const models = nodes.filter((n) => n.kind === 'model' && n.dependsOn.length > 0);
    for (let k = 0; k < 10; k++) {
      const node = models[Math.floor(((k + 0.5) * models.length) / 10)];
      const [ancestor] = [...reachable([node.id], (id) => cyclic.inNeighbors(id))].sort();
      if (ancestor && !cyclic.hasEdge(node.id, ancestor)) cyclic.addEdge(node.id, ancestor);
    }
    const hand = stronglyConnectedHandWritten(cyclic.nodes(), (id) => cyclic.inNeighbors(id));
    const lib = stronglyConnectedComponents(cyclic);
    const loops = hand.filter((c) => c.length > 1).length;
    row(project, `strongly connected components (${loops} cycles)`, () => stronglyConnectedHandWritten(cyclic.nodes(), (id) => cyclic.inNeighbors(id)),
      () => stronglyConnectedComponents(cyclic), sameSets(lib, hand) ? 'same components' : 'DIFFERENT components');
  }

  // Reachability: descendants and ancestors of a sample of nodes, as the planner and bind-models ask.
  {
    const sample = nodes.filter((_, i) => i % Math.ceil(nodes.length / 50) === 0).map((n) => n.id);
    const libReach = (mode, depth) => () =>
      sample.map((id) => {
        const found = [];
        bfsFromNode(graph, id, (n, _, d) => {
          if (d > 0) found.push(n);
          return d >= depth;
        }, { mode });
        return found.sort();
      });
    const handReach = (step, depth) => () => sample.map((id) => [...reachable([id], step, depth)].sort());
    const out = (id) => graph.outNeighbors(id);
    const inn = (id) => graph.inNeighbors(id);
    const check = (a, b) => (a.every((x, i) => same(x, b[i])) ? 'same sets' : 'DIFFERENT sets');
    for (const [label, step, mode, depth] of [
      ['descendants', out, 'outbound', Infinity],
      ['ancestors', inn, 'inbound', Infinity],
      ['ancestors, depth 2 (2+x)', inn, 'inbound', 2],
    ]) {
      row(project, `${label} of ${sample.length} nodes`, handReach(step, depth), libReach(mode, depth), check(libReach(mode, depth)(), handReach(step, depth)()));
    }
    const meshDescendants = () => sample.map((id) => mesh.descendants(id));
    row(project, `  … MeshGraph.descendants (as the planner calls it)`, meshDescendants, libReach('outbound', Infinity), 'same sets');
    // MeshGraph.ancestors/descendants walked sorted neighbours until issue 11; the set does not depend on their order.
    const [sortedSteps, unsortedSteps] = compare(handReach((id) => graph.outNeighbors(id).sort(), Infinity), handReach(out, Infinity));
    notes.push(`${project}: descendants of ${sample.length} nodes, neighbours sorted at each step (before) ${fmt(sortedSteps)} ms, unsorted (now) ${fmt(unsortedSteps)} ms: ${(unsortedSteps / sortedSteps).toFixed(2)}×`);
  }
}

// A chain closed into one loop: a recursive walk overflows the call stack somewhere; where?
{
  const loop = (n) => {
    const chain = new DirectedGraph();
    const id = (i) => `model.d.m${String(i).padStart(6, '0')}`;
    for (let i = 0; i < n; i++) chain.addNode(id(i));
    for (let i = 1; i < n; i++) chain.addEdge(id(i - 1), id(i));
    chain.addEdge(id(n - 1), id(0));
    return chain;
  };
  const survives = (fn) => {
    try {
      fn();
      return true;
    } catch (e) {
      if (e instanceof RangeError) return false;
      throw e;
    }
  };
  const chain = loop(20000);
  const hand = survives(() => stronglyConnectedHandWritten(chain.nodes(), (id) => chain.inNeighbors(id)));
  let [low, high] = [100, 20000];
  while (high - low > 50) {
    const middle = (low + high) >> 1;
    const g = loop(middle);
    if (survives(() => stronglyConnectedComponents(g))) low = middle;
    else high = middle;
  }
  notes.push(
    `a chain of 20,000 models closed into a loop: meshwork's components ${hand ? 'found' : 'OVERFLOW'}; graphology-components overflows the stack from a chain of ~${int(high)} (Node's default stack)`,
  );
}

console.log(`| graph | operation | meshwork (ms) | library (ms) | library / meshwork | notes |`);
console.log(`|---|---|--:|--:|--:|---|`);
for (const r of rows) console.log(`| ${r.project} | ${r.what} | ${fmt(r.hand)} | ${fmt(r.lib)} | ${r.ratio.toFixed(2)}× | ${r.notes} |`);
console.log(`\n${notes.join('\n')}\nmedians of ${RUNS} runs, interleaved; node ${process.version}`);
