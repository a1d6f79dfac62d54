import { IDENTITY } from './input-set.js';
import type { ColumnInput, DatasetId } from './lineage-types.js';

/** A column a query can read: what it is made of, in terms of the node's upstream datasets. */
export interface ScopeColumn {
  readonly name: string;
  readonly inputs: readonly ColumnInput[];
  readonly unresolved?: string;
}

/** Something in FROM: an upstream dataset, a CTE, a subquery, a table function. */
export interface ScopeRelation {
  /** The name it is referenced by (its alias, else its table name). */
  readonly alias: string;
  /** `schema.table` (lower case) of a base table, for references qualified with the schema. */
  readonly qualified?: string;
  /** Undefined when its columns are unknown. */
  readonly columns?: readonly ScopeColumn[];
  /** A base dataset: when its columns are unknown, a reference by name is still trusted. */
  readonly dataset?: DatasetId;
  /** Why the columns are unknown. */
  readonly unresolved?: string;
  /** False for the right side of a SEMI or ANTI join, which `*` does not expand. */
  readonly inStar: boolean;
  /** Lower-case names `*` leaves out (the right side's copy of a USING column). */
  readonly hidden?: ReadonlySet<string>;
}

export type Resolution = { readonly column: ScopeColumn; readonly field: boolean } | { readonly unresolved: string };

const lower = (s: string): string => s.toLowerCase();

/**
 * Name resolution of one SELECT: its FROM relations, the columns merged by USING, its select-list
 * aliases (DuckDB lets WHERE, GROUP BY and later select items use them), and the enclosing query
 * for correlated subqueries.
 */
export class Scope {
  readonly aliases = new Map<string, ScopeColumn>();

  constructor(
    readonly relations: readonly ScopeRelation[],
    readonly using: ReadonlyMap<string, ScopeColumn> = new Map(),
    readonly parent?: Scope,
  ) {}

  relation(name: string, schema?: string): ScopeRelation | undefined {
    const wanted = lower(name);
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) {
      const found = scope.relations.find((r) => lower(r.alias) === wanted && (!schema || r.qualified === `${lower(schema)}.${wanted}`));
      if (found) return found;
    }
    return undefined;
  }

  /** Resolves `column_names` of a column reference: `c`, `t.c`, `s.t.c`, or a struct field below any of them. */
  resolve(names: readonly string[], preferAliases = false): Resolution {
    for (let k = Math.min(names.length - 1, 3); k >= 1; k--) {
      const relation = this.relation(names[k - 1]!, k >= 2 ? names[k - 2] : undefined);
      if (relation) return withField(columnOf(relation, names[k]!), names.length > k + 1);
    }
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) {
      const found = scope.unqualified(names[0]!, preferAliases);
      if (found) return withField(found, names.length > 1);
    }
    return { unresolved: `no column '${names.join('.')}' in ${this.describe()}` };
  }

  private unqualified(name: string, preferAliases: boolean): Resolution | undefined {
    const wanted = lower(name);
    const alias = [...this.aliases.entries()].find(([n]) => lower(n) === wanted)?.[1];
    if (preferAliases && alias) return { column: alias, field: false };
    const merged = [...this.using.entries()].find(([n]) => lower(n) === wanted)?.[1];
    if (merged) return { column: merged, field: false };
    for (const relation of this.relations) {
      const column = relation.columns?.find((c) => lower(c.name) === wanted);
      if (column) return { column, field: false };
    }
    if (alias) return { column: alias, field: false };
    const unknown = this.relations.filter((r) => !r.columns);
    if (unknown.length === 1) return columnOf(unknown[0]!, name);
    if (unknown.length > 1) return { unresolved: `cannot tell which of ${unknown.map((r) => r.alias).join(', ')} (columns unknown) has '${name}'` };
    return undefined;
  }

  private describe(): string {
    const names = this.relations.map((r) => r.alias);
    return names.length > 0 ? names.join(', ') : 'a query with no FROM';
  }
}

function columnOf(relation: ScopeRelation, name: string): Resolution {
  if (relation.columns) {
    const column = relation.columns.find((c) => lower(c.name) === lower(name));
    return column ? { column, field: false } : { unresolved: `no column '${name}' in ${relation.alias}` };
  }
  if (relation.dataset) return { column: { name, inputs: [{ dataset: relation.dataset, column: name, transformations: [IDENTITY] }] }, field: false };
  return { unresolved: relation.unresolved ?? `columns of ${relation.alias} unknown` };
}

function withField(resolution: Resolution, field: boolean): Resolution {
  return 'column' in resolution ? { column: resolution.column, field: resolution.field || field } : resolution;
}

/** The relation as a dataset read as is: every column an identity of the dataset's column. */
export function datasetRelation(dataset: DatasetId, alias: string, qualified: string | undefined, columns: readonly string[] | undefined, unresolved?: string): ScopeRelation {
  return {
    alias,
    ...(qualified ? { qualified } : {}),
    dataset,
    inStar: true,
    ...(columns ? { columns: columns.map((name) => ({ name, inputs: [{ dataset, column: name, transformations: [IDENTITY] }] })) } : {}),
    ...(unresolved ? { unresolved } : {}),
  };
}
