import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { MANIFEST_SCHEMA } from '../artifacts/artifact-metadata.js';
import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { PreviousState } from './state-comparison.js';

/** What a manifest says it was compiled for, to warn when it is another target's. */
export interface ManifestTarget {
  readonly target: string;
  readonly engine: string;
}

/**
 * The previous state `--state <dir>` names: `<dir>/manifest.json`, the fingerprints a build or
 * compile recorded. Read before the run writes its own target/ (`--state target` is allowed). A
 * file that is missing, not a meshwork manifest or without fingerprints is MESH247.
 */
export function readStateManifest(dir: string, projectRoot: string): { state?: PreviousState & ManifestTarget; diagnostics: Diagnostic[] } {
  const path = join(resolve(dir), 'manifest.json');
  const file = relative(projectRoot, path).replace(/\\/g, '/') || 'manifest.json';
  const problem = (why: string, hint: string): { diagnostics: Diagnostic[] } => ({ diagnostics: [error('MESH247', `--state ${dir}: ${why}`, { file, hint })] });
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return problem(`there is no ${file} to compare with`, 'point --state at the target/ folder of a previous mesh build or mesh compile (copy it aside first: the next run overwrites target/)');
  }
  let document: unknown;
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return problem(`${file} is not JSON`, 'write it again with mesh compile or mesh build on the state you want to compare with');
  }
  const again = 'write it again with this meshwork (mesh compile or mesh build on the state you compare with)';
  if (!isRecord(document) || !isRecord(document.metadata) || !isRecord(document.nodes)) return problem(`${file} is not a meshwork manifest`, again);
  const { metadata } = document;
  if (metadata.schema_version !== MANIFEST_SCHEMA) {
    return problem(`${file} has schema_version ${JSON.stringify(metadata.schema_version ?? null)}, and this meshwork reads ${MANIFEST_SCHEMA}`, again);
  }
  const nodes = new Map<string, { data: string; metadata: string }>();
  for (const [id, node] of Object.entries(document.nodes)) {
    const fingerprint = isRecord(node) ? node.fingerprint : undefined;
    if (!isRecord(fingerprint) || typeof fingerprint.data !== 'string' || typeof fingerprint.metadata !== 'string') {
      return problem(`${file} records no fingerprints (node ${id}): it was written by an older meshwork`, again);
    }
    nodes.set(id, { data: fingerprint.data, metadata: fingerprint.metadata });
  }
  const stamps = isRecord(document.source_stamps) ? document.source_stamps : {};
  const sourceStamps = new Map(Object.entries(stamps).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  const target = typeof metadata.target === 'string' ? metadata.target : '';
  const engine = typeof metadata.engine === 'string' ? metadata.engine : '';
  return { state: { against: file, nodes, sourceStamps, target, engine }, diagnostics: [] };
}

/**
 * Fingerprints hold the engine's SQL: a manifest compiled for another engine shows every node as
 * modified. A warning, not an error (the selection is still what was asked for).
 */
export function otherEngineWarning(state: PreviousState & ManifestTarget, target: string, engine: string): Diagnostic | undefined {
  if (state.engine === '' || state.engine === engine) return undefined;
  return warning('MESH247', `--state: ${state.against} was written for target '${state.target}' (${state.engine}), and this run compiles target '${target}' (${engine})`, {
    file: state.against,
    hint: 'fingerprints hold the SQL of their engine (and relation names): compare with a manifest of a target on the same engine, or expect every node to show as modified',
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
