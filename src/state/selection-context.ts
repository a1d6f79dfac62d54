import { resolve } from 'node:path';
import type { CompiledProject } from '../compile/compiled-node.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SelectionContext } from '../graph/select-nodes.js';
import { parseSelectors } from '../graph/selector-parse.js';
import { gitChangedFiles, nodesChangedByFiles } from './git-modified.js';
import { localSourceStamps } from './local-source-stamps.js';
import { fingerprintProject, type ProjectFingerprints } from './project-fingerprints.js';
import { compareState, type PreviousState } from './state-comparison.js';
import { otherEngineWarning, readStateManifest, type ManifestTarget } from './state-manifest.js';

/** `--state` and `--git-base`, on every command that selects. */
export interface StateOptions {
  /** `--state <dir>`: the target folder of a previous run, whose manifest.json `state:` selectors compare with. */
  readonly state?: string;
  /** `--git-base <rev>`: what `git:modified` compares with (default: the merge base of HEAD with main). */
  readonly gitBase?: string;
}

/** Which comparisons the selectors need: none is made (no git process, no fingerprint) for selectors that do not ask. */
export function selectorsUse(select: readonly string[] | undefined, exclude: readonly string[] | undefined): { state: boolean; git: boolean } {
  const methods = new Set([...parseSelectors(select, 'select').terms, ...parseSelectors(exclude, 'exclude').terms].flatMap((t) => t.atoms.map((a) => a.method)));
  return { state: methods.has('state'), git: methods.has('git') };
}

/**
 * `<dir>/manifest.json` of `--state`, read before the command writes its own target/ (which
 * `--state target` may name); nothing when `--state` is not given.
 */
export function readPreviousState(projectDir: string, options: StateOptions): { previous?: PreviousState & ManifestTarget; diagnostics: Diagnostic[] } {
  if (options.state === undefined) return { diagnostics: [] };
  const read = readStateManifest(options.state, resolve(projectDir));
  return read.state ? { previous: read.state, diagnostics: read.diagnostics } : { diagnostics: read.diagnostics };
}

/**
 * What `state:` and `git:` selectors compare with, made only when the selectors use them. `state:`
 * compares with `previous` (`--state`); without it the context has no state, and a `state:`
 * selector is MESH246 (mesh build adds the warehouse's node state instead: warehouseComparison).
 * `fingerprints`, when the caller has them already, are not computed again.
 */
export function selectionContext(
  compiled: CompiledProject,
  select: readonly string[] | undefined,
  exclude: readonly string[] | undefined,
  options: StateOptions & { readonly previous?: PreviousState & ManifestTarget; readonly fingerprints?: ProjectFingerprints },
): { context: SelectionContext; diagnostics: Diagnostic[] } {
  const uses = selectorsUse(select, exclude);
  const diagnostics: Diagnostic[] = [];
  let context: SelectionContext = {};
  const root = compiled.project.config.root;
  if (uses.state && options.previous) {
    const current = options.fingerprints ?? fingerprintProject(compiled, localSourceStamps(root, compiled.target.engine));
    const other = otherEngineWarning(options.previous, compiled.target.name, compiled.target.engine);
    if (other) diagnostics.push(other);
    context = { ...context, state: compareState(compiled, current, options.previous) };
  }
  if (uses.git) {
    const changed = gitChangedFiles(root, options.gitBase);
    diagnostics.push(...changed.diagnostics);
    if (changed.files) context = { ...context, git: nodesChangedByFiles(compiled, changed.files, changed.against!) };
  }
  return { context, diagnostics };
}
