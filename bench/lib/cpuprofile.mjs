/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): where the time went, by package / meshwork file
 * (self time, with native frames charged to the JS frame that called them) and by function
 * (inclusive time: a function counts for every sample that has it on the stack).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** A frame's owner: a package, a meshwork file, a node: module, or a V8 pseudo-frame. */
function ownerOf(frame) {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(garbage collector)') return 'V8: garbage collector';
    if (functionName === '(program)') return 'V8: program (parse/compile JS, native)';
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(root)') return '(root)';
    return undefined; // a builtin: charged to its caller
  }
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + '/node_modules/'.length).split('/');
    return `npm: ${rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  if (path.startsWith(REPO)) return `meshwork: ${path.slice(REPO.length).replace(/^dist\//, '').replace(/\.js$/, '')}`;
  if (path.startsWith('node:')) return `node: ${path.slice(5)}`;
  return path;
}

function shortFile(url) {
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) return path.slice(nm + '/node_modules/'.length);
  if (path.startsWith(REPO)) return path.slice(REPO.length);
  return path;
}

export function summarizeProfile(file, { top = 25 } = {}) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  // Sample i lasts until sample i+1 (Chrome DevTools' convention).
  const durations = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const us = i + 1 < timeDeltas.length ? timeDeltas[i + 1] : 0;
    durations.set(samples[i], (durations.get(samples[i]) ?? 0) + Math.max(0, us));
  }
  const totalUs = [...durations.values()].reduce((a, b) => a + b, 0);

  const ownerCache = new Map();
  const chargedOwner = (id) => {
    if (ownerCache.has(id)) return ownerCache.get(id);
    const node = nodes.get(id);
    let owner = ownerOf(node.callFrame);
    if (owner === undefined) {
      const p = parent.get(id);
      owner = p === undefined ? 'V8 builtins' : chargedOwner(p);
      if (owner === '(root)') owner = 'V8 builtins';
    }
    ownerCache.set(id, owner);
    return owner;
  };

  const byOwner = new Map();
  const selfByFunction = new Map();
  const inclusive = new Map();
  const label = (frame) => `${frame.functionName || '(anonymous)'} ${frame.url ? `${shortFile(frame.url)}:${frame.lineNumber + 1}` : '(native)'}`;
  for (const [id, us] of durations) {
    const owner = chargedOwner(id);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + us);
    const self = label(nodes.get(id).callFrame);
    selfByFunction.set(self, (selfByFunction.get(self) ?? 0) + us);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = nodes.get(cur).callFrame;
      if (!frame.url) continue;
      const key = label(frame);
      if (seen.has(key)) continue; // recursion counts once
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  const rows = (map, filter = () => true, limit = top) =>
    [...map.entries()]
      .filter(([k]) => filter(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10, share: Math.round((us / totalUs) * 1000) / 10 }));
  return {
    totalMs: Math.round(totalUs / 1000),
    idleMs: Math.round((byOwner.get('(idle)') ?? 0) / 1000),
    byOwner: rows(byOwner),
    selfByFunction: rows(selfByFunction),
    // Inclusive time of meshwork's own functions: the stage tree.
    meshworkInclusive: rows(inclusive, (k) => / dist\//.test(k)),
    // Inclusive time spent inside each dependency, from its entry points.
    dependencyInclusive: rows(inclusive, (k) => !/ dist\//.test(k) && !/ node:/.test(k) && !/ bench\//.test(k) && !/ bin\//.test(k)),
    /** Inclusive time of the first frame whose label starts with `prefix` (e.g. a dependency's entry point). */
    inclusiveStartingWith: (prefix) => {
      const hit = [...inclusive.entries()].find(([k]) => k.startsWith(prefix));
      return hit ? { name: hit[0], ms: Math.round(hit[1] / 100) / 10 } : undefined;
    },
    /** Inclusive time of one meshwork function: `name` (any file) or `name@file.js` (dist/…/file.js). */
    inclusiveOf: (spec) => {
      const [name, file] = spec.split('@');
      const hit = [...inclusive.entries()].find(([k]) => k.startsWith(`${name} dist/`) && (!file || k.includes(`/${file}:`)));
      return hit ? { name: hit[0], ms: Math.round(hit[1] / 100) / 10 } : undefined;
    },
  };
}

// CLI: node bench/lib/cpuprofile.mjs <file.cpuprofile> [top]
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const summary = summarizeProfile(process.argv[2], { top: Number(process.argv[3] ?? 25) });
  for (const [title, list] of Object.entries(summary)) {
    if (typeof list === 'function') continue;
    if (!Array.isArray(list)) {
      console.log(`${title}: ${list}`);
      continue;
    }
    console.log(`\n${title}`);
    for (const r of list) console.log(`  ${String(r.ms).padStart(9)} ms ${String(r.share).padStart(5)}%  ${r.name}`);
  }
}
