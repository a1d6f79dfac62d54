import { createHash } from 'node:crypto';
import type { CompiledNode } from '../compile/compiled-node.js';
import type { DatasetLineage } from './lineage-types.js';

/** Bump when what a cached dataset's lineage is computed from changes meaning. */
const KEY_VERSION = 2;

const digest = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A leaf's cache key: its columns depend on its input (a file stamp, a seed's content) only. */
export function leafKey(input: string, types: boolean): string {
  return digest(`${KEY_VERSION}\nleaf\n${types}\n${input}`);
}

/**
 * What a leaf's readers depend on: its columns, not its data. A source file that gains rows is
 * described again, and its readers keep their lineage when the columns are the same.
 */
export function leafContentKey(lineage: DatasetLineage): string {
  return digest(`${KEY_VERSION}\ncontent\n${JSON.stringify(lineage)}`);
}

/**
 * What a model's or contract view's lineage depends on of its own: its compiled SQL (and a contract
 * view's columns and rules). Materialization and table settings are left out: lineage depends on the
 * SELECT alone (and on whether the node is inlined, for ephemeral models).
 */
export function nodeOwnKey(node: CompiledNode, types: boolean): string {
  const own = [KEY_VERSION, 'node', types, node.id, node.kind, node.materialized === 'ephemeral', node.relation ?? '', node.select.sql, node.contractObject ? JSON.stringify(node.contractObject) : '',
    // A snapshot's version columns read its key and updated_at columns.
    node.config?.snapshot ? JSON.stringify([node.config.uniqueKey, node.config.snapshot]) : ''];
  return digest(own.join('\n'));
}

/** A computed node's key for its readers: its own key with its parents' keys, so a change anywhere upstream shows. */
export function nodeKey(own: string, parents: readonly (readonly [string, string])[]): string {
  return digest(`${own}\n${parents.map(([id, key]) => `${id}=${key}`).join('\n')}`);
}
