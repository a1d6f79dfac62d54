import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { CompiledProject } from '../compile/compiled-node.js';
import { fileStamp } from '../project/file-stamp.js';

/**
 * Everything a project's lineage depends on: the SQL of every node, the text of every seed, and the files its sources read
 * (their columns come from the files). Same key, same lineage: a rebuild with nothing changed
 * reuses the last one from target/.cache.
 */
export function lineageCacheKey(compiled: CompiledProject, types: boolean): string {
  const hash = createHash('sha256').update(`types=${types}\n`);
  for (const node of [...compiled.nodes.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    // A seed's SQL names its file, not its columns: its content is part of the key.
    hash.update(`${node.id}\n${node.select.sql}\n${node.incrementalSelect?.sql ?? ''}\n${node.kind === 'seed' ? node.checksum : ''}\n`);
  }
  for (const domain of compiled.project.domains) {
    for (const source of domain.sources) {
      const location = source.locations.duckdb;
      hash.update(`${domain.name}.${source.name}=${location ?? ''}:${location ? fileStamp(resolve(compiled.project.config.root, location)) : ''}\n`);
    }
  }
  return hash.digest('hex');
}

