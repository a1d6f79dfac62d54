import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { nearestNames } from '../diagnostics/suggest.js';
import { matchNodeIds, namesOf, nearNodeNames } from '../graph/node-names.js';
import type { DatasetId, ProjectLineage } from './lineage-types.js';

/** What `mesh lineage` is asked about: a dataset, or one of its columns. */
export interface LineageTarget {
  readonly dataset: DatasetId;
  readonly column?: string;
}

/**
 * Reads `<node>[.<column>]`: the node as an id (`model.checkout.orders`, `source.checkout.order_events`),
 * `domain.name` or a bare name unique in the project; a last part that is not part of a node name
 * is a column of the node. A name shared by a node and a source means the node. A name that
 * matches nothing, or several nodes, is a diagnostic with the nearest names.
 */
export function resolveLineageTarget(lineage: ProjectLineage, text: string): { target?: LineageTarget; diagnostics: Diagnostic[] } {
  const ids = [...lineage.datasets.keys()];
  const matches = (name: string): DatasetId[] => matchNodeIds(ids, name);
  const ambiguous = (name: string, found: DatasetId[]): { diagnostics: Diagnostic[] } => ({
    diagnostics: [error('MESH230', `'${name}' names ${found.length} nodes: ${found.join(', ')}`, { hint: `qualify it: ${found.map((id) => namesOf(id).qualified).join(' or ')}` })],
  });

  const whole = matches(text);
  if (whole.length === 1) return { target: { dataset: whole[0]! }, diagnostics: [] };
  if (whole.length > 1) return ambiguous(text, whole);

  const dot = text.lastIndexOf('.');
  if (dot > 0) {
    const node = text.slice(0, dot);
    const column = text.slice(dot + 1);
    const found = matches(node);
    if (found.length > 1) return ambiguous(node, found);
    if (found.length === 1) {
      const dataset = lineage.datasets.get(found[0]!)!;
      const named = dataset.columns.find((c) => c.name.toLowerCase() === column.toLowerCase());
      if (named) return { target: { dataset: dataset.id, column: named.name }, diagnostics: [] };
      const near = nearestNames(column, dataset.columns.map((c) => c.name));
      return {
        diagnostics: [
          error('MESH230', `${dataset.id} has no column '${column}'`, {
            hint: near.length > 0 ? `did you mean ${near.map((n) => `${node}.${n}`).join(', ')}?` : `its columns: ${dataset.columns.map((c) => c.name).join(', ') || 'none known'}`,
          }),
        ],
      };
    }
  }
  // A misspelt bare name is suggested as the qualified names it is near.
  const near = nearNodeNames(ids, text);
  return {
    diagnostics: [
      error('MESH230', `no model, seed, source or contract view named '${text}'`, {
        hint: near.length > 0 ? `did you mean ${near.join(', ')}?` : 'give a node id (model.<domain>.<name>), <domain>.<name> or a name; `mesh ls` lists them',
      }),
    ],
  };
}
