import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledProject } from '../compile/compiled-node.js';
import type { ProjectFingerprints } from '../state/project-fingerprints.js';
import { MANIFEST_SCHEMA, metadata } from './artifact-metadata.js';
import { compiledPath } from './write-compiled.js';

/**
 * The manifest: every node with its dependencies, config, files and checksums (schema-versioned);
 * with `fingerprints`, each node's data and metadata fingerprint and the stamps of the sources, which
 * `--state <dir>` compares with.
 */
export function buildManifest(compiled: CompiledProject, fingerprints?: ProjectFingerprints): Record<string, unknown> {
  const { project, target } = compiled;
  const nodes: Record<string, unknown> = {};
  for (const node of compiled.nodes.values()) {
    nodes[node.id] = {
      kind: node.kind,
      name: node.name,
      domain: node.domain,
      stage: node.stage,
      file: node.file,
      checksum: node.checksum,
      materialized: node.materialized,
      relation: node.relation ?? null,
      schema: node.schema ?? null,
      depends_on: node.dependsOn.map((d) => d.id),
      tags: node.tags,
      description: node.description ?? null,
      config: node.config
        ? {
            materialized: node.config.materialized,
            unique_key: node.config.uniqueKey,
            incremental_strategy: node.config.incrementalStrategy,
            partition_by: node.config.partitionBy
              ? { field: node.config.partitionBy.field, data_type: node.config.partitionBy.dataType, granularity: node.config.partitionBy.granularity, range: node.config.partitionBy.range ?? null }
              : null,
            cluster_by: node.config.clusterBy ?? null,
            require_partition_filter: node.config.requirePartitionFilter ?? null,
            partition_expiration_days: node.config.partitionExpirationDays ?? null,
            labels: node.config.labels ?? {},
            columns: node.config.columns.map((c) => ({ name: c.name, description: c.description ?? null, tests: c.tests.map((t) => t.kind) })),
          }
        : null,
      test: node.test ? { kind: node.test.kind, severity: node.test.severity, column: node.test.column ?? null, attached_to: node.test.attachedTo } : null,
      contract: node.contract ?? null,
      compiled_path: `target/${compiledPath(node)}`,
      ...(fingerprints ? { fingerprint: fingerprints.nodes.get(node.id) ?? null } : {}),
    };
  }
  const childMap: Record<string, string[]> = {};
  for (const id of compiled.nodes.keys()) childMap[id] = compiled.graph.children(id);
  return {
    metadata: metadata(MANIFEST_SCHEMA, { project: project.config.name, target: target.name, engine: target.engine }),
    domains: Object.fromEntries(
      project.domains.map((d) => [
        d.name,
        {
          owner: d.owner,
          description: d.description ?? null,
          file: d.file,
          sources: Object.fromEntries(d.sources.map((s) => [s.name, { description: s.description ?? null, locations: s.locations }])),
        },
      ]),
    ),
    nodes,
    child_map: childMap,
    ...(fingerprints ? { source_stamps: Object.fromEntries([...fingerprints.sourceStamps].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) } : {}),
  };
}

export function writeManifest(compiled: CompiledProject, targetDir: string, fingerprints?: ProjectFingerprints): string {
  mkdirSync(targetDir, { recursive: true });
  const file = join(targetDir, 'manifest.json');
  // Compact, as dbt writes it: the manifest of a large mesh is read by tools, and pretty-printing doubles its cost.
  writeFileSync(file, JSON.stringify(buildManifest(compiled, fingerprints)));
  return file;
}
