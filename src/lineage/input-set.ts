import type { ColumnInput, Transformation, TransformationSubtype } from './lineage-types.js';

export const IDENTITY: Transformation = { type: 'DIRECT', subtype: 'IDENTITY' };
export const TRANSFORMED: Transformation = { type: 'DIRECT', subtype: 'TRANSFORMATION' };
export const AGGREGATED: Transformation = { type: 'DIRECT', subtype: 'AGGREGATION' };

export function indirect(subtype: TransformationSubtype): Transformation {
  return { type: 'INDIRECT', subtype };
}

const DIRECT_RANK: Partial<Record<TransformationSubtype, number>> = { IDENTITY: 0, TRANSFORMATION: 1, AGGREGATION: 2 };

/**
 * How a base column reaches an output through an intermediate one (a CTE or subquery column):
 * `outer` is how the query uses the intermediate column, `inner` how that column came from the
 * base column. Direct through direct keeps the strongest (an identity of an aggregate is an
 * aggregation); an indirect use makes every direct input indirect of that kind; an input that was
 * already indirect stays what it was.
 */
export function compose(outer: Transformation, inner: Transformation): Transformation {
  const masking = outer.masking || inner.masking ? { masking: true } : {};
  if (inner.type === 'INDIRECT') return outer.type === 'INDIRECT' ? { ...outer, ...masking } : { ...inner, ...masking };
  if (outer.type === 'INDIRECT') return { ...outer, ...masking };
  const strongest = DIRECT_RANK[outer.subtype]! >= DIRECT_RANK[inner.subtype]! ? outer.subtype : inner.subtype;
  return { type: 'DIRECT', subtype: strongest, ...masking };
}

/** A direct use one level down an expression: a column inside a function is no longer copied as is. */
export function nested(usage: Transformation): Transformation {
  return usage.type === 'DIRECT' && usage.subtype === 'IDENTITY' ? { ...TRANSFORMED, ...(usage.masking ? { masking: true } : {}) } : usage;
}

function transformationKey(t: Transformation): string {
  return `${t.type}:${t.subtype}${t.masking ? ':masked' : ''}`;
}

/** Column inputs collected while walking a query: one entry per (dataset, column), transformations deduplicated, in first-seen order. */
export class InputSet {
  private readonly entries = new Map<string, { dataset: string; column: string; transformations: Map<string, Transformation> }>();

  add(dataset: string, column: string, transformation: Transformation): void {
    const key = `${dataset}\u0000${column}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { dataset, column, transformations: new Map() };
      this.entries.set(key, entry);
    }
    entry.transformations.set(transformationKey(transformation), transformation);
  }

  /** Adds `inputs` as used through `usage`. */
  addThrough(usage: Transformation, inputs: readonly ColumnInput[]): void {
    for (const input of inputs) for (const t of input.transformations) this.add(input.dataset, input.column, compose(usage, t));
  }

  get size(): number {
    return this.entries.size;
  }

  toArray(): ColumnInput[] {
    return [...this.entries.values()].map((e) => ({ dataset: e.dataset, column: e.column, transformations: [...e.transformations.values()] }));
  }
}

/** Only the inputs that feed the value (DIRECT), for uses like GROUP BY of an output column. */
export function directOnly(inputs: readonly ColumnInput[]): ColumnInput[] {
  return inputs.flatMap((i) => {
    const direct = i.transformations.filter((t) => t.type === 'DIRECT');
    return direct.length > 0 ? [{ ...i, transformations: direct }] : [];
  });
}
