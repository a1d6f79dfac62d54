import type { ColumnInput, DatasetId, DatasetLineage, ProjectLineage, Transformation } from '../lineage/lineage-types.js';
import { facet } from './facets.js';
import type { DatasetRef, Facet } from './openlineage-types.js';

/** How column lineage names datasets: an OpenLineage dataset, or none for a node that builds no relation (an ephemeral model). */
export type DatasetResolver = (id: DatasetId) => DatasetRef | undefined;

interface InputField {
  readonly namespace: string;
  readonly name: string;
  readonly field: string;
  readonly transformations: readonly { readonly type: string; readonly subtype: string; readonly masking?: boolean }[];
}

/**
 * A dataset's lineage → the `columnLineage` facet: each output column with the input fields that
 * feed it (`fields`), and the columns that decide rows for the whole dataset (`dataset`). Inputs
 * read through a model that builds no relation (ephemeral) are followed to what that model reads.
 * Undefined when the lineage names no input at all.
 */
export function columnLineageFacet(dataset: DatasetLineage, lineage: ProjectLineage, resolve: DatasetResolver): Facet | undefined {
  // What decides the rows of a model read through decides the rows of this dataset too.
  const rows: ColumnInput[] = [];
  const fields: Record<string, { inputFields: InputField[] }> = {};
  for (const column of dataset.columns) {
    const inputFields = inputFieldsOf(expand(column.inputs, lineage, resolve, new Set(), rows));
    if (inputFields.length > 0) fields[column.name] = { inputFields };
  }
  const whole = inputFieldsOf([...expand(dataset.dataset, lineage, resolve, new Set(), rows), ...rows]);
  if (Object.keys(fields).length === 0 && whole.length === 0) return undefined;
  return facet('columnLineage', { fields, ...(whole.length > 0 ? { dataset: whole } : {}) });

  function inputFieldsOf(inputs: readonly ColumnInput[]): InputField[] {
    const merged = new Map<string, { ref: DatasetRef; field: string; transformations: Transformation[] }>();
    for (const input of inputs) {
      const ref = resolve(input.dataset)!;
      const key = `${ref.namespace}\u0000${ref.name}\u0000${input.column}`;
      const entry = merged.get(key) ?? { ref, field: input.column, transformations: [] };
      for (const t of input.transformations) if (!entry.transformations.some((e) => sameTransformation(e, t))) entry.transformations.push(t);
      merged.set(key, entry);
    }
    return [...merged.values()].map(({ ref, field, transformations }) => ({
      namespace: ref.namespace,
      name: ref.name,
      field,
      transformations: transformations.map((t) => ({ type: t.type, subtype: t.subtype, ...(t.masking ? { masking: true } : {}) })),
    }));
  }
}

/**
 * Inputs whose dataset has no OpenLineage name are replaced by that dataset's own inputs for the
 * column; its dataset-wide inputs are added to `rows`.
 */
function expand(inputs: readonly ColumnInput[], lineage: ProjectLineage, resolve: DatasetResolver, seen: ReadonlySet<string>, rows: ColumnInput[]): ColumnInput[] {
  return inputs.flatMap((input) => {
    if (resolve(input.dataset)) return [input];
    const key = `${input.dataset}.${input.column}`;
    const through = lineage.datasets.get(input.dataset);
    if (!through || seen.has(key)) return [];
    const deeper = new Set([...seen, key]);
    if (!seen.has(input.dataset)) rows.push(...expand(through.dataset, lineage, resolve, new Set([...deeper, input.dataset]), rows));
    const column = through.columns.find((c) => c.name === input.column);
    return expand(column?.inputs ?? [], lineage, resolve, deeper, rows).map((i) => ({
      ...i,
      transformations: i.transformations.flatMap((t) => input.transformations.map((o) => compose(o, t))),
    }));
  });
}

/**
 * `outer` applied to a value that `inner` produced. An INDIRECT use stays INDIRECT (a filter on a
 * copied column is still a filter); two DIRECT uses are an identity only when both are.
 */
export function compose(outer: Transformation, inner: Transformation): Transformation {
  const masking = outer.masking === true || inner.masking === true ? { masking: true } : {};
  if (outer.type === 'INDIRECT') return { type: 'INDIRECT', subtype: outer.subtype, ...masking };
  if (inner.type === 'INDIRECT') return { type: 'INDIRECT', subtype: inner.subtype, ...masking };
  if (outer.subtype === 'AGGREGATION' || inner.subtype === 'AGGREGATION') return { type: 'DIRECT', subtype: 'AGGREGATION', ...masking };
  if (outer.subtype === 'IDENTITY' && inner.subtype === 'IDENTITY') return { type: 'DIRECT', subtype: 'IDENTITY', ...masking };
  return { type: 'DIRECT', subtype: 'TRANSFORMATION', ...masking };
}

function sameTransformation(a: Transformation, b: Transformation): boolean {
  return a.type === b.type && a.subtype === b.subtype && (a.masking === true) === (b.masking === true);
}
