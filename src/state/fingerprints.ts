import { createHash } from 'node:crypto';
import type { CompiledNode, CompiledProject } from '../compile/compiled-node.js';
import { normalizeSql } from '../compile/split-statements.js';
import type { SourceDefinition } from '../parse/definitions.js';
import { SECRET_PLACEHOLDERS } from '../template/secret-placeholder.js';
import { pathStamp } from './local-source-stamps.js';

/**
 * What a node was built from, in two parts (SQLMesh's data and metadata hashes):
 * - `data` changes when the relation's rows may change: its SQL (comments and blank space aside),
 *   its materialization and table settings, the data of what it reads (parents' data
 *   fingerprints, seed files, source stamps), a contract view's columns and rules;
 * - `metadata` changes when only what describes it does: descriptions, tags, tests declared on
 *   it, a contract's other fields. A build updates those without recomputing the relation.
 */
export interface NodeFingerprint {
  readonly data: string;
  readonly metadata: string;
}

/** A stamp of the data a source holds now (a local file's size and time, a table's last change); undefined when unknown. */
export type SourceStamp = (source: SourceDefinition) => string | undefined;

/**
 * Every node's fingerprint, parents before children. A source whose stamp is unknown gets a fresh
 * random stamp: what reads it is never taken as unchanged.
 */
export function fingerprintNodes(
  compiled: CompiledProject,
  stampOf: SourceStamp,
  /** A node's data fingerprint when its relation is not built from its own SQL (`--env`'s view onto the target's relation); its readers' follow. */
  dataOverride?: (id: string) => string | undefined,
): Map<string, NodeFingerprint> {
  const sources = new Map<string, SourceDefinition>();
  for (const domain of compiled.project.domains) for (const s of domain.sources) sources.set(`${domain.name}.${s.name}`, s);
  const stamps = new Map<string, string>();
  const stamp = (id: string): string => {
    let known = stamps.get(id);
    if (known === undefined) {
      const source = sources.get(id);
      known = (source && stampOf(source)) ?? `unknown:${Math.random()}`;
      stamps.set(id, known);
    }
    return known;
  };
  const result = new Map<string, NodeFingerprint>();
  // Iterative post-order over dependsOn: a long chain of models must not overflow the stack.
  for (const start of compiled.nodes.keys()) {
    const stack: { id: string; expanded: boolean }[] = [{ id: start, expanded: false }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (result.has(top.id)) {
        stack.pop();
        continue;
      }
      const node = compiled.nodes.get(top.id);
      if (!node) {
        stack.pop();
        continue;
      }
      if (!top.expanded) {
        top.expanded = true;
        for (const dep of node.dependsOn) if (!result.has(dep.id) && compiled.nodes.has(dep.id)) stack.push({ id: dep.id, expanded: false });
        continue;
      }
      stack.pop();
      result.set(node.id, {
        data: dataOverride?.(node.id) ?? dataFingerprint(compiled, node, (id) => result.get(id)?.data, stamp),
        metadata: digest(metadataParts(node)),
      });
    }
  }
  return result;
}

/** The parts the data fingerprint hashes, in a fixed order (JSON only for the small ones). */
function dataParts(node: CompiledNode, lexicon: CompiledProject['dialect']['lexicon'], parents: readonly string[], sourceStamps: readonly string[]): string[] {
  const sql = (text: string | undefined): string => (text === undefined ? '' : normalizeSql(withSecretNames(text), lexicon));
  const config = node.config;
  return [
    node.kind,
    node.materialized,
    node.relation ?? '',
    sql(node.select.sql),
    sql(node.incrementalSelect?.sql),
    sql(node.mapping?.sql),
    // What shapes the relation or how it is written; descriptions, tags and columns' docs are metadata.
    config
      ? JSON.stringify([config.uniqueKey, config.incrementalStrategy, config.snapshot, config.partitionBy, config.clusterBy, config.requirePartitionFilter, config.partitionExpirationDays, config.labels])
      : '',
    // A seed's SQL names its file; its content is its data.
    node.kind === 'seed' ? node.checksum : '',
    node.test?.storeFailures?.relation ?? '',
    node.contractObject ? JSON.stringify(node.contractObject) : '',
    node.contract?.version ?? '',
    ...parents,
    ...sourceStamps,
  ];
}

function metadataParts(node: CompiledNode): string[] {
  const contract = node.contractDefinition;
  return [
    node.description ?? '',
    node.tags.join(','),
    node.config ? JSON.stringify([node.config.columns, node.config.tests]) : '',
    node.test?.severity ?? '',
    contract ? JSON.stringify({ ...contract, schema: undefined, file: undefined, line: undefined, checksum: undefined }) : '',
  ];
}

/** `{{env_secret}}` placeholders are comments: keep which variable each one reads. */
function withSecretNames(sql: string): string {
  return sql.includes('/* env_secret ') ? sql.replace(SECRET_PLACEHOLDERS, (_placeholder, name: string) => `'env_secret:${name}'`) : sql;
}

/**
 * Stamps of the local files a node's SQL reads outside sources (`read_csv('…')` on DuckDB), through
 * the dialect: path, size and time, so an edited or moved file is a change. None elsewhere.
 */
export function filesReadBy(compiled: CompiledProject, node: CompiledNode): string[] {
  const read = compiled.dialect.filesRead;
  if (!read) return [];
  const root = compiled.project.config.root;
  const paths = [...read(node.select.sql, root), ...(node.incrementalSelect ? read(node.incrementalSelect.sql, root) : [])];
  // The engine's statements read these files, and the sources' files, by absolute path (a view
  // keeps it): the project's folder is an input of such a node, so a moved project rebuilds it.
  const located = paths.length > 0 || (node.sources ?? []).length > 0 ? [`root:${root}`] : [];
  return [...paths.map((p) => pathStamp(p, root)), ...located];
}

/** Parts separated by a character no SQL text, name or stamp holds, so that no two lists hash alike. */
function digest(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return hash.digest('hex');
}

/**
 * One node's data fingerprint over the given parents' data fingerprints and source stamps, hashed as
 * fingerprintNodes hashes it: state comparison recomputes a changed node over its previous parents
 * to tell its own change from theirs.
 */
export function dataFingerprint(
  compiled: CompiledProject,
  node: CompiledNode,
  parentData: (id: string) => string | undefined,
  sourceStamp: (id: string) => string,
): string {
  const parents = node.dependsOn
    .map((d) => d.id)
    .filter((id) => parentData(id) !== undefined)
    .sort()
    .map((id) => `${id}=${parentData(id)!}`);
  const inputs = [...(node.sources ?? []).map((id) => `${id}=${sourceStamp(id)}`).sort(), ...filesReadBy(compiled, node)];
  return digest(dataParts(node, compiled.dialect.lexicon, parents, inputs));
}
