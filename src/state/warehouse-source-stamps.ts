import { EngineError, type Adapter } from '../adapters/adapter.js';
import type { CompiledProject } from '../compile/compiled-node.js';
import { warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceDefinition } from '../parse/definitions.js';
import type { SourceStamp } from './fingerprints.js';
import { localSourceStamps } from './local-source-stamps.js';

export interface SourceStamps {
  readonly stampOf: SourceStamp;
  /** MESH260 when the warehouse would not tell: every source is then unstamped (what reads it is rebuilt). */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Stamps of the data every source of the project holds now, for `fingerprintNodes`: the
 * warehouse's own record of each table's last change where the adapter keeps one (`sourceStamps`,
 * BigQuery's `lastModifiedTime`), asked once for all sources before planning; else the local
 * files' (`localSourceStamps`, DuckDB). A source the warehouse cannot stamp has no stamp.
 */
export async function warehouseSourceStamps(compiled: CompiledProject, adapter: Adapter): Promise<SourceStamps> {
  const engine = compiled.dialect.engine;
  if (!adapter.sourceStamps) return { stampOf: localSourceStamps(compiled.project.config.root, engine), diagnostics: [] };
  const sources = compiled.project.domains.flatMap((d) => d.sources).filter((s) => s.locations[engine] !== undefined);
  const key = (source: SourceDefinition): string => `${source.domain}.${source.name}`;
  const stamps = new Map<string, string>();
  try {
    const found = sources.length > 0 ? await adapter.sourceStamps(sources.map((s) => ({ domain: s.domain, location: s.locations[engine]! }))) : [];
    for (const [i, source] of sources.entries()) if (found[i] !== undefined) stamps.set(key(source), found[i]!);
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    const first = sources[0]!;
    return {
      stampOf: () => undefined,
      diagnostics: [
        warning('MESH260', `cannot read when the source tables last changed: ${e.message}; every model reading a source is rebuilt`, {
          file: first.file,
          line: first.line,
          hint: "grant the build's account bigquery.tables.get on the sources' datasets (the BigQuery Metadata Viewer role)",
        }),
      ],
    };
  }
  return { stampOf: (source) => stamps.get(key(source)), diagnostics: [] };
}
