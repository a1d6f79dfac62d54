import { randomUUID } from 'node:crypto';
import type { CompiledProject } from '../compile/compiled-node.js';
import { fingerprintNodes, type NodeFingerprint, type SourceStamp } from './fingerprints.js';

/** Every node's fingerprint, with the stamp each source was fingerprinted with (as the manifest records them). */
export interface ProjectFingerprints {
  readonly nodes: ReadonlyMap<string, NodeFingerprint>;
  /** By source id (`domain.name`); a source that cannot be stamped has an `unknown:` one, fresh each run. */
  readonly sourceStamps: ReadonlyMap<string, string>;
}

export const UNKNOWN_STAMP = 'unknown:';

/** fingerprintNodes, keeping the stamps it used: comparing with a previous state needs them to tell a node's own change from its input's. */
export function fingerprintProject(compiled: CompiledProject, stampOf: SourceStamp, dataOverride?: (id: string) => string | undefined): ProjectFingerprints {
  const sourceStamps = new Map<string, string>();
  const nodes = fingerprintNodes(compiled, (source) => {
    const stamp = stampOf(source) ?? `${UNKNOWN_STAMP}${randomUUID()}`;
    sourceStamps.set(`${source.domain}.${source.name}`, stamp);
    return stamp;
  }, dataOverride);
  return { nodes, sourceStamps };
}
