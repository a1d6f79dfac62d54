import { execFileSync } from 'node:child_process';
import type { CompiledProject } from '../compile/compiled-node.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { GitComparison } from '../graph/select-nodes.js';
import { defaultBaseline, isRevision } from '../project/git-revision.js';

/**
 * The files of the project that differ from `base` (default: the merge base of HEAD with main,
 * else master, else origin/main): committed since, changed in the working tree or the index, and
 * untracked (but not ignored). Two `git` processes whatever the number of files; paths are
 * relative to the project root, which may sit anywhere inside the checkout.
 */
export function gitChangedFiles(root: string, base: string | undefined): { files?: Set<string>; against?: string; diagnostics: Diagnostic[] } {
  const problem = (message: string, hint: string): { diagnostics: Diagnostic[] } => ({ diagnostics: [error('MESH248', message, { hint })] });
  const revision = base ?? defaultBaseline(root);
  if (revision === undefined || !isRevision(root, revision)) {
    if (!insideCheckout(root)) return problem('git:modified compares with a git revision, and the project is not in a git checkout', 'run it in the git checkout of the project (git init, git clone), or select without git:');
    return base === undefined
      ? problem('git:modified: no main, master or origin/main branch to take the merge base with', 'name the revision to compare with: --git-base <branch, tag or commit> (or git fetch origin main)')
      : problem(`--git-base ${base}: no such revision in the project's git checkout`, 'give a branch, a tag or a commit the checkout has (git fetch it first)');
  }
  try {
    const git = (args: readonly string[]): string[] =>
      execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 })
        .split('\0')
        .filter((path) => path !== '');
    // Against the working tree: commits since `revision`, staged and unstaged edits; both names of a rename.
    const changed = git(['diff', '--name-only', '--no-renames', '-z', '--relative', revision, '--']);
    const untracked = git(['ls-files', '--others', '--exclude-standard', '-z']);
    const named = base ?? `the merge base of HEAD with main (${revision.slice(0, 12)})`;
    return { files: new Set([...changed, ...untracked]), against: `${named} and the working tree`, diagnostics: [] };
  } catch (e) {
    const stderr = (e as { stderr?: string }).stderr?.trim();
    return problem(`git:modified: git failed: ${stderr || (e as Error).message}`, 'check that git runs in the project folder (git status)');
  }
}

function insideCheckout(root: string): boolean {
  try {
    return execFileSync('git', ['-C', root, 'rev-parse', '--is-inside-work-tree'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() === 'true';
  } catch {
    return false;
  }
}

/**
 * The nodes a set of changed files (relative to the project root) modifies, for `git:modified`:
 * - a node's own file (model, seed, singular test, contract; a model's header holds its config and column tests);
 * - a contract's mapping (`contracts/<stem>.sql`) modifies the contract's views;
 * - a domain.yaml modifies its seeds, its contracts and the nodes reading its sources;
 * - a source's local data file modifies the nodes reading it;
 * - a macro file modifies every node whose template names one of its macros, through other macros too
 *   (by name in the template text: a mention in a comment counts, which errs on the side of building);
 * - a generic test's file modifies its uses;
 * - mesh.yaml and the project's templates/ modify everything (vars, targets, materializations).
 */
export function nodesChangedByFiles(compiled: CompiledProject, changed: ReadonlySet<string>, against: string): GitComparison {
  const { project } = compiled;
  const nodes = [...compiled.nodes.values()];
  const everything = changed.has(project.config.file) || [...changed].some((path) => path.startsWith('templates/'));
  if (everything) return { against, modified: new Set(nodes.map((n) => n.id)) };
  const modified = new Set<string>();
  for (const node of nodes) if (changed.has(node.file)) modified.add(node.id);

  const mappedContracts = new Set([...changed].filter((path) => /(^|\/)contracts\/[^/]+\.sql$/.test(path)).map((path) => path.replace(/\.sql$/, '.odcs.yaml')));
  for (const node of nodes) if (node.kind === 'contract' && mappedContracts.has(node.file)) modified.add(node.id);

  const engine = compiled.target.engine;
  const sourcesTouched = new Set<string>();
  for (const domain of project.domains) {
    const domainChanged = changed.has(domain.file);
    if (domainChanged) for (const node of nodes) if (node.domain === domain.name && (node.kind === 'seed' || node.kind === 'contract')) modified.add(node.id);
    for (const source of domain.sources) {
      const location = source.locations[engine];
      if (domainChanged || (location !== undefined && changed.has(location.replace(/^\.\//, '')))) sourcesTouched.add(`${domain.name}.${source.name}`);
    }
  }
  if (sourcesTouched.size > 0) for (const node of nodes) if (node.sources?.some((id) => sourcesTouched.has(id))) modified.add(node.id);

  const macros = changedMacros(project, changed);
  if (macros.size > 0) {
    const names = new RegExp(`(?<![\\w.])(?:${[...macros].map(escape).join('|')})(?![\\w])`);
    const templated = [...project.models, ...project.tests].filter((definition) => names.test(definition.body)).map((definition) => definition.id);
    for (const id of templated) modified.add(id);
    for (const mapping of project.mappings.filter((m) => names.test(m.body))) mappedContracts.add(mapping.file.replace(/\.sql$/, '.odcs.yaml'));
    for (const node of nodes) if (node.kind === 'contract' && mappedContracts.has(node.file)) modified.add(node.id);
  }
  const generic = changedGenericTests(project, changed, macros);
  if (generic.size > 0) for (const node of nodes) if (node.test && generic.has(node.test.kind)) modified.add(node.id);
  return { against, modified };
}

/** Names of the macros in changed macro files (a removed file: its stem), and of the macros that call them, transitively. */
function changedMacros(project: CompiledProject['project'], changed: ReadonlySet<string>): Set<string> {
  const macros = project.macros ?? [];
  const names = new Set(macros.filter((m) => changed.has(m.file)).map((m) => m.name));
  for (const path of changed) {
    const removed = /(^|\/)macros\/(?:[^/]+\/)*([A-Za-z_][\w]*)\.sql$/.exec(path);
    if (removed && !macros.some((m) => m.file === path)) names.add(removed[2]!);
  }
  // Macros that call a changed macro run changed code too.
  for (let grew = names.size > 0; grew; ) {
    grew = false;
    const pattern = new RegExp(`(?<![\\w.])(?:${[...names].map(escape).join('|')})(?![\\w])`);
    for (const macro of macros) {
      if (!names.has(macro.name) && pattern.test(macro.body)) {
        names.add(macro.name);
        grew = true;
      }
    }
  }
  return names;
}

/** Names of generic tests whose file changed or was removed, or whose template calls a changed macro. */
function changedGenericTests(project: CompiledProject['project'], changed: ReadonlySet<string>, macros: ReadonlySet<string>): Set<string> {
  const tests = project.genericTests ?? [];
  const names = new Set(tests.filter((t) => changed.has(t.file)).map((t) => t.name));
  for (const path of changed) {
    const removed = /(^|\/)tests\/generic\/([A-Za-z_][\w]*)\.sql$/.exec(path);
    if (removed) names.add(removed[2]!);
  }
  if (macros.size > 0) {
    const pattern = new RegExp(`(?<![\\w.])(?:${[...macros].map(escape).join('|')})(?![\\w])`);
    for (const test of tests) if (pattern.test(test.template)) names.add(test.name);
  }
  return names;
}

function escape(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
