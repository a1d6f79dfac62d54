import type { CompiledNode } from '../compile/compiled-node.js';
import type { ContractObject } from '../contracts/contract-definition.js';
import { columnTransform } from '../contracts/governance/column-transform.js';
import { engineType } from '../contracts/logical-types.js';
import type { DatasetLineage } from '../lineage/lineage-types.js';
import type { EngineName, SeedDefinition } from '../parse/definitions.js';
import type { CatalogColumn } from './catalog-types.js';

/**
 * A contract's columns as promised: type on the engine, description, classification. With the
 * backing model, each column reads the model's column of the same name (that is the view's SQL),
 * hashed or masked when the contract says so.
 */
export function contractColumns(object: ContractObject, engine: EngineName, backingId?: string): CatalogColumn[] {
  return object.properties.map((p) => {
    const type = engineType(p, engine);
    const masked = columnTransform(p) !== undefined;
    return {
      name: p.name,
      ...(type ? { type } : {}),
      ...(p.description ? { description: p.description.trim() } : {}),
      ...(p.classification ? { classification: p.classification } : {}),
      inputs: backingId
        ? [{ dataset: backingId, column: p.name, transformations: [masked ? { type: 'DIRECT', subtype: 'TRANSFORMATION', masking: true } : { type: 'DIRECT', subtype: 'IDENTITY' }] }]
        : [],
    };
  });
}

/** A model's declared columns (its header's `columns:`); without lineage their inputs are unknown. */
export function modelColumns(node: CompiledNode): CatalogColumn[] {
  return (node.config?.columns ?? []).map((c) => ({
    name: c.name,
    ...(c.description ? { description: c.description.trim() } : {}),
    inputs: [],
    unresolved: 'no column lineage was computed',
  }));
}

/** A seed's columns: its CSV header, with the types its domain declares. */
export function seedColumns(seed: SeedDefinition | undefined): CatalogColumn[] {
  if (!seed) return [];
  return seed.columns.map((name) => ({ name, ...(seed.columnTypes[name] ? { type: seed.columnTypes[name] } : {}), inputs: [] }));
}

/**
 * Columns from lineage, in its order, with what lineage does not know (descriptions,
 * classification, a contract's type) taken from the columns known otherwise.
 */
export function withLineage(known: readonly CatalogColumn[], lineage: DatasetLineage | undefined): CatalogColumn[] {
  if (!lineage || lineage.columns.length === 0) {
    if (!lineage?.unresolved) return [...known];
    return known.map((c) => ({ ...c, unresolved: lineage.unresolved! }));
  }
  const byName = new Map(known.map((c) => [c.name.toLowerCase(), c]));
  return lineage.columns.map((l) => {
    const k = byName.get(l.name.toLowerCase());
    const type = l.type ?? k?.type;
    return {
      name: l.name,
      ...(type ? { type } : {}),
      ...(k?.description ? { description: k.description } : {}),
      ...(k?.classification ? { classification: k.classification } : {}),
      inputs: l.inputs,
      ...(l.unresolved ? { unresolved: l.unresolved } : {}),
    };
  });
}
